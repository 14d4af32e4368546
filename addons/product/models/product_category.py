"""Product categories (``product.category``): a tree named by its full path, "All / Saleable"."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

#: Categories the addon's data defines and other addons rely on: never deleted.
PROTECTED_CATEGORIES = ("product.product_category_all", "product.cat_expense",
                        "product.product_category_1")


class ProductCategory(models.Model):
    _name = "product.category"
    _description = "Product Category"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char("Name", index="trigram", required=True)
    complete_name = fields.Char("Complete Name", compute="_compute_complete_name",
                                recursive=True, store=True)
    parent_id = fields.Many2one("product.category", "Parent Category", index=True,
                                ondelete="cascade")
    parent_path = fields.Char(index=True)
    child_id = fields.One2many("product.category", "parent_id", "Child Categories")
    product_count = fields.Integer(
        "# Products", compute="_compute_product_count",
        help="The number of products in this category and its children.")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    def _compute_product_count(self):
        counts = dict(self.env["product.template"]._read_group(
            [("categ_id", "child_of", self.ids)], ["categ_id"], ["__count"]))
        for category in self:
            children = self.search([("id", "child_of", category.ids)])
            category.product_count = sum(counts.get(child, 0) for child in children)

    @api.constrains("parent_id")
    def _check_category_recursion(self):
        if not self._check_recursion():
            raise ValidationError(_("You cannot create recursive categories."))

    @api.model
    def name_create(self, name):
        category = self.create({"name": name})
        return category.id, category.display_name

    @api.depends_context("hierarchical_naming")
    def _compute_display_name(self):
        if self.env.context.get("hierarchical_naming", True):
            return super()._compute_display_name()
        for category in self:
            category.display_name = category.name
        return None

    @api.ondelete(at_uninstall=False)
    def _unlink_except_default_category(self):
        for xml_id in PROTECTED_CATEGORIES:
            category = self.env.ref(xml_id, raise_if_not_found=False)
            if category and category in self:
                raise UserError(_("You cannot delete the %s product category: other records rely "
                                  "on it; archive or rename it instead.", category.name))
