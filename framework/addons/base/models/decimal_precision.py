"""Named decimal precisions (``decimal.precision``) used by Float fields with ``digits='Name'``."""
from odoo import api, fields, models

from .shared_cache import SharedCacheSource


class DecimalPrecision(SharedCacheSource, models.Model):
    _name = "decimal.precision"
    _description = "Decimal Precision"

    name = fields.Char("Usage", required=True, index=True)
    digits = fields.Integer(required=True, default=2)

    _sql_constraints = [("name_uniq", "unique (name)", "Only one value can be defined for each given usage!")]

    @api.model
    def precision_get(self, application):
        """Digits for ``application`` (2 when it is not defined, as Odoo), remembered by the
        registry's shared cache: every float with named digits asks for them on each value."""
        return self.env.registry.cached(self.env.transaction, ("decimal.precision", application),
                                        lambda: self._precision_lookup(application))

    def _precision_lookup(self, application):
        self.env.cr.execute("SELECT digits FROM decimal_precision WHERE name = %s", (application,))
        row = self.env.cr.fetchone()
        return row[0] if row else 2
