from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    test_nickname = fields.Char()
    function = fields.Char(help="Redefined here: this addon gets an id for the field too")
