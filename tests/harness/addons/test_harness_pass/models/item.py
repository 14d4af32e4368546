"""An item with lines: onchanges, a stored total and a business rule, for the harness tests."""
from odoo import api, fields, models
from odoo.exceptions import UserError


class HarnessItem(models.Model):
    _name = "test.harness.item"
    _description = "Harness Item"

    name = fields.Char(required=True)
    partner_id = fields.Many2one("res.partner")
    note = fields.Char()
    qty = fields.Integer(default=1)
    line_ids = fields.One2many("test.harness.line", "item_id")
    total = fields.Float(compute="_compute_total", store=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    @api.depends("line_ids.amount")
    def _compute_total(self):
        for item in self:
            item.total = sum(item.line_ids.mapped("amount"))

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.note = f"for {self.partner_id.name}"

    def action_done(self):
        if any(item.state == "done" for item in self):
            raise UserError("This item is already done.")
        self.write({"state": "done"})


class HarnessLine(models.Model):
    _name = "test.harness.line"
    _description = "Harness Line"

    item_id = fields.Many2one("test.harness.item", required=True, ondelete="cascade")
    label = fields.Char(required=True)
    amount = fields.Float()
