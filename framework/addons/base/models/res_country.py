"""Countries, their states and groups of countries (``res.country``, ``res.country.state``,
``res.country.group``)."""
from odoo import api, fields, models


class Country(models.Model):
    _name = "res.country"
    _description = "Country"
    _order = "name"
    _rec_names_search = ["name", "code"]

    name = fields.Char("Country Name", required=True, translate=True)
    code = fields.Char("Country Code", size=2, required=True, help="The ISO country code in two chars.")
    currency_id = fields.Many2one("res.currency", "Currency")
    phone_code = fields.Integer("Country Calling Code")
    state_ids = fields.One2many("res.country.state", "country_id", string="States")
    address_format = fields.Text("Layout in Reports",
                                 default="%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s")
    vat_label = fields.Char("Vat Label", translate=True)
    country_group_ids = fields.Many2many("res.country.group", "res_country_res_country_group_rel",
                                         "res_country_id", "res_country_group_id",
                                         string="Country Groups")
    name_position = fields.Selection([("before", "Before Address"), ("after", "After Address")],
                                     "Customer Name Position", default="before")
    zip_required = fields.Boolean(default=True)
    state_required = fields.Boolean(default=False)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "The name of the country must be unique!"),
        ("code_uniq", "unique (code)", "The code of the country must be unique!"),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].upper()
        return super().write(vals)


class CountryGroup(models.Model):
    """Countries named together (Europe, a sales region...): pricelists, fiscal positions."""

    _name = "res.country.group"
    _description = "Country Group"

    name = fields.Char(required=True, translate=True)
    country_ids = fields.Many2many("res.country", "res_country_res_country_group_rel",
                                   "res_country_group_id", "res_country_id", string="Countries")


class CountryState(models.Model):
    _name = "res.country.state"
    _description = "Country state"
    _order = "code"
    _rec_names_search = ["name", "code"]

    country_id = fields.Many2one("res.country", "Country", required=True, index=True)
    name = fields.Char("State Name", required=True)
    code = fields.Char("State Code", required=True)

    _sql_constraints = [("name_code_uniq", "unique(country_id, code)",
                         "The code of the state must be unique by country!")]

    @api.depends("name", "country_id.code")
    def _compute_display_name(self):
        for state in self:
            state.display_name = f"{state.name} ({state.country_id.code})" if state.country_id.code else state.name
