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


class TestMoneyReport(models.Model):
    """A report read from a query over the lines: one row per order."""

    _name = "test.money.report"
    _description = "Amounts per order"
    _auto = False
    _order = "amount desc"

    order_id = fields.Many2one("test.money.order", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    line_count = fields.Integer(readonly=True)
    amount = fields.Monetary(readonly=True)

    @property
    def _table_query(self):
        return ("SELECT line.order_id AS id, line.order_id, money_order.currency_id, "
                "COUNT(*) AS line_count, SUM(line.amount) AS amount "
                "FROM test_money_line line JOIN test_money_order money_order "
                "ON money_order.id = line.order_id GROUP BY line.order_id, money_order.currency_id")
