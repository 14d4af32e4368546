"""Product variants (``product.product``): one combination of a template's attribute values.

A variant delegates to its template (``_inherits``): name, prices, category, units... are
the template's; the variant adds its own barcode, internal reference, cost, the extra price
of its attribute values and its sales price (``lst_price``).
"""
from __future__ import annotations

import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .price_compute import compute_prices

#: ``name_search`` on "[CODE] Name" finds the product by the code between brackets.
CODE_IN_BRACKETS = re.compile(r"\[(.*?)\]")
POSITIVE_OPERATORS = ("=", "ilike", "=ilike", "like", "=like")


class ProductProduct(models.Model):
    _name = "product.product"
    _description = "Product Variant"
    _inherits = {"product.template": "product_tmpl_id"}
    _order = "priority desc, default_code, name, id"

    price_extra = fields.Float("Variant Price Extra", compute="_compute_product_price_extra",
                               digits="Product Price",
                               help="The sum of the extra prices of the variant's attribute values")
    lst_price = fields.Float(
        "Sales Price", compute="_compute_product_lst_price", inverse="_set_product_lst_price",
        digits="Product Price",
        help="The template's sales price plus the extra price of the variant's values.")
    default_code = fields.Char("Internal Reference", index=True)
    code = fields.Char("Reference", compute="_compute_product_code")
    partner_ref = fields.Char("Customer Ref", compute="_compute_partner_ref")
    active = fields.Boolean("Active", default=True,
                            help="Archive the variant to hide it without deleting it.")
    product_tmpl_id = fields.Many2one("product.template", "Product Template", auto_join=True,
                                      index=True, ondelete="cascade", required=True)
    barcode = fields.Char("Barcode", copy=False, index="btree_not_null",
                          help="International Article Number used for product identification.")
    product_template_attribute_value_ids = fields.Many2many(
        "product.template.attribute.value", "product_variant_combination",
        string="Attribute Values", ondelete="restrict")
    # framework note: Odoo declares it as a second many2many on the same table; computed here
    product_template_variant_value_ids = fields.Many2many(
        "product.template.attribute.value", string="Variant Values",
        compute="_compute_product_template_variant_value_ids")
    combination_indices = fields.Char(compute="_compute_combination_indices", store=True,
                                      index=True)
    is_product_variant = fields.Boolean(compute="_compute_is_product_variant")
    standard_price = fields.Float(
        "Cost", company_dependent=True, digits="Product Price", groups="base.group_user",
        help="The value of the product, used when the purchase cost is not known and to "
             "compute margins.")
    volume = fields.Float("Volume", digits="Volume")
    weight = fields.Float("Weight", digits="Stock Weight")
    pricelist_item_count = fields.Integer("Number of price rules",
                                          compute="_compute_variant_item_count")
    packaging_ids = fields.One2many("product.packaging", "product_id", "Product Packages",
                                    help="Gives the different ways to package the same product.")
    image_variant_1920 = fields.Image("Variant Image", max_width=1920, max_height=1920)
    # resized copies of the variant's own image, stored
    image_variant_1024 = fields.Image("Variant Image 1024", related="image_variant_1920",
                                      max_width=1024, max_height=1024, store=True)
    image_variant_512 = fields.Image("Variant Image 512", related="image_variant_1920",
                                     max_width=512, max_height=512, store=True)
    image_variant_256 = fields.Image("Variant Image 256", related="image_variant_1920",
                                     max_width=256, max_height=256, store=True)
    image_variant_128 = fields.Image("Variant Image 128", related="image_variant_1920",
                                     max_width=128, max_height=128, store=True)
    # each size: the variant's image, else its template's
    image_1920 = fields.Image("Image", compute="_compute_image_1920", inverse="_set_image_1920")
    image_1024 = fields.Image("Image 1024", compute="_compute_image_1024")
    image_512 = fields.Image("Image 512", compute="_compute_image_512")
    image_256 = fields.Image("Image 256", compute="_compute_image_256")
    image_128 = fields.Image("Image 128", compute="_compute_image_128")

    def init(self):
        """At most one active variant per combination of a template."""
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS product_product_combination_unique "
            "ON %s (product_tmpl_id, combination_indices) WHERE active IS TRUE",
            SQL.identifier(self._table)))

    # -- computed fields ---------------------------------------------------------------------

    @api.depends("product_template_attribute_value_ids.price_extra")
    def _compute_product_price_extra(self):
        for product in self:
            product.price_extra = sum(product.product_template_attribute_value_ids
                                      .mapped("price_extra"))

    @api.depends("list_price", "price_extra")
    @api.depends_context("uom")
    def _compute_product_lst_price(self):
        to_uom = self.env["uom.uom"].browse(self.env.context["uom"]) \
            if self.env.context.get("uom") else None
        for product in self:
            list_price = product.list_price
            if to_uom:
                list_price = product.uom_id._compute_price(list_price, to_uom)
            product.lst_price = list_price + product.price_extra

    def _set_product_lst_price(self):
        """The sales price written on a variant is its template's, less the variant's extra."""
        for product in self:
            value = product.lst_price
            if self.env.context.get("uom"):
                value = self.env["uom.uom"].browse(self.env.context["uom"])._compute_price(
                    value, product.uom_id)
            product.write({"list_price": value - product.price_extra})

    def _compute_product_code(self):
        for product in self:
            product.code = product.default_code

    def _compute_partner_ref(self):
        for product in self:
            product.partner_ref = product.display_name

    @api.depends("product_template_attribute_value_ids")
    def _compute_combination_indices(self):
        for product in self:
            product.combination_indices = product.product_template_attribute_value_ids._ids2str()

    @api.depends("product_template_attribute_value_ids.attribute_line_id.value_count")
    def _compute_product_template_variant_value_ids(self):
        for product in self:
            product.product_template_variant_value_ids = \
                product.product_template_attribute_value_ids.filtered(
                    lambda ptav: ptav.attribute_line_id.value_count > 1)

    def _compute_is_product_variant(self):
        for product in self:
            product.is_product_variant = True

    def _compute_variant_item_count(self):
        items = self.env["product.pricelist.item"]
        for product in self:
            product.pricelist_item_count = items.search_count([
                ("pricelist_id.active", "=", True), "|",
                "&", ("product_tmpl_id", "=", product.product_tmpl_id.id),
                ("applied_on", "=", "1_product"),
                "&", ("product_id", "=", product.id), ("applied_on", "=", "0_product_variant")])

    def _compute_image_of_size(self, size: str) -> None:
        for product in self:
            product[f"image_{size}"] = product[f"image_variant_{size}"] or \
                product.product_tmpl_id[f"image_{size}"]

    @api.depends("image_variant_1920", "product_tmpl_id.image_1920")
    def _compute_image_1920(self):
        self._compute_image_of_size("1920")

    @api.depends("image_variant_1024", "product_tmpl_id.image_1024")
    def _compute_image_1024(self):
        self._compute_image_of_size("1024")

    @api.depends("image_variant_512", "product_tmpl_id.image_512")
    def _compute_image_512(self):
        self._compute_image_of_size("512")

    @api.depends("image_variant_256", "product_tmpl_id.image_256")
    def _compute_image_256(self):
        self._compute_image_of_size("256")

    @api.depends("image_variant_128", "product_tmpl_id.image_128")
    def _compute_image_128(self):
        self._compute_image_of_size("128")

    def _set_image_1920(self):
        """On the template while it has one variant (or nothing to tell apart), else here."""
        for product in self:
            template, image = product.product_tmpl_id, product.image_1920
            single = self.search_count([("product_tmpl_id", "=", template.id),
                                        ("active", "=", True)]) <= 1
            if single or (not image and not product.image_variant_1920) or \
                    (image and not template.image_1920):
                product.image_variant_1920 = False
                template.image_1920 = image
            else:
                product.image_variant_1920 = image

    # -- barcodes ----------------------------------------------------------------------------

    def _get_barcodes_by_company(self):
        by_company = {}
        for product in self:
            if product.barcode:
                by_company.setdefault(product.company_id.id, []).append(product.barcode)
        return list(by_company.items())

    def _get_barcode_search_domain(self, barcodes_within_company, company_id):
        domain = [("barcode", "in", barcodes_within_company)]
        if company_id:
            domain.append(("company_id", "in", (False, company_id)))
        return domain

    def _check_duplicated_product_barcodes(self, barcodes_within_company, company_id):
        domain = self._get_barcode_search_domain(barcodes_within_company, company_id)
        products = self.sudo().with_context(active_test=False).search(domain)
        by_barcode = {}
        for product in products:
            by_barcode.setdefault(product.barcode, product.browse())
            by_barcode[product.barcode] |= product
        duplicates = "\n".join(
            _('- Barcode "%s" already assigned to product(s): %s', barcode,
              ", ".join(found.mapped("display_name")))
            for barcode, found in by_barcode.items() if len(found) > 1)
        if duplicates:
            raise ValidationError(_("Barcode(s) already assigned:\n\n%s\n\nChange the barcode, "
                                    "or archive the product that has it.", duplicates))

    def _check_duplicated_packaging_barcodes(self, barcodes_within_company, company_id):
        domain = self._get_barcode_search_domain(barcodes_within_company, company_id)
        if self.env["product.packaging"].sudo().search(domain, order="id", limit=1):
            raise ValidationError(_("A packaging already uses the barcode"))

    @api.constrains("barcode")
    def _check_barcode_uniqueness(self):
        """A barcode names one product or packaging within a company (and the products of no
        company)."""
        for company_id, barcodes in self._get_barcodes_by_company():
            self._check_duplicated_product_barcodes(barcodes, company_id)
            self._check_duplicated_packaging_barcodes(barcodes, company_id)

    # -- create, write, unlink, copy ---------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.product_tmpl_id._sanitize_vals(vals)
        # the template made for a variant must not make a variant of its own
        return super(ProductProduct, self.with_context(create_product_product=False)) \
            .create(vals_list).with_env(self.env)

    def write(self, values):
        self.mapped("product_tmpl_id")._sanitize_vals(values)
        return super().write(values)

    def unlink(self):
        """Delete the variants, and their template with its last variant (unless dynamic)."""
        existing = self.exists()
        templates = self.env["product.template"]
        for template in existing.mapped("product_tmpl_id"):
            others = template.with_context(active_test=False).product_variant_ids - existing
            if not others and not template.has_dynamic_attributes():
                templates |= template
        result = super(ProductProduct, existing).unlink()
        templates.exists().unlink()
        return result

    def _filter_to_unlink(self):
        return self

    def _unlink_or_archive(self, check_access=True):
        """Delete the variants that can be deleted, archive the others (still referenced)."""
        if check_access:
            self.check_access_rights("unlink")
            self.check_access_rights("write")
            records = self.sudo()
            to_unlink = records._filter_to_unlink()
            (records - to_unlink).write({"active": False})
            records = to_unlink
        else:
            records = self
        try:
            with self.env.cr.savepoint():
                records.unlink()
        except Exception:
            if len(records) > 1:
                records[:len(records) // 2]._unlink_or_archive(check_access=False)
                records[len(records) // 2:]._unlink_or_archive(check_access=False)
            elif records.active:
                records.write({"active": False})

    def copy(self, default=None):
        """A variant is a combination of its template: copying one copies the template."""
        template = self.product_tmpl_id.copy(default=default)
        return template.product_variant_id

    def toggle_active(self):
        """Archive the template with its last variant, and bring it back with one."""
        result = super().toggle_active()
        templates = self.with_context(active_test=False).mapped("product_tmpl_id") \
            .with_context(active_test=True)
        to_toggle = templates.filtered(
            lambda template: template.active != bool(template.product_variant_ids))
        if to_toggle:
            to_toggle.toggle_active()
        return result

    # -- names -------------------------------------------------------------------------------

    @api.depends("name", "default_code", "product_tmpl_id")
    @api.depends_context("display_default_code")
    def _compute_display_name(self):
        """"[CODE] Name (L, Red)": the code unless the context hides it, then the values."""
        show_code = self.env.context.get("display_default_code", True)
        for product in self.sudo():
            variant = product.product_template_attribute_value_ids._get_combination_name()
            name = f"{product.name} ({variant})" if variant else product.name
            product.display_name = f"[{product.default_code}] {name}" \
                if show_code and product.default_code else name

    @api.model
    def _name_search(self, name="", domain=None, operator="ilike", limit=None, order=None):
        """The exact internal reference first, then the barcode, then reference and name."""
        domain = list(domain or [])
        if not name:
            return self._search(domain, limit=limit, order=order)
        ids = []
        if operator in POSITIVE_OPERATORS:
            ids = list(self._search([("default_code", "=", name)] + domain, limit=limit,
                                    order=order))
            if not ids:
                ids = list(self._search([("barcode", "=", name)] + domain, limit=limit,
                                        order=order))
        if not ids and operator not in expression.NEGATIVE_TERM_OPERATORS:
            # two searches merged here are much faster than one search with an OR
            ids = list(self._search(domain + [("default_code", operator, name)], limit=limit,
                                    order=order))
            if not limit or len(ids) < limit:
                more = self._search(domain + [("name", operator, name), ("id", "not in", ids)],
                                    limit=(limit - len(ids)) if limit else None, order=order)
                ids.extend(more)
        elif not ids:
            ids = list(self._search(expression.AND([domain, expression.OR([
                ["&", ("default_code", operator, name), ("name", operator, name)],
                ["&", ("default_code", "=", False), ("name", operator, name)],
            ])]), limit=limit, order=order))
        if not ids and operator in POSITIVE_OPERATORS:
            match = CODE_IN_BRACKETS.search(name)
            if match:
                ids = list(self._search([("default_code", "=", match.group(1))] + domain,
                                        limit=limit, order=order))
        return ids

    # -- prices ------------------------------------------------------------------------------

    def _get_attributes_extra_price(self):
        self.ensure_one()
        return self.price_extra + sum(self.env.context.get("no_variant_attributes_price_extra",
                                                           []))

    def _price_compute(self, price_type, uom=None, currency=None, company=None, date=False):
        """``{variant id: price}`` of ``price_type``; list_price includes the extra price."""
        return compute_prices(self, price_type, uom, currency, company, date)

    def get_contextual_price(self):
        return self._get_contextual_price()

    def _get_contextual_price(self):
        """The price by the pricelist, quantity, unit and date of the context."""
        self.ensure_one()
        return self.product_tmpl_id._get_contextual_price(self)

    def get_product_multiline_description_sale(self):
        """The display name, then the sales description on the next lines."""
        name = self.display_name
        if self.description_sale:
            name += "\n" + self.description_sale
        return name
