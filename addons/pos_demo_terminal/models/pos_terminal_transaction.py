"""Payment requests sent to a terminal (``pos.terminal.transaction``), kept on the server so
that their state survives a reload of the till.

A request is ``waiting`` until the terminal answers, then ``approved`` or ``declined``; a
waiting request may be ``cancelled``. One payment line (its client ``line_uuid``) has at most
one waiting or approved request (a partial unique index): a send repeated for the line
answers that request; after a decline or a cancel, a send is a new attempt.

The demo terminal answers ``delay`` seconds after the request (the system parameter
``pos_demo_terminal.delay``, 2 by default), when the till polls: it declines amounts whose
cents are 13 (12.13, 0.13) and approves the others.

An approved transaction pays one order: when an order reaches the server with a payment
naming it (``transaction_id``), the transaction is checked (approved, same method, same
amount) and linked to that order (``pos_order_id``); another order naming it is refused.
"""
from __future__ import annotations

import datetime
import uuid as uuidlib

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

DELAY_PARAMETER = "pos_demo_terminal.delay"
DEFAULT_DELAY = 2.0
DECLINED_CENTS = 13
STATES = [("waiting", "Waiting"), ("approved", "Approved"), ("declined", "Declined"),
          ("cancelled", "Cancelled")]
UNIQUE_VIOLATION = "23505"


