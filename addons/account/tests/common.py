"""Helpers of the account tests: taxes made in one line, companies with odd currencies."""
from __future__ import annotations

from odoo import Command
from odoo.tests.common import TransactionCase


def repartition(*tax_factors: float, base: float = 100.0, account=None) -> dict:
    """Distribution values for both document types: one base line, one tax line per factor."""
    def lines():
        return [Command.create({"repartition_type": "base", "factor_percent": base})] + [
            Command.create({"repartition_type": "tax", "factor_percent": factor,
                            "account_id": account.id if account else False})
            for factor in tax_factors]
    return {"invoice_repartition_line_ids": lines(), "refund_repartition_line_ids": lines()}


class TaxTestCase(TransactionCase):
    """Taxes of the main company (USD, cents) unless told otherwise."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.number = 0

    @classmethod
    def tax(cls, amount: float, amount_type: str = "percent", company=None, **values):
        cls.number += 1
        return cls.env["account.tax"].create({
            "name": f"{amount_type} {amount} ({cls.number})", "amount": amount, "amount_type": amount_type,
            "company_id": (company or cls.company).id, **values})

    @classmethod
    def group(cls, children, **values):
        cls.number += 1
        return cls.env["account.tax"].create({
            "name": f"group ({cls.number})", "amount_type": "group", "amount": 0,
            "company_id": children[:1].company_id.id or cls.company.id,
            "children_tax_ids": [Command.set(children.ids)], **values})

    @classmethod
    def company_with_rounding(cls, rounding: float, code: str):
        currency = cls.env["res.currency"].create({"name": code, "symbol": code, "rounding": rounding})
        return cls.env["res.company"].create({"name": f"Company {code}", "currency_id": currency.id})

    def assertComputeAll(self, result: dict, total_included: float, total_excluded: float,
                         base_amounts: list[tuple[float, float]]) -> None:
        """The totals, then (base, amount) of each tax line in order, to 6 decimals."""
        self.assertAlmostEqual(result["total_included"], total_included, places=6)
        self.assertAlmostEqual(result["total_excluded"], total_excluded, places=6)
        self.assertEqual([(round(t["base"], 6), round(t["amount"], 6)) for t in result["taxes"]],
                         [(round(b, 6), round(a, 6)) for b, a in base_amounts])
