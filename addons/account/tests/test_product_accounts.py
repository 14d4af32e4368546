"""Products as accounting sees them: default taxes, income and expense accounts per company."""
from __future__ import annotations

from odoo.tests.common import TransactionCase


class TestProductAccounts(TransactionCase):

    def test_new_products_get_the_company_default_taxes(self):
        company = self.env.company
        product = self.env["product.product"].create({"name": "Taxed by default"})
        self.assertEqual(product.taxes_id, company.account_sale_tax_id)
        self.assertEqual(product.supplier_taxes_id, company.account_purchase_tax_id)
        self.assertTrue(product.taxes_id, "the generic chart sets a default sale tax")

    def test_income_account_falls_back_to_the_category_per_company(self):
        income = self.env["account.account"].create(
            {"code": "400100", "name": "Bakery Sales", "account_type": "income"})
        other_income = self.env["account.account"].create(
            {"code": "400200", "name": "Pastry Sales", "account_type": "income"})
        category = self.env["product.category"].create(
            {"name": "Bakery", "property_account_income_categ_id": income.id})
        product = self.env["product.product"].create({"name": "Loaf", "categ_id": category.id})
        template = product.product_tmpl_id
        self.assertEqual(template._get_product_accounts()["income"], income)
        template.property_account_income_id = other_income
        self.assertEqual(template._get_product_accounts()["income"], other_income)
        second = self.env["res.company"].create({"name": "Second Bakery Ltd"})
        # company-dependent: the other company sees neither value
        self.assertFalse(template.with_company(second).property_account_income_id)
        self.assertFalse(category.with_company(second).property_account_income_categ_id)
