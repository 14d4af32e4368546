"""POS product categories (``pos.category``): the tree of buttons the till shows."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PosCategory(models.Model):
    _name = "pos.category"
    _description = "Point of Sale Category"
    _order = "sequence, name"

    name = fields.Char("Category Name", required=True, translate=True)
    parent_id = fields.Many2one("pos.category", "Parent Category", index=True, ondelete="cascade")
    child_id = fields.One2many("pos.category", "parent_id", "Children Categories")
    sequence = fields.Integer(help="Gives the sequence order when displaying a list of categories.")
    image_128 = fields.Image("Image", max_width=128, max_height=128)
    has_image = fields.Boolean(compute="_compute_has_image")
    color = fields.Integer("Color")

    @api.constrains("parent_id")
    def _check_category_recursion(self):
        for category in self:
            seen, parent = set(), category.parent_id
            while parent:
                if parent.id == category.id or parent.id in seen:
                    raise ValidationError(_("Error! You cannot create recursive categories."))
                seen.add(parent.id)
                parent = parent.parent_id

    @api.depends("image_128")
    def _compute_has_image(self):
        for category in self:
            category.has_image = bool(category.image_128)

    @api.depends("name", "parent_id.display_name")
    def _compute_display_name(self):
        for category in self:
            names, node = [], category
            while node:
                names.append(node.name or "")
                node = node.parent_id
            category.display_name = " / ".join(reversed(names))
