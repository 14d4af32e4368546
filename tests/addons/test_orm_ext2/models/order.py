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
