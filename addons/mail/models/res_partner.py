from odoo import fields, models


class ResPartner(models.Model):
    """Contacts have a chatter and activities, and their main coordinates are tracked."""

    _name = "res.partner"
    _inherit = ["res.partner", "mail.activity.mixin", "mail.thread.blacklist"]
    _mail_flat_thread = False

    email = fields.Char(tracking=1)
    phone = fields.Char(tracking=2)
    parent_id = fields.Many2one(tracking=3)
    user_id = fields.Many2one(tracking=4)
    vat = fields.Char(tracking=5)
