"""One tax replacement of a fiscal position (``account.fiscal.position.tax``)."""
from __future__ import annotations

from odoo import fields, models


class AccountFiscalPositionTax(models.Model):
    _name = "account.fiscal.position.tax"
    _check_company_auto = True
    _description = "Tax Mapping of Fiscal Position"
    _rec_name = "position_id"

    position_id = fields.Many2one("account.fiscal.position", "Fiscal Position", required=True,
                                  ondelete="cascade")
    company_id = fields.Many2one("res.company", "Company", related="position_id.company_id", store=True)
    tax_src_id = fields.Many2one("account.tax", "Tax on Product", required=True, check_company=True)
    tax_dest_id = fields.Many2one("account.tax", "Tax to Apply", check_company=True)

    _sql_constraints = [
        ("tax_src_dest_uniq", "unique (position_id,tax_src_id,tax_dest_id)",
         "A tax fiscal position could be defined only one time on same taxes."),
    ]
