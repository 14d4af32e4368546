"""Saved export lists (``ir.exports``): a name, the model exported (``resource``) and the
field paths (``ir.exports.line``), as the export dialog stores them and addons (jsonifier,
for one) read them."""
from odoo import fields, models


class IrExports(models.Model):
    _name = "ir.exports"
    _description = "Exports"
    _order = "name"

    name = fields.Char("Export Name")
    resource = fields.Char(index=True)
    export_fields = fields.One2many("ir.exports.line", "export_id", string="Export ID", copy=True)


class IrExportsLine(models.Model):
    _name = "ir.exports.line"
    _description = "Exports Line"
    _order = "id"

    name = fields.Char("Field Name")
    export_id = fields.Many2one("ir.exports", "Export", index=True, ondelete="cascade")
