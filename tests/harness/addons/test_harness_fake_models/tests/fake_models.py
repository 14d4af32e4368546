"""Models that exist only while a test class runs: added by ``FakeModelLoader`` (imported in
``setUpClass``, never at the addon's import, or the loader would see them as the addon's)."""
from odoo import api, fields, models


class FakeShelf(models.Model):
    _name = "test.fake.shelf"
    _description = "Shelf added by a test"

    name = fields.Char(required=True)
    partner_id = fields.Many2one("res.partner")
    size = fields.Integer(default=3)
    double_size = fields.Integer(compute="_compute_double_size", store=True)

    @api.depends("size")
    def _compute_double_size(self):
        for shelf in self:
            shelf.double_size = shelf.size * 2


class ResPartner(models.Model):
    _inherit = "res.partner"

    fake_shelf_ids = fields.One2many("test.fake.shelf", "partner_id")
    fake_note = fields.Char(default="noted")
