"""Charts of accounts (``account.chart.template``): install a chart's accounts, taxes and
journals into a company, Odoo 17's way.

A chart is data (CSV files under ``data/template/`` named ``<model>-<chart>.csv``) plus the
values below. Each record gets the external id ``account.<company id>_<template id>``
(``account.1_receivable``, ``account.1_sale_tax_template``, ``account.1_bank``), marked
``noupdate`` as in Odoo, so that updating the addon leaves the company's chart alone.
Only the generic chart (``generic_coa``) ships here.
"""
from __future__ import annotations

import csv
import os

from odoo import Command, api, models
from odoo.exceptions import UserError

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "template")

# what the generic chart writes on the company (template ids stand for the records made)
GENERIC_COMPANY_VALUES = {
    "anglo_saxon_accounting": True,
    "bank_account_code_prefix": "1014",
    "cash_account_code_prefix": "1015",
    "transfer_account_code_prefix": "1017",
    "account_default_pos_receivable_account_id": "pos_receivable",
    "income_currency_exchange_account_id": "income_currency_exchange",
    "expense_currency_exchange_account_id": "expense_currency_exchange",
    "default_cash_difference_income_account_id": "cash_diff_income",
    "default_cash_difference_expense_account_id": "cash_diff_expense",
    "account_journal_early_pay_discount_loss_account_id": "cash_discount_loss",
    "account_journal_early_pay_discount_gain_account_id": "cash_discount_gain",
    "account_sale_tax_id": "sale_tax_template",
    "account_purchase_tax_id": "purchase_tax_template",
}

# journals of every chart: template id -> values (account values are template ids)
JOURNALS = {
    "sale": {"name": "Customer Invoices", "type": "sale", "code": "INV", "show_on_dashboard": True,
             "color": 11, "sequence": 5, "default_account_id": "income"},
    "purchase": {"name": "Vendor Bills", "type": "purchase", "code": "BILL", "show_on_dashboard": True,
                 "color": 11, "sequence": 6, "default_account_id": "expense"},
    "general": {"name": "Miscellaneous Operations", "type": "general", "code": "MISC",
                "show_on_dashboard": True, "sequence": 7},
    "exch": {"name": "Exchange Difference", "type": "general", "code": "EXCH",
             "show_on_dashboard": False, "sequence": 9},
    "caba": {"name": "Cash Basis Taxes", "type": "general", "code": "CABA",
             "show_on_dashboard": False, "sequence": 10},
}
LIQUIDITY_JOURNALS = {
    "bank": {"name": "Bank", "type": "bank", "show_on_dashboard": True},
    "cash": {"name": "Cash", "type": "cash", "show_on_dashboard": True},
}


