"""The tax totals of an invoice (``account.move.tax_totals``): the summary under its lines,
in the shape Odoo 17 gives it, so that the invoice report (``account.document_tax_totals``)
and the addons reading it find the keys they expect.

The summary is read from the invoice's own lines rather than computed again: the product
lines give the untaxed amount and the bases, the tax lines the amounts of each tax group
(in the document's currency and in the company's), the cash rounding lines the rounding.
A tax group whose ``preceding_subtotal`` is set opens a subtotal of that name, shown after
"Untaxed Amount" and including the groups before it.
"""
from __future__ import annotations

from odoo import api, fields, models
from odoo.tools.misc import formatLang

UNTAXED = "Untaxed Amount"


class AccountMove(models.Model):
    _inherit = "account.move"

    tax_totals = fields.Binary("Invoice Totals", compute="_compute_tax_totals",
                               help="The untaxed amount, the taxes by group and the total, as the "
                                    "invoice shows them under its lines.")

    @api.depends("line_ids.price_subtotal", "line_ids.amount_currency", "line_ids.balance",
                 "line_ids.display_type", "line_ids.tax_ids", "line_ids.tax_line_id",
                 "currency_id", "amount_total", "move_type")
    def _compute_tax_totals(self):
        for move in self:
            move.tax_totals = move._tax_totals() if move.is_invoice(True) else None

    def _tax_totals(self) -> dict:
        """Odoo 17's ``tax_totals`` dict of one invoice (see the module docstring)."""
        self.ensure_one()
        currency, company_currency = self.currency_id, self.company_id.currency_id
        sign = self.direction_sign

        def money(amount, in_currency=currency):
            return formatLang(self.env, amount, currency_obj=in_currency)

        products = self.line_ids.filtered(lambda line: line.display_type == "product")
        untaxed = sum(products.mapped("price_subtotal"))
        untaxed_company = sign * sum(products.mapped("balance"))

        # {group: [tax, base, tax (company), base (company)]}, groups in their order
        by_group: dict = {}
        for line in products:
            for group in line.tax_ids.flatten_taxes_hierarchy().mapped("tax_group_id"):
                amounts = by_group.setdefault(group, [0.0, 0.0, 0.0, 0.0])
                amounts[1] += line.price_subtotal
                amounts[3] += sign * line.balance
        rounding = 0.0
        for line in self.line_ids:
            if line.display_type == "tax" or (line.display_type == "rounding" and line.tax_line_id):
                amounts = by_group.setdefault(line.tax_line_id.tax_group_id, [0.0, 0.0, 0.0, 0.0])
                amounts[0] += sign * line.amount_currency
                amounts[2] += sign * line.balance
            elif line.display_type == "rounding":
                rounding += sign * line.amount_currency

        groups = sorted(by_group, key=lambda group: (group.sequence, group.id))
        titles = [UNTAXED] + list(dict.fromkeys(
            group.preceding_subtotal for group in groups if group.preceding_subtotal))
        groups_by_subtotal = {title: [] for title in titles}
        for group in groups:
            amount, base, amount_company, base_company = by_group[group]
            groups_by_subtotal[group.preceding_subtotal or UNTAXED].append({
                "group_key": group.id, "tax_group_id": group.id,
                "tax_group_name": group.name or "Taxes",
                "tax_group_amount": currency.round(amount),
                "tax_group_base_amount": currency.round(base),
                "formatted_tax_group_amount": money(amount),
                "formatted_tax_group_base_amount": money(base),
                "tax_group_amount_company_currency": company_currency.round(amount_company),
                "tax_group_base_amount_company_currency": company_currency.round(base_company),
                "hide_base_amount": False,
            })

        subtotals, running, running_company = [], untaxed, untaxed_company
        for title in titles:
            subtotals.append({"name": title, "amount": currency.round(running),
                              "formatted_amount": money(running),
                              "amount_company_currency": company_currency.round(running_company)})
            running += sum(group["tax_group_amount"] for group in groups_by_subtotal[title])
            running_company += sum(group["tax_group_amount_company_currency"]
                                   for group in groups_by_subtotal[title])

        all_groups = [group for title in titles for group in groups_by_subtotal[title]]
        totals = {
            "amount_untaxed": currency.round(untaxed),
            # the rounding line is part of what is due: the total includes it
            "amount_total": currency.round(running + rounding),
            "formatted_amount_untaxed": money(untaxed),
            "formatted_amount_total": money(running + rounding),
            "groups_by_subtotal": groups_by_subtotal,
            "subtotals": subtotals,
            "subtotals_order": titles,
            # the bases are worth showing when one differs from the untaxed amount
            "display_tax_base": any(currency.compare_amounts(group["tax_group_base_amount"], untaxed)
                                    for group in all_groups),
        }
        if self.invoice_cash_rounding_id and not currency.is_zero(rounding):
            totals.update(rounding_amount=currency.round(rounding),
                          formatted_rounding_amount=money(rounding),
                          amount_total_rounded=currency.round(running + rounding),
                          formatted_amount_total_rounded=money(running + rounding))
        return totals
