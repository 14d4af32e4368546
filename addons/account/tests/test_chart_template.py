"""The generic chart installed with the addon: accounts, taxes, journals, company defaults."""
from __future__ import annotations

from odoo.tests.common import TransactionCase


class TestGenericChart(TransactionCase):

    def test_main_company_gets_the_generic_chart(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.chart_template, "generic_coa")
        receivable = self.env.ref(f"account.{company.id}_receivable")
        self.assertEqual((receivable.code, receivable.account_type, receivable.reconcile),
                         ("1210", "asset_receivable", True))
        self.assertEqual(receivable.display_name, "1210 Account Receivable")
        self.assertEqual(company.account_default_pos_receivable_account_id.code, "1013")
        self.assertEqual(company.account_sale_tax_id, self.env.ref(f"account.{company.id}_sale_tax_template"))
        self.assertEqual(company.account_sale_tax_id.amount, 15.0)
        self.assertEqual(company.account_purchase_tax_id.type_tax_use, "purchase")
        self.assertEqual(company.tax_calculation_rounding_method, "round_per_line")

    def test_company_accounting_defaults_filled(self):
        company = self.env.ref("base.main_company")
        self.assertEqual((company.fiscalyear_last_day, company.fiscalyear_last_month), (31, "12"))