class PosTerminalTransaction(models.Model):
    _name = "pos.terminal.transaction"
    _description = "Payment Terminal Request"
    _order = "id desc"

    line_uuid = fields.Char("Payment Line", required=True, index=True, readonly=True,
                            help="The identifier the till gave the payment line.")
    order_uuid = fields.Char("Order", index=True, readonly=True)
    payment_method_id = fields.Many2one("pos.payment.method", "Payment Method", required=True,
                                        ondelete="restrict", readonly=True)
    company_id = fields.Many2one("res.company", related="payment_method_id.company_id", store=True)
    user_id = fields.Many2one("res.users", "Cashier", readonly=True, default=lambda self: self.env.uid)
    amount = fields.Float("Amount", digits=0, readonly=True)
    state = fields.Selection(STATES, "Status", default="waiting", required=True, readonly=True)
    answer_at = fields.Datetime("Answer Due", readonly=True,
                                help="When the terminal gives its answer to a waiting request.")
    transaction_id = fields.Char("Transaction", readonly=True, copy=False)
    card_type = fields.Char("Card Type", readonly=True)
    reason = fields.Char("Reason", readonly=True, help="Why the request was declined or cancelled.")
    pos_order_id = fields.Many2one("pos.order", "Paid Order", readonly=True, index="btree_not_null",
                                   ondelete="set null", copy=False,
                                   help="The order this approved transaction pays (one order only).")

    def init(self):
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS pos_terminal_transaction_line_live ON %s (line_uuid) "
            "WHERE state IN ('waiting', 'approved')", SQL.identifier(self._table)))

    @api.model
    def _send(self, method, amount, order_uuid, line_uuid):
        """The live request of the line, else a new one (see the module docstring)."""
        if not isinstance(line_uuid, str) or not line_uuid:
            raise UserError(_("Give the uuid of the payment line (line_uuid)."))
        try:
            amount = float(amount)
        except (TypeError, ValueError):
            raise UserError(_("The amount must be a number, not %r.", amount)) from None
        currency = method.company_id.currency_id
        amount = currency.round(amount)
        if currency.is_zero(amount):
            raise UserError(_("A terminal cannot take an amount of zero."))
        live = self.search([("line_uuid", "=", line_uuid), ("state", "in", ("waiting", "approved"))],
                           limit=1)
        if live:
            if live.payment_method_id != method or currency.compare_amounts(live.amount, amount):
                raise UserError(_(
                    "Payment line %(line)s was already sent for %(amount)s with %(method)s: cancel "
                    "that request before sending another.", line=line_uuid, amount=live.amount,
                    method=live.payment_method_id.name))
            return live
        delay = self._delay()
        try:
            with self.env.cr.savepoint():
                return self.create({
                    "line_uuid": line_uuid, "order_uuid": order_uuid or False,
                    "payment_method_id": method.id, "amount": amount,
                    "answer_at": fields.Datetime.now() + datetime.timedelta(seconds=delay)})
        except Exception as error:
            if (getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)) != UNIQUE_VIOLATION:
                raise
            # the same line sent twice at once: run the call again, it then finds the first
            self.env.cr.execute(SQL(
                "DO $$ BEGIN RAISE EXCEPTION 'terminal request sent twice at once' "
                "USING ERRCODE = 'serialization_failure'; END $$"), log_exceptions=False)
            raise

    @api.model
    def _delay(self) -> float:
        value = self.env["ir.config_parameter"].sudo().get_param(DELAY_PARAMETER, DEFAULT_DELAY)
        try:
            return max(0.0, float(value))
        except (TypeError, ValueError):
            return DEFAULT_DELAY

    def _poll(self):
        """Let the terminal answer the waiting requests whose delay is over."""
        now = fields.Datetime.now()
        for transaction in self.filtered(lambda t: t.state == "waiting" and t.answer_at <= now):
            transaction.write(transaction._demo_decision())
        return self

    def _demo_decision(self) -> dict:
        cents = round(abs(self.amount) * 100) % 100
        if cents == DECLINED_CENTS:
            return {"state": "declined", "reason": _("Declined by the bank (the demo terminal declines "
                                                     "amounts ending in .%02d).", DECLINED_CENTS)}
        return {"state": "approved", "card_type": "demo",
                "transaction_id": f"DEMO-{uuidlib.uuid4().hex[:12].upper()}"}

    def _cancel(self):
        self._poll()
        for transaction in self:
            if transaction.state == "waiting":
                transaction.write({"state": "cancelled", "reason": _("Cancelled on the till.")})
        return self

    def _pay_order(self, payment) -> None:
        """Check that this transaction may pay ``payment`` (a ``pos.payment``), then link it to
        the payment's order; a UserError says why not."""
        order = payment.pos_order_id
        if not self:
            raise UserError(_("The payment of %(amount)s with %(method)s names no transaction its "
                              "terminal knows (%(transaction)s): it was not approved by the terminal.",
                              amount=payment.amount, method=payment.payment_method_id.name,
                              transaction=payment.transaction_id or _("none")))
        self.ensure_one()
        self._poll()
        if self.state != "approved":
            raise UserError(_("Terminal transaction %(transaction)s was not approved (%(state)s).",
                              transaction=self.transaction_id,
                              state=dict(self._fields["state"].selection)[self.state]))
        currency = self.payment_method_id.company_id.currency_id
        if currency.compare_amounts(self.amount, payment.amount):
            raise UserError(_("Terminal transaction %(transaction)s approved %(approved)s, not %(amount)s.",
                              transaction=self.transaction_id, approved=self.amount, amount=payment.amount))
        if self.pos_order_id and self.pos_order_id != order:
            raise UserError(_("Terminal transaction %(transaction)s already pays order %(order)s.",
                              transaction=self.transaction_id,
                              order=self.pos_order_id.pos_reference or self.pos_order_id.name))
        if self.pos_order_id != order:
            self.write({"pos_order_id": order.id})

    def _answer(self) -> dict:
        """What the till gets back: the request's state and, once approved, its references."""
        self.ensure_one()
        retry_after = 0.0
        if self.state == "waiting":
            retry_after = max(0.0, (self.answer_at - fields.Datetime.now()).total_seconds())
        return {"line_uuid": self.line_uuid, "order_uuid": self.order_uuid or False,
                "payment_method_id": self.payment_method_id.id, "amount": self.amount,
                "state": self.state, "transaction_id": self.transaction_id or False,
                "card_type": self.card_type or False, "reason": self.reason or False,
                "retry_after": round(retry_after, 3)}
