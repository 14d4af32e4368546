"""Invoicing an order after its session was closed (Odoo 17's ``_create_misc_reversal_move``).

The closing entry already booked the order's sales, taxes, cash rounding and what its payments
left on the POS receivables. Its invoice books the sales and taxes again, so one more entry in
the till's journal, dated today, takes the order back out of the closing entry: the same lines
with the other sign, worked out from the order the way the closing worked them out (income
account per product after fiscal position, taxes per distribution line, rounding per line or
per order as the company rounds). Its receivable lines are matched with the payment entries of
the invoice (``pos.payment._create_payment_moves(is_reverse=True)``, which debit the very
accounts the closing debited), so income is counted once and every receivable ends matched.
"""
from __future__ import annotations

from collections import defaultdict

from odoo import Command, _, fields, models

from .pos_session_closing_amounts import _LineAccounting


class AccountMove(models.Model):
    _inherit = "account.move"

    reversed_pos_order_id = fields.Many2one(
        "pos.order", "Reversed POS Order", index="btree_not_null", readonly=True,
        help="The POS order taken back out of its session's closing entry to be invoiced.")


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _prepare_aml_values_list_per_nature(self) -> dict:
        """What the closing entry booked for this order, per nature (``product``, ``tax``,
        ``cash_rounding``, ``payment_terms``): line values with ``balance`` in the company
        currency and ``amount_currency`` in the order's, as the closing signed them."""
        self.ensure_one()
        session = self.session_id
        currency = self.currency_id or self.company_id.currency_id
        helper = _LineAccounting(session)
        per_line = self.company_id.tax_calculation_rounding_method != "round_globally"
        position_id = self.fiscal_position_id.id or None
        result = defaultdict(list)
        taxes: dict = defaultdict(lambda: [0.0, 0.0])
        tax_names = {}
        for line in self.lines:
            product = line.product_id
            income = helper.income_account(product.id, position_id)
            line_taxes = helper.taxes(tuple(sorted(line.tax_ids.ids)), position_id)
            computed = helper.compute(line_taxes, product.id, line.price_unit, line.discount or 0.0, line.qty)
            result["product"].append(self._closing_item(
                line.full_product_name or product.display_name, income, -line.price_subtotal,
                tax_ids=[Command.set(list(dict.fromkeys(tax["id"] for tax in computed["taxes"])))],
                tax_tag_ids=[Command.set(computed["base_tags"])]))
            for tax in computed["taxes"]:
                key = (tax["account_id"] or income, tax["tax_repartition_line_id"], tax["id"], tuple(tax["tag_ids"]))
                amount = currency.round(tax["amount"]) if per_line else tax["amount"]
                taxes[key][0] += amount
                taxes[key][1] += tax["base"]
                tax_names[tax["id"]] = tax["name"]
        for (account_id, repartition_id, tax_id, tag_ids), (amount, base) in taxes.items():
            if currency.is_zero(amount):
                continue
            result["tax"].append(self._closing_item(
                tax_names[tax_id], account_id, amount, display_type="tax", tax_line_id=tax_id,
                tax_repartition_line_id=repartition_id, tax_base_amount=abs(currency.round(base)),
                tax_tag_ids=[Command.set(list(tag_ids))]))
        rounding = self.amount_paid - self.amount_total
        if self.config_id.cash_rounding and not currency.is_zero(rounding):
            method = self.config_id.rounding_method
            account = method.loss_account_id if rounding < 0 else method.profit_account_id
            result["cash_rounding"].append(self._closing_item(_("Rounding line"), account.id, -rounding))
        result["payment_terms"] = self._closing_receivable_items()
        return result

    def _closing_receivable_items(self) -> list[dict]:
        """The receivable lines the closing entry booked for the order's payments: per
        account for the methods that do not identify the customer, per payment with the
        customer for those that do."""
        session = self.session_id
        partner = self.partner_id.commercial_partner_id
        combined: dict = defaultdict(float)
        items = []
        for payment in self.payment_ids.sorted("id"):
            method = payment.payment_method_id
            if method.split_transactions:
                if not (self.currency_id or self.company_id.currency_id).is_zero(payment.amount):
                    items.append(self._closing_item(f"{session.name} - {method.name}",
                                                    session._partner_receivable(partner).id, payment.amount,
                                                    partner_id=partner.id))
            else:
                combined[session._receivable_account(method).id] += payment.amount
        for account_id, amount in combined.items():
            if not (self.currency_id or self.company_id.currency_id).is_zero(amount):
                items.append(self._closing_item(_("From order %s", self.name), account_id, amount))
        return items

    def _closing_item(self, name: str, account_id: int, amount: float, **values) -> dict:
        """A line of ``amount`` (a balance in the order's currency), converted at the rate of
        the order's day (as the closing converted it) when the order is not in the company's
        currency."""
        currency = self.currency_id or self.company_id.currency_id
        company_currency = self.company_id.currency_id
        balance = currency.round(amount)
        if currency != company_currency:
            balance = currency._convert(amount, company_currency, self.company_id, self.date_order.date())
        return {"name": name, "account_id": account_id, "partner_id": values.pop("partner_id", False),
                "currency_id": currency.id, "amount_currency": currency.round(amount), "balance": balance,
                **values}

    def _create_misc_reversal_move(self, payment_moves):
        """Take the order back out of its session's closing entry (see the module
        docstring) and match the receivables with ``payment_moves``."""
        self.ensure_one()
        lines = []
        for items in self._prepare_aml_values_list_per_nature().values():
            for vals in items:
                lines.append({**vals, "balance": -vals["balance"], "amount_currency": -vals["amount_currency"]})
        session = self.session_id
        reversal = self.env["account.move"].sudo().with_company(self.company_id).with_context(
            skip_invoice_sync=True).create({
                "move_type": "entry", "journal_id": self.config_id.journal_id.id, "company_id": self.company_id.id,
                "date": fields.Date.context_today(self),
                "ref": _("Reversal of POS closing entry %(entry)s for order %(order)s from session %(session)s",
                         entry=session.move_id.name, order=self.name, session=session.name),
                "reversed_pos_order_id": self.id,
                "line_ids": [Command.create(vals) for vals in lines],
            })
        reversal._post(soft=False)
        self._match_reversal_receivables(reversal, payment_moves)
        return reversal

    def _match_reversal_receivables(self, reversal, payment_moves) -> None:
        """Each receivable line of the reversal with the payment entries' lines that debit
        the same account (and customer), in one batch. A customer-account payment has no
        payment entry (the invoice stays open for it): its line is matched with the closing
        entry's line of that payment instead, so the customer owes it once, on the invoice."""
        groups: dict = defaultdict(lambda: self.env["account.move.line"])
        accounts = reversal.line_ids.mapped("account_id").filtered("reconcile")
        for line in (reversal | payment_moves).mapped("line_ids"):
            if line.account_id in accounts and not line.reconciled and line.balance:
                groups[(line.account_id.id, line.partner_id.id)] |= line
        closing_lines = self.session_id.move_id.line_ids.filtered(
            lambda line: line.partner_id and not line.reconciled and line.account_id.reconcile)
        for (account_id, partner_id), group in groups.items():
            if partner_id and group.mapped("move_id") == reversal:
                for line in group:
                    twin = closing_lines.filtered(
                        lambda other, line=line: other.account_id == line.account_id
                        and other.partner_id == line.partner_id
                        and line.company_currency_id.is_zero(other.balance + line.balance))[:1]
                    closing_lines -= twin
                    group |= twin
                groups[(account_id, partner_id)] = group
        plans = [group for group in groups.values()
                 if reversal in group.mapped("move_id") and len(group.mapped("move_id")) > 1]
        if plans:
            self.env["account.move.line"].sudo()._reconcile_plan(plans)
