"""Counting the cash and closing a session (``pos.session``, Odoo 17's methods).

Closing moves the session to ``closed`` and its paid orders to ``done``; ``_validate_session``
calls ``_create_closing_entries`` (``pos_session_accounting.py``) for the session's journal
entry. Cash put in or taken out during the session are statement lines of the cash journal.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

_logger = logging.getLogger(__name__)


class PosSession(models.Model):
    _inherit = "pos.session"

    # -- the UI's closing flow ---------------------------------------------------------------------

    def try_cash_in_out(self, _type: str, amount: float, reason: str, extras: dict | None = None) -> None:
        """Put cash in (``_type == 'in'``) or take it out of the drawer during the session."""
        self._check_state(("opened",), _("move cash in or out of"))
        if not self.cash_journal_id:
            raise UserError(_("There is no cash payment method for this PoS Session"))
        self._check_own_session_or_manager(_("move cash in or out of"))
        sign = 1 if _type == "in" else -1
        label = (extras or {}).get("translatedType") or (_("in") if _type == "in" else _("out"))
        self.env["account.bank.statement.line"].sudo().create([{
            "pos_session_id": session.id, "journal_id": session.cash_journal_id.id, "amount": sign * abs(amount),
            "date": fields.Date.context_today(self), "payment_ref": "-".join([session.name, label, reason or ""]),
        } for session in self])
        for session in self.sudo():
            # what the cash lines add up to, kept as Odoo keeps it (closing re-reads the lines)
            session.cash_real_transaction += sign * abs(amount)
            _logger.info("cash %s of %s in %s: %s", _type, amount, session.name, reason)

    def get_closing_control_data(self) -> dict:
        """What the closing screen shows: orders, payments per method, the cash expected."""
        self.ensure_one()
        if not self.env.user.has_group("point_of_sale.group_pos_user") and not self.env.su:
            raise UserError(_("You don't have the access rights to get the point of sale closing "
                              "control data."))
        orders = self.order_ids.filtered(lambda order: order.state in ("paid", "invoiced", "done"))
        payments = orders.mapped("payment_ids")
        cash_method = self.payment_method_ids.filtered("is_cash_count")[:1]
        cash_payment = sum(payments.filtered(lambda p: p.payment_method_id == cash_method).mapped("amount"))
        others = self.payment_method_ids - cash_method
        return {
            "orders_details": {"quantity": len(orders), "amount": sum(orders.mapped("amount_total"))},
            "payments_amount": sum(payments.mapped("amount")),
            "pay_later_amount": sum(payments.filtered(
                lambda p: p.payment_method_id.type == "pay_later").mapped("amount")),
            "opening_notes": self.opening_notes,
            "default_cash_details": {
                # as Odoo: from the last closing count; the opening difference is among the moves
                "name": cash_method.name, "amount": self._expected_opening_cash() + cash_payment
                + self.cash_real_transaction, "opening": self._expected_opening_cash(),
                "payment_amount": cash_payment, "moves": self._cash_moves(), "id": cash_method.id,
            } if cash_method else None,
            "other_payment_methods": [{
                "name": method.name, "amount": sum(payments.filtered(
                    lambda p, m=method: p.payment_method_id == m).mapped("amount")),
                "number": len(payments.filtered(lambda p, m=method: p.payment_method_id == m)),
                "id": method.id, "type": method.type} for method in others],
            "is_manager": self.env.user.has_group("point_of_sale.group_pos_manager"),
            "amount_authorized_diff": self.config_id.amount_authorized_diff
            if self.config_id.set_maximum_difference else None,
        }

    def _cash_moves(self) -> list[dict]:
        """The cash put in and taken out, as the closing screen lists them."""
        moves, counts = [], {"in": 0, "out": 0}
        for line in self.sudo().statement_line_ids.sorted("id"):
            kind = "in" if line.amount > 0 else "out"
            counts[kind] += 1
            moves.append({"name": line.payment_ref or f"Cash {kind} {counts[kind]}", "amount": line.amount})
        return moves

    def post_closing_cash_details(self, counted_cash: float) -> dict:
        """The cash counted at closing."""
        self.ensure_one()
        problem = self._cannot_close_session()
        if problem:
            return problem
        if not self.cash_journal_id:
            raise UserError(_("There is no cash register in this session."))
        self._check_own_session_or_manager(_("count the cash of"))
        self.sudo().write({"cash_register_balance_end_real": counted_cash})
        return {"successful": True}

    def update_closing_control_state_session(self, notes: str | None = None) -> bool:
        """``opened`` → ``closing_control``: the cashier starts closing."""
        self._check_state(("opened", "closing_control"), _("start closing"))
        self._check_own_session_or_manager(_("close"))
        self.sudo().write({"state": "closing_control", "stop_at": fields.Datetime.now(),
                           "closing_notes": notes or False})
        self._post_cash_details_message("Closing", self.cash_register_difference if self.cash_control else 0.0,
                                        notes)
        return True

    def _post_cash_details_message(self, state: str, difference: float, notes: str | None) -> None:
        """A note in the session's chatter, as Odoo 17 leaves one at the opening and at the
        closing count: the difference between the counted and the expected cash (when there is
        one) and the cashier's notes. ``state`` is ``"Opening"`` or ``"Closing"``; addons
        override this to say more. Logged (``_message_log``) rather than posted, so that a
        cashier without an e-mail address can still open and close the till."""
        currency = self.currency_id or self.company_id.currency_id
        lines = []
        if difference and not currency.is_zero(difference):
            amount = f"{currency.round(difference):.{currency.decimal_places}f}"
            shown = f"{currency.symbol} {amount}" if currency.position == "before" else f"{amount} {currency.symbol}"
            label = _("Opening difference") if state == "Opening" else \
                _("Closing difference") if state == "Closing" else _("%s difference", state)
            lines.append(f"{label}: {shown}")
        if notes:
            lines.append(notes)
        if lines:
            self._message_log(body=plaintext2html("\n".join(lines)))

    @api.model
    def _alert_old_session(self) -> None:
        """A "Session open over 7 days" activity, for its opener, on each session opened over
        a week ago and not closed that has no activity yet (Odoo 17's reminder; a daily job
        runs it here)."""
        sessions = self.sudo().search([("start_at", "<=", fields.Datetime.now() - timedelta(days=7)),
                                       ("state", "!=", "closed")])
        if not sessions:
            return
        busy = set(self.env["mail.activity"].sudo().search(
            [("res_model", "=", "pos.session"), ("res_id", "in", sessions.ids)]).mapped("res_id"))
        for session in sessions.filtered(lambda session: session.id not in busy):
            session.activity_schedule(
                "point_of_sale.mail_activity_old_session", user_id=session.user_id.id,
                note=_("Your PoS Session is open since %(date)s, we advise you to close it and to create a new one.",
                       date=session.start_at))

    def close_session_from_ui(self, bank_payment_method_diff_pairs=None) -> dict:
        """Close from the UI; answers ``{'successful': bool, 'message', 'redirect'}``."""
        self.ensure_one()
        diffs = {int(method_id): amount for method_id, amount in bank_payment_method_diff_pairs or []}
        problem = self._cannot_close_session(diffs)
        if problem:
            return problem
        self._check_own_session_or_manager(_("close"))
        result = self.action_pos_session_closing_control(bank_payment_method_diffs=diffs)
        if isinstance(result, dict):
            return {"successful": False, "message": result.get("name"), "redirect": True}
        self._message_log(body=_("Point of Sale Session ended"))
        return {"successful": True}

    def _draft_orders(self):
        return self.env["pos.order"].sudo().search([("session_id", "in", self.ids), ("state", "=", "draft")])

    def _cannot_close_session(self, bank_payment_method_diffs=None) -> dict:
        """Why the session cannot be closed (the UI's answer), or an empty dict."""
        if self._draft_orders():
            return {"successful": False, "redirect": False,
                    "message": _("You cannot close the POS when orders are still in draft")}
        if self.state == "closed":
            return {"successful": False, "redirect": True,
                    "message": _("This session is already closed.")}
        missing = self._bank_difference_accounts_missing(bank_payment_method_diffs or {})
        if missing:
            return {"successful": False, "redirect": False, "message": missing}
        return {}

    def _bank_difference_accounts_missing(self, diffs: dict) -> str:
        """Odoo's message naming the bank journals lacking the account a difference goes to."""
        methods = self.env["pos.payment.method"].browse([int(key) for key in diffs])
        no_loss = methods.filtered(lambda m: diffs.get(m.id, 0) < 0 and not m.journal_id.loss_account_id)
        no_profit = methods.filtered(lambda m: diffs.get(m.id, 0) > 0 and not m.journal_id.profit_account_id)
        message = ""
        if no_loss:
            message += _("Need loss account for the following journals to post the lost amount: %s\n",
                         ", ".join(no_loss.mapped("journal_id.name")))
        if no_profit:
            message += _("Need profit account for the following journals to post the gained amount: %s",
                         ", ".join(no_profit.mapped("journal_id.name")))
        return message

    def _check_if_no_draft_orders(self) -> bool:
        """Refuse to close while orders wait in draft, naming them."""
        drafts = self._draft_orders()
        if drafts:
            raise UserError(_("You cannot close the POS when orders are still in draft.\nPay or cancel the "
                              "following orders to validate the session:\n%s",
                              ", ".join(order.pos_reference or order.name for order in drafts)))
        return True

    # -- the backend's closing -------------------------------------------------------------------------

    def action_pos_session_closing_control(self, balancing_account=False, amount_to_balance=0,
                                           bank_payment_method_diffs=None):
        """Close: cash control sessions are validated with their count, others closed."""
        for session in self:
            if session.state == "closed":
                raise UserError(_("This session is already closed."))
            session._check_if_no_draft_orders()
        self._check_own_session_or_manager(_("close"))
        self._check_cash_difference_account()
        self._stop_new_orders()
        for session in self:
            values = {"state": "closing_control"}
            if not session.stop_at:
                values["stop_at"] = fields.Datetime.now()
            if session.rescue and session.config_id.cash_control:
                values["cash_register_balance_end_real"] = session.cash_register_balance_end
            session.sudo().write(values)
        if len(self) == 1:
            return self._validate_session(balancing_account, amount_to_balance,
                                          bank_payment_method_diffs)
        for session in self:
            session._validate_session(balancing_account, amount_to_balance, bank_payment_method_diffs)
        return True

    def action_pos_session_validate(self, balancing_account=False, amount_to_balance=0,
                                    bank_payment_method_diffs=None):
        return self.action_pos_session_closing_control(balancing_account, amount_to_balance,
                                                       bank_payment_method_diffs)

    def action_pos_session_close(self, balancing_account=False, amount_to_balance=0,
                                 bank_payment_method_diffs=None):
        return self.action_pos_session_closing_control(balancing_account, amount_to_balance,
                                                       bank_payment_method_diffs)

    def _validate_session(self, balancing_account=False, amount_to_balance=0,
                          bank_payment_method_diffs=None):
        """Post the session's entry, mark its paid orders done, close it. Answers the
        "Force Close Session" action instead when the entry would not balance."""
        self.ensure_one()
        self._check_state(("opening_control", "opened", "closing_control"), _("close"))
        self._lock_for_closing()
        self._check_if_no_draft_orders()
        diffs = {int(key): value for key, value in (bank_payment_method_diffs or {}).items()}
        result = self.sudo().with_company(self.company_id)._create_closing_entries(
            balancing_account, amount_to_balance, diffs)
        if isinstance(result, dict):
            return result
        self.sudo()._mark_orders_done()
        self.sudo().write({"state": "closed"})
        return True

    def _mark_orders_done(self) -> None:
        """The session's paid (uninvoiced) orders are posted now: one statement for all."""
        Order = self.env["pos.order"]
        Order.flush_model(["state", "session_id"])
        self.env.cr.execute(SQL("UPDATE pos_order SET state = 'done', write_date = now() AT TIME ZONE 'UTC', "
                                "write_uid = %s WHERE session_id = %s AND state = 'paid'", self.env.uid, self.id))
        Order.invalidate_model(["state", "write_date", "write_uid"], flush=False)
