"""One account replacement of a fiscal position (``account.fiscal.position.account``)."""
from __future__ import annotations

from odoo import fields, models


class AccountFiscalPositionAccount(models.Model):
    _name = "account.fiscal.position.account"
    _check_company_auto = True
    _description = "Accounts Mapping of Fiscal Position"
    _rec_name = "position_id"

    position_id = fields.Many2one("account.fiscal.position", "Fiscal Position", required=True,
                                  ondelete="cascade")
    company_id = fields.Many2one("res.company", "Company", related="position_id.company_id", store=True)
    account_src_id = fields.Many2one("account.account", "Account on Product", required=True, check_company=True)
    account_dest_id = fields.Many2one("account.account", "Account to Use Instead", required=True, check_company=True)

    _sql_constraints = [
        ("account_src_dest_uniq", "unique (position_id,account_src_id,account_dest_id)",
         "An account fiscal position could be defined only one time on same accounts."),
    ]
