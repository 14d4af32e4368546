"""Accounts, journals, fiscal positions, cash rounding and payment terms."""
from __future__ import annotations

import psycopg.errors

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase


class TestAccountModels(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")

    def ref(self, template_id: str):
        return self.env.ref(f"account.{self.company.id}_{template_id}")

    def test_account_internal_group_and_display_name(self):
        account = self.env["account.account"].create({"code": "  4999 ", "name": "Other Sales",
                                                      "account_type": "income_other"})
        self.assertEqual((account.code, account.internal_group, account.display_name),
                         ("4999", "income", "4999 Other Sales"))
        account.account_type = "off_balance"
        self.assertEqual(account.internal_group, "off_balance")
        self.assertEqual(self.ref("credit_card").internal_group, "liability")

    def test_accounts_and_journals_are_found_by_code(self):
        found = self.env["account.account"].name_search("1210")
        self.assertIn((self.ref("receivable").id, "1210 Account Receivable"), [tuple(pair) for pair in found])
        self.assertEqual(self.env["account.journal"].search([("display_name", "ilike", "BNK1")]), self.ref("bank"))
        tax = self.ref("sale_tax_template")
        tax.invoice_label = "Sales VAT"
        self.assertIn(tax.id, [pair[0] for pair in self.env["account.tax"].name_search("Sales VAT")])

    def test_account_code_unique_per_company(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.env["account.account"].create({"code": "1210", "name": "Receivable", "company_id": other.id,
                                            "account_type": "asset_receivable"})
        with self.assertRaises(psycopg.errors.UniqueViolation), self.env.cr.savepoint():
            self.env["account.account"].create({"code": "1210", "name": "Again",
                                                "account_type": "asset_current"})
            self.env.flush_all()

    def test_receivable_is_reconcilable(self):
        account = self.env["account.account"].create({"code": "1299", "name": "More Receivable",
                                                      "account_type": "asset_receivable"})
        self.assertTrue(account.reconcile)
        with self.assertRaises(ValidationError):
            account.reconcile = False

    def test_chart_journals_and_utility_accounts(self):
        codes = {xmlid: self.ref(xmlid).code for xmlid in ("sale", "purchase", "general", "exch", "bank", "cash")}
        self.assertEqual(codes, {"sale": "INV", "purchase": "BILL", "general": "MISC", "exch": "EXCH",
                                 "bank": "BNK1", "cash": "CSH1"})
        bank, cash = self.ref("bank"), self.ref("cash")
        self.assertEqual((bank.type, bank.default_account_id.code, bank.default_account_id.account_type),
                         ("bank", "101401", "asset_cash"))
        self.assertEqual(cash.default_account_id.code, "101501")
        self.assertEqual(self.ref("sale").default_account_id, self.ref("income"))
        self.assertEqual(self.ref("purchase").default_account_id, self.ref("expense"))
        company = self.company
        self.assertEqual(bank.suspense_account_id, company.account_journal_suspense_account_id)
        self.assertEqual(company.account_journal_suspense_account_id.code, "101402")
        self.assertEqual(company.account_journal_payment_debit_account_id.name, "Outstanding Receipts")
        self.assertTrue(company.account_journal_payment_credit_account_id.reconcile)
        self.assertEqual(company.transfer_account_id.code, "101701")
        self.assertEqual((cash.profit_account_id, cash.loss_account_id),
                         (self.ref("cash_diff_income"), self.ref("cash_diff_expense")))
        self.assertEqual(company.currency_exchange_journal_id, self.ref("exch"))
        earnings = self.env["account.account"].search([("company_id", "=", company.id),
                                                       ("account_type", "=", "equity_unaffected")])
        self.assertEqual(earnings.code, "999999")

    def test_chart_taxes(self):
        sale_tax = self.ref("sale_tax_template")
        self.assertEqual((sale_tax.name, sale_tax.amount, sale_tax.tax_group_id),
                         ("15%", 15.0, self.ref("tax_group_15")))
        tax_line = sale_tax.invoice_repartition_line_ids.filtered(lambda l: l.repartition_type == "tax")
        self.assertEqual(tax_line.account_id, self.ref("tax_received"))
        self.assertTrue(tax_line.use_in_tax_closing)
        result = sale_tax.compute_all(100.0)
        self.assertEqual((result["total_included"], result["taxes"][0]["account_id"], result["total_void"]),
                         (115.0, self.ref("tax_received").id, 100.0))
        self.assertEqual(self.ref("purchase_tax_template").refund_repartition_line_ids.mapped("account_id"),
                         self.ref("tax_paid"))

    def test_new_company_gets_its_own_chart(self):
        other = self.env["res.company"].create({"name": "Branchless Co"})
        self.assertFalse(other.chart_template)
        self.env["account.chart.template"].try_loading("generic_coa", other)
        self.assertEqual(other.chart_template, "generic_coa")
        receivable = self.env.ref(f"account.{other.id}_receivable")
        self.assertEqual((receivable.company_id, receivable.code), (other, "1210"))
        self.assertEqual(other.account_sale_tax_id.company_id, other)
        self.assertEqual(self.env.ref(f"account.{other.id}_bank").company_id, other)
        # loading twice changes nothing
        count = self.env["account.account"].search_count([("company_id", "=", other.id)])
        self.env["account.chart.template"].try_loading("generic_coa", other)
        self.assertEqual(self.env["account.account"].search_count([("company_id", "=", other.id)]), count)

    def test_new_bank_journal_numbering(self):
        journal = self.env["account.journal"].create({"name": "Second Bank", "type": "bank"})
        self.assertEqual(journal.code, "BNK2")
        self.assertEqual((journal.default_account_id.name, journal.default_account_id.code), ("Second Bank", "101405"))
        self.assertEqual(journal.suspense_account_id, self.company.account_journal_suspense_account_id)

    def test_fiscal_position_mapping(self):
        tax_15 = self.ref("sale_tax_template")
        tax_0 = self.env["account.tax"].create({"name": "Export 0%", "amount": 0})
        tax_other = self.env["account.tax"].create({"name": "Other 5%", "amount": 5})
        dropped = self.env["account.tax"].create({"name": "Dropped 3%", "amount": 3})
        position = self.env["account.fiscal.position"].create({
            "name": "Export",
            "tax_ids": [Command.create({"tax_src_id": tax_15.id, "tax_dest_id": tax_0.id}),
                        Command.create({"tax_src_id": dropped.id})],
            "account_ids": [Command.create({"account_src_id": self.ref("income").id,
                                            "account_dest_id": self.ref("other_income").id})],
        })
        self.assertEqual(position.map_tax(tax_15 | tax_other | dropped), tax_0 | tax_other)
        self.assertEqual(self.env["account.fiscal.position"].map_tax(tax_15), tax_15)
        self.assertEqual(position.map_account(self.ref("income")), self.ref("other_income"))
        self.assertEqual(position.map_account(self.ref("expense")), self.ref("expense"))

    def test_cash_rounding(self):
        usd = self.company.currency_id
        Rounding = self.env["account.cash.rounding"]
        half_up = Rounding.create({"name": "5 cents", "rounding": 0.05})
        self.assertAlmostEqual(half_up.round(10.03), 10.05)
        self.assertAlmostEqual(half_up.round(10.02), 10.0)
        self.assertAlmostEqual(half_up.compute_difference(usd, 10.03), 0.02)
        self.assertAlmostEqual(half_up.compute_difference(usd, 10.024), -0.02)
        down = Rounding.create({"name": "down", "rounding": 0.5, "rounding_method": "DOWN",
                                "strategy": "biggest_tax"})
        self.assertAlmostEqual(down.round(10.99), 10.5)
        self.assertAlmostEqual(down.compute_difference(usd, 10.99), -0.49)
        up = Rounding.create({"name": "up", "rounding": 1.0, "rounding_method": "UP"})
        self.assertAlmostEqual(up.round(10.01), 11.0)
        self.assertAlmostEqual(up.round(10.0), 10.0)
        with self.assertRaises(ValidationError):
            Rounding.create({"name": "zero", "rounding": 0.0})

    def test_cash_rounding_accounts_are_per_company(self):
        other = self.env["res.company"].create({"name": "Rounding Co"})
        self.env["account.chart.template"].try_loading("generic_coa", other)
        rounding = self.env["account.cash.rounding"].create({
            "name": "5 cents", "rounding": 0.05, "profit_account_id": self.ref("cash_diff_income").id})
        in_other = rounding.with_company(other)
        self.assertFalse(in_other.profit_account_id)
        other_income = self.env.ref(f"account.{other.id}_cash_diff_income")
        in_other.profit_account_id = other_income
        self.env.invalidate_all()
        self.assertEqual(rounding.profit_account_id, self.ref("cash_diff_income"))
        self.assertEqual(in_other.profit_account_id, other_income)

    def test_payment_terms(self):
        immediate = self.env.ref("account.account_payment_term_immediate")
        self.assertEqual((immediate.name, immediate.line_ids.value, immediate.line_ids.value_amount,
                          immediate.line_ids.nb_days), ("Immediate Payment", "percent", 100.0, 0))
        with self.assertRaises(ValidationError):
            self.env["account.payment.term"].create({"name": "Half", "line_ids": [
                Command.create({"value": "percent", "value_amount": 50.0})]})

    def test_records_of_another_company_are_refused(self):
        other = self.env["res.company"].create({"name": "Elsewhere Co"})
        foreign_account = self.env["account.account"].create({
            "code": "6999", "name": "Foreign Expense", "account_type": "expense", "company_id": other.id})
        foreign_tax = self.env["account.tax"].create({"name": "Foreign 5%", "amount": 5, "company_id": other.id})
        with self.assertRaises(UserError):
            self.ref("general").default_account_id = foreign_account
        with self.assertRaises(UserError):
            self.env["account.tax"].create({"name": "Mixed group", "amount_type": "group",
                                            "children_tax_ids": [Command.set(foreign_tax.ids)]})
        with self.assertRaises(UserError):
            self.env["account.fiscal.position"].create({
                "name": "Mixed", "tax_ids": [Command.create({"tax_src_id": self.ref("sale_tax_template").id,
                                                             "tax_dest_id": foreign_tax.id})]})
        tax_line = self.ref("sale_tax_template").invoice_repartition_line_ids.filtered(
            lambda line: line.repartition_type == "tax")
        with self.assertRaises(UserError):
            tax_line.account_id = foreign_account

    def test_rewriting_a_tax_distribution(self):
        tax = self.env["account.tax"].create({"name": "Split 10%", "amount": 10})
        halves = [Command.clear(), Command.create({"repartition_type": "base"}),
                  Command.create({"repartition_type": "tax", "factor_percent": 40.0}),
                  Command.create({"repartition_type": "tax", "factor_percent": 60.0})]
        tax.write({"invoice_repartition_line_ids": halves, "refund_repartition_line_ids": halves})
        self.assertEqual(len(tax.repartition_line_ids), 6)
        self.assertEqual(sorted(tax.invoice_repartition_line_ids.mapped("factor_percent")), [40.0, 60.0, 100.0])
        self.assertEqual([line["amount"] for line in tax.compute_all(100.0)["taxes"]], [4.0, 6.0])
        # changing one side only breaks the symmetry Odoo requires
        with self.assertRaises(ValidationError):
            tax.write({"refund_repartition_line_ids": [Command.clear(), Command.create({"repartition_type": "base"}),
                                                       Command.create({"repartition_type": "tax"})]})
