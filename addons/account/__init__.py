"""Invoicing: accounts, taxes and their computation, journals; a generic chart for each company."""
from __future__ import annotations

from . import models, wizard


def _account_post_init(env) -> None:
    """Give every company that has no chart of accounts yet the generic one (as Odoo 17 does
    for companies without a localisation)."""
    for company in env["res.company"].search([("chart_template", "=", False)]):
        env["account.chart.template"].try_loading("generic_coa", company)
