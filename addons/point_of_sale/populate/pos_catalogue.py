"""Generated POS catalogue: POS categories, and products available at the till with POS
categories and the company's sale taxes (added to the product factories)."""
from odoo import Command, models
from odoo.tools import populate


class PosCategory(models.Model):
    _inherit = "pos.category"
    _populate_sizes = {"small": 10, "medium": 30, "large": 100}

    def _populate_factories(self):
        return [("name", populate.constant("POS Shelf {counter}")),
                ("sequence", populate.randint(1, 100))]

    def _populate(self, size):
        records = super()._populate(size)
        ordered = records.sorted("id")
        for index, category in enumerate(ordered):
            if index and index % 4 == 0:          # a tree: every fourth under an earlier one
                category.parent_id = ordered[index // 4 - 1]
        return records


class ProductProduct(models.Model):
    _inherit = "product.product"
    _populate_dependencies = ["product.category", "pos.category"]

    def _populate_factories(self):
        pos_categories = self.env["pos.category"].search([]).ids
        taxes = self.env["account.tax"].search([("type_tax_use", "=", "sale"),
                                                ("company_id", "=", self.env.company.id)]).ids

        def pos_categ_ids(random, **_kw):
            picked = random.sample(pos_categories, k=min(len(pos_categories), random.choice((1, 1, 1, 2))))
            return [Command.set(picked)]

        def taxes_id(random, **_kw):
            # most products carry one sale tax, a few none
            return [Command.set([random.choice(taxes)] if taxes and random.random() < 0.9 else [])]

        return [
            *super()._populate_factories(),
            ("available_in_pos", populate.iterate([True, False], [19, 1])),
            ("to_weight", populate.iterate([False, True], [19, 1])),
            ("pos_categ_ids", populate.compute(pos_categ_ids)),
            ("taxes_id", populate.compute(taxes_id)),
        ]
