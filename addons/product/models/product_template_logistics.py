"""The units that weights, volumes and lengths of products are expressed in.

Odoo keeps one company-wide choice per dimension in ``ir.config_parameter``
(``product.weight_in_lbs``, ``product.volume_in_cubic_feet``, set from the Settings); views
print the unit's name next to the figures and addons (logistics, dimensions) convert through
these helpers, so they are ``@api.model`` methods of ``product.template`` as in Odoo 17.
"""
from __future__ import annotations

from odoo import api, fields, models

#: parameter -> (unit when it is "1", unit otherwise), for each dimension
_UNITS = {
    "weight": ("product.weight_in_lbs", "uom.product_uom_lb", "uom.product_uom_kgm"),
    "volume": ("product.volume_in_cubic_feet", "uom.product_uom_cubic_foot",
               "uom.product_uom_cubic_meter"),
    # lengths follow the volume choice (feet with cubic feet), as in Odoo
    "length": ("product.volume_in_cubic_feet", "uom.product_uom_foot", "uom.product_uom_meter"),
}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    weight_uom_name = fields.Char("Weight unit of measure label",
                                  compute="_compute_weight_uom_name")
    volume_uom_name = fields.Char("Volume unit of measure label",
                                  compute="_compute_volume_uom_name")

    def _configured_uom(self, dimension: str):
        parameter, imperial, metric = _UNITS[dimension]
        value = self.env["ir.config_parameter"].sudo().get_param(parameter)
        return self.env.ref(imperial if value == "1" else metric)

    @api.model
    def _get_weight_uom_id_from_ir_config_parameter(self):
        return self._configured_uom("weight")

    @api.model
    def _get_volume_uom_id_from_ir_config_parameter(self):
        return self._configured_uom("volume")

    @api.model
    def _get_length_uom_id_from_ir_config_parameter(self):
        return self._configured_uom("length")

    @api.model
    def _get_weight_uom_name_from_ir_config_parameter(self):
        return self._get_weight_uom_id_from_ir_config_parameter().display_name

    @api.model
    def _get_volume_uom_name_from_ir_config_parameter(self):
        return self._get_volume_uom_id_from_ir_config_parameter().display_name

    @api.model
    def _get_length_uom_name_from_ir_config_parameter(self):
        return self._get_length_uom_id_from_ir_config_parameter().display_name

    def _compute_weight_uom_name(self):
        # one parameter read for the whole recordset
        self.weight_uom_name = self._get_weight_uom_name_from_ir_config_parameter()

    def _compute_volume_uom_name(self):
        self.volume_uom_name = self._get_volume_uom_name_from_ir_config_parameter()
