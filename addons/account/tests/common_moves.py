"""Helpers of the entry, invoice and payment tests: the main company's chart, a customer,
taxes, and invoices made in one call."""
from __future__ import annotations

from odoo import Command
from odoo.tests.common import TransactionCase


class AccountingTestCase(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.currency = cls.company.currency_id
        cls.partner = cls.env["res.partner"].create({"name": "Customer A"})
        cls.vendor = cls.env["res.partner"].create({"name": "Vendor B"})
        cls.tax_15 = cls.ref_chart("sale_tax_template")
        cls.income = cls.ref_chart("income")
        cls.expense = cls.ref_chart("expense")
        cls.receivable = cls.ref_chart("receivable")
        cls.payable = cls.ref_chart("payable")
        cls.sale_journal = cls.ref_chart("sale")
        cls.misc_journal = cls.ref_chart("general")
        cls.bank_journal = cls.ref_chart("bank")
        cls.cash_journal = cls.ref_chart("cash")

    @classmethod
    def ref_chart(cls, template_id: str):
        return cls.env.ref(f"account.{cls.company.id}_{template_id}")

    @classmethod
    def make_invoice(cls, lines: list[tuple], move_type: str = "out_invoice", post: bool = False, **values):
        """An invoice from (price_unit, quantity, taxes[, discount]) tuples."""
        partner = cls.partner if move_type.startswith("out") else cls.vendor
        invoice = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": partner.id, "invoice_date": "2026-03-10",
            "invoice_line_ids": [Command.create({
                "name": f"line {index}", "price_unit": line[0], "quantity": line[1],
                "tax_ids": [Command.set(line[2].ids)], "discount": line[3] if len(line) > 3 else 0.0})
                for index, line in enumerate(lines)],
            **values})
        if post:
            invoice.action_post()
        return invoice

    @classmethod
    def make_entry(cls, amounts: list[tuple], post: bool = False, **values):
        """A journal entry from (account, debit, credit) tuples."""
        move = cls.env["account.move"].create({
            "move_type": "entry", "date": "2026-03-10", "journal_id": cls.misc_journal.id,
            "line_ids": [Command.create({"account_id": account.id, "debit": debit, "credit": credit,
                                         "name": f"item {index}"})
                         for index, (account, debit, credit) in enumerate(amounts)],
            **values})
        if post:
            move.action_post()
        return move