class AccountChartTemplate(models.AbstractModel):
    _name = "account.chart.template"
    _description = "Account Chart Template"

    @api.model
    def try_loading(self, template_code: str, company, install_demo: bool = False) -> None:
        """Install the chart ``template_code`` into ``company`` unless it has one already."""
        if not company:
            return
        if isinstance(company, int):
            company = self.env["res.company"].browse(company)
        if company.chart_template:
            return
        self._load(template_code, company, install_demo)

    @api.model
    def _load(self, template_code: str, company, install_demo: bool = False) -> None:
        if template_code != "generic_coa":
            raise UserError(f"Unknown chart template {template_code!r}; only 'generic_coa' is available.")
        chart = self.with_company(company).sudo()
        company = company.with_env(chart.env)
        chart._load_accounts(template_code, company)
        chart._load_taxes(template_code, company)
        company.write({"chart_template": template_code,
                       "account_fiscal_country_id": company.account_fiscal_country_id.id
                       or self.env.ref("base.us").id,
                       **{fname: chart._resolve(company, value) for fname, value in GENERIC_COMPANY_VALUES.items()}})
        chart._load_journals(company)
        company.get_unaffected_earnings_account()

    # -- records -----------------------------------------------------------------------------

    def _xmlid(self, company, template_id: str) -> str:
        return f"account.{company.id}_{template_id}"

    def ref(self, xmlid: str, raise_if_not_found: bool = True):
        """The record of a template id (``receivable``) for the current company, or of a full
        external id (``base.us``)."""
        if xmlid and "." not in xmlid:
            xmlid = self._xmlid(self.env.company, xmlid)
        return self.env.ref(xmlid, raise_if_not_found=raise_if_not_found)

    def _resolve(self, company, value):
        """A template id stands for the record the chart made for it; other values pass."""
        if isinstance(value, str) and "." not in value:
            record = self.env.ref(self._xmlid(company, value), raise_if_not_found=False)
            if record is not None:
                return record.id
        return value

    def _create_with_xmlids(self, model: str, company, records: dict):
        """Create ``{template id: values}`` records of ``model`` and name them."""
        created = self.env[model].create(list(records.values()))
        self.env["ir.model.data"]._update_xmlids([
            {"xml_id": self._xmlid(company, template_id), "record": record, "noupdate": True}
            for template_id, record in zip(records, created)])
        return created

    def _read_csv(self, model: str, template_code: str) -> dict:
        path = os.path.join(TEMPLATE_DIR, f"{model}-{template_code}.csv")
        with open(path, encoding="utf-8", newline="") as handle:
            return {row.pop("id"): row for row in csv.DictReader(handle)}

    def _load_accounts(self, template_code: str, company) -> None:
        rows = self._read_csv("account.account", template_code)
        self._create_with_xmlids("account.account", company, {
            template_id: {"code": row["code"], "name": row["name"], "account_type": row["account_type"],
                          "reconcile": row["reconcile"] == "True", "company_id": company.id}
            for template_id, row in rows.items()})

    def _load_taxes(self, template_code: str, company) -> None:
        groups = self._read_csv("account.tax.group", template_code)
        self._create_with_xmlids("account.tax.group", company, {
            template_id: {"name": row["name"], "company_id": company.id,
                          "tax_payable_account_id": self._resolve(company, row["tax_payable_account_id"]),
                          "tax_receivable_account_id": self._resolve(company, row["tax_receivable_account_id"])}
            for template_id, row in groups.items()})
        taxes = {}
        for template_id, row in self._read_csv("account.tax", template_code).items():
            account_id = self._resolve(company, row["tax_account_id"])
            taxes[template_id] = {
                "name": row["name"], "amount": float(row["amount"]), "amount_type": "percent",
                "type_tax_use": row["type_tax_use"], "company_id": company.id,
                "tax_group_id": self._resolve(company, row["tax_group_id"]),
                "repartition_line_ids": [
                    Command.create({"document_type": document_type, "repartition_type": kind,
                                    "account_id": account_id if kind == "tax" else False})
                    for document_type in ("invoice", "refund") for kind in ("base", "tax")],
            }
        self._create_with_xmlids("account.tax", company, taxes)

    def _load_journals(self, company) -> None:
        # bank and cash first, so that their accounts take the first codes of their prefixes
        # (101401 Bank, 101501 Cash) as in Odoo, then the accounts all bank journals share
        liquidity = self._create_with_xmlids("account.journal", company, {
            template_id: dict(values, company_id=company.id) for template_id, values in LIQUIDITY_JOURNALS.items()})
        self._setup_utility_bank_accounts(company)
        for journal in liquidity:
            journal.suspense_account_id = company.account_journal_suspense_account_id
        self._create_with_xmlids("account.journal", company, {
            template_id: {**{key: self._resolve(company, value) for key, value in values.items()},
                          "company_id": company.id}
            for template_id, values in JOURNALS.items()})
        company.write({"currency_exchange_journal_id": self.ref("exch").id,
                       "tax_cash_basis_journal_id": self.ref("caba").id})

    def _setup_utility_bank_accounts(self, company) -> None:
        """The accounts every company needs beside its chart: bank suspense, outstanding
        receipts and payments, cash differences and the liquidity transfer account (only
        those the company has not got yet)."""
        Account = self.env["account.account"]
        bank_prefix = company.bank_account_code_prefix or ""
        accounts = {
            "account_journal_suspense_account_id": ("Bank Suspense Account", bank_prefix, "asset_current", False),
            "account_journal_payment_debit_account_id": ("Outstanding Receipts", bank_prefix, "asset_current", True),
            "account_journal_payment_credit_account_id": ("Outstanding Payments", bank_prefix, "asset_current", True),
            "default_cash_difference_income_account_id": ("Cash Difference Gain", "999", "income_other", False),
            "default_cash_difference_expense_account_id": ("Cash Difference Loss", "999", "expense", False),
            "transfer_account_id": ("Liquidity Transfer", company.transfer_account_code_prefix or "",
                                    "asset_current", True),
        }
        for fname, (name, prefix, account_type, reconcile) in accounts.items():
            if company[fname]:
                continue
            company[fname] = Account.create({
                "name": name, "code": Account._search_new_account_code(company, 6, prefix),
                "account_type": account_type, "reconcile": reconcile, "company_id": company.id})
