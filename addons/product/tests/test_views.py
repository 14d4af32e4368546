"""The product views carry Odoo 17's external ids and the anchors addons extend; the
variant form derives from the template form, so an extension of the template form shows in
both."""
from __future__ import annotations

from lxml import etree

from odoo.tests.common import TransactionCase

VIEWS = {
    "product.product_template_form_view": "product.template",
    "product.product_template_only_form_view": "product.template",
    "product.product_template_tree_view": "product.template",
    "product.product_template_search_view": "product.template",
    "product.product_template_kanban_view": "product.template",
    "product.product_normal_form_view": "product.product",
    "product.product_product_tree_view": "product.product",
    "product.product_search_form_view": "product.product",
    "product.product_category_form_view": "product.category",
    "product.product_category_list_view": "product.category",
    "product.product_category_search_view": "product.category",
    "product.product_supplierinfo_form_view": "product.supplierinfo",
    "product.product_supplierinfo_tree_view": "product.supplierinfo",
    "product.product_supplierinfo_search_view": "product.supplierinfo",
    "product.product_packaging_form_view": "product.packaging",
    "product.product_pricelist_item_form_view": "product.pricelist.item",
    "product.product_pricelist_view": "product.pricelist",
    "product.res_config_settings_view_form": "res.config.settings",
    "product.attribute_tree_view": "product.attribute",
    "product.product_attribute_view_form": "product.attribute",
    "product.product_template_attribute_line_form": "product.template.attribute.line",
    "product.product_template_attribute_value_view_tree": "product.template.attribute.value",
    "product.product_template_attribute_value_view_form": "product.template.attribute.value",
}


class TestProductViews(TransactionCase):

    def arch(self, xmlid: str):
        view = self.env.ref(xmlid)
        model, view_type = VIEWS[xmlid], view.type
        result = self.env[model].get_views([(view.id, view_type)])
        return etree.fromstring(result["views"][view_type]["arch"])

    def test_every_view_renders_for_its_model(self):
        for xmlid, model in VIEWS.items():
            with self.subTest(xmlid=xmlid):
                self.assertEqual(self.env.ref(xmlid).model, model)
                self.assertIsNotNone(self.arch(xmlid))

    def test_anchors_addons_extend(self):
        # some anchors sit in group-restricted parts, which the views leave out for others
        self.env.user.groups_id += self.env.ref("product.group_sale_pricelist") + \
            self.env.ref("product.group_product_variant")
        template_only = self.arch("product.product_template_only_form_view")
        for path in (".//page[@name='general_information']", ".//page[@name='sales']/group[@name='sale']",
                     ".//group[@name='inventory']", ".//field[@name='default_code']",
                     ".//label[@for='weight']", ".//field[@name='weight_uom_name']",
                     ".//field[@name='volume_uom_name']", ".//page[@name='variants']"):
            self.assertIsNotNone(template_only.find(path), path)
        variant = self.arch("product.product_normal_form_view")
        self.assertIsNotNone(variant.find(".//group[@name='inventory']"))
        self.assertIsNotNone(variant.find(".//field[@name='lst_price']"))
        self.assertIsNone(variant.find(".//field[@name='list_price']"))
        supplier_form = self.arch("product.product_supplierinfo_form_view")
        self.assertIsNotNone(supplier_form.find(".//label[@for='date_start']"))
        self.assertIsNotNone(supplier_form.find(".//field[@name='product_variant_count']"))
        search = self.arch("product.product_supplierinfo_search_view")
        self.assertEqual({f.get("name") for f in search.iter("filter")} >= {"active", "archived"}, True)
        item = self.arch("product.product_pricelist_item_form_view")
        self.assertEqual(item.find(".//field[@name='price_max_margin']/..").tag, "div")
        settings = self.arch("product.res_config_settings_view_form")
        self.assertIsNotNone(settings.find(".//block[@id='product_general_settings']"))
        self.assertIsNotNone(settings.find(".//setting[@id='manage_volume_uom_setting']"))

    def test_template_form_extension_shows_on_the_variant_form(self):
        self.env["ir.ui.view"].create({
            "name": "product.template.form.extra",
            "model": "product.template",
            "inherit_id": self.env.ref("product.product_template_form_view").id,
            "arch": """<xpath expr="//page[@name='general_information']/group[last()]" position="after">
                <group name="extra"><field name="barcode"/></group>
            </xpath>""",
        })
        for xmlid in ("product.product_template_only_form_view", "product.product_normal_form_view"):
            self.assertIsNotNone(self.arch(xmlid).find(".//group[@name='extra']"), xmlid)

    def test_actions(self):
        for xmlid, model in (("product.product_template_action", "product.template"),
                             ("product.product_normal_action", "product.product"),
                             ("product.product_category_action_form", "product.category"),
                             ("product.product_supplierinfo_type_action", "product.supplierinfo"),
                             ("product.product_pricelist_action2", "product.pricelist"),
                             ("product.product_attribute_action", "product.attribute")):
            self.assertEqual(self.env.ref(xmlid).res_model, model)
