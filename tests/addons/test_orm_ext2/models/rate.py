"""A model whose look-up is kept by ``tools.ormcache`` and dropped by
``registry.clear_cache()`` when a rate changes, as addons do."""
from odoo import api, fields, models, tools

#: the calls that reached the method's body (the tests read it)
CALLS = []


class TestRate(models.Model):
    _name = "test.rate"
    _description = "Rate"

    code = fields.Char(required=True)
    rate = fields.Float()

    @api.model
    @tools.ormcache("code")
    def _rate_of(self, code):
        CALLS.append(code)
        found = self.search([("code", "=", code)], limit=1)
        return found.rate if found else None

    @api.model
    @tools.ormcache_context("code", keys=("lang",))
    def _label_of(self, code):
        CALLS.append((code, self.env.context.get("lang")))
        return f"{code}/{self.env.context.get('lang') or '-'}"

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result
