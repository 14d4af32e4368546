"""Sessions of a till (``pos.session``): who sells, from when, and their four states.

``opening_control`` → ``opened`` → ``closing_control`` → ``closed``. Opening and the moves
between the states are here; counting the cash and closing are in ``pos_session_closing.py``,
the data the browser loads in ``pos_session_payload.py``.
"""
from __future__ import annotations

import logging
import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.service.unit_of_work import RunAgain
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def raise_serialization_failure(cr, why: str) -> None:
    """End the statement with a serialization failure: the unit of work runs the whole call
    again on a new snapshot (what PostgreSQL itself does for a concurrent update)."""
    cr.execute(SQL("DO $$ BEGIN RAISE EXCEPTION %s USING ERRCODE = 'serialization_failure'; END $$",
                   SQL(_quote_literal(why))), log_exceptions=False)


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''").replace("$", "") + "'"


SESSION_STATES = [
    ("opening_control", "Opening Control"),
    ("opened", "In Progress"),
    ("closing_control", "Closing Control"),
    ("closed", "Closed & Posted"),
]


class PosSession(models.Model):
    _name = "pos.session"
    _description = "Point of Sale Session"
    _order = "id desc"
    # its chatter tells the cash counts and notes of its opening and closing (pos_session_closing)
    _inherit = ["mail.thread", "mail.activity.mixin"]

    name = fields.Char("Session ID", required=True, readonly=True, default="/", copy=False)
    config_id = fields.Many2one("pos.config", "Point of Sale", required=True, index=True,
                                ondelete="restrict")
    company_id = fields.Many2one("res.company", related="config_id.company_id", store=True,
                                 string="Company")
    currency_id = fields.Many2one("res.currency", related="config_id.currency_id", string="Currency")
    user_id = fields.Many2one("res.users", "Opened By", required=True, index=True,
                              default=lambda self: self.env.uid, ondelete="restrict")
    start_at = fields.Datetime("Opening Date", readonly=True)
    stop_at = fields.Datetime("Closing Date", readonly=True, copy=False)
    state = fields.Selection(SESSION_STATES, "Status", required=True, readonly=True, index=True,
                             copy=False, default="opening_control")
    sequence_number = fields.Integer("Order Sequence Number", default=1,
                                     help="A sequence number that is incremented with each order")
    login_number = fields.Integer("Login Sequence Number", default=0,
                                  help="A sequence number that is incremented each time a user "
                                       "resumes the pos session")
    rescue = fields.Boolean("Recovery Session", readonly=True, copy=False,
                            help="Holds the orders synchronised after their session was closed.")
    opening_notes = fields.Text("Opening Notes")
    closing_notes = fields.Text("Closing Notes")
    access_token = fields.Char("Access Token", copy=False, default=lambda self: uuid.uuid4().hex)
    update_stock_at_closing = fields.Boolean("Stock should be updated at closing")

    cash_control = fields.Boolean(compute="_compute_cash_control", string="Has Cash Control")
    cash_journal_id = fields.Many2one("account.journal", compute="_compute_cash_journal",
                                      string="Cash Journal", store=True)
    cash_register_balance_start = fields.Float("Starting Balance", digits=0, readonly=True)
    cash_register_balance_end_real = fields.Float("Ending Balance", digits=0, readonly=True)
    cash_register_total_entry_encoding = fields.Float(
        "Total Cash Transaction", compute="_compute_cash_balance", digits=0)
    cash_register_balance_end = fields.Float("Theoretical Closing Balance", compute="_compute_cash_balance",
                                             digits=0)
    cash_register_difference = fields.Float("Before Closing Difference", compute="_compute_cash_balance",
                                            digits=0)
    cash_real_transaction = fields.Float("Transaction", readonly=True)
    opening_cash_difference = fields.Float(
        "Opening Difference", digits=0, readonly=True, copy=False,
        help="The opening count less the last closing count, booked as a cash line (Odoo's "
             "'Cash difference observed during the counting (...) - opening').")

    order_ids = fields.One2many("pos.order", "session_id", "Orders")
    order_count = fields.Integer(compute="_compute_order_count")
    payment_method_ids = fields.Many2many("pos.payment.method", related="config_id.payment_method_ids",
                                          string="Payment Methods")
    total_payments_amount = fields.Float(compute="_compute_total_payments_amount",
                                         string="Total Payments Amount")
    is_in_company_currency = fields.Boolean(compute="_compute_is_in_company_currency")

    _sql_constraints = [
        ("uniq_name", "unique(name)", "The name of this POS Session must be unique!"),
        # _check_pos_config's rule, kept by PostgreSQL too: two cashiers opening the till at
        # the same moment each see no other session in their snapshot, the index does
        ("one_open_session_per_config",
         "EXCLUDE USING btree (config_id WITH =) WHERE (state != 'closed' AND rescue IS NOT TRUE)",
         "Another session is already opened for this point of sale."),
        # one rescue session taking the late orders of a till at a time
        ("one_rescue_session_per_config",
         "EXCLUDE USING btree (config_id WITH =) WHERE (rescue AND state NOT IN ('closing_control', 'closed'))",
         "Another rescue session is already open for this point of sale."),
    ]

    # -- computes ----------------------------------------------------------------------------------

    # two computes, not one: reading the (not stored) cash_control would otherwise assign the
    # stored journal again, and a closing's mere check would write the session's row (and
    # wait on the lock of the orders being stored in it)
    @api.depends("config_id", "payment_method_ids")
    def _compute_cash_control(self):
        for session in self:
            cash = session.payment_method_ids.filtered("is_cash_count")[:1]
            session.cash_control = bool(cash) and session.config_id.cash_control

    @api.depends("config_id", "payment_method_ids")
    def _compute_cash_journal(self):
        for session in self:
            session.cash_journal_id = session.payment_method_ids.filtered("is_cash_count")[:1].journal_id

    @api.depends("order_ids.payment_ids.amount", "cash_register_balance_start",
                 "cash_register_balance_end_real", "cash_real_transaction", "opening_cash_difference")
    def _compute_cash_balance(self):
        for session in self:
            cash_payments = session._cash_payments_total() if session.cash_control else 0.0
            # the cash lines (cash_real_transaction) hold the opening difference too: Odoo's
            # expected count starts from the last closing count, not from the opening count
            session.cash_register_total_entry_encoding = cash_payments + session.cash_real_transaction
            session.cash_register_balance_end = (session._expected_opening_cash()
                                                 + session.cash_register_total_entry_encoding)
            session.cash_register_difference = (session.cash_register_balance_end_real
                                                - session.cash_register_balance_end)

    def _expected_opening_cash(self) -> float:
        """What the drawer should have held at opening: the last closing count."""
        return self.cash_register_balance_start - self.opening_cash_difference

    def _cash_payments_total(self) -> float:
        """The cash taken by the orders of the session (change given back deducted)."""
        self.ensure_one()
        self.env["pos.payment"].flush_model(["amount", "session_id", "payment_method_id", "pos_order_id"])
        self.env["pos.order"].flush_model(["state"])
        self.env["pos.payment.method"].flush_model(["is_cash_count"])
        # one join on the session's payments (a domain on pos_order_id.state would read the
        # ids of every order not cancelled, of all sessions)
        self.env.cr.execute(SQL("""
            SELECT COALESCE(SUM(p.amount), 0) FROM pos_payment p
              JOIN pos_payment_method m ON m.id = p.payment_method_id
              JOIN pos_order o ON o.id = p.pos_order_id
             WHERE p.session_id = %s AND m.is_cash_count AND o.state IS DISTINCT FROM 'cancel'
        """, self.id))
        return float(self.env.cr.fetchone()[0])

    def _compute_order_count(self):
        counts = dict(self.env["pos.order"]._read_group(
            [("session_id", "in", self.ids)], ["session_id"], ["__count"]))
        for session in self:
            session.order_count = counts.get(session, 0)

    def _compute_total_payments_amount(self):
        sums = dict(self.env["pos.payment"]._read_group(
            [("session_id", "in", self.ids)], ["session_id"], ["amount:sum"]))
        for session in self:
            session.total_payments_amount = sums.get(session, 0.0)

    def _compute_is_in_company_currency(self):
        for session in self:
            session.is_in_company_currency = session.currency_id == session.company_id.currency_id

    # -- constraints -------------------------------------------------------------------------------

    @api.constrains("config_id", "state", "rescue")
    def _check_pos_config(self):
        for session in self:
            if session.rescue or session.state == "closed":
                continue
            others = self.sudo().search_count([
                ("config_id", "=", session.config_id.id), ("state", "!=", "closed"),
                ("rescue", "=", False), ("id", "!=", session.id)])
            if others:
                raise ValidationError(_("Another session is already opened for this point of sale."))

    @api.constrains("start_at")
    def _check_start_date(self):
        for session in self:
            lock = session.company_id.period_lock_date
            if lock and session.start_at and session.start_at.date() <= lock:
                raise ValidationError(_("You cannot create a session before the accounting lock "
                                        "date (%s).", lock))

    # -- create and open ---------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("config_id"):
                raise UserError(_("You should assign a Point of Sale to your session."))
            config = self.env["pos.config"].browse(vals["config_id"])
            config.sudo()._check_before_creating_new_session()
            if not vals.get("rescue") and self.sudo().search_count(
                    [("config_id", "=", config.id), ("state", "!=", "closed"), ("rescue", "=", False)]):
                # said before the INSERT, which the exclusion constraint would refuse
                raise ValidationError(_("Another session is already opened for this point of sale."))
            number = self.env["ir.sequence"].sudo().with_company(config.company_id).next_by_code("pos.session")
            if vals.get("name") and vals["name"] != "/":
                number = f"{number} {vals['name']}" if number else vals["name"]
            vals["name"] = number or "/"
        if self.env.user.has_group("point_of_sale.group_pos_user"):
            sessions = super(PosSession, self.sudo()).create(vals_list).with_env(self.env)
        else:
            sessions = super().create(vals_list)
        sessions.action_pos_session_open()
        return sessions

    #: what only the session's actions change (they write as superuser after their checks)
    PROTECTED_FIELDS = frozenset({"state", "start_at", "stop_at", "rescue", "config_id", "user_id",
                                  "cash_register_balance_start", "cash_register_balance_end_real",
                                  "opening_cash_difference"})

    def write(self, vals):
        protected = self.PROTECTED_FIELDS & set(vals)
        if protected and not self.env.su and not self.env.user.has_group("point_of_sale.group_pos_manager"):
            raise UserError(_("%(fields)s of a session change through its actions (open, count the "
                              "cash, close), not by writing them.", fields=", ".join(sorted(protected))))
        return super().write(vals)

    def action_pos_session_open(self) -> bool:
        """Start the session: with cash control it waits in ``opening_control`` for the count
        of the drawer (the last closing count is proposed), else it is ``opened`` at once."""
        for session in self.filtered(lambda s: s.state == "opening_control"):
            values = {"start_at": session.start_at or fields.Datetime.now()}
            if session.config_id.cash_control and not session.rescue:
                last = self.sudo().search([("config_id", "=", session.config_id.id),
                                           ("state", "=", "closed"), ("id", "!=", session.id)],
                                          order="id desc", limit=1)
                values["cash_register_balance_start"] = last.cash_register_balance_end_real
            else:
                values["state"] = "opened"
            session.sudo().write(values)
        return True

    def _check_state(self, allowed: tuple, action: str) -> None:
        """Refuse ``action`` on a session in another state than ``allowed``."""
        labels = dict(SESSION_STATES)
        for session in self:
            if session.state not in allowed:
                raise UserError(_(
                    "Session %(session)s is in state '%(state)s': you can only %(action)s a session "
                    "in state %(allowed)s.", session=session.name, state=labels[session.state],
                    action=action, allowed=" or ".join(f"'{labels[s]}'" for s in allowed)))

    def set_cashbox_pos(self, cashbox_value: float, notes: str | None = None) -> None:
        """Opening control from the UI: the counted drawer and the opening notes; opens.
        A count that differs from the last closing count (the proposed starting balance) is
        booked as Odoo 17 books it: a cash line of the difference in the cash journal, left on
        its suspense account, labelled "Cash difference observed during the counting (Loss |
        Profit) - opening"; the closing's expected count still starts from the last closing
        count, so the drawer is not counted twice."""
        self.ensure_one()
        self._check_state(("opening_control",), _("count the opening cash of"))
        self._check_own_session_or_manager(_("open"))
        difference = self.currency_id.round(cashbox_value - self.cash_register_balance_start) \
            if self.cash_control else 0.0
        if difference:
            self.sudo()._cash_difference_account(difference)    # refused before anything is written
        self.sudo().write({"state": "opened", "opening_notes": notes or False,
                           "cash_register_balance_start": cashbox_value, "opening_cash_difference": difference,
                           "cash_real_transaction": self.cash_real_transaction + difference})
        if difference:
            self.sudo()._post_statement_difference(difference, is_opening=True)
            _logger.info("opening count of %s differs by %s from the last closing count", self.name, difference)
        self._post_cash_details_message("Opening", difference, notes)

    def login(self) -> int:
        """The browser loaded the POS once more: a new login number for its order names."""
        self.ensure_one()
        number = self.login_number + 1
        self.sudo().write({"login_number": number})
        return number

    # -- orders arriving while the session closes ---------------------------------------------------

    def _lock_for_new_order(self) -> str:
        """The session's state, read under a share lock held until the transaction ends.

        Orders being stored hold it; closing takes the row for update, so it waits for them,
        and an order whose snapshot predates a closing gets a serialization failure here (its
        call runs again and finds the session closed: a rescue session takes it)."""
        self.ensure_one()
        return self._lock_for_new_orders()[self.id]

    def _lock_for_new_orders(self) -> dict:
        """``{session id: state}`` of these sessions (those that exist), each read under a
        share lock as ``_lock_for_new_order`` does, in one query."""
        if not self.ids:
            return {}
        self.flush_recordset()
        self.env.cr.execute(self._new_orders_lock())
        return self._new_orders_locked(self.env.cr.fetchall())

    def _new_orders_lock(self) -> SQL:
        """The query of ``_lock_for_new_orders`` (these sessions flushed), for a caller that
        sends it with other reads; its rows go to ``_new_orders_locked``."""
        return SQL("SELECT id, state FROM pos_session WHERE id IN %s ORDER BY id FOR SHARE", tuple(self.ids))

    def _new_orders_locked(self, rows: list) -> dict:
        """``_lock_for_new_orders``'s answer from the rows of ``_new_orders_lock``."""
        self.invalidate_recordset(["state"])
        return dict(rows)

    def _stop_new_orders(self) -> None:
        """Move these sessions to ``closing_control`` in a transaction of its own, committed at
        once, before the closing reads anything: from then on the orders still arriving go to
        a rescue session. Done inside the closing's transaction, the change would wait for the
        orders in progress and then meet the next ones, and a till that never stops selling
        would keep the closing from ever seeing all its orders (each try ends in a
        serialization failure, see ``_lock_for_closing``). When a row did change and the
        closing's snapshot (taken by its first checks) predates it, writing the session would
        end in a serialization failure and the back-off of a real one: the call is run again
        at once instead (``RunAgain``), on a snapshot that holds every order of the session,
        and that second run finds nothing left to move. Odoo's closing screen makes the same
        move first (``update_closing_control_state_session``);
        a closing that fails later leaves the session there, as Odoo's does."""
        if not self.ids:
            return
        with self.env.registry.cursor() as stopper:
            stopper.queue("SET LOCAL lock_timeout = '10s'")      # sent with the UPDATE
            stopper.execute(SQL("UPDATE pos_session SET state = 'closing_control', stop_at = coalesce("
                                "stop_at, now() AT TIME ZONE 'UTC') WHERE id IN %s AND state IN "
                                "('opening_control', 'opened')", tuple(self.ids)))
            stopped = stopper.rowcount
        if stopped and self._sessions_still_open_in_snapshot():
            raise RunAgain(f"{stopped} session(s) moved to closing control; closing them on a new snapshot")

    def _sessions_still_open_in_snapshot(self) -> bool:
        """Whether this transaction still sees any of these sessions before closing control
        (its snapshot predates the move; a test cursor sharing one transaction sees it)."""
        self.env.cr.execute(SQL("SELECT 1 FROM pos_session WHERE id IN %s AND state IN ('opening_control', "
                                "'opened') LIMIT 1", tuple(self.ids)))
        return bool(self.env.cr.fetchone())

    def _lock_for_closing(self) -> None:
        """Stop new orders from joining these sessions, then make sure this transaction sees
        every order that did: one stored after this transaction's snapshot was taken (its
        share lock released before ours was granted) would not be closed with its session,
        so the closing runs again on a new snapshot."""
        if not self.ids:
            return
        self.env.cr.execute(SQL("SELECT id FROM pos_session WHERE id IN %s ORDER BY id FOR UPDATE",
                                tuple(self.ids)))
        self.env.flush_all()
        orders = SQL("SELECT id FROM pos_order WHERE session_id IN %s", tuple(self.ids))
        self.env.cr.execute(orders)
        seen = {row[0] for row in self.env.cr.fetchall()}
        with self.env.registry.cursor() as fresh:      # a snapshot taken now, after the lock
            fresh.execute(orders)
            committed = {row[0] for row in fresh.fetchall()}
        if committed - seen:
            raise_serialization_failure(self.env.cr, "orders were stored in the session while it "
                                                     "was being closed")

    def _check_own_session_or_manager(self, action: str) -> None:
        """A cashier may only act on the sessions they opened; managers on any."""
        if self.env.su or self.env.user.has_group("point_of_sale.group_pos_manager"):
            return
        for session in self:
            if session.user_id != self.env.user:
                raise UserError(_("Only a Point of Sale manager or %(cashier)s, who opened %(session)s, "
                                  "may %(action)s it.", cashier=session.user_id.name,
                                  session=session.name, action=action))

    def _open_session_form(self) -> dict:
        self.ensure_one()
        return {"name": _("Session"), "type": "ir.actions.act_window", "res_model": "pos.session",
                "view_mode": "form", "res_id": self.id}

    def open_frontend_cb(self) -> dict:
        self.ensure_one()
        return self.config_id.open_ui()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_orders(self):
        for session in self:
            if session.sudo().order_ids:
                raise UserError(_("Session %s has orders: it cannot be deleted.", session.name))
