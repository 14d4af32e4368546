"""Precisions looked up once per POS payload (``decimal.precision``).

Framework gap: ``precision_get`` runs one query per call here (Odoo caches it), and reading
a float with named digits calls it for every value; the payload would cost a query per
product. While the payload is built, the context carries a dict that remembers them.
"""
from __future__ import annotations

from odoo import api, models


class DecimalPrecision(models.Model):
    _inherit = "decimal.precision"

    @api.model
    def precision_get(self, application):
        cache = self.env.context.get("pos_precision_cache")
        if cache is None:
            return super().precision_get(application)
        if application not in cache:
            cache[application] = super().precision_get(application)
        return cache[application]
