"""System parameters: a key/value store (``ir.config_parameter``)."""
from odoo import api, fields, models


class IrConfigParameter(models.Model):
    _name = "ir.config_parameter"
    _description = "System Parameter"
    _rec_name = "key"
    _order = "key"

    key = fields.Char(required=True, index=True)
    value = fields.Text(required=True)

    _sql_constraints = [("key_uniq", "unique (key)", "Key must be unique.")]

    @api.model
    def get_param(self, key, default=False):
        """The value of ``key``, or ``default`` when it is not set. Reserved to those who
        may read the parameters (settings), as in Odoo; code reads them with ``sudo()``."""
        self.check_access_rights("read")
        self.env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (key,))
        row = self.env.cr.fetchone()
        return row[0] if row else default

    @api.model
    def set_param(self, key, value):
        """Set ``key`` (``False``/``None`` deletes it); returns the previous value."""
        param = self.search([("key", "=", key)])
        old = param.value if param else False
        if value is False or value is None:
            param.unlink()
        elif param:
            if old != str(value):
                param.write({"value": str(value)})
        else:
            self.create({"key": key, "value": str(value)})
        return old
