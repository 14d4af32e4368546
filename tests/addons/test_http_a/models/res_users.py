"""A token field of its own, as auth_totp adds its secret: changing it ends the sessions."""
from odoo import api, fields, models


class Users(models.Model):
    _inherit = "res.users"

    session_epoch = fields.Integer(default=0, copy=False)

    @api.model
    def _get_session_token_fields(self):
        return super()._get_session_token_fields() | {"session_epoch"}
