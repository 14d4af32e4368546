"""Product templates (``product.template``): what is sold; its variants are ``product.product``.

A template always has at least one variant (one per combination of its attribute values,
or a single one without attributes). Fields that live on the variants (barcode, internal
reference, cost, weight, volume) read and write through the template while it has one
variant, as in Odoo.
"""
from __future__ import annotations

import itertools

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .price_compute import compute_prices

#: Most variants a template may create at once (``product.dynamic_variant_limit`` overrides).
VARIANT_LIMIT = 1000
#: Fields of both models that the first variant takes from the template's create values.
VARIANT_FIELDS = ("barcode", "default_code", "standard_price", "volume", "weight", "packaging_ids")


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["image.mixin"]
    _description = "Product"
    _order = "priority desc, name"

    def _get_default_category_id(self):
        return self.env.ref("product.product_category_all", raise_if_not_found=False)

    def _get_default_uom_id(self):
        return self.env.ref("uom.product_uom_unit", raise_if_not_found=False)

    name = fields.Char("Name", index="trigram", required=True, translate=True)
    sequence = fields.Integer("Sequence", default=1,
                              help="Gives the sequence order when displaying a product list")
    description = fields.Html("Description", translate=True)
    description_purchase = fields.Text("Purchase Description", translate=True)
    description_sale = fields.Text(
        "Sales Description", translate=True,
        help="A description of the product for customers, copied to sales orders, deliveries "
             "and invoices.")
    detailed_type = fields.Selection([
        ("consu", "Consumable"),
        ("service", "Service"),
        ("product", "Storable Product"),
    ], string="Product Type", default="consu", required=True,
        help="A storable product is a product for which you manage stock.\n"
             "A consumable product is a product for which stock is not managed.\n"
             "A service is a non-material product you provide.")
    type = fields.Selection([
        ("consu", "Consumable"),
        ("service", "Service"),
        ("product", "Storable Product"),
    ], compute="_compute_type", store=True, readonly=False, precompute=True)
    categ_id = fields.Many2one("product.category", "Product Category", change_default=True,
                               default=_get_default_category_id, required=True)
    currency_id = fields.Many2one("res.currency", "Currency", compute="_compute_currency_id")
    cost_currency_id = fields.Many2one("res.currency", "Cost Currency",
                                       compute="_compute_cost_currency_id")
    list_price = fields.Float("Sales Price", default=1.0, digits="Product Price",
                              help="Price at which the product is sold to customers.")
    standard_price = fields.Float(
        "Cost", compute="_compute_standard_price", inverse="_set_standard_price",
        search="_search_standard_price", digits="Product Price", groups="base.group_user",
        help="The value of the product, used when the purchase cost is not known and to "
             "compute margins.")
    volume = fields.Float("Volume", compute="_compute_volume", inverse="_set_volume",
                          digits="Volume", store=True)
    weight = fields.Float("Weight", compute="_compute_weight", inverse="_set_weight",
                          digits="Stock Weight", store=True)
    sale_ok = fields.Boolean("Can be Sold", default=True)
    purchase_ok = fields.Boolean("Can be Purchased", default=True)
    uom_id = fields.Many2one("uom.uom", "Unit of Measure", default=_get_default_uom_id,
                             required=True, help="Default unit of measure of all operations.")
    uom_name = fields.Char("Unit of Measure Name", related="uom_id.name", readonly=True)
    uom_po_id = fields.Many2one(
        "uom.uom", "Purchase UoM", compute="_compute_uom_po_id", required=True, readonly=False,
        store=True, precompute=True,
        help="Default unit of measure of purchases; in the category of the unit of measure.")
    company_id = fields.Many2one("res.company", "Company", index=True)
    packaging_ids = fields.One2many(
        "product.packaging", string="Product Packages", compute="_compute_packaging_ids",
        inverse="_set_packaging_ids", help="Gives the different ways to package the same product.")
    active = fields.Boolean("Active", default=True,
                            help="Archive the product to hide it without deleting it.")
    color = fields.Integer("Color Index")
    is_product_variant = fields.Boolean("Is a product variant",
                                        compute="_compute_is_product_variant")
    attribute_line_ids = fields.One2many("product.template.attribute.line", "product_tmpl_id",
                                         "Product Attributes", copy=True)
    valid_product_template_attribute_line_ids = fields.Many2many(
        "product.template.attribute.line", string="Valid Product Attribute Lines",
        compute="_compute_valid_product_template_attribute_line_ids")
    product_variant_ids = fields.One2many("product.product", "product_tmpl_id", "Products")
    product_variant_id = fields.Many2one("product.product", "Product",
                                         compute="_compute_product_variant_id")
    product_variant_count = fields.Integer("# Product Variants",
                                           compute="_compute_product_variant_count")
    barcode = fields.Char("Barcode", compute="_compute_barcode", inverse="_set_barcode",
                          search="_search_barcode")
    default_code = fields.Char("Internal Reference", compute="_compute_default_code",
                               inverse="_set_default_code", store=True)
    pricelist_item_count = fields.Integer("Number of price rules",
                                          compute="_compute_item_count")
    has_configurable_attributes = fields.Boolean("Is a configurable product",
                                                 compute="_compute_has_configurable_attributes")
    priority = fields.Selection([("0", "Normal"), ("1", "Favorite")], default="0",
                                string="Favorite")

    # -- computed fields ---------------------------------------------------------------------

    def _detailed_type_mapping(self):
        """Detailed types that are stored as another ``type`` (addons extend it)."""
        return {}

    @api.depends("detailed_type")
    def _compute_type(self):
        mapping = self._detailed_type_mapping()
        for template in self:
            template.type = mapping.get(template.detailed_type, template.detailed_type)

    @api.depends("uom_id")
    def _compute_uom_po_id(self):
        for template in self:
            if not template.uom_po_id or template.uom_id.category_id != template.uom_po_id.category_id:
                template.uom_po_id = template.uom_id

    @api.depends("company_id")
    def _compute_currency_id(self):
        main_company = self.env.ref("base.main_company", raise_if_not_found=False) or \
            self.env.company
        for template in self:
            template.currency_id = template.company_id.sudo().currency_id or \
                main_company.currency_id

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_cost_currency_id(self):
        for template in self:
            template.cost_currency_id = template.company_id.currency_id or \
                self.env.company.currency_id

    def _compute_is_product_variant(self):
        for template in self:
            template.is_product_variant = False

    @api.depends("attribute_line_ids.value_ids")
    def _compute_valid_product_template_attribute_line_ids(self):
        """Lines with at least one value (single-value lines included: they filter products)."""
        for template in self:
            template.valid_product_template_attribute_line_ids = \
                template.attribute_line_ids.filtered(lambda line: line.value_ids)

    @api.depends("product_variant_ids")
    def _compute_product_variant_id(self):
        for template in self:
            template.product_variant_id = template.product_variant_ids[:1]

    @api.depends("product_variant_ids.product_tmpl_id")
    def _compute_product_variant_count(self):
        for template in self:
            template.product_variant_count = len(template.product_variant_ids)

    @api.depends("attribute_line_ids.value_ids", "attribute_line_ids.attribute_id.create_variant",
                 "attribute_line_ids.attribute_id.display_type",
                 "attribute_line_ids.value_ids.is_custom")
    def _compute_has_configurable_attributes(self):
        for template in self:
            template.has_configurable_attributes = template.has_dynamic_attributes() or any(
                line.attribute_id.display_type == "multi" or len(line.value_ids) >= 2
                or any(line.value_ids.mapped("is_custom"))
                for line in template.attribute_line_ids)

    def _compute_item_count(self):
        items = self.env["product.pricelist.item"]
        for template in self:
            template.pricelist_item_count = items.search_count([
                "|", ("product_tmpl_id", "=", template.id),
                ("product_id", "in", template.product_variant_ids.ids),
                ("pricelist_id.active", "=", True)])

    # -- fields kept on the variants ---------------------------------------------------------

    def _compute_template_field_from_variant_field(self, fname, default=False):
        """``fname`` of the single variant (archived ones count when none is active)."""
        for template in self:
            variants = template.product_variant_ids or \
                template.with_context(active_test=False).product_variant_ids
            template[fname] = variants[fname] if len(variants) == 1 else default

    def _set_product_variant_field(self, fname):
        """Write ``fname`` on the single variant (an archived one when none is active)."""
        for template in self:
            variants = template.product_variant_ids or \
                template.with_context(active_test=False).product_variant_ids
            if len(variants) == 1:
                variants[fname] = template[fname]

    @api.depends("product_variant_ids.standard_price")
    @api.depends_context("company")
    def _compute_standard_price(self):
        self._compute_template_field_from_variant_field("standard_price")

    def _set_standard_price(self):
        self._set_product_variant_field("standard_price")

    def _search_standard_price(self, operator, value):
        return [("product_variant_ids.standard_price", operator, value)]

    @api.depends("product_variant_ids.volume")
    def _compute_volume(self):
        self._compute_template_field_from_variant_field("volume")

    def _set_volume(self):
        self._set_product_variant_field("volume")

    @api.depends("product_variant_ids.weight")
    def _compute_weight(self):
        self._compute_template_field_from_variant_field("weight")

    def _set_weight(self):
        self._set_product_variant_field("weight")

    @api.depends("product_variant_ids.barcode")
    def _compute_barcode(self):
        self._compute_template_field_from_variant_field("barcode")

    def _set_barcode(self):
        self._set_product_variant_field("barcode")

    def _search_barcode(self, operator, value):
        variants = self.env["product.product"].with_context(active_test=False).search(
            [("barcode", operator, value)])
        return [("id", "in", variants.mapped("product_tmpl_id").ids)]

    @api.depends("product_variant_ids.default_code")
    def _compute_default_code(self):
        self._compute_template_field_from_variant_field("default_code")

    def _set_default_code(self):
        self._set_product_variant_field("default_code")

    @api.depends("product_variant_ids", "product_variant_ids.packaging_ids")
    def _compute_packaging_ids(self):
        for template in self:
            variants = template.product_variant_ids
            template.packaging_ids = variants.packaging_ids if len(variants) == 1 else False

    def _set_packaging_ids(self):
        for template in self:
            if len(template.product_variant_ids) == 1:
                template.product_variant_ids.packaging_ids = template.packaging_ids

    # -- constraints -------------------------------------------------------------------------

    @api.constrains("uom_id", "uom_po_id")
    def _check_uom(self):
        if any(template.uom_id and template.uom_po_id and
               template.uom_id.category_id != template.uom_po_id.category_id for template in self):
            raise _uom_category_mismatch()

    @api.constrains("company_id")
    def _check_barcode_uniqueness(self):
        for template in self:
            template.product_variant_ids._check_barcode_uniqueness()

    @api.constrains("type", "detailed_type")
    def _constrains_detailed_type(self):
        mapping = self._detailed_type_mapping()
        for template in self:
            if template.type != mapping.get(template.detailed_type, template.detailed_type):
                raise ValidationError(_("The Type of this product doesn't match the Detailed Type"))

    @api.onchange("uom_id")
    def _onchange_uom_id(self):
        if self.uom_id:
            self.uom_po_id = self.uom_id

    # -- create, write, copy -----------------------------------------------------------------

    def _sanitize_vals(self, vals):
        """Keep ``type`` and ``detailed_type`` in step whichever of the two is written."""
        if "type" in vals and "detailed_type" not in vals and \
                vals["type"] not in self.mapped("type"):
            vals["detailed_type"] = vals["type"]
        if "detailed_type" in vals and "type" not in vals:
            vals["type"] = self._detailed_type_mapping().get(vals["detailed_type"],
                                                             vals["detailed_type"])

    def _get_related_fields_variant_template(self):
        """Fields of both models whose create value goes to the first variant."""
        return list(VARIANT_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._sanitize_vals(vals)
        templates = super().create(vals_list)
        if self.env.context.get("create_product_product", True):
            templates._create_variant_ids()
        # the variant now exists: give it what was written on the template for it
        for template, vals in zip(templates, vals_list):
            related = {name: vals[name] for name in self._get_related_fields_variant_template()
                       if vals.get(name)}
            if related:
                template.write(related)
        return templates

    def write(self, vals):
        self._sanitize_vals(vals)
        result = super().write(vals)
        if self.env.context.get("create_product_product", True) and (
                "attribute_line_ids" in vals or
                (vals.get("active") and not self.mapped("product_variant_ids"))):
            self._create_variant_ids()
        if "active" in vals and not vals["active"]:
            self.with_context(active_test=False).mapped("product_variant_ids").write(
                {"active": False})
        return result

    def copy(self, default=None):
        self.ensure_one()
        default = dict(default or {})
        default.setdefault("name", _("%s (copy)", self.name))
        copied = super().copy(default)
        # the copied lines made new template values: carry the extra prices over
        for line, new_line in zip(self.attribute_line_ids, copied.attribute_line_ids):
            for ptav, new_ptav in zip(line.product_template_value_ids,
                                      new_line.product_template_value_ids):
                if ptav.price_extra and \
                        ptav.product_attribute_value_id == new_ptav.product_attribute_value_id:
                    new_ptav.price_extra = ptav.price_extra
        return copied

    # -- names -------------------------------------------------------------------------------

    @api.depends("name", "default_code")
    def _compute_display_name(self):
        for template in self:
            if not template.name:
                template.display_name = False
            elif template.default_code:
                template.display_name = f"[{template.default_code}] {template.name}"
            else:
                template.display_name = template.name

    @api.model
    def _name_search(self, name="", domain=None, operator="ilike", limit=None, order=None):
        """Search the variants (name, reference, barcode) and return their templates."""
        domain = list(domain or [])
        if not name or any(isinstance(term, (list, tuple)) and term[0] == "id" for term in domain):
            return super()._name_search(name, domain, operator, limit=limit, order=order)
        variant_ids = self.env["product.product"]._name_search(name, domain, operator)
        variants = self.env["product.product"].browse(list(variant_ids))
        template_ids = set(variants.mapped("product_tmpl_id").ids)
        # templates without an active variant (dynamic attributes) match on their own name
        without_variant = self.search(domain + [("product_variant_ids", "=", False)])
        if without_variant:
            template_ids |= set(super()._name_search(
                name, domain + [("id", "in", without_variant.ids)], operator))
        return super()._name_search("", [("id", "in", list(template_ids))], "ilike",
                                    limit=limit, order=order)

    # -- prices ------------------------------------------------------------------------------

    def _get_attributes_extra_price(self):
        self.ensure_one()
        return sum(self.env.context.get("current_attributes_price_extra", []))

    def _price_compute(self, price_type, uom=None, currency=None, company=None, date=False):
        """``{template id: price}`` of ``price_type`` (list_price or standard_price)."""
        return compute_prices(self, price_type, uom, currency, company, date, cost_fallback=_first_variant_cost)

    def _get_contextual_pricelist(self):
        """The pricelist of the context (``pricelist``: an id), or none."""
        return self.env["product.pricelist"].browse(self.env.context.get("pricelist"))

    def _get_contextual_price(self, product=None):
        """The price of ``product`` (default: this template) by the context's pricelist,
        ``quantity`` (default 1), ``uom`` (an id) and ``date``."""
        self.ensure_one()
        context = self.env.context
        return self._get_contextual_pricelist()._get_product_price(
            product or self, context.get("quantity", 1.0),
            uom=self.env["uom.uom"].browse(context.get("uom")), date=context.get("date"))

    # -- variants ----------------------------------------------------------------------------

    def _create_variant_ids_if_enabled(self):
        if self.env.context.get("create_product_product", True):
            self._create_variant_ids()

    def has_dynamic_attributes(self):
        """Whether a line's attribute makes variants only when they are ordered."""
        self.ensure_one()
        return any(attribute.create_variant == "dynamic"
                   for attribute in self.valid_product_template_attribute_line_ids.mapped("attribute_id"))

    def _prepare_variant_values(self, combination):
        self.ensure_one()
        return {"product_tmpl_id": self.id,
                "product_template_attribute_value_ids": [(6, 0, combination.ids)],
                "active": self.active}

    def _create_variant_ids(self):
        """Make the variants match the attribute lines.

        One variant per combination of the active values of the lines whose attribute makes
        variants (one variant when there is none); existing variants are kept, archived
        ones of a valid combination come back, the others are deleted or archived.
        """
        if not self:
            return True
        self.env.flush_all()
        products = self.env["product.product"]
        to_create, to_activate, to_remove = [], products, products
        limit = int(self.env["ir.config_parameter"].sudo().get_param(
            "product.dynamic_variant_limit", VARIANT_LIMIT))
        for template in self:
            lines = template.valid_product_template_attribute_line_ids \
                ._without_no_variant_attributes()
            variants = template.with_context(active_test=False).product_variant_ids.sorted(
                lambda product: (product.active, -product.id))
            _add_single_values(variants, lines)
            existing = {variant.product_template_attribute_value_ids: variant
                        for variant in variants}
            kept = products
            if not template.has_dynamic_attributes():
                created = 0
                for values in itertools.product(*[
                        line.product_template_value_ids._only_active() for line in lines]):
                    combination = self.env["product.template.attribute.value"].concat(*values)
                    if combination in existing:
                        kept |= existing[combination]
                        continue
                    to_create.append(template._prepare_variant_values(combination))
                    created += 1
                    if created > limit:
                        raise UserError(_(
                            "The number of variants to generate is above the allowed limit: "
                            "make the attribute create its variants dynamically or never."))
            else:
                kept = products.concat(*existing.values())
            to_activate |= kept
            to_remove |= variants - kept
        if to_activate:
            to_activate.filtered(lambda product: not product.active).write({"active": True})
        if to_create:
            products.create(to_create)
        if to_remove:
            to_remove._unlink_or_archive()
            if self.exists() != self:
                raise UserError(_("This configuration of product attributes and values would "
                                  "lead to no possible variant. Archive or delete the product "
                                  "directly if that is intended."))
        self.env.flush_all()
        self.env.invalidate_all()
        return True


def _uom_category_mismatch() -> ValidationError:
    return ValidationError(_("The default Unit of Measure and the purchase Unit of Measure must "
                             "be in the same category."))


def _add_single_values(variants, lines) -> None:
    """A line with one value adds that value to the existing variants instead of new ones."""
    single = lines.filtered(lambda line: len(line.product_template_value_ids._only_active()) == 1)
    if not single:
        return
    for variant in variants:
        combination = variant.product_template_attribute_value_ids | \
            single.mapped("product_template_value_ids")._only_active()
        if len(combination) == len(lines) and combination.mapped("attribute_line_id") == lines:
            variant.product_template_attribute_value_ids = combination


def _first_variant_cost(template) -> float:
    return template.product_variant_ids[:1].standard_price or 0.0
