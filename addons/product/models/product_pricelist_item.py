"""Pricelist rules (``product.pricelist.item``): which products, from which quantity and when,
and how the price is made (a fixed price, a discount, or a formula on a base price).

The formula: base price less ``price_discount`` %, rounded to a multiple of ``price_round``,
plus ``price_surcharge``, kept between base + ``price_min_margin`` and base +
``price_max_margin``.
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_round
from odoo.tools.misc import formatLang

#: What each ``applied_on`` keeps; the other target fields are emptied.
TARGET_FIELDS = ("product_id", "product_tmpl_id", "categ_id")
KEPT_TARGETS = {
    "3_global": (),
    "2_product_category": ("categ_id",),
    "1_product": ("product_tmpl_id",),
    "0_product_variant": ("product_id", "product_tmpl_id"),
}


class ProductPricelistItem(models.Model):
    _name = "product.pricelist.item"
    _description = "Pricelist Rule"
    _order = "applied_on, min_quantity desc, categ_id desc, id desc"
    _check_company_auto = True

    def _default_pricelist_id(self):
        return self.env["product.pricelist"].search(
            ["|", ("company_id", "=", False), ("company_id", "=", self.env.company.id)], limit=1)

    pricelist_id = fields.Many2one("product.pricelist", "Pricelist", index=True,
                                   ondelete="cascade", required=True,
                                   default=_default_pricelist_id)
    company_id = fields.Many2one(related="pricelist_id.company_id", store=True)
    currency_id = fields.Many2one(related="pricelist_id.currency_id", store=True)
    date_start = fields.Datetime("Start Date",
                                 help="Starting datetime for the pricelist item validation")
    date_end = fields.Datetime("End Date", help="Ending datetime for the pricelist item validation")
    min_quantity = fields.Float(
        "Min. Quantity", default=0, digits="Product Unit of Measure",
        help="The rule applies from this quantity, expressed in the product's unit of measure.")
    applied_on = fields.Selection([
        ("3_global", "All Products"),
        ("2_product_category", "Product Category"),
        ("1_product", "Product"),
        ("0_product_variant", "Product Variant"),
    ], string="Apply On", default="3_global", required=True,
        help="Pricelist Item applicable on selected option")
    categ_id = fields.Many2one("product.category", "Product Category", ondelete="cascade",
                               help="The rule applies to this category and its children.")
    product_tmpl_id = fields.Many2one("product.template", "Product", ondelete="cascade",
                                      check_company=True)
    product_id = fields.Many2one("product.product", "Product Variant", ondelete="cascade",
                                 check_company=True)
    base = fields.Selection([
        ("list_price", "Sales Price"),
        ("standard_price", "Cost"),
        ("pricelist", "Other Pricelist"),
    ], string="Based on", default="list_price", required=True,
        help="The price the formula or the discount starts from.")
    base_pricelist_id = fields.Many2one("product.pricelist", "Other Pricelist",
                                        check_company=True)
    compute_price = fields.Selection([
        ("fixed", "Fixed Price"),
        ("percentage", "Discount"),
        ("formula", "Formula"),
    ], index=True, default="fixed", required=True)
    fixed_price = fields.Float("Fixed Price", digits="Product Price")
    percent_price = fields.Float("Percentage Price",
                                 help="You can apply a mark-up by setting a negative discount.")
    price_discount = fields.Float("Price Discount", default=0, digits=(16, 2),
                                  help="You can apply a mark-up by setting a negative discount.")
    price_round = fields.Float(
        "Price Rounding", digits="Product Price",
        help="The price becomes a multiple of this value, after the discount and before the "
             "surcharge. For prices ending in 9.99: rounding 10, surcharge -0.01.")
    price_surcharge = fields.Float(
        "Price Surcharge", digits="Product Price",
        help="An amount added (or taken off when negative) after the discount.")
    price_min_margin = fields.Float("Min. Price Margin", digits="Product Price",
                                    help="The least margin over the base price.")
    price_max_margin = fields.Float("Max. Price Margin", digits="Product Price",
                                    help="The largest margin over the base price.")
    name = fields.Char("Name", compute="_compute_name_and_price",
                       help="Explicit rule name for this pricelist line.")
    price = fields.Char("Price", compute="_compute_name_and_price",
                        help="Explicit rule name for this pricelist line.")

    @api.depends("applied_on", "categ_id", "product_tmpl_id", "product_id", "compute_price",
                 "fixed_price", "pricelist_id", "percent_price", "price_discount",
                 "price_surcharge")
    def _compute_name_and_price(self):
        for item in self:
            if item.categ_id and item.applied_on == "2_product_category":
                item.name = _("Category: %s", item.categ_id.display_name)
            elif item.product_tmpl_id and item.applied_on == "1_product":
                item.name = _("Product: %s", item.product_tmpl_id.display_name)
            elif item.product_id and item.applied_on == "0_product_variant":
                item.name = _("Variant: %s", item.product_id.display_name)
            else:
                item.name = _("All Products")
            if item.compute_price == "fixed":
                item.price = formatLang(item.env, item.fixed_price, monetary=True,
                                        dp="Product Price", currency_obj=item.currency_id)
            elif item.compute_price == "percentage":
                item.price = _("%s %% discount", item.percent_price)
            else:
                item.price = _("%(percentage)s %% discount and %(price)s surcharge",
                               percentage=item.price_discount, price=item.price_surcharge)

    # -- constraints -------------------------------------------------------------------------

    @api.constrains("base_pricelist_id", "pricelist_id", "base")
    def _check_recursion(self):
        if any(item.base == "pricelist" and item.pricelist_id and
               item.pricelist_id == item.base_pricelist_id for item in self):
            raise ValidationError(_("You cannot assign the Main Pricelist as Other Pricelist in "
                                    "PriceList Item"))

    @api.constrains("date_start", "date_end")
    def _check_date_range(self):
        for item in self:
            if item.date_start and item.date_end and item.date_start >= item.date_end:
                raise ValidationError(_("%s: end date (%s) should be greater than start date (%s)",
                                        item.display_name, item.date_end, item.date_start))

    @api.constrains("price_min_margin", "price_max_margin")
    def _check_margin(self):
        if any(item.price_min_margin > item.price_max_margin for item in self):
            raise ValidationError(_("The minimum margin should be lower than the maximum margin."))

    @api.constrains("product_id", "product_tmpl_id", "categ_id")
    def _check_product_consistency(self):
        for item in self:
            if item.applied_on == "2_product_category" and not item.categ_id:
                raise ValidationError(_("Please specify the category for which this rule should "
                                        "be applied"))
            if item.applied_on == "1_product" and not item.product_tmpl_id:
                raise ValidationError(_("Please specify the product for which this rule should "
                                        "be applied"))
            if item.applied_on == "0_product_variant" and not item.product_id:
                raise ValidationError(_("Please specify the product variant for which this rule "
                                        "should be applied"))

    @api.onchange("compute_price")
    def _onchange_compute_price(self):
        if self.compute_price != "fixed":
            self.fixed_price = 0.0
        if self.compute_price != "percentage":
            self.percent_price = 0.0
        if self.compute_price != "formula":
            self.update({"base": "list_price", "price_discount": 0.0, "price_surcharge": 0.0,
                         "price_round": 0.0, "price_min_margin": 0.0, "price_max_margin": 0.0})

    @api.onchange("product_id")
    def _onchange_product_id(self):
        for item in self.filtered("product_id"):
            item.product_tmpl_id = item.product_id.product_tmpl_id

    # -- create, write -----------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for values in vals_list:
            if not values.get("applied_on"):
                values["applied_on"] = (
                    "0_product_variant" if values.get("product_id") else
                    "1_product" if values.get("product_tmpl_id") else
                    "2_product_category" if values.get("categ_id") else "3_global")
            _clear_other_targets(values)
        return super().create(vals_list)

    def write(self, values):
        if values.get("applied_on"):
            _clear_other_targets(values)
        return super().write(values)

    # -- prices ------------------------------------------------------------------------------

    def _is_applicable_for(self, product, qty_in_product_uom):
        """Whether this rule applies to ``product`` (variant or template) for that quantity."""
        self.ensure_one()
        product.ensure_one()
        if self.min_quantity and qty_in_product_uom < self.min_quantity:
            return False
        if self.applied_on == "2_product_category":
            return product.categ_id == self.categ_id or \
                (product.categ_id.parent_path or "").startswith(self.categ_id.parent_path or "-")
        if product._name == "product.template":
            if self.applied_on == "1_product":
                return product.id == self.product_tmpl_id.id
            if self.applied_on == "0_product_variant":
                # a variant rule applies to a template that has only that variant
                return product.product_variant_count == 1 and \
                    product.product_variant_id.id == self.product_id.id
            return True
        if self.applied_on == "1_product":
            return product.product_tmpl_id.id == self.product_tmpl_id.id
        if self.applied_on == "0_product_variant":
            return product.id == self.product_id.id
        return True

    def _compute_price(self, product, quantity, uom, date, currency=None):
        """The unit price of ``product`` per ``uom`` by this rule (the base price when empty).

        The rule's amounts are per unit of the product's own unit of measure.
        """
        self and self.ensure_one()
        product.ensure_one()
        uom.ensure_one()
        currency = currency or self.currency_id or self.env.company.currency_id
        currency.ensure_one()
        product_uom = product.uom_id

        def convert(amount):
            return product_uom._compute_price(amount, uom) if product_uom != uom else amount

        if self.compute_price == "fixed":
            return convert(self.fixed_price)
        base_price = self._compute_base_price(product, quantity, uom, date, currency)
        if self.compute_price == "percentage":
            return (base_price - base_price * (self.percent_price / 100)) or 0.0
        if self.compute_price == "formula":
            price = (base_price - base_price * (self.price_discount / 100)) or 0.0
            if self.price_round:
                price = float_round(price, precision_rounding=self.price_round)
            if self.price_surcharge:
                price += convert(self.price_surcharge)
            if self.price_min_margin:
                price = max(price, base_price + convert(self.price_min_margin))
            if self.price_max_margin:
                price = min(price, base_price + convert(self.price_max_margin))
            return price
        return base_price            # no rule: the product's own price

    def _compute_base_price(self, product, quantity, uom, date, currency):
        """The price the rule starts from, in ``currency``, per ``uom``."""
        currency.ensure_one()
        rule_base = self.base or "list_price"
        if rule_base == "pricelist" and self.base_pricelist_id:
            price = self.base_pricelist_id._get_product_price(
                product, quantity, currency=self.base_pricelist_id.currency_id, uom=uom, date=date)
            source_currency = self.base_pricelist_id.currency_id
        elif rule_base == "standard_price":
            source_currency = product.cost_currency_id
            price = product._price_compute(rule_base, uom=uom, date=date)[product.id]
        else:
            source_currency = product.currency_id
            price = product._price_compute("list_price", uom=uom, date=date)[product.id]
        if source_currency != currency:
            price = source_currency._convert(price, currency, self.env.company, date, round=False)
        return price

    def _compute_price_before_discount(self, *args, **kwargs):
        """The base price of the rule, following "show the discount" pricelists down."""
        rule = self
        while rule and rule.pricelist_id.discount_policy == "without_discount" and \
                rule.base == "pricelist" and \
                rule.base_pricelist_id.discount_policy == "without_discount":
            rule = self.browse(rule.base_pricelist_id._get_product_rule(*args, **kwargs))
        return rule._compute_base_price(*args, **kwargs)


def _clear_other_targets(values: dict) -> None:
    """Empty the target fields ``applied_on`` does not use, so searches stay consistent."""
    kept = KEPT_TARGETS.get(values["applied_on"], TARGET_FIELDS)
    for name in TARGET_FIELDS:
        if name not in kept:
            values[name] = None

