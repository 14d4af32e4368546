"""Field parameters one by one: inverse, precompute, search methods, writable related,
groups, explicit many2many tables; plus a wizard and a model with its own table options."""
from odoo import api, fields, models


class TestCompute(models.Model):
    _name = "test.compute"
    _description = "Computed fields and field parameters"

    name = fields.Char(default=lambda self: f"C{self.env.uid}", help="Shown in lists")
    value = fields.Integer()
    double = fields.Integer(compute="_compute_double", inverse="_inverse_double", store=True)
    label = fields.Char(compute="_compute_label", store=True, precompute=True)
    partner_id = fields.Many2one("res.partner", domain=[("is_company", "=", True)])
    partner_name = fields.Char(compute="_compute_partner_name", store=True)
    partner_city = fields.Char(related="partner_id.city", readonly=False)
    is_big = fields.Boolean(compute="_compute_is_big", search="_search_is_big")
    secret = fields.Char(groups="base.group_system")
    sequence = fields.Integer(index=True, copy=False)
    tag_ids = fields.Many2many("test.tag", relation="test_compute_tag_rel",
                               column1="compute_id", column2="tag_id")
    note = fields.Char()
    # a callable domain names the model holding the field (OCA product_variant_configurator)
    named_tag_ids = fields.Many2many("test.tag", relation="test_compute_named_tag_rel",
                                     column1="compute_id", column2="tag_id",
                                     domain=lambda self: [("name", "=", self._name)])
    typed_id = fields.Many2one("test.typed")
    typed_choice = fields.Selection(related="typed_id.choice", readonly=False)
    # who computes: the user for a plain non-stored compute, the superuser when stored or told
    computed_by = fields.Char(compute="_compute_computed_by")
    computed_by_sudo = fields.Char(compute="_compute_computed_by_sudo", compute_sudo=True)
    computed_by_stored = fields.Char(compute="_compute_computed_by_stored", store=True)
    # a domain computed in a Binary, as addons written for Odoo <= 16 do
    value_domain = fields.Binary(compute="_compute_value_domain")
    # a compute that reads its own field: the highest value seen
    peak = fields.Integer(compute="_compute_peak", store=True)

    @api.depends("value")
    def _compute_double(self):
        for record in self:
            record.double = record.value * 2

    def _inverse_double(self):
        for record in self:
            record.value = record.double // 2

    @api.depends("name")
    def _compute_label(self):
        for record in self:
            record.label = f"[{record.name}]"

    @api.depends("partner_id.name")
    def _compute_partner_name(self):
        for record in self:
            record.partner_name = record.partner_id.name or False

    def _who(self) -> str:
        return f"{self.env.uid}{' su' if self.env.su else ''}"

    def _compute_computed_by(self):
        for record in self:
            record.computed_by = record._who()

    def _compute_computed_by_sudo(self):
        for record in self:
            record.computed_by_sudo = record._who()

    @api.depends("value")
    def _compute_computed_by_stored(self):
        for record in self:
            record.computed_by_stored = record._who()

    @api.depends("value")
    def _compute_peak(self):
        for record in self:
            record.peak = max(record.peak or 0, record.value)

    @api.depends("value")
    def _compute_value_domain(self):
        for record in self:
            record.value_domain = [("value", ">", record.value)]

    @api.depends("value")
    def _compute_is_big(self):
        for record in self:
            record.is_big = record.value > 100

    def _search_is_big(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(f"test.compute.is_big cannot be searched with {operator!r}")
        big = (operator == "=") == bool(value)
        return [("value", ">" if big else "<=", 100)]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("note", f"batch of {len(vals_list)}")
        return super().create(vals_list)

    @api.returns("res.partner")
    def get_partner(self):
        return self.partner_id


class TestWizard(models.TransientModel):
    _name = "test.wizard"
    _description = "A wizard"

    order_id = fields.Many2one("test.order")
    note = fields.Char()

    @api.model
    def default_get(self, fields_list):
        # as wizards do: the record the action was opened on
        values = super().default_get(fields_list)
        if "order_id" in fields_list and self.env.context.get("active_model") == "test.order":
            values["order_id"] = self.env.context.get("active_id")
        return values

    def action_apply(self):
        self.order_id.write({"note": self.note})
        return True


class TestPlain(models.Model):
    """Table options: own table name, no log columns, another name field."""

    _name = "test.plain"
    _description = "Plain table"
    _table = "test_plain_custom"
    _log_access = False
    _rec_name = "code"
    _order = "code desc"

    code = fields.Char(required=True)
    amount = fields.Float()
    day = fields.Date()
    moment = fields.Datetime()
    category_id = fields.Many2one("test.category", ondelete="set null")


class TestEditable(models.Model):
    """Editable computed fields (readonly=False), and computes that read their own field."""

    _name = "test.editable"
    _description = "Editable computed fields"

    unit = fields.Char()
    # keeps a unit of the same family (first letter), as product's purchase unit of measure
    unit_po = fields.Char(compute="_compute_unit_po", store=True, readonly=False)
    label = fields.Char(compute="_compute_label", store=True, readonly=False, precompute=True)
    echo = fields.Char(compute="_compute_echo")
    scaled = fields.Char(compute="_compute_scaled")
    company_label = fields.Char(compute="_compute_company_label")
    ratio = fields.Float(digits=0)              # an unbounded numeric column
    # x2many fields computed from an order, written through to it by their inverse methods
    order_id = fields.Many2one("test.order")
    line_ids = fields.One2many("test.order.line", string="Order lines", compute="_compute_line_ids",
                               inverse="_inverse_line_ids")
    tag_ids = fields.Many2many("test.tag", compute="_compute_tag_ids", inverse="_inverse_tag_ids")
    stored_tag_ids = fields.Many2many("test.tag", "test_editable_tag_rel", "editable_id", "tag_id",
                                      compute="_compute_stored_tag_ids", store=True, readonly=False)

    @api.depends("unit")
    def _compute_unit_po(self):
        for record in self:
            if not record.unit_po or record.unit_po[:1] != (record.unit or "")[:1]:
                record.unit_po = record.unit

    @api.depends("unit")
    def _compute_label(self):
        for record in self:
            record.label = f"[{record.unit}]"

    def _compute_echo(self):
        for record in self:
            record.echo = f"{record.echo or ''}+"

    @api.depends("unit")
    @api.depends_context("suffix")
    def _compute_scaled(self):
        for record in self:
            record.scaled = f"{record.unit}{self.env.context.get('suffix', '')}"

    @api.depends_context("company")
    def _compute_company_label(self):
        for record in self:
            record.company_label = f"{record.unit} @ {self.env.company.name}"

    @api.depends("order_id.line_ids")
    def _compute_line_ids(self):
        for record in self:
            record.line_ids = record.order_id.line_ids

    def _inverse_line_ids(self):
        for record in self:
            if record.order_id:
                record.order_id.line_ids = record.line_ids

    @api.depends("order_id.tag_ids")
    def _compute_tag_ids(self):
        for record in self:
            record.tag_ids = record.order_id.tag_ids

    def _inverse_tag_ids(self):
        for record in self:
            if record.order_id:
                record.order_id.tag_ids = record.tag_ids

    @api.depends("order_id")
    def _compute_stored_tag_ids(self):
        for record in self:
            record.stored_tag_ids = record.order_id.tag_ids


class TestPartial(models.Model):
    """Computes that assign some records only (Odoo keeps the others' values), and an
    old-style ``@api.model`` create taking one dict."""

    _name = "test.partial"
    _description = "Partly assigned computes"

    unit = fields.Char()
    code = fields.Char(compute="_compute_code", store=True, readonly=False)
    hint = fields.Char(compute="_compute_hint", readonly=False)
    shown = fields.Char(compute="_compute_shown")

    @api.depends("unit")
    def _compute_code(self):
        for record in self:
            if record.unit == "auto":
                record.code = "AUTO"

    @api.depends("unit")
    def _compute_hint(self):
        for record in self:
            if record.unit == "auto":
                record.hint = "automatic"

    @api.depends("unit")
    def _compute_shown(self):
        for record in self:
            if record.unit != "hidden":
                record.shown = f"<{record.unit}>"

    @api.model
    def create(self, vals):
        return super().create(dict(vals, unit=(vals.get("unit") or "").strip() or False))
