"""``ir.asset``: extra bundle directives stored in the database, and Odoo's path lookup.

The resolution itself (manifests, then these rows) is ``odoo.http.assets``; rows with a
``sequence`` below 16 apply before the manifests, the others after them.
"""
import os

from odoo import api, fields, models
from odoo.http import assets

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
    sequence = fields.Integer(default=assets.DEFAULT_SEQUENCE, required=True)

    @api.model
    def _get_asset_paths(self, bundle, assets_params=None):
        """``[(url, file, bundle that added it, mtime)]`` of ``bundle``, as Odoo returns them."""
        found = assets.env_bundle(self.env, bundle)
        if found is None:
            return []
        return [(asset.url, asset.path, asset.bundle,
                 os.path.getmtime(asset.path) if asset.path else -1) for asset in found.assets]
