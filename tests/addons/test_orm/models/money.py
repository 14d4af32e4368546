"""Amounts in a currency: monetary fields rounded to it, given directly or through a link."""
from odoo import api, fields, models


class TestMoneyOrder(models.Model):
    _name = "test.money.order"
    _description = "An order with a currency"

    name = fields.Char()
    currency_id = fields.Many2one("res.currency")
    line_ids = fields.One2many("test.money.line", "order_id")


class TestMoneyLine(models.Model):
    _name = "test.money.line"
    _description = "A line in its order's currency"

    order_id = fields.Many2one("test.money.order", ondelete="cascade")
    currency_id = fields.Many2one("res.currency", related="order_id.currency_id")
    amount = fields.Monetary()
    ratio = fields.Float(default=1.0)
    scaled = fields.Monetary(compute="_compute_scaled", store=True)

    @api.depends("amount", "ratio")
    def _compute_scaled(self):
        for line in self:
            line.scaled = line.amount * line.ratio
