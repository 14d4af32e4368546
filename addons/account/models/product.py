"""What accounting adds to products: their sale and purchase taxes and income/expense accounts."""
from __future__ import annotations

from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    property_account_income_categ_id = fields.Many2one(
        "account.account", "Income Account", company_dependent=True,
        domain=[("deprecated", "=", False)],
        help="Used for the products of this category that name no income account of their own.")
    property_account_expense_categ_id = fields.Many2one(
        "account.account", "Expense Account", company_dependent=True,
        domain=[("deprecated", "=", False)],
        help="Used for the products of this category that name no expense account of their own.")


class ProductTemplate(models.Model):
    _inherit = "product.template"

    taxes_id = fields.Many2many(
        "account.tax", "product_taxes_rel", "prod_id", "tax_id", string="Customer Taxes",
        domain=[("type_tax_use", "=", "sale")],
        default=lambda self: self.env.company.account_sale_tax_id,
        help="Default taxes used when selling the product.")
    supplier_taxes_id = fields.Many2many(
        "account.tax", "product_supplier_taxes_rel", "prod_id", "tax_id", string="Vendor Taxes",
        domain=[("type_tax_use", "=", "purchase")],
        default=lambda self: self.env.company.account_purchase_tax_id,
        help="Default taxes used when buying the product.")
    property_account_income_id = fields.Many2one(
        "account.account", "Income Account", company_dependent=True,
        domain=[("deprecated", "=", False)],
        help="Keep this field empty to use the default value from the product category.")
    property_account_expense_id = fields.Many2one(
        "account.account", "Expense Account", company_dependent=True,
        domain=[("deprecated", "=", False)],
        help="Keep this field empty to use the default value from the product category.")

    def _get_product_accounts(self) -> dict:
        """``{'income': account, 'expense': account}`` of the product, its category's when it
        names none (Odoo's fallback)."""
        self.ensure_one()
        return {
            "income": self.property_account_income_id or self.categ_id.property_account_income_categ_id,
            "expense": self.property_account_expense_id or self.categ_id.property_account_expense_categ_id,
        }
