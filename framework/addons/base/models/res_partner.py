"""Contacts (``res.partner``): companies and the people who work for them."""
import datetime
import re
import zoneinfo

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
DEFAULT_ADDRESS_FORMAT = "%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s"
_EMAIL = re.compile(r"^\s*(?:\"?([^\"<]*?)\"?\s*)?<?([^\s<>@]+@[^\s<>@]+)>?\s*$")


class PartnerCategory(models.Model):
    _name = "res.partner.category"
    _description = "Partner Tags"
    _order = "name"
    _parent_store = True

    name = fields.Char("Tag Name", required=True, translate=True)
    color = fields.Integer("Color")
    parent_id = fields.Many2one("res.partner.category", "Parent Category", index=True, ondelete="cascade")
    child_ids = fields.One2many("res.partner.category", "parent_id", "Child Tags")
    active = fields.Boolean(default=True)
    parent_path = fields.Char(index=True)
    partner_ids = fields.Many2many("res.partner", column1="category_id", column2="partner_id", string="Partners")


class PartnerTitle(models.Model):
    _name = "res.partner.title"
    _description = "Partner Title"
    _order = "name"

    name = fields.Char("Title", required=True, translate=True)
    shortcut = fields.Char("Abbreviation", translate=True)


class Partner(models.Model):
    _name = "res.partner"
    _inherit = ["avatar.mixin"]
    _description = "Contact"
    _order = "complete_name ASC, id DESC"
    _rec_names_search = ["complete_name", "email", "ref", "vat", "company_registry"]

    name = fields.Char(index=True, default_export_compatible=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, index=True)
    date = fields.Date(index=True)
    title = fields.Many2one("res.partner.title")
    parent_id = fields.Many2one("res.partner", "Related Company", index=True)
    parent_name = fields.Char(related="parent_id.name", readonly=True, string="Parent name")
    child_ids = fields.One2many("res.partner", "parent_id", "Contact", domain=[("active", "=", True)])
    ref = fields.Char("Reference", index=True)
    lang = fields.Selection("_get_lang_selection", "Language",
                            default=lambda self: self.env.lang or "en_US")
    active_lang_count = fields.Integer(compute="_compute_active_lang_count")
    tz = fields.Selection("_get_tz_selection", "Timezone", default=lambda self: self.env.context.get("tz"))
    tz_offset = fields.Char("Timezone offset", compute="_compute_tz_offset")
    user_id = fields.Many2one("res.users", "Salesperson")
    vat = fields.Char("Tax ID", index=True)
    same_vat_partner_id = fields.Many2one("res.partner", "Partner with same Tax ID",
                                          compute="_compute_same_vat_partner_id")
    same_company_registry_partner_id = fields.Many2one(
        "res.partner", "Partner with same Company Registry", compute="_compute_same_vat_partner_id")
    company_registry = fields.Char("Company ID")
    bank_ids = fields.One2many("res.partner.bank", "partner_id", "Banks")
    website = fields.Char("Website Link")
    comment = fields.Html("Notes")
    category_id = fields.Many2many("res.partner.category", column1="partner_id", column2="category_id", string="Tags",
                                   default=lambda self: self._default_category())
    active = fields.Boolean(default=True)
    employee = fields.Boolean()
    function = fields.Char("Job Position")
    type = fields.Selection([("contact", "Contact"), ("invoice", "Invoice Address"),
                             ("delivery", "Delivery Address"), ("other", "Other Address")],
                            "Address Type", default="contact")
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char(change_default=True)
    city = fields.Char()
    state_id = fields.Many2one("res.country.state", "State", ondelete="restrict",
                               domain="[('country_id', '=?', country_id)]")
    country_id = fields.Many2one("res.country", "Country", ondelete="restrict")
    country_code = fields.Char(related="country_id.code", string="Country Code")
    partner_latitude = fields.Float("Geo Latitude", digits=(10, 7))
    partner_longitude = fields.Float("Geo Longitude", digits=(10, 7))
    email = fields.Char()
    email_formatted = fields.Char("Formatted Email", compute="_compute_email_formatted")
    phone = fields.Char()
    mobile = fields.Char()
    is_company = fields.Boolean("Is a Company", default=False)
    is_public = fields.Boolean(compute="_compute_is_public")
    industry_id = fields.Many2one("res.partner.industry", "Industry")
    company_type = fields.Selection([("person", "Individual"), ("company", "Company")],
                                    compute="_compute_company_type", inverse="_write_company_type")
    company_id = fields.Many2one("res.company", "Company", index=True)
    color = fields.Integer("Color Index", default=0)
    user_ids = fields.One2many("res.users", "partner_id", "Users")
    partner_share = fields.Boolean("Share Partner", compute="_compute_partner_share", store=True)
    contact_address = fields.Char("Complete Address", compute="_compute_contact_address")
    commercial_partner_id = fields.Many2one("res.partner", "Commercial Entity",
                                            compute="_compute_commercial_partner", store=True,
                                            recursive=True, index=True)
    commercial_company_name = fields.Char("Company Name Entity", compute="_compute_commercial_company_name",
                                          store=True)
    company_name = fields.Char("Company Name")
    barcode = fields.Char(help="Use a barcode to identify this contact.", copy=False, company_dependent=True)
    self = fields.Many2one("res.partner", compute="_compute_get_ids")

    _sql_constraints = [
        ("check_name", "CHECK( (type='contact' AND name IS NOT NULL) or (type!='contact') )",
         "Contacts require a name"),
    ]

    @api.model
    def _default_category(self):
        # a contact created from a tag's view is given that tag (context ``category_id``)
        return self.env["res.partner.category"].browse(self.env.context.get("category_id"))

    @api.model
    def _get_lang_selection(self):
        return self.env["res.lang"].get_installed() or [("en_US", "English (US)")]

    @api.model
    def _get_tz_selection(self):
        # every zone of the tz database but the two that are not places, Etc/* last (Odoo's order)
        zones = zoneinfo.available_timezones() - {"Factory", "localtime"}
        return [(tz, tz) for tz in sorted(zones, key=lambda tz: (tz.startswith("Etc/"), tz))]

    @api.depends("is_company", "name", "parent_id.name", "type", "company_name", "commercial_company_name")
    def _compute_complete_name(self):
        for partner in self:
            partner.complete_name = partner._complete_name()

    @property
    def _complete_name_displayed_types(self):
        """The address types whose label stands for a missing name in the complete name
        (a hook: addons adding types extend it, as on Odoo 17)."""
        return ("invoice", "delivery", "other")

    def _complete_name(self):
        name = self.name or ""
        if self.company_name or self.parent_id:
            if not name and self.type in self._complete_name_displayed_types:
                name = dict(self._fields["type"]._selection_pairs(self))[self.type]
            if not self.is_company:
                company = self.commercial_company_name or self.sudo().parent_id.name
                if company:
                    name = f"{company}, {name}"
        return name.strip()

    @api.depends("complete_name", "email", "vat", "ref")
    @api.depends_context("show_address", "address_inline", "show_email", "show_vat")
    def _compute_display_name(self):
        context = self.env.context
        for partner in self:
            name = partner.complete_name or partner._complete_name()
            if context.get("show_address"):
                name = f"{name}\n{partner._display_address(without_company=True)}"
            name = re.sub(r"\s+\n", "\n", name)          # the empty lines of the layout go
            if context.get("address_inline"):
                name = ", ".join(line for line in name.split("\n") if line.strip())
            if context.get("show_email") and partner.email:
                name = f"{name} <{partner.email}>"
            if context.get("show_vat") and partner.vat:
                name = f"{name} ‒ {partner.vat}"
            partner.display_name = name.strip() or False

    def _display_address(self, without_company=False):
        """The postal address laid out by the country's format (``%(street)s`` and so on),
        the commercial company's name first unless ``without_company``."""
        layout = self.country_id.address_format or DEFAULT_ADDRESS_FORMAT
        values = {name: self[name] or "" for name in ("street", "street2", "city", "zip")}
        values.update({
            "state_code": self.state_id.code or "", "state_name": self.state_id.name or "",
            "country_code": self.country_id.code or "", "country_name": self.country_id.name or "",
            "company_name": self.commercial_company_name or ""})
        if not without_company and self.commercial_company_name:
            layout = "%(company_name)s\n" + layout
        try:
            return layout % values
        except (KeyError, ValueError, TypeError):       # a format naming a field we lack
            return DEFAULT_ADDRESS_FORMAT % values

    @api.depends("street", "street2", "zip", "city", "state_id", "country_id", "commercial_company_name")
    def _compute_contact_address(self):
        for partner in self:
            partner.contact_address = partner._display_address()

    @api.depends("is_company")
    def _compute_company_type(self):
        for partner in self:
            partner.company_type = "company" if partner.is_company else "person"

    def _write_company_type(self):
        for partner in self:
            partner.is_company = partner.company_type == "company"

    @api.onchange("company_type")
    def onchange_company_type(self):
        """In a form the inverse does not run: the radio sets the flag here, as on Odoo."""
        self.is_company = self.company_type == "company"

    @api.depends("is_company", "parent_id.commercial_partner_id")
    def _compute_commercial_partner(self):
        for partner in self:
            if partner.is_company or not partner.parent_id:
                partner.commercial_partner_id = partner
            else:
                partner.commercial_partner_id = partner.parent_id.commercial_partner_id

    @api.depends("company_name", "parent_id.is_company", "commercial_partner_id.name")
    def _compute_commercial_company_name(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.commercial_company_name = commercial.is_company and commercial.name or partner.company_name

    @api.depends("user_ids.share", "user_ids.active")
    def _compute_partner_share(self):
        for partner in self:
            users = partner.user_ids
            partner.partner_share = not users or not any(not u.share for u in users)

    def _compute_is_public(self):
        public = self.env.ref("base.public_partner", raise_if_not_found=False)
        for partner in self:
            partner.is_public = bool(public) and partner == public

    def _compute_avatar(self, avatar_field, image_field):
        # the initial is for people who log in; other contacts show the neutral picture
        with_login = self.filtered(lambda p: p.user_ids.filtered(lambda u: not u.share))
        super(Partner, with_login)._compute_avatar(avatar_field, image_field)
        for partner in self - with_login:
            partner[avatar_field] = partner[image_field] or partner._avatar_placeholder()

    @api.depends("lang")
    def _compute_active_lang_count(self):
        count = len(self.env["res.lang"].get_installed())
        for partner in self:
            partner.active_lang_count = count

    @api.depends("tz")
    def _compute_tz_offset(self):
        for partner in self:
            try:
                zone = zoneinfo.ZoneInfo(partner.tz or "GMT")
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                zone = zoneinfo.ZoneInfo("GMT")
            partner.tz_offset = datetime.datetime.now(zone).strftime("%z")

    def _compute_get_ids(self):
        for partner in self:
            partner.self = partner.id

    @api.depends("vat", "company_id", "company_registry")
    def _compute_same_vat_partner_id(self):
        """Another partner (archived ones included, outside this one's own tree) with the
        same Tax ID, resp. company registry: the form warns of a likely duplicate."""
        for partner in self:
            partner.same_vat_partner_id = partner._same_value_partner(
                "vat", check=bool(partner.vat) and len(partner.vat) != 1)
            partner.same_company_registry_partner_id = partner._same_value_partner(
                "company_registry", check=bool(partner.company_registry))

    def _same_value_partner(self, fname, check):
        if not check or self.parent_id:
            return False
        domain = [(fname, "=", self[fname])]
        if self.company_id or fname == "company_registry":
            domain.append(("company_id", "in", [False, self.company_id.id]))
        own_id = getattr(self.id, "origin", self.id)          # a new record edited in a form
        if isinstance(own_id, int) and own_id:
            domain += [("id", "!=", own_id), "!", ("id", "child_of", own_id)]
        return self.with_context(active_test=False).sudo().search(domain, limit=1)

    @api.depends("name", "email")
    def _compute_email_formatted(self):
        for partner in self:
            if partner.email:
                partner.email_formatted = f'"{partner.name or ""}" <{partner.email}>'
            else:
                partner.email_formatted = ""

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError("You cannot create recursive Partner hierarchies.")

    def copy(self, default=None):
        """The copy is named "<name> (copy)" unless ``default`` names it."""
        self.ensure_one()
        default = dict(default or {})
        default["name"] = default.get("name") or f"{self.name} (copy)"
        return super().copy(default)

    @api.model
    def _parse_partner_name(self, text):
        match = _EMAIL.match(text or "")
        if match:
            name, email = match.groups()
            return (name or email).strip(), email.strip()
        return (text or "").strip(), False

    @api.model
    def name_create(self, name):
        """``"Jane <jane@example.com>"`` creates Jane with that email, as in Odoo."""
        parsed_name, email = self._parse_partner_name(name)
        values = {"name": parsed_name or email}
        if email:
            values["email"] = email
        partner = self.create(values)
        return partner.id, partner.display_name

    @api.model
    def find_or_create(self, email, assert_valid_email=False):
        parsed_name, parsed_email = self._parse_partner_name(email)
        if not parsed_email and assert_valid_email:
            raise ValueError(f"{email!r} is not a valid email address")
        partners = self.search([("email", "=ilike", parsed_email or email)], limit=1)
        if partners:
            return partners
        return self.create({"name": parsed_name or parsed_email, "email": parsed_email or False})

    def address_get(self, adr_pref=None):
        adr_pref = set(adr_pref or []) | {"contact"}
        result = {}
        for kind in adr_pref:
            children = self.child_ids.filtered(lambda c: c.type == kind)
            result[kind] = (children[:1] or self).id
        return result


class ResPartnerIndustry(models.Model):
    _name = "res.partner.industry"
    _description = "Industry"
    _order = "name"

    name = fields.Char("Name", translate=True)
    full_name = fields.Char("Full Name", translate=True)
    active = fields.Boolean(default=True)
