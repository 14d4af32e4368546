"""Orders of the tills (``pos.order``): lines, payments, states, numbers and refunds.

States: ``draft`` (saved, not paid) → ``paid`` → ``done`` (its session closed) or
``invoiced``; ``cancel``. Orders arrive from the browser through ``pos_order_sync.py``.
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ORDER_STATES = [("draft", "New"), ("cancel", "Cancelled"), ("paid", "Paid"), ("done", "Posted"),
                ("invoiced", "Invoiced")]


class PosOrder(models.Model):
    _name = "pos.order"
    _description = "Point of Sale Orders"
    _order = "date_order desc, name desc, id desc"

    name = fields.Char("Order Ref", required=True, readonly=True, copy=False, default="/")
    pos_reference = fields.Char("Receipt Number", readonly=True, copy=False, index=True)
    uuid = fields.Char("Client Identifier", readonly=True, copy=False,
                       help="The identifier the browser gave the order; one order per identifier.")
    date_order = fields.Datetime("Date", readonly=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", "Employee", default=lambda self: self.env.uid,
                              help="The person who uses the cash register.")
    session_id = fields.Many2one("pos.session", "Session", required=True, index=True,
                                 readonly=True, ondelete="restrict")
    config_id = fields.Many2one("pos.config", related="session_id.config_id", store=True,
                                string="Point of Sale")
    company_id = fields.Many2one("res.company", "Company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", related="config_id.currency_id", string="Currency")
    currency_rate = fields.Float("Currency Rate", compute="_compute_currency_rate", compute_sudo=True,
                                 store=True, digits=0, readonly=True, precompute=True)
    partner_id = fields.Many2one("res.partner", "Customer", index="btree_not_null")
    pricelist_id = fields.Many2one("product.pricelist", "Pricelist")
    fiscal_position_id = fields.Many2one("account.fiscal.position", "Fiscal Position")
    sale_journal = fields.Many2one("account.journal", related="session_id.config_id.journal_id",
                                   string="Sales Journal")
    sequence_number = fields.Integer("Sequence Number", default=1)
    lines = fields.One2many("pos.order.line", "order_id", "Order Lines", copy=True)
    payment_ids = fields.One2many("pos.payment", "pos_order_id", "Payments")
    amount_tax = fields.Float("Taxes", digits=0, readonly=True, required=True)
    amount_total = fields.Float("Total", digits=0, readonly=True, required=True)
    amount_paid = fields.Float("Paid", digits=0, required=True)
    amount_return = fields.Float("Returned", digits=0, readonly=True, required=True)
    state = fields.Selection(ORDER_STATES, "Status", readonly=True, copy=False, default="draft",
                             index=True)
    to_invoice = fields.Boolean("To invoice", copy=False)
    is_invoiced = fields.Boolean("Is Invoiced", compute="_compute_is_invoiced")
    shipping_date = fields.Date("Shipping Date")
    note = fields.Text("Internal Notes")
    nb_print = fields.Integer("Number of Print", readonly=True, copy=False, default=0)
    is_tipped = fields.Boolean("Is this already tipped?", readonly=True)
    tip_amount = fields.Float("Tip Amount", digits=0, readonly=True)
    access_token = fields.Char("Security Token", copy=False)
    ticket_code = fields.Char("Ticket Code", copy=False)
    refunded_order_ids = fields.Many2many("pos.order", compute="_compute_refund_related_fields",
                                          string="Refunded Orders")
    refund_orders_count = fields.Integer("Number of Refund Orders",
                                         compute="_compute_refund_related_fields")
    has_refundable_lines = fields.Boolean("Has Refundable Lines", compute="_compute_has_refundable_lines")
    is_refunded = fields.Boolean(compute="_compute_refund_related_fields")

    def init(self):
        """One order per client identifier: a replayed or concurrent send finds the first."""
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS pos_order_uuid_unique ON %s (uuid) WHERE uuid IS NOT NULL",
            SQL.identifier(self._table)))

    # -- computes ----------------------------------------------------------------------------------

    @api.depends("date_order", "company_id", "currency_id", "company_id.currency_id")
    def _compute_currency_rate(self):
        for order in self:
            date = order.date_order.date() if order.date_order else fields.Date.context_today(order)
            order.currency_rate = self.env["res.currency"]._get_conversion_rate(
                order.company_id.currency_id, order.currency_id, order.company_id, date)

    def _compute_is_invoiced(self):
        for order in self:
            order.is_invoiced = order.state == "invoiced"

    @api.depends("lines.refund_orderline_ids", "lines.refunded_orderline_id")
    def _compute_refund_related_fields(self):
        for order in self:
            order.refunded_order_ids = order.lines.mapped("refunded_orderline_id.order_id")
            order.refund_orders_count = len(order.lines.mapped("refund_orderline_ids.order_id"))
            order.is_refunded = bool(order.refund_orders_count)

    @api.depends("lines.refunded_qty", "lines.qty")
    def _compute_has_refundable_lines(self):
        for order in self:
            order.has_refundable_lines = any(line.qty > line.refunded_qty for line in order.lines)

    # -- checks ------------------------------------------------------------------------------------

    @api.constrains("company_id", "session_id")
    def _check_session_company(self):
        # each session's company read once: a batch of orders costs one comparison per order
        transaction = self.env.transaction
        sessions = transaction.get_values(self, self._fields["session_id"])
        companies = transaction.get_values(self, self._fields["company_id"])
        session_companies: dict = {}
        for order_id, session_id, company_id in zip(self._ids, sessions, companies):
            if session_id not in session_companies:
                session_companies[session_id] = \
                    self.env["pos.session"].browse(session_id or ()).company_id.id
            if session_companies[session_id] and company_id != session_companies[session_id]:
                order = self.browse(order_id)
                raise ValidationError(_("Order %s must belong to the company of its session.",
                                        order.pos_reference or order.name))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft_or_cancel(self):
        for order in self:
            if order.state not in ("draft", "cancel"):
                raise UserError(_("In order to delete a sale, it must be new or cancelled."))

    # -- numbers and amounts ------------------------------------------------------------------------

    def _compute_order_name(self) -> str:
        """The next number of the till's order sequence."""
        self.ensure_one()
        sequence = self.session_id.config_id.sequence_id
        return sequence.sudo()._next() if sequence else \
            self.env["ir.sequence"].sudo().next_by_code("pos.order") or "/"

    def _set_paid_names(self) -> None:
        for order in self:
            if order.name == "/":
                order.name = order._compute_order_name()

    def _amounts_from_lines(self, line_taxes: list[float] | None = None) -> tuple[float, float]:
        """(tax, total) of the order from its stored lines, rounded to its currency. The tax is
        the sum of the lines' tax amounts as the tax engine gives them (``line_taxes``, one sum
        per line, when the caller has them), rounded once: with the company's
        ``round_globally`` those are unrounded, so the order's tax is rounded once per order,
        as Odoo 17 does and as the closing entry books it."""
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id
        if line_taxes is None:
            line_taxes = [sum(tax["amount"] for tax in line._compute_amount_line_all()["taxes"])
                          for line in self.lines]
        tax = currency.round(sum(line_taxes))
        untaxed = currency.round(sum(self.lines.mapped("price_subtotal")))
        return tax, currency.round(tax + untaxed)

    def _is_pos_order_paid(self) -> bool:
        """The payments cover the total (cash rounding allowed for)."""
        self.ensure_one()
        return self._paid_in_full(self.config_id, self.currency_id or self.company_id.currency_id,
                                  self.amount_total, self.amount_paid)

    @api.model
    def _paid_in_full(self, config, currency, total: float, paid: float) -> bool:
        """Whether ``paid`` covers ``total`` at till ``config`` (its cash rounding allowed for)."""
        difference = total - paid
        if config.cash_rounding and config.rounding_method:
            tolerance = config.rounding_method.rounding
            return abs(difference) < tolerance - currency.rounding / 2 or currency.is_zero(difference)
        return currency.is_zero(difference)

    def action_pos_order_paid(self) -> bool:
        self.ensure_one()
        if not self._is_pos_order_paid():
            raise UserError(_("Order %s is not fully paid.", self.pos_reference or self.name))
        self.write({"state": "paid"})
        self._set_paid_names()
        return True

    def action_pos_order_cancel(self) -> bool:
        cancellable = self.filtered(lambda order: order.state == "draft")
        if cancellable != self:
            raise UserError(_("Only new orders can be cancelled: %s.",
                              ", ".join((self - cancellable).mapped("name"))))
        cancellable.write({"state": "cancel"})
        return True

    def add_payment(self, data: dict) -> None:
        """Add one payment to the order and recompute what is paid."""
        self.ensure_one()
        self.env["pos.payment"].create(data)
        self.amount_paid = sum(self.payment_ids.mapped("amount"))

    def _compute_batch_amount_all(self) -> None:
        for order in self:
            order.amount_tax, order.amount_total = order._amounts_from_lines()
            order.amount_paid = sum(order.payment_ids.mapped("amount"))
            order.amount_return = -sum(order.payment_ids.filtered(lambda p: p.amount < 0).mapped("amount"))

    # -- refunds --------------------------------------------------------------------------------------

    def refund(self) -> dict:
        """A draft order in the current session giving back every refundable quantity."""
        refunds = self.env["pos.order"]
        for order in self:
            session = order.session_id.config_id.current_session_id
            if not session or session.state != "opened":
                raise UserError(_("To return product(s), you need to open a session in the POS %s",
                                  order.session_id.config_id.display_name))
            lines = [
                (0, 0, {"product_id": line.product_id.id, "qty": -(line.qty - line.refunded_qty),
                        "price_unit": line.price_unit, "discount": line.discount,
                        "tax_ids": [(6, 0, line.tax_ids.ids)], "refunded_orderline_id": line.id,
                        "price_subtotal": 0.0, "price_subtotal_incl": 0.0,
                        "full_product_name": line.full_product_name})
                for line in order.lines if line.qty > line.refunded_qty]
            if not lines:
                raise UserError(_("Everything of %s was refunded already.", order.name))
            refund = self.create({
                "session_id": session.id, "company_id": order.company_id.id,
                "partner_id": order.partner_id.id, "pricelist_id": order.pricelist_id.id,
                "fiscal_position_id": order.fiscal_position_id.id,
                "pos_reference": order.pos_reference, "amount_tax": 0.0, "amount_total": 0.0,
                "amount_paid": 0.0, "amount_return": 0.0, "lines": lines})
            refund.lines._recompute_amounts()
            refund._compute_batch_amount_all()
            refunds |= refund
        return {"name": _("Return Products"), "type": "ir.actions.act_window", "res_model": "pos.order",
                "view_mode": "form", "res_id": refunds[:1].id, "domain": [("id", "in", refunds.ids)]}

    def action_view_invoice(self) -> dict:
        """The order's invoice, in its form (the order form's button)."""
        return {"name": _("Customer Invoice"), "type": "ir.actions.act_window", "res_model": "account.move",
                "view_mode": "form", "res_id": self.account_move.id,
                "context": {"default_move_type": "out_invoice"}}

    def action_view_refund_orders(self) -> dict:
        """The orders that gave back products of this one."""
        return self._orders_action(_("Refund Orders"), self.lines.refund_orderline_ids.order_id)

    def action_view_refunded_orders(self) -> dict:
        """The orders this one gave products back from."""
        return self._orders_action(_("Refunded Orders"), self.refunded_order_ids)

    def _orders_action(self, name: str, orders) -> dict:
        action = {"name": name, "type": "ir.actions.act_window", "res_model": "pos.order",
                  "view_mode": "tree,form", "domain": [("id", "in", orders.ids)]}
        if len(orders) == 1:
            action.update(view_mode="form", res_id=orders.id)
        return action

    # -- the UI's helpers ----------------------------------------------------------------------------------

    @api.model
    def remove_from_ui(self, server_ids: list) -> list:
        """Cancel and delete draft orders the browser dropped; answers their ids."""
        orders = self.search([("id", "in", server_ids), ("state", "=", "draft")])
        orders.write({"state": "cancel"})
        orders.mapped("payment_ids").sudo().unlink()
        orders.sudo().unlink()
        return orders.ids

    @api.model
    def search_paid_order_ids(self, config_id: int, domain: list, limit: int, offset: int) -> dict:
        full = [("config_id", "=", config_id), ("state", "!=", "draft"), *domain]
        orders = self.search(full, limit=limit, offset=offset)
        return {"ordersInfo": [[order.id, order.write_date] for order in orders],
                "totalCount": self.search_count(full)}

    def export_for_ui(self) -> list:
        return [order._export_for_ui() for order in self]

    def _export_for_ui(self) -> dict:
        self.ensure_one()
        return {
            "lines": [[0, 0, line._export_for_ui()] for line in self.lines],
            "statement_ids": [[0, 0, payment._export_for_ui()] for payment in self.payment_ids
                              if not payment.is_change],
            "name": self.pos_reference, "uid": (self.pos_reference or "").removeprefix("Order "),
            "uuid": self.uuid, "amount_paid": self.amount_paid, "amount_total": self.amount_total,
            "amount_tax": self.amount_tax, "amount_return": self.amount_return,
            "pos_session_id": self.session_id.id, "pricelist_id": self.pricelist_id.id,
            "partner_id": self.partner_id.id, "user_id": self.user_id.id,
            "sequence_number": self.sequence_number, "date_order": str(self.date_order),
            "fiscal_position_id": self.fiscal_position_id.id, "to_invoice": self.to_invoice,
            "state": self.state, "account_move": self.account_move.id, "id": self.id, "is_tipped": self.is_tipped,
            "tip_amount": self.tip_amount, "access_token": self.access_token,
            "ticket_code": self.ticket_code, "server_id": self.id,
        }
