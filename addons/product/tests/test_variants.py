"""Variants made from a template's attribute lines, and the extra prices of their values."""
from __future__ import annotations

import base64
import io

from PIL import Image

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import ProductCommon


class TestVariants(ProductCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        attributes = cls.env["product.attribute"]
        cls.size = attributes.create({"name": "Test Size", "value_ids": [
            Command.create({"name": name, "sequence": index})
            for index, name in enumerate(("S", "M", "L"))]})
        cls.size_s, cls.size_m, cls.size_l = cls.size.value_ids
        cls.colour = attributes.create({"name": "Test Colour", "display_type": "color",
                                        "value_ids": [Command.create({"name": "Red"}),
                                                      Command.create({"name": "Blue"})]})
        cls.red, cls.blue = cls.colour.value_ids
        cls.engraving = attributes.create({"name": "Test Engraving", "create_variant": "no_variant",
                                           "value_ids": [Command.create({"name": "Yes"}),
                                                         Command.create({"name": "No"})]})
        cls.shirt = cls.env["product.template"].create({
            "name": "Test Shirt", "list_price": 20.0, "attribute_line_ids": [
                Command.create({"attribute_id": cls.size.id,
                                "value_ids": [Command.set(cls.size.value_ids.ids)]}),
                Command.create({"attribute_id": cls.colour.id,
                                "value_ids": [Command.set(cls.colour.value_ids.ids)]}),
            ]})

    def _variant(self, template, *values):
        return template.product_variant_ids.filtered(
            lambda product: set(product.product_template_attribute_value_ids
                                .mapped("product_attribute_value_id").ids) == {v.id for v in values})

    def _ptav(self, template, value):
        return self.env["product.template.attribute.value"].search([
            ("product_tmpl_id", "=", template.id), ("product_attribute_value_id", "=", value.id)])

    def test_one_variant_per_combination(self):
        self.assertEqual(self.shirt.product_variant_count, 6)
        combinations = {frozenset(variant.product_template_attribute_value_ids
                                  .mapped("product_attribute_value_id").ids)
                        for variant in self.shirt.product_variant_ids}
        self.assertEqual(len(combinations), 6)
        medium_blue = self._variant(self.shirt, self.size_m, self.blue)
        self.assertEqual(len(medium_blue), 1)
        self.assertEqual(medium_blue.display_name, "Test Shirt (M, Blue)")
        self.assertEqual(medium_blue.combination_indices,
                         ",".join(str(i) for i in sorted(medium_blue
                                                         .product_template_attribute_value_ids.ids)))
        self.assertTrue(self.shirt.has_configurable_attributes)

    def test_template_without_attributes_has_one_variant(self):
        self.assertEqual(self.chair.product_tmpl_id.product_variant_count, 1)
        self.assertEqual(self.chair.product_tmpl_id.product_variant_id, self.chair)
        self.assertFalse(self.chair.product_template_attribute_value_ids)

    def test_price_extra_in_lst_price(self):
        self._ptav(self.shirt, self.size_l).price_extra = 5.0
        self._ptav(self.shirt, self.red).price_extra = 1.5
        large_red = self._variant(self.shirt, self.size_l, self.red)
        large_blue = self._variant(self.shirt, self.size_l, self.blue)
        small_blue = self._variant(self.shirt, self.size_s, self.blue)
        self.assertEqual(large_red.price_extra, 6.5)
        self.assertEqual(large_red.lst_price, 26.5)
        self.assertEqual(large_blue.lst_price, 25.0)
        self.assertEqual(small_blue.lst_price, 20.0)
        self.shirt.list_price = 30.0
        self.assertEqual(large_red.lst_price, 36.5)

    def test_lst_price_inverse_writes_template_price(self):
        self._ptav(self.shirt, self.size_l).price_extra = 5.0
        large_red = self._variant(self.shirt, self.size_l, self.red)
        large_red.lst_price = 45.0
        self.assertEqual(self.shirt.list_price, 40.0)
        self.assertEqual(self._variant(self.shirt, self.size_s, self.red).lst_price, 40.0)

    def test_lst_price_in_another_unit(self):
        dozen_price = self.chair.with_context(uom=self.uom_dozen.id).lst_price
        self.assertAlmostEqual(dozen_price, 1200.0)

    def test_default_extra_price(self):
        self.size_l.default_extra_price = 3.0
        template = self.env["product.template"].create({
            "name": "Test Trousers", "list_price": 50.0, "attribute_line_ids": [
                Command.create({"attribute_id": self.size.id,
                                "value_ids": [Command.set([self.size_m.id, self.size_l.id])]})]})
        self.assertEqual(self._ptav(template, self.size_l).price_extra, 3.0)
        self.assertEqual(self._variant(template, self.size_l).lst_price, 53.0)

    def test_adding_a_value_adds_variants(self):
        line = self.shirt.attribute_line_ids.filtered(lambda l: l.attribute_id == self.colour)
        green = self.env["product.attribute.value"].create({"name": "Green",
                                                            "attribute_id": self.colour.id})
        line.value_ids = [Command.link(green.id)]
        self.assertEqual(self.shirt.product_variant_count, 9)
        self.assertEqual(len(self._variant(self.shirt, self.size_s, green)), 1)

    def test_removing_a_value_removes_variants(self):
        line = self.shirt.attribute_line_ids.filtered(lambda l: l.attribute_id == self.size)
        small_red = self._variant(self.shirt, self.size_s, self.red)
        line.value_ids = [Command.unlink(self.size_s.id)]
        self.assertEqual(self.shirt.product_variant_count, 4)
        self.assertFalse(small_red.exists() and small_red.active)
        # the value comes back: a variant for it again
        line.value_ids = [Command.link(self.size_s.id)]
        self.assertEqual(self.shirt.product_variant_count, 6)

    def test_single_value_line_keeps_variants(self):
        variants = self.shirt.product_variant_ids
        fabric = self.env["product.attribute"].create({
            "name": "Test Fabric", "value_ids": [Command.create({"name": "Cotton"})]})
        self.shirt.attribute_line_ids = [Command.create({
            "attribute_id": fabric.id, "value_ids": [Command.set(fabric.value_ids.ids)]})]
        self.assertEqual(self.shirt.product_variant_ids, variants)
        cotton = self._ptav(self.shirt, fabric.value_ids)
        self.assertTrue(all(cotton in variant.product_template_attribute_value_ids
                            for variant in variants))
        # a value of a single-value line tells nothing apart: not in the name
        self.assertEqual(self._variant(self.shirt, self.size_m, self.red, fabric.value_ids)
                         .display_name, "Test Shirt (M, Red)")

    def test_no_variant_attribute_makes_no_variant(self):
        self.shirt.attribute_line_ids = [Command.create({
            "attribute_id": self.engraving.id,
            "value_ids": [Command.set(self.engraving.value_ids.ids)]})]
        self.assertEqual(self.shirt.product_variant_count, 6)

    def test_dynamic_attribute_makes_no_variant_upfront(self):
        dynamic = self.env["product.attribute"].create({
            "name": "Test Dynamic", "create_variant": "dynamic",
            "value_ids": [Command.create({"name": "A"}), Command.create({"name": "B"})]})
        template = self.env["product.template"].create({
            "name": "Test Made To Order", "attribute_line_ids": [Command.create({
                "attribute_id": dynamic.id, "value_ids": [Command.set(dynamic.value_ids.ids)]})]})
        self.assertEqual(template.product_variant_count, 0)

    def test_removing_the_line_leaves_one_variant(self):
        self.shirt.attribute_line_ids.unlink()
        self.assertEqual(self.shirt.product_variant_count, 1)
        self.assertEqual(self.shirt.product_variant_ids.display_name, "Test Shirt")

    def test_line_needs_values_of_its_attribute(self):
        with self.assertRaises(ValidationError):
            self.env["product.template"].create({
                "name": "Test Bad", "attribute_line_ids": [Command.create({
                    "attribute_id": self.size.id, "value_ids": [Command.set([self.red.id])]})]})
        with self.assertRaises(ValidationError):
            self.env["product.template"].create({
                "name": "Test Empty", "attribute_line_ids": [Command.create({
                    "attribute_id": self.size.id})]})

    def test_used_attribute_is_protected(self):
        with self.assertRaises(UserError):
            self.size.create_variant = "no_variant"
        with self.assertRaises(UserError):
            self.size.unlink()
        with self.assertRaises(UserError):
            self.size_m.unlink()

    def test_archiving_template_archives_variants(self):
        self.shirt.active = False
        self.assertFalse(self.shirt.with_context(active_test=False).product_variant_ids
                         .filtered("active"))

    def test_unlinking_last_variant_unlinks_template(self):
        template = self.chair.product_tmpl_id
        self.chair.unlink()
        self.assertFalse(template.exists())

    def test_variant_copy_copies_template(self):
        copy = self.chair.copy()
        self.assertNotEqual(copy.product_tmpl_id, self.chair.product_tmpl_id)
        self.assertEqual(copy.name, "Test Chair (copy)")

    def test_template_fields_from_single_variant(self):
        template = self.chair.product_tmpl_id
        self.assertEqual(template.default_code, "TCHAIR")
        self.assertEqual(template.standard_price, 60.0)
        template.standard_price = 65.0
        self.assertEqual(self.chair.standard_price, 65.0)
        self.assertFalse(self.shirt.default_code)
        self.assertFalse(self.shirt.barcode)

    def test_template_copy_keeps_lines_and_extra_prices(self):
        self._ptav(self.shirt, self.size_l).price_extra = 5.0
        copy = self.shirt.copy()
        self.assertEqual(copy.name, "Test Shirt (copy)")
        self.assertEqual(copy.product_variant_count, 6)
        self.assertEqual(self._ptav(copy, self.size_l).price_extra, 5.0)
        self.assertEqual(self._variant(copy, self.size_l, self.red).lst_price, 25.0)
        self.assertEqual(self.shirt.product_variant_count, 6)

    def test_custom_value_name(self):
        custom = self.env["product.attribute.value"].create({
            "name": "Other", "attribute_id": self.colour.id, "is_custom": True})
        line = self.shirt.attribute_line_ids.filtered(lambda l: l.attribute_id == self.colour)
        line.value_ids = [Command.link(custom.id)]
        typed = self.env["product.attribute.custom.value"].create({
            "custom_product_template_attribute_value_id": self._ptav(self.shirt, custom).id,
            "custom_value": " Teal "})
        self.assertEqual(typed.name, "Test Colour: Other: Teal")
        self.assertTrue(self.shirt.has_configurable_attributes)

    def test_images_fall_back_to_the_template(self):
        red_dot = b"R0lGODlhAQABAIAAAP8AAAAAACwAAAAAAQABAAACAkQBADs="
        blue_dot = b"R0lGODlhAQABAIAAAAAA/wAAACwAAAAAAQABAAACAkQBADs="
        self.shirt.image_1920 = red_dot
        small_red = self._variant(self.shirt, self.size_s, self.red)
        small_blue = self._variant(self.shirt, self.size_s, self.blue)
        self.assertEqual(small_blue.image_128, red_dot)
        small_blue.image_1920 = blue_dot              # several variants: on the variant
        self.assertEqual(small_blue.image_variant_1920, blue_dot)
        self.assertEqual(small_blue.image_128, blue_dot)
        self.assertEqual(small_red.image_128, red_dot)
        self.assertEqual(self.shirt.image_128, red_dot)
        self.chair.image_1920 = blue_dot              # one variant: on the template
        self.assertEqual(self.chair.product_tmpl_id.image_1920, blue_dot)
        self.assertFalse(self.chair.image_variant_1920)

    def test_images_are_resized_for_each_size(self):
        stream = io.BytesIO()
        Image.new("RGB", (2400, 1200), (10, 120, 10)).save(stream, format="PNG")
        self.chair.image_1920 = base64.b64encode(stream.getvalue())
        sizes = {size: Image.open(io.BytesIO(base64.b64decode(self.chair[f"image_{size}"]))).size
                 for size in (1920, 1024, 128)}
        self.assertEqual(sizes, {1920: (1920, 960), 1024: (1024, 512), 128: (128, 64)})
