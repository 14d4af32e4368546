"""Payments (``account.payment``): money received or paid, with an entry of its own moving
the amount between the partner's receivable/payable and the journal's outstanding
receipts/payments account (Odoo 17: the payment *is* an entry, through ``_inherits``)."""
from __future__ import annotations

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..delegation import create_with_entries, line_pair, split_entry_lines


class AccountPayment(models.Model):
    _name = "account.payment"
    _description = "Payments"
    _inherits = {"account.move": "move_id"}
    _order = "date desc, name desc"

    move_id = fields.Many2one("account.move", "Journal Entry", required=True, readonly=True,
                              ondelete="cascade", index=True)
    amount = fields.Monetary(currency_field="currency_id", default=0.0)
    payment_type = fields.Selection([("outbound", "Send"), ("inbound", "Receive")], "Payment Type",
                                    default="inbound", required=True)
    partner_type = fields.Selection([("customer", "Customer"), ("supplier", "Vendor")],
                                    default="customer", required=True)
    payment_reference = fields.Char("Payment Reference", copy=False)
    destination_account_id = fields.Many2one(
        "account.account", "Destination Account",
        domain="[('account_type', 'in', ('asset_receivable', 'liability_payable'))]")
    outstanding_account_id = fields.Many2one("account.account", "Outstanding Account")
    force_outstanding_account_id = fields.Many2one(
        "account.account", "Forced Outstanding Account",
        help="The outstanding account of this payment instead of the journal's (the Point of "
             "Sale gives its payment method's).")
    is_internal_transfer = fields.Boolean("Internal Transfer")
    is_reconciled = fields.Boolean(compute="_compute_reconciliation_status",
                                   help="The counterpart line is fully matched (the invoice side).")
    is_matched = fields.Boolean("Is Matched With a Bank Statement", compute="_compute_reconciliation_status",
                                help="The liquidity line is matched with the bank (or needs no matching).")
    reconciled_invoice_ids = fields.Many2many("account.move", string="Reconciled Invoices",
                                              compute="_compute_reconciled_invoices")

    # -- lines -----------------------------------------------------------------------------

    def _seek_for_lines(self):
        """(liquidity lines, counterpart lines, other lines) of the payment's entry."""
        self.ensure_one()
        liquidity_accounts = self.outstanding_account_id | self.journal_id.default_account_id
        return split_entry_lines(
            self.move_id.line_ids, lambda line: line.account_id in liquidity_accounts,
            lambda line: line.account_id.account_type in ("asset_receivable", "liability_payable")
            or line.account_id == self.destination_account_id)

    @api.depends("move_id.line_ids.amount_residual", "move_id.line_ids.account_id")
    def _compute_reconciliation_status(self):
        for payment in self:
            liquidity, counterpart, _others = payment._seek_for_lines()
            currency = payment.currency_id
            payment.is_reconciled = bool(counterpart) and all(
                currency.is_zero(line.amount_residual_currency) for line in counterpart)
            if liquidity and not liquidity.account_id.reconcile:
                payment.is_matched = True
            else:
                payment.is_matched = bool(liquidity) and all(
                    currency.is_zero(line.amount_residual_currency) for line in liquidity)

    @api.depends("move_id.line_ids.matched_debit_ids", "move_id.line_ids.matched_credit_ids")
    def _compute_reconciled_invoices(self):
        for payment in self:
            _liquidity, counterpart, _others = payment._seek_for_lines()
            payment.reconciled_invoice_ids = counterpart._reconciled_lines().mapped("move_id").filtered(
                lambda m: m.is_invoice(True))

    # -- create ----------------------------------------------------------------------------

    @api.model
    def _default_journal(self, company):
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "in", ("bank", "cash"))], limit=1)
        if not journal:
            raise UserError(f"No bank or cash journal in company {company.name}; create one to register payments.")
        return journal

    @api.model
    def _outstanding_account(self, journal, payment_type: str):
        company = journal.company_id
        if payment_type == "inbound":
            return journal.outstanding_receipt_account_id or company.account_journal_payment_debit_account_id
        return journal.outstanding_payment_account_id or company.account_journal_payment_credit_account_id

    @api.model
    def _destination_account(self, partner, partner_type: str, company):
        Partner = self.env["res.partner"]
        if partner_type == "customer":
            account = partner.property_account_receivable_id if partner else False
            return account if account and account.company_id == company else \
                Partner._default_property_account(company, "asset_receivable")
        account = partner.property_account_payable_id if partner else False
        return account if account and account.company_id == company else \
            Partner._default_property_account(company, "liability_payable")

    @api.model
    def _prepare_move_line_default_vals(self, vals: dict, journal, currency, partner_id) -> list:
        """The liquidity line (outstanding account) and the counterpart line (receivable or
        payable) of a payment with values ``vals``."""
        amount = vals.get("amount") or 0.0
        sign = 1 if vals.get("payment_type", "inbound") == "inbound" else -1
        label = ("Customer" if vals.get("partner_type", "customer") == "customer" else "Vendor") + (
            " Payment" if sign > 0 else " Reimbursement" if vals.get("partner_type", "customer") == "customer"
            else " Payment")
        common = {"partner_id": partner_id, "currency_id": currency.id, "name": label}
        lines = line_pair(common, vals["outstanding_account_id"], vals["destination_account_id"], sign * amount,
                          foreign=currency != journal.company_id.currency_id)
        # as Odoo 17: the liquidity line says the payment reference, the counterpart the memo
        lines[0][2]["name"] = vals.get("payment_reference") or vals.get("ref") or label
        lines[1][2]["name"] = vals.get("ref") or vals.get("payment_reference") or label
        write_offs = vals.get("write_off_line_vals") or []
        if write_offs:
            # the difference lines (Odoo 17's write_off_line_vals): the counterpart carries
            # the amount paid and the differences together
            counterpart = lines[1][2]
            for write_off in write_offs:
                amount_currency = write_off.get("amount_currency", write_off.get("balance", 0.0))
                balance = write_off.get("balance", amount_currency)
                counterpart["amount_currency"] -= amount_currency
                if "balance" in counterpart:
                    counterpart["balance"] -= balance
                lines.insert(-1, Command.create({**common, **write_off, "amount_currency": amount_currency,
                                                 "balance": balance}))
        return lines

    @api.model_create_multi
    def create(self, vals_list):
        """Payments and their entries, each kind made in one batch."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        payments, _moves = create_with_entries(self, super().create, vals_list, "payment_id")
        return payments

    @api.model
    def _prepare_entry_vals(self, vals: dict) -> dict:
        """The values of a new payment's entry, taken out of ``vals`` (which gets the
        payment's defaults: type, outstanding and destination accounts)."""
        company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
        journal = self.env["account.journal"].browse(vals.get("journal_id")) if vals.get("journal_id") \
            else self._default_journal(company)
        company = journal.company_id
        currency = self.env["res.currency"].browse(vals.get("currency_id")) if vals.get("currency_id") \
            else (journal.currency_id or company.currency_id)
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        vals.setdefault("payment_type", "inbound")
        vals.setdefault("partner_type", "customer")
        if not vals.get("outstanding_account_id"):
            account = self.env["account.account"].browse(vals.get("force_outstanding_account_id")) or \
                self._outstanding_account(journal, vals["payment_type"])
            if not account:
                raise UserError(f"No outstanding account for journal {journal.name}: set one on the "
                                "journal or the company.")
            vals["outstanding_account_id"] = account.id
        if not vals.get("destination_account_id"):
            vals["destination_account_id"] = self._destination_account(partner, vals["partner_type"], company).id
        write_offs = vals.pop("write_off_line_vals", None) or []
        if isinstance(write_offs, dict):
            write_offs = [write_offs]
        move_vals = {fname: vals.pop(fname) for fname in list(vals) if self._fields[fname].inherited}
        move_vals.update({"move_type": "entry", "journal_id": journal.id, "company_id": company.id,
                          "currency_id": currency.id, "partner_id": partner.id or False,
                          "line_ids": self._prepare_move_line_default_vals(
                              {**vals, "ref": move_vals.get("ref"), "write_off_line_vals": write_offs},
                              journal, currency, partner.id or False)})
        return move_vals

    def write(self, vals):
        synced = {"amount", "payment_type", "partner_type", "destination_account_id", "outstanding_account_id",
                  "partner_id", "currency_id"}
        result = super().write(vals)
        if synced & set(vals):
            self._synchronize_to_moves()
        return result

    def _synchronize_to_moves(self) -> None:
        """Rewrite the entry's two lines after a change of the payment (drafts only)."""
        for payment in self:
            if payment.state != "draft":
                raise UserError("You cannot change a posted payment; reset it to draft first.")
            liquidity, counterpart, _others = payment._seek_for_lines()
            commands = [Command.delete(line.id) for line in liquidity | counterpart]
            commands += payment._prepare_move_line_default_vals(
                {"amount": payment.amount, "payment_type": payment.payment_type, "partner_type": payment.partner_type,
                 "outstanding_account_id": payment.outstanding_account_id.id,
                 "destination_account_id": payment.destination_account_id.id,
                 "payment_reference": payment.payment_reference, "ref": payment.ref},
                payment.journal_id, payment.currency_id, payment.partner_id.id or False)
            payment.move_id.with_context(skip_readonly_check=True).write({"line_ids": commands})

    # -- actions ---------------------------------------------------------------------------

    def action_post(self):
        self.mapped("move_id").with_context(is_payment=True)._post(soft=False)

    def action_draft(self):
        self.mapped("move_id").button_draft()

    def action_cancel(self):
        self.mapped("move_id").button_cancel()

    def unlink(self):
        moves = self.mapped("move_id")
        result = super().unlink()
        moves.exists().unlink()
        return result
