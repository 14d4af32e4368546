"""What the till's variant picker needs: each variant's attribute values.

``attributes_by_ptal_id`` (Odoo 17's key) lists each template attribute line with its values
(``product.template.attribute.value`` ids, names, ``price_extra``); each variant also carries
``product_template_attribute_value_ids``, so that the values a cashier picks name one variant.
"""
from __future__ import annotations

from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _loader_params_product_product(self) -> dict:
        params = super()._loader_params_product_product()
        params["search_params"]["fields"].append("product_template_attribute_value_ids")
        return params
