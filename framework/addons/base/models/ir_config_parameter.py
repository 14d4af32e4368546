"""System parameters: a key/value store (``ir.config_parameter``)."""
import secrets

from odoo import api, fields, models

#: parameters every process remembers something of (``database.secret`` keys the session
#: tokens, see ``security.check_session_token``): changing one drops the shared cache
SHARED_CACHE_KEYS = frozenset({"database.secret"})


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
    def _database_secret(self):
        """The ``database.secret`` parameter (it keys the session tokens), created on first
        use. Two transactions creating it at once: the second fails to serialize and runs
        again, then reads the first one's secret (never a secret nobody stored)."""
        cr = self.env.cr
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")
        row = cr.fetchone()
        if row and row[0]:
            return row[0]
        cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('database.secret', %s) "
                   "ON CONFLICT (key) DO UPDATE SET value = ir_config_parameter.value RETURNING value",
                   (secrets.token_hex(32),))
        return cr.fetchone()[0]

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

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("key") in SHARED_CACHE_KEYS for vals in vals_list):
            self.env.registry.shared_cache_changed(self.env.transaction)
        return super().create(vals_list)

    def write(self, vals):
        self._signal_shared_keys(vals.get("key"))
        return super().write(vals)

    def unlink(self):
        self._signal_shared_keys()
        return super().unlink()

    def _signal_shared_keys(self, new_key=None):
        """Drop the shared cache when one of these parameters is in SHARED_CACHE_KEYS (or
        is renamed to one)."""
        if new_key in SHARED_CACHE_KEYS or SHARED_CACHE_KEYS & set(self.mapped("key")):
            self.env.registry.shared_cache_changed(self.env.transaction)
