"""Loyalty programs (Odoo's ``loyalty.program``, ``loyalty.rule``, ``loyalty.reward``), compact.

A program gives points on a customer's card (``loyalty.card``) by its rules: per order, per
amount spent or per unit bought, optionally only for some products and above a minimum.
Its rewards are discounts that cost points: a percentage of the order, an amount per order,
or an amount per point spent. Only Odoo's "loyalty cards" kind is implemented here.
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LoyaltyProgram(models.Model):
    _name = "loyalty.program"
    _description = "Loyalty Program"
    _order = "sequence, id"

    name = fields.Char("Program Name", required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(copy=False)
    company_id = fields.Many2one("res.company", "Company", default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", "Currency", compute="_compute_currency_id")
    program_type = fields.Selection([("loyalty", "Loyalty Cards")], default="loyalty", required=True)
    applies_on = fields.Selection([("both", "Current & Future orders")], default="both", required=True)
    portal_point_name = fields.Char("Point Name", default="Loyalty point(s)", translate=True)
    date_to = fields.Date("Validity", help="The last day the program gives and takes points.")
    pos_ok = fields.Boolean("Point of Sale", default=True)
    pos_config_ids = fields.Many2many(
        "pos.config", string="Point of Sales",
        help="The tills that use the program; empty means all of them.")
    rule_ids = fields.One2many("loyalty.rule", "program_id", "Conditional rules", copy=True)
    reward_ids = fields.One2many("loyalty.reward", "program_id", "Rewards", copy=True)
    coupon_ids = fields.One2many("loyalty.card", "program_id", "Cards")

    def _compute_currency_id(self):
        for program in self:
            program.currency_id = (program.company_id or self.env.company).currency_id

    @api.model
    def _pos_program_domain(self, config) -> list:
        """The programs a till uses today."""
        return [("pos_ok", "=", True), ("company_id", "in", [False, config.company_id.id]),
                "|", ("pos_config_ids", "=", False), ("pos_config_ids", "in", config.ids),
                "|", ("date_to", "=", False), ("date_to", ">=", fields.Date.context_today(self))]

    @api.model
    def _reward_products(self):
        """The products of the reward lines (of every reward, archived too): they earn nothing."""
        return self.env["loyalty.reward"].sudo().with_context(active_test=False).search([]).discount_line_product_id

    def _points_for_order(self, order, reward_products=None) -> float:
        """The points the order earns in this program (negative for a refund);
        ``reward_products``: ``_reward_products()`` when the caller has it already."""
        self.ensure_one()
        if reward_products is None:
            reward_products = self._reward_products()
        lines = order.lines.filtered(lambda line: line.product_id not in reward_products)
        return round(sum(rule._points_for_lines(lines) for rule in self.rule_ids), 2)


class LoyaltyRule(models.Model):
    _name = "loyalty.rule"
    _description = "Loyalty Rule"

    active = fields.Boolean(default=True)
    program_id = fields.Many2one("loyalty.program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    product_ids = fields.Many2many("product.product", string="Products",
                                   help="Only these products count; empty means every product.")
    reward_point_mode = fields.Selection(
        [("order", "per order"), ("money", "per amount spent"), ("unit", "per unit paid")],
        required=True, default="order")
    reward_point_amount = fields.Float("Reward", default=1)
    minimum_qty = fields.Integer("Minimum Quantity", default=1)
    minimum_amount = fields.Float("Minimum Purchase", help="Tax included.")

    @api.constrains("reward_point_amount")
    def _check_reward_point_amount(self):
        if any(rule.reward_point_amount <= 0 for rule in self):
            raise ValidationError(_("Rule points reward must be strictly positive."))

    def _points_for_lines(self, lines) -> float:
        """Points of the order lines that match the rule; a refund (negative lines) gives
        back negative points, its minimums read on the amounts without their sign."""
        self.ensure_one()
        if self.product_ids:
            lines = lines.filtered(lambda line: line.product_id in self.product_ids)
        if not lines:
            return 0.0
        quantity = sum(lines.mapped("qty"))
        amount = sum(lines.mapped("price_subtotal_incl"))
        if abs(quantity) < self.minimum_qty or abs(amount) < self.minimum_amount:
            return 0.0
        if self.reward_point_mode == "money":
            return self.reward_point_amount * amount
        if self.reward_point_mode == "unit":
            return self.reward_point_amount * quantity
        return self.reward_point_amount * (-1 if amount < 0 else 1)


class LoyaltyReward(models.Model):
    _name = "loyalty.reward"
    _description = "Loyalty Reward"
    _rec_name = "description"

    active = fields.Boolean(default=True)
    program_id = fields.Many2one("loyalty.program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    description = fields.Char(required=True, translate=True)
    reward_type = fields.Selection([("discount", "Discount")], default="discount", required=True)
    discount = fields.Float("Discount", default=10)
    discount_mode = fields.Selection(
        [("percent", "%"), ("per_point", "per point"), ("per_order", "per order")],
        required=True, default="percent")
    discount_max_amount = fields.Float("Max Discount", help="0 means no limit.")
    required_points = fields.Float("Points needed", default=1)
    discount_line_product_id = fields.Many2one(
        "product.product", "Reward Line Product", copy=False, ondelete="restrict",
        help="Product used in the sales order to apply the discount (made with the reward).")

    @api.model_create_multi
    def create(self, vals_list):
        rewards = super().create(vals_list)
        for reward in rewards.filtered(lambda r: not r.discount_line_product_id):
            reward.discount_line_product_id = self.env["product.product"].sudo().create({
                "name": reward.description, "type": "service", "list_price": 0.0, "sale_ok": False,
                "purchase_ok": False, "available_in_pos": False, "taxes_id": [(6, 0, [])]})
        return rewards

    @api.constrains("required_points", "discount")
    def _check_points_and_discount(self):
        for reward in self:
            if reward.required_points <= 0 or reward.discount <= 0:
                raise ValidationError(_("Reward %s must cost points and give a discount (both above 0).",
                                        reward.description))

    def _discount_amount(self, order_amount: float | None) -> float:
        """The discount the reward gives on an order of ``order_amount`` (tax included); never
        more than the order when its amount is known."""
        self.ensure_one()
        if self.discount_mode == "percent":
            amount = (order_amount or 0.0) * self.discount / 100.0
        elif self.discount_mode == "per_point":
            amount = self.discount * self.required_points
        else:
            amount = self.discount
        if self.discount_max_amount:
            amount = min(amount, self.discount_max_amount)
        if order_amount is not None:
            amount = min(amount, max(order_amount, 0.0))
        return self.program_id.currency_id.round(amount)
