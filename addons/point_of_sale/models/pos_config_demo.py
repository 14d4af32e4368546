"""The demo tills (``pos.config._load_pos_demo_data``, called by the demo data file).

What depends on the company's chart of accounts (taxes, journals, payment methods, the two
tills) is made here rather than in XML: the chart's records are named after the company id.
Each record made gets an external id ``point_of_sale.<name>`` so that tests and a second
run find it (a second run changes nothing).
"""
from __future__ import annotations

from odoo import Command, api, models

MODULE = "point_of_sale"


class PosConfig(models.Model):
    _inherit = "pos.config"

    @api.model
    def _load_pos_demo_data(self) -> None:
        env = self.sudo().env
        company = env.ref("base.main_company")
        if not company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", company)
        self = self.sudo().with_company(company)
        self._ensure_pos_journal(company)
        tax_excluded = company.account_sale_tax_id
        tax_included = self._demo_record("pos_tax_15_included", "account.tax", {
            "name": "15% (included)", "amount": 15.0, "amount_type": "percent", "price_include": True,
            "type_tax_use": "sale", "company_id": company.id, "description": "15% incl."})
        # drinks and bakery are sold with their tax in the price, the rest without
        included_categories = [env.ref(f"{MODULE}.{xid}").id for xid in
                               ("pos_category_drinks", "pos_category_hot", "pos_category_cold",
                                "pos_category_bakery")]
        products = env["product.product"].search([("available_in_pos", "=", True)])
        included = products.filtered(lambda p: set(p.pos_categ_ids.ids) & set(included_categories))
        included.mapped("product_tmpl_id").write({"taxes_id": [Command.set(tax_included.ids)]})
        (products - included).filtered(lambda p: not p.taxes_id).mapped("product_tmpl_id").write(
            {"taxes_id": [Command.set(tax_excluded.ids)]})

        journals = env["account.journal"].with_company(company)
        cash_journal = journals.search([("company_id", "=", company.id), ("type", "=", "cash")], limit=1)
        bank_journal = journals.search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
        bakery_cash_journal = self._demo_record("pos_journal_cash_bakery", "account.journal", {
            "name": "Cash Bakery", "code": "CSH2", "type": "cash", "company_id": company.id})
        cash = self._demo_record("pos_payment_method_cash", "pos.payment.method", {
            "name": "Cash", "journal_id": cash_journal.id, "company_id": company.id, "sequence": 1})
        bakery_cash = self._demo_record("pos_payment_method_cash_bakery", "pos.payment.method", {
            "name": "Cash Bakery", "journal_id": bakery_cash_journal.id, "company_id": company.id,
            "sequence": 1})
        card = self._demo_record("pos_payment_method_card", "pos.payment.method", {
            "name": "Card", "journal_id": bank_journal.id, "company_id": company.id, "sequence": 2})
        customer_account = self._demo_record("pos_payment_method_customer_account", "pos.payment.method", {
            "name": "Customer Account", "company_id": company.id, "split_transactions": True,
            "sequence": 3})
        public = env.ref("product.list0")
        loyal = env.ref(f"{MODULE}.pos_pricelist_loyal")
        self._demo_record("pos_config_main", "pos.config", {
            "name": "Cash Register 1", "company_id": company.id,
            "payment_method_ids": [Command.set([cash.id, card.id, customer_account.id])],
            "pricelist_id": public.id, "use_pricelist": True,
            "available_pricelist_ids": [Command.set([public.id, loyal.id])],
            "receipt_header": "Welcome to the shop!", "receipt_footer": "Thank you, see you soon.",
            "is_header_or_footer": True})
        self._demo_record("pos_config_bakery", "pos.config", {
            "name": "Bakery Shop", "company_id": company.id,
            "payment_method_ids": [Command.set([bakery_cash.id, card.id])],
            "pricelist_id": public.id, "iface_tax_included": "total",
            "product_configurator_ids": [Command.set([
                env.ref(f"{MODULE}.pos_category_bakery").id, env.ref(f"{MODULE}.pos_category_drinks").id])]})

    @api.model
    def _demo_record(self, name: str, model: str, values: dict):
        """The record of external id ``point_of_sale.<name>``, made with ``values`` if missing."""
        record = self.env.ref(f"{MODULE}.{name}", raise_if_not_found=False)
        if record:
            return record
        record = self.env[model].create(values)
        self.env["ir.model.data"].create({"module": MODULE, "name": name, "model": model,
                                          "res_id": record.id, "noupdate": True})
        return record
