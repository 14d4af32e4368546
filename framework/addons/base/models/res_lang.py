"""Languages (``res.lang``): which are active, and how each formats numbers and dates."""
from odoo import api, fields, models

from .shared_cache import SharedCacheSource


class Lang(SharedCacheSource, models.Model):
    _name = "res.lang"
    _description = "Languages"
    _order = "active desc, name"

    name = fields.Char(required=True)
    code = fields.Char("Locale Code", required=True)
    iso_code = fields.Char("ISO code")
    url_code = fields.Char("URL Code", required=True)
    active = fields.Boolean()
    direction = fields.Selection([("ltr", "Left-to-Right"), ("rtl", "Right-to-Left")], required=True, default="ltr")
    date_format = fields.Char(required=True, default="%m/%d/%Y")
    time_format = fields.Char(required=True, default="%H:%M:%S")
    week_start = fields.Selection([(str(i), day) for i, day in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), start=1)],
        "First Day of Week", required=True, default="7")
    grouping = fields.Char("Separator Format", required=True, default="[3,0]")
    # blanks are the value here (a space as thousands separator): never trimmed
    decimal_point = fields.Char("Decimal Separator", required=True, default=".", trim=False)
    thousands_sep = fields.Char("Thousands Separator", default=",", trim=False)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "The name of the language must be unique!"),
        ("code_uniq", "unique(code)", "The code of the language must be unique!"),
        ("url_code_uniq", "unique(url_code)", "The URL code of the language must be unique!"),
    ]

    @api.model
    def get_installed(self):
        """``[(code, name)]`` of the active languages, as the web client lists them (cached)."""
        return list(self.env.registry.cached(self.env.transaction, ("res.lang.installed",), lambda: [
            (lang.code, lang.name) for lang in self.sudo().with_context(active_test=True).search([])]))


    @api.model
    def _lang_get(self, code):
        return self.with_context(active_test=True).search([("code", "=", code)], limit=1)

    @api.model
    def _activate_lang(self, code):
        lang = self.with_context(active_test=False).search([("code", "=", code)], limit=1)
        if lang and not lang.active:
            lang.active = True
        return lang
