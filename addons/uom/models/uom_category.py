"""Unit of measure categories (``uom.category``): units convert only within their category."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class UomCategory(models.Model):
    _name = "uom.category"
    _description = "Product UoM Categories"

    name = fields.Char("Unit of Measure Category", required=True, translate=True)
    uom_ids = fields.One2many("uom.uom", "category_id")
    # not stored: the form uses it to follow a change of reference unit, as in Odoo
    reference_uom_id = fields.Many2one("uom.uom", "Reference UoM", store=False)

    @api.onchange("uom_ids")
    def _onchange_uom_ids(self):
        """Keep the edited category convertible: a lone unit is the reference; a saved
        category left without a reference is refused; when another unit becomes the
        reference, the others' factors are re-expressed against it (their type follows)."""
        if len(self.uom_ids) == 1:
            self.uom_ids[0].uom_type = "reference"
            self.uom_ids[0].factor = 1.0
            return
        references = self.uom_ids.filtered(lambda uom: uom.uom_type == "reference")
        if not references and self._origin.id:
            raise UserError(_("UoM category %s must have at least one reference unit of measure.",
                              self.name))
        if self.reference_uom_id:
            references = references.filtered(lambda uom: uom._origin.id != self.reference_uom_id.id)
        if not references:
            return
        new_reference = references[:1]
        reference_factor = new_reference._origin.factor or 1.0
        for uom in self.uom_ids.filtered(lambda u: u._origin.id) - new_reference:
            uom.factor = uom._origin.factor / reference_factor
            uom.uom_type = "smaller" if uom.factor > 1 else "bigger"
        self.reference_uom_id = new_reference._origin.id
