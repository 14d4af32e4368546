from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    pos_badge = fields.Char("POS Badge")
