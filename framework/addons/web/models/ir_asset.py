"""``ir.asset``: extra bundle directives stored in the database, and Odoo's path lookup.

The resolution itself (manifests, then these rows) is ``odoo.http.asset_resolution``, and
``odoo.http.assets`` reads the rows through ``_get_asset_rows``; rows with a ``sequence``
below 16 apply before the manifests, the others after them.
"""
import os

from odoo import api, fields, models
from odoo.http import asset_resolution, assets
from odoo.tools import SQL

DIRECTIVES = [("append", "Append"), ("prepend", "Prepend"), ("after", "After"), ("before", "Before"),
              ("remove", "Remove"), ("replace", "Replace"), ("include", "Include")]


class IrAsset(models.Model):
    _name = "ir.asset"
    _description = "Asset"
    _order = "sequence, id"

    name = fields.Char(required=True)
    bundle = fields.Char(string="Bundle name", required=True)
    directive = fields.Selection(DIRECTIVES, default="append")
    path = fields.Char(string="Path (or glob pattern)", required=True)
    target = fields.Char()
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=asset_resolution.DEFAULT_SEQUENCE, required=True)

    @api.model
    def _get_asset_paths(self, bundle, assets_params=None):
        """``[(url, file, bundle that added it, mtime)]`` of ``bundle``, as Odoo returns them."""
        found = assets.env_bundle(self.env, bundle)
        if found is None:
            return []
        return [(asset.url, asset.path, asset.bundle,
                 os.path.getmtime(asset.path) if asset.path else -1) for asset in found.assets]

    @api.model
    def _get_asset_rows(self) -> list[tuple]:
        """Every active row as ``(bundle, directive, target, path, sequence)``, in load order.

        Asked for on every bundle look-up, so one plain query, without access checks (the
        rows only shape public bundles); none while the table does not exist yet (code of
        ``web`` newer than its database).
        """
        cr = self.env.cr
        if not self.env.registry.cached(self.env.transaction, ("ir.asset", "table"),
                                        self._asset_table_exists):
            return []
        cr.execute(SQL("SELECT bundle, directive, target, path, sequence FROM %s "
                       "WHERE active ORDER BY sequence, id", SQL.identifier(self._table)))
        return [tuple(row) for row in cr.fetchall()]

    def _asset_table_exists(self) -> bool:
        self.env.cr.execute(SQL("SELECT to_regclass(%s) IS NOT NULL", self._table))
        return self.env.cr.fetchone()[0]
