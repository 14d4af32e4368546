from odoo import fields, models


class TestOrder(models.Model):
    _inherit = "test.order"

    state = fields.Selection(selection_add=[("sent", "Sent"), ("paid",)],
                             ondelete={"sent": "set default"})
    priority = fields.Integer(default=1)
    name = fields.Char(string="Reference")

    def action_pay(self):
        self._trace("ext1>")
        return super().action_pay()


class TestThing(models.Model):
    _inherit = "test.thing"

    weight = fields.Float()
