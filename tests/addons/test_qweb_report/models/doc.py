"""A document with one field of each type t-field renders."""
from odoo import fields, models


class Doc(models.Model):
    _name = "test_qweb.doc"
    _description = "QWeb test document"

    name = fields.Char(required=True)
    note = fields.Text()
    body = fields.Html()
    qty = fields.Integer()
    ratio = fields.Float(digits=(16, 3))
    currency_id = fields.Many2one("res.currency")
    amount = fields.Monetary(currency_field="currency_id")
    day = fields.Date()
    moment = fields.Datetime()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    partner_id = fields.Many2one("res.partner")
