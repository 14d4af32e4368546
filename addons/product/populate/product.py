"""Generated catalogue: a tree of product categories and products with codes, barcodes,
prices and costs (each product makes its template through ``_inherits``)."""
from odoo import models
from odoo.tools import populate

NOUNS = ["Pen", "Notebook", "Mug", "Chair", "Lamp", "Cable", "Bottle", "Shirt", "Bag", "Plate",
         "Coffee", "Tea", "Cookie", "Sandwich", "Juice", "Soap", "Towel", "Candle", "Clock", "Frame"]
ADJECTIVES = ["Blue", "Large", "Small", "Organic", "Classic", "Deluxe", "Eco", "Mini", "Red", "Smart"]


def ean13(number: int) -> str:
    """A valid EAN-13 barcode (check digit included) made from ``number`` (unique per number)."""
    digits = f"20{number:010d}"[-12:]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


class ProductCategory(models.Model):
    _inherit = "product.category"
    _populate_sizes = {"small": 10, "medium": 50, "large": 200}

    def _populate_factories(self):
        roots = self.search([("parent_id", "=", False)]).ids or [False]
        return [("name", populate.constant("Shelf {counter}")),
                ("parent_id", populate.randomize(roots))]

    def _populate(self, size):
        records = super()._populate(size)
        # a tree: every third category goes under one made before it
        ordered = records.sorted("id")
        for index, category in enumerate(ordered):
            if index and index % 3 == 0:
                category.parent_id = ordered[index // 3 - 1]
        return records


class ProductProduct(models.Model):
    _inherit = "product.product"
    _populate_sizes = {"small": 150, "medium": 5000, "large": 50000}
    _populate_dependencies = ["product.category"]

    def _populate_factories(self):
        categories = self.env["product.category"].search([]).ids
        offset = self.search_count([("barcode", "!=", False)]) + self.with_context(
            active_test=False).search_count([]) * 7   # fresh barcodes on a second run

        def name(values, counter, random):
            return f"{random.choice(ADJECTIVES)} {random.choice(NOUNS)} {counter}"

        return [
            ("name", populate.compute(name)),
            ("default_code", populate.constant("PRD-{counter:06d}")),
            ("barcode", populate.compute(lambda counter, **_kw: ean13(offset + counter + 1))),
            ("detailed_type", populate.iterate(["consu", "service"], [9, 1])),
            ("list_price", populate.compute(lambda random, **_kw: round(random.uniform(0.5, 500), 2))),
            ("standard_price", populate.compute(lambda values, random, **_kw:
                                                round(values["list_price"] * random.uniform(0.3, 0.8), 2))),
            ("categ_id", populate.randomize(categories)),
            ("sale_ok", populate.constant(True)),
        ]
