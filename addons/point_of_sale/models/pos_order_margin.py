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

    @api.model
    def _real_time_unit_costs(self, products, currency, company, date) -> dict:
        """``{product id: cost of one unit in currency}``: the products' cost (``standard_price``,
        company-dependent: one query for them all) converted from the company's currency
        (``currency`` None: left in it)."""
        costs = self.env["ir.property"].sudo().with_company(company)._get_multi(
            "standard_price", "product.product", products.ids)
        costs.pop(None, None)                           # the default, under the key None
        if currency and currency != company.currency_id:
            rate = self.env["res.currency"]._get_conversion_rate(company.currency_id, currency, company, date)
            costs = {product_id: cost * rate for product_id, cost in costs.items()}
        return costs

    def _compute_total_cost(self, stock_moves=None) -> None:
        """Odoo 17's real-time cost of the lines not costed yet: quantity times the product's
        cost (no stock valuation here: ``stock_moves`` are not used)."""
        lines = self.filtered(lambda line: not line.is_total_cost_computed and line.product_id)
        for order, order_lines in lines.grouped("order_id").items():
            company = order.company_id or self.env.company
            date = (order.date_order or fields.Datetime.now()).date()
            costs = self._real_time_unit_costs(order_lines.product_id, order.currency_id, company, date)
            for line in order_lines:
                line.write({"total_cost": line.qty * costs.get(line.product_id.id, 0.0),
                            "is_total_cost_computed": True})

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

    def _compute_total_cost_in_real_time(self) -> None:
        """Cost the lines of these paid orders now (Odoo 17 does it when an order is synced;
        its stock valuation methods that wait for the closing do not exist here)."""
        self.lines._compute_total_cost()

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
