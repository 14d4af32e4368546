"""Margins (Odoo 17): a line's margin is its untaxed amount less its total cost; an order's,
the sum of its lines'. The cost is known once ``total_cost`` is computed
(``is_total_cost_computed``): the report and the views show the margin only then."""
from __future__ import annotations

from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    margin = fields.Monetary("Margin", compute="_compute_margin")
    margin_percent = fields.Float("Margin (%)", compute="_compute_margin", digits=(12, 4))
    is_total_cost_computed = fields.Boolean(
        help="Allows to know if the total cost has already been computed or not")

    @api.depends("price_subtotal", "total_cost")
    def _compute_margin(self):
        for line in self:
            line.margin = line.price_subtotal - line.total_cost
            rounding = line.currency_id.rounding or 0.01
            line.margin_percent = line.margin / line.price_subtotal \
                if abs(line.price_subtotal) >= rounding / 2 else 0.0


class PosOrder(models.Model):
    _inherit = "pos.order"

    margin = fields.Monetary("Margin", compute="_compute_margin")
    margin_percent = fields.Float("Margin (%)", compute="_compute_margin", digits=(12, 4))
    is_total_cost_computed = fields.Boolean(
        compute="_compute_is_total_cost_computed",
        help="Allows to know if all the total cost of the order lines have already been computed")

    @api.depends("lines.margin", "lines.price_subtotal")
    def _compute_margin(self):
        for order in self:
            order.margin = sum(order.lines.mapped("margin"))
            currency = order.currency_id or order.company_id.currency_id
            untaxed = currency.round(sum(order.lines.mapped("price_subtotal")))
            order.margin_percent = order.margin / untaxed if not currency.is_zero(untaxed) else 0.0

    @api.depends("lines.is_total_cost_computed")
    def _compute_is_total_cost_computed(self):
        for order in self:
            order.is_total_cost_computed = all(order.lines.mapped("is_total_cost_computed"))
