"""Companies (``res.company``): each has a partner for its address and a currency."""
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class Company(models.Model):
    _name = "res.company"
    _description = "Companies"
    _order = "sequence, name"
    _parent_store = True
    _hierarchy_cache_signaled = True       # see create/write/unlink: rules remember the tree

    name = fields.Char(related="partner_id.name", string="Company Name", required=True, store=True, readonly=False)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one("res.company", "Parent Company", index=True)
    child_ids = fields.One2many("res.company", "parent_id", "Branches")
    parent_path = fields.Char(index=True)
    partner_id = fields.Many2one("res.partner", "Partner", required=True)
    currency_id = fields.Many2one("res.currency", "Currency", required=True,
                                  default=lambda self: self._default_currency_id())
    user_ids = fields.Many2many("res.users", "res_company_users_rel", "cid", "user_id", string="Accepted Users")
    street = fields.Char(related="partner_id.street", readonly=False)
    street2 = fields.Char(related="partner_id.street2", readonly=False)
    zip = fields.Char(related="partner_id.zip", readonly=False)
    city = fields.Char(related="partner_id.city", readonly=False)
    state_id = fields.Many2one(related="partner_id.state_id", readonly=False)
    country_id = fields.Many2one(related="partner_id.country_id", readonly=False)
    country_code = fields.Char(related="country_id.code")
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    mobile = fields.Char(related="partner_id.mobile", readonly=False)
    website = fields.Char(related="partner_id.website", readonly=False)
    vat = fields.Char(related="partner_id.vat", string="Tax ID", readonly=False)
    company_registry = fields.Char(related="partner_id.company_registry", readonly=False)
    report_header = fields.Html("Company Tagline", translate=True)
    report_footer = fields.Html("Report Footer", translate=True)
    logo = fields.Binary("Company Logo")
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique (name)", "The company name must be unique!")]

    @api.model
    def _default_currency_id(self):
        return self.env.user.company_id.currency_id or self.env["res.currency"].search([], limit=1)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id"):
                partner = self.env["res.partner"].create({
                    "name": vals.get("name"), "is_company": True,
                    **{key: vals.pop(key) for key in ("email", "phone", "street", "city", "zip", "vat")
                       if key in vals}})
                vals["partner_id"] = partner.id
                vals.pop("name", None)
        # the company's own partner stays shared (no company_id), as in Odoo
        companies = super().create(vals_list)
        self.env.registry.shared_cache_changed(self.env.transaction)
        return companies

    def write(self, vals):
        if "parent_id" in vals:
            self.env.registry.shared_cache_changed(self.env.transaction)
        return super().write(vals)

    def unlink(self):
        self.env.registry.shared_cache_changed(self.env.transaction)
        return super().unlink()

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError("You cannot create recursive companies.")

    def _accessible_branches(self):
        return self.search([("id", "child_of", self.ids)])

    @api.model
    def _get_main_company(self):
        """The company created with the database (``base.main_company``), else the oldest."""
        main = self.sudo().env.ref("base.main_company", raise_if_not_found=False)
        return main or self.sudo().search([], limit=1, order="id")
