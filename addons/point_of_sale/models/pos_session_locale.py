"""What the till formats amounts and dates with: the languages' separators and formats, and
the cashier's language (``res.users.lang``)."""
from __future__ import annotations

from odoo import models

#: the res.lang fields the browser formats with, beyond Odoo 17's name and code
LANG_FIELDS = ["iso_code", "direction", "date_format", "time_format", "decimal_point", "thousands_sep",
               "grouping", "week_start"]


class PosSession(models.Model):
    _inherit = "pos.session"

    def _loader_params_res_lang(self) -> dict:
        params = super()._loader_params_res_lang()
        params["search_params"]["fields"] = [*params["search_params"]["fields"], *LANG_FIELDS]
        return params

    def _loader_params_res_users(self) -> dict:
        params = super()._loader_params_res_users()
        params["search_params"]["fields"] = [*params["search_params"]["fields"], "lang"]
        return params
