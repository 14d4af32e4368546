"""An order with lines: stored computes through one2many, related fields, constraints, ondelete."""
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class TestTag(models.Model):
    _name = "test.tag"
    _description = "Tag"
    _order = "name"

    name = fields.Char(required=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    def _register_hook(self):
        # as addons set things up once the registry is loaded (counted for the tests)
        super()._register_hook()
        type(self)._register_hook_calls = getattr(type(self), "_register_hook_calls", 0) + 1


class TestOrder(models.Model):
    _name = "test.order"
    _description = "Test Order"
    _order = "date desc, id desc"

    name = fields.Char(required=True, default="/")
    date = fields.Date(default=fields.Date.today)
    partner_id = fields.Many2one("res.partner", ondelete="restrict")
    partner_email = fields.Char(related="partner_id.email")
    partner_city = fields.Char(related="partner_id.city", store=True, string="City")
    line_ids = fields.One2many("test.order.line", "order_id", string="Lines")
    tag_ids = fields.Many2many("test.tag", string="Tags")
    state = fields.Selection([("draft", "New"), ("paid", "Paid")], default="draft", required=True)
    amount_total = fields.Float(compute="_compute_amounts", store=True, digits=(16, 2))
    line_count = fields.Integer(compute="_compute_amounts", store=True)
    amount_doubled = fields.Float(compute="_compute_doubled")
    note = fields.Text()
    trace = fields.Char()
    sequence = fields.Integer(default=10)

    _sql_constraints = [("name_uniq", "unique(name)", "Order names must be unique.")]

    @api.depends("line_ids.subtotal")
    def _compute_amounts(self):
        for order in self:
            order.amount_total = sum(order.line_ids.mapped("subtotal"))
            order.line_count = len(order.line_ids)

    @api.depends("amount_total")
    def _compute_doubled(self):
        for order in self:
            order.amount_doubled = order.amount_total * 2

    @api.constrains("note")
    def _check_note(self):
        for order in self:
            if order.note and "forbidden" in order.note:
                raise ValidationError(f"Order {order.name}: the note may not say 'forbidden'.")

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(order.state == "paid" for order in self):
            raise UserError("Paid orders cannot be deleted.")

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.note = f"for {self.partner_id.name}"

    def action_pay(self):
        self.write({"state": "paid"})
        return True

    def _trace(self, label):
        for order in self:
            order.trace = f"{order.trace or ''}{label}"


class TestOrderLine(models.Model):
    _name = "test.order.line"
    _description = "Test Order Line"
    _order = "sequence, id"

    order_id = fields.Many2one("test.order", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    product = fields.Char(required=True)
    qty = fields.Float(default=1.0)
    price = fields.Float()
    subtotal = fields.Float(compute="_compute_subtotal", store=True)
    order_state = fields.Selection(related="order_id.state", string="Order State")
    order_partner_id = fields.Many2one(related="order_id.partner_id", store=True)

    @api.depends("qty", "price")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.qty * line.price
