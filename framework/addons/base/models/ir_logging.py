"""``ir.logging``: log records kept in the database (``--log-db`` writes the server's here,
``framework/db/log_handler.py``), with Odoo's fields."""
from odoo import fields, models


class IrLogging(models.Model):
    _name = "ir.logging"
    _description = "Logging"
    _order = "id DESC"

    # an integer, not a user: the handler writes it outside the ORM, for any user id
    create_uid = fields.Integer("Created by", readonly=True)
    name = fields.Char(required=True)
    type = fields.Selection([("client", "Client"), ("server", "Server")], required=True, index=True)
    dbname = fields.Char("Database Name", index=True)
    level = fields.Char(index=True)
    message = fields.Text(required=True)
    path = fields.Char(required=True)
    func = fields.Char("Function", required=True)
    line = fields.Char(required=True)
