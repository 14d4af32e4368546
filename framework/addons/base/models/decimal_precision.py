"""Named decimal precisions (``decimal.precision``) used by Float fields with ``digits='Name'``."""
from odoo import api, fields, models


class DecimalPrecision(models.Model):
    _name = "decimal.precision"
    _description = "Decimal Precision"

    name = fields.Char("Usage", required=True, index=True)
    digits = fields.Integer(required=True, default=2)

    _sql_constraints = [("name_uniq", "unique (name)", "Only one value can be defined for each given usage!")]

    @api.model
    def precision_get(self, application):
        """Digits for ``application`` (2 when it is not defined, as Odoo)."""
        self.env.cr.execute("SELECT digits FROM decimal_precision WHERE name = %s", (application,))
        row = self.env.cr.fetchone()
        return row[0] if row else 2
