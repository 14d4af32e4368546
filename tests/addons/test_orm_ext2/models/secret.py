"""A model that overrides Odoo 17's ``_fetch_query`` hook to mask a column in the cache,
as addons that keep credentials do (through ``env.cache``)."""
from itertools import repeat

from odoo import fields, models

MASK = "********"


class TestSecret(models.Model):
    _name = "test.secret"
    _description = "Secret"

    name = fields.Char(required=True)
    code = fields.Char()
    tag_ids = fields.Many2many("test.tag", string="Tags")

    def _fetch_query(self, query, fields):
        # the context's ``fetch_log`` (a list) records what each fetch asked for
        log = self.env.context.get("fetch_log")
        if log is not None:
            log.append(sorted(field.name for field in fields))
        records = super()._fetch_query(query, fields)
        code = self._fields["code"]
        if code in fields and not self.env.context.get("show_codes"):
            self.env.cache.update(records, code, repeat(MASK))
        return records
