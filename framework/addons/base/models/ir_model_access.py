"""Model access rights (``ir.model.access``): which groups may read, write, create, unlink a model."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .shared_cache import SharedCacheSource

MODES = ("read", "write", "create", "unlink")
#: how each mode is named in Odoo's refusal message
MODE_WORDS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}


class IrModelAccess(SharedCacheSource, models.Model):
    _name = "ir.model.access"
    _description = "Model Access"
    _order = "model_id, group_id, name, id"

    name = fields.Char(required=True, index=True)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    group_id = fields.Many2one("res.groups", "Group", ondelete="restrict", index=True)
    perm_read = fields.Boolean("Read Access")
    perm_write = fields.Boolean("Write Access")
    perm_create = fields.Boolean("Create Access")
    perm_unlink = fields.Boolean("Delete Access")

    @api.model
    def check(self, model, mode="read", raise_exception=True):
        """Whether the current user may ``mode`` records of ``model`` (the superuser always may)."""
        if mode not in MODES:
            raise ValueError(f"Invalid access mode {mode!r}; use one of {MODES}")
        if self.env.su:
            return True
        allowed = self.env.registry.cached(self.env.transaction, ("access", self.env.uid, model, mode),
                                           lambda: self._allowed(model, mode))
        if allowed or not raise_exception:
            return allowed
        raise self._access_error(model, mode)


    def _allowed(self, model, mode):
        self.env.cr.execute(f"""
            SELECT 1 FROM ir_model_access a
              JOIN ir_model m ON m.id = a.model_id
             WHERE m.model = %s AND a.active AND a.perm_{mode}
               AND (a.group_id IS NULL OR a.group_id IN
                    (SELECT gid FROM res_groups_users_rel WHERE uid = %s))
             LIMIT 1""", (model, self.env.uid))
        return bool(self.env.cr.fetchone())

    def _access_error(self, model, mode):
        description = self.env["ir.model"].sudo()._get(model).name or model
        groups = self.sudo().search([("model_id.model", "=", model), (f"perm_{mode}", "=", True),
                                     ("group_id", "!=", False)]).mapped("group_id")
        message = f"You are not allowed to {MODE_WORDS[mode]} '{description}' ({model}) records.\n\n"
        if groups:
            names = "\n".join(f"\t- {name}" for name in sorted(groups.mapped("full_name")))
            message += f"This operation is allowed for the following groups:\n{names}"
        else:
            message += "No group currently allows this operation."
        message += "\n\nContact your administrator to request access if necessary."
        return AccessError(message)
