"""A mixin for models whose records feed the process-wide cache (access rights, rules, languages,
precisions)."""
from odoo import api


class SharedCacheSource:
    """Any change to these records drops the registry's shared cache (see Registry.cached)."""

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.shared_cache_changed(self.env.transaction)
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.shared_cache_changed(self.env.transaction)
        return super().write(vals)

    def unlink(self):
        self.env.registry.shared_cache_changed(self.env.transaction)
        return super().unlink()
