"""Units of measure (``uom.uom``): a factor against the reference unit of their category.

``factor`` says how many of this unit make one reference unit (1000 for the gram when the
kilogram is the reference, 1/12 for the dozen when the unit is); quantities and prices
convert through it, and only between units of the same category.
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.float_utils import float_round

#: The category a unit gets when it is created from a bare name (imports).
IMPORTED_CATEGORY = "Unsorted/Imported Units"


class UomUom(models.Model):
    _name = "uom.uom"
    _description = "Product Unit of Measure"
    _order = "factor DESC, id"

    name = fields.Char("Unit of Measure", required=True, translate=True)
    category_id = fields.Many2one(
        "uom.category", "Category", required=True, ondelete="restrict",
        help="Units convert into each other only within one category, through their ratios.")
    factor = fields.Float(
        "Ratio", default=1.0, digits=0, required=True,
        help="How many of this unit make one reference unit of the category: "
             "1 * (reference unit) = ratio * (this unit)")
    factor_inv = fields.Float(
        "Bigger Ratio", compute="_compute_factor_inv", digits=0, readonly=True, required=True,
        help="How many reference units make one of this unit: "
             "1 * (this unit) = ratio * (reference unit)")
    rounding = fields.Float(
        "Rounding Precision", default=0.01, digits=0, required=True,
        help="Converted quantities are multiples of this value; 1.0 for a unit that "
             "cannot be split, such as a piece.")
    active = fields.Boolean("Active", default=True,
                            help="Archive a unit instead of deleting it to hide it.")
    uom_type = fields.Selection([
        ("bigger", "Bigger than the reference Unit of Measure"),
        ("reference", "Reference Unit of Measure for this category"),
        ("smaller", "Smaller than the reference Unit of Measure"),
    ], "Type", default="reference", required=True)
    ratio = fields.Float("Combined Ratio", compute="_compute_ratio", inverse="_set_ratio")
    color = fields.Integer("Color", compute="_compute_color")

    _sql_constraints = [
        ("factor_gt_zero", "CHECK (factor!=0)",
         "The conversion ratio for a unit of measure cannot be 0!"),
        ("rounding_gt_zero", "CHECK (rounding>0)",
         "The rounding precision must be strictly positive."),
        ("factor_reference_is_one",
         "CHECK((uom_type = 'reference' AND factor = 1.0) OR (uom_type != 'reference'))",
         "The reference unit must have a conversion factor equal to 1."),
    ]

    # -- computed fields ---------------------------------------------------------------------

    @api.depends("factor")
    def _compute_factor_inv(self):
        for uom in self:
            uom.factor_inv = 1.0 / uom.factor if uom.factor else 0.0

    @api.depends("uom_type", "factor")
    def _compute_ratio(self):
        for uom in self:
            if uom.uom_type == "reference":
                uom.ratio = 1.0
            elif uom.uom_type == "bigger":
                uom.ratio = uom.factor_inv
            else:
                uom.ratio = uom.factor

    def _set_ratio(self):
        for uom in self:
            if not uom.ratio:
                raise ValidationError(_("The ratio of a unit of measure cannot be zero."))
            if uom.uom_type == "reference":
                uom.factor = 1.0
            elif uom.uom_type == "bigger":
                uom.factor = 1.0 / uom.ratio
            else:
                uom.factor = uom.ratio

    @api.depends("uom_type")
    def _compute_color(self):
        for uom in self:
            uom.color = 7 if uom.uom_type == "reference" else 0

    @api.onchange("uom_type")
    def _onchange_uom_type(self):
        if self.uom_type == "reference":
            self.factor = 1.0

    # -- create, write, unlink ---------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            _factor_from_inverse(vals)
        units = super().create(vals_list)
        units._check_category_reference_uniqueness()
        return units

    def write(self, vals):
        _factor_from_inverse(vals)
        result = super().write(vals)
        # a unit becoming the reference is checked once the old reference has changed too
        if vals.get("uom_type") != "reference" and \
                not self.env.context.get("allow_to_change_reference"):
            self._check_category_reference_uniqueness()
        return result

    def _check_category_reference_uniqueness(self):
        """Each category that has units has exactly one reference unit (archived ones count)."""
        if not self:
            return
        rows = self.with_context(active_test=False)._read_group(
            [("category_id", "in", self.mapped("category_id").ids)], ["category_id", "uom_type"], ["__count"])
        units, references = {}, {}
        for category, uom_type, count in rows:
            units[category] = units.get(category, 0) + count
            if uom_type == "reference":
                references[category] = count
        for category in self.mapped("category_id"):
            if references.get(category, 0) > 1:
                raise ValidationError(_("UoM category %s should only have one reference unit of "
                                        "measure.", category.name))
            if units.get(category) and not references.get(category):
                raise ValidationError(_("UoM category %s should have a reference unit of measure.",
                                        category.name))

    def _unprotected_uom_xml_ids(self):
        """External ids (in ``uom``) of the units that may be deleted anyway."""
        return ["product_uom_hour", "product_uom_dozen"]

    def _filter_protected_uoms(self):
        """The units of ``self`` that ``uom``'s data defines and the system relies on."""
        data = self.env["ir.model.data"].sudo().search([
            ("model", "=", self._name), ("res_id", "in", self.ids), ("module", "=", "uom"),
            ("name", "not in", self._unprotected_uom_xml_ids())])
        return self.browse(sorted(set(data.mapped("res_id"))))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_master_data(self):
        protected = self._filter_protected_uoms()
        if protected:
            raise UserError(_("The following units of measure are used by the system and cannot be "
                              "deleted: %s\nYou can archive them instead.",
                              ", ".join(protected.mapped("name"))))

    @api.model
    def name_create(self, name):
        """A unit made from a name alone (imports) goes to a catch-all category, factor 1."""
        values = {self._rec_name: name, "factor": 1.0}
        if not self.env.context.get("default_category_id"):
            categories = self.env["uom.category"].with_context({})
            category = categories.search([("name", "=", IMPORTED_CATEGORY)], limit=1)
            values["category_id"] = category.id or categories.name_create(IMPORTED_CATEGORY)[0]
        unit = self.create(values)
        return unit.id, unit.display_name

    # -- conversions -------------------------------------------------------------------------

    def _compute_quantity(self, qty, to_unit, round=True, rounding_method="UP",
                          raise_if_failure=True):
        """``qty`` of this unit expressed in ``to_unit``.

        Rounded to ``to_unit.rounding`` with ``rounding_method`` when ``round`` (HALF-UP when
        the units are the same). Units of different categories raise a ``UserError``, or give
        ``qty`` back unchanged when ``raise_if_failure`` is false.
        """
        if not self or not qty:
            return qty
        self.ensure_one()
        if self != to_unit and self.category_id != to_unit.category_id:
            if raise_if_failure:
                raise UserError(_(
                    "The unit of measure %(unit)s doesn't belong to the same category as the unit "
                    "of measure %(product_unit)s: convert between units of one category only.",
                    unit=self.name, product_unit=to_unit.name))
            return qty
        if self == to_unit:
            amount, rounding_method = qty, "HALF-UP"
        else:
            amount = qty / self.factor
            if to_unit:
                amount *= to_unit.factor
        if to_unit and round:
            amount = float_round(amount, precision_rounding=to_unit.rounding,
                                 rounding_method=rounding_method)
        return amount

    def _compute_price(self, price, to_unit):
        """A price per unit of ``self`` expressed per ``to_unit`` (unchanged across categories)."""
        self.ensure_one()
        if not price or not to_unit or self == to_unit or self.category_id != to_unit.category_id:
            return price
        return price * self.factor / to_unit.factor


def _factor_from_inverse(vals: dict) -> None:
    """``factor_inv`` given on create or write sets ``factor`` (it is computed from it)."""
    if "factor_inv" in vals:
        factor_inv = vals.pop("factor_inv")
        vals["factor"] = 1.0 / factor_inv if factor_inv else 0.0
