"""Short notes a cashier adds to an order with one tap ("No ice", "Gift wrap")."""
from __future__ import annotations

from odoo import fields, models


class PosOrderNoteTemplate(models.Model):
    _name = "pos.order.note.template"
    _description = "POS Order Note Template"
    _order = "sequence, id"

    name = fields.Char("Note", required=True, translate=True,
                       help="The text added to the order (and printed on the receipt).")
    sequence = fields.Integer(default=10, help="The order of the buttons on the till.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", "Company", index=True,
                                 help="Leave empty to offer the note in every company.")
