"""The till's programs, rules and rewards in the payload (Odoo 17's loader hooks)."""
from __future__ import annotations

from odoo import models

PROGRAM_MODELS = ("loyalty.program", "loyalty.rule", "loyalty.reward")


class PosSession(models.Model):
    _inherit = "pos.session"

    def _pos_ui_models_to_load(self) -> list:
        return [*super()._pos_ui_models_to_load(), *PROGRAM_MODELS]

    def _pos_program_ids(self) -> list:
        return self.env["loyalty.program"].search(
            self.env["loyalty.program"]._pos_program_domain(self.config_id)).ids

    def _loader_params_loyalty_program(self) -> dict:
        return {"search_params": {"domain": [("id", "in", self._pos_program_ids())],
                                  "fields": ["name", "program_type", "applies_on", "portal_point_name",
                                             "date_to", "rule_ids", "reward_ids"]}}

    def _get_pos_ui_loyalty_program(self, params: dict) -> list:
        return self.env["loyalty.program"].search_read(**params["search_params"])

    def _loader_params_loyalty_rule(self) -> dict:
        return {"search_params": {"domain": [("program_id", "in", self._pos_program_ids())],
                                  "fields": ["program_id", "product_ids", "reward_point_mode",
                                             "reward_point_amount", "minimum_qty", "minimum_amount"]}}

    def _get_pos_ui_loyalty_rule(self, params: dict) -> list:
        return self.env["loyalty.rule"].search_read(**params["search_params"])

    def _loader_params_loyalty_reward(self) -> dict:
        return {"search_params": {"domain": [("program_id", "in", self._pos_program_ids())],
                                  "fields": ["program_id", "description", "reward_type", "discount",
                                             "discount_mode", "discount_max_amount", "required_points",
                                             "discount_line_product_id"]}}

    def _get_pos_ui_loyalty_reward(self, params: dict) -> list:
        return self.env["loyalty.reward"].search_read(**params["search_params"])

    def _get_pos_ui_product_product(self, params: dict) -> list:
        """The products of the rewards' discount lines too (not sold on their own)."""
        products = super()._get_pos_ui_product_product(params)
        known = {product["id"] for product in products}
        rewards = self.env["loyalty.reward"].search([("program_id", "in", self._pos_program_ids())])
        missing = [pid for pid in rewards.mapped("discount_line_product_id").ids if pid not in known]
        if missing:
            search_params = {**params["search_params"], "domain": [("id", "in", missing)]}
            search_params.pop("limit", None)
            products += self._read_products(search_params, params.get("context") or {})
        return products
