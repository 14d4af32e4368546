from odoo import api, fields, models


class TestOrder(models.Model):
    _inherit = "test.order"

    priority = fields.Integer(default=5)
    vip = fields.Boolean(compute="_compute_vip", store=True)

    @api.depends("priority", "amount_total")
    def _compute_vip(self):
        for order in self:
            order.vip = order.priority > 3 and order.amount_total > 100

    def action_pay(self):
        self._trace("ext2>")
        return super().action_pay()

    # a mixin-style dependency list: the callable calls an @api.model helper on the model,
    # as OCA's product_secondary_unit does, so it must be given a recordset, not the class
    priority_label = fields.Char(compute="_compute_priority_label")

    @api.model
    def _priority_label_depends(self):
        return ["priority"]

    @api.depends(lambda self: self._priority_label_depends())
    def _compute_priority_label(self):
        for order in self:
            order.priority_label = f"P{order.priority}"
