"""The uom views carry Odoo 17's external ids and the anchors that addons extend them by
(``uom_category_active`` puts a group before the category form's first group and a field
after its name)."""
from __future__ import annotations

from lxml import etree

from odoo.tests.common import TransactionCase


class TestUomViews(TransactionCase):

    def test_views_and_actions_exist(self):
        for xmlid in ("uom.product_uom_tree_view", "uom.product_uom_form_view",
                      "uom.uom_uom_view_search", "uom.product_uom_categ_tree_view",
                      "uom.product_uom_categ_form_view", "uom.uom_categ_view_search"):
            self.assertEqual(self.env.ref(xmlid)._name, "ir.ui.view", xmlid)
        action = self.env.ref("uom.product_uom_categ_form_action")
        self.assertEqual(action.res_model, "uom.category")

    def test_category_form_is_extended_by_xpath(self):
        self.env["ir.ui.view"].create({
            "name": "uom.category.form.active",
            "model": "uom.category",
            "inherit_id": self.env.ref("uom.product_uom_categ_form_view").id,
            "arch": """<data>
                <xpath expr="//sheet/group" position="before">
                    <div name="banner"/>
                </xpath>
                <xpath expr="//field[@name='name']" position="after">
                    <field name="uom_ids" invisible="1"/>
                </xpath>
            </data>""",
        })
        arch = self.env["uom.category"].get_views([(False, "form")])["views"]["form"]["arch"]
        sheet = etree.fromstring(arch).find("sheet")
        self.assertEqual(sheet[0].get("name"), "banner")
        self.assertEqual(sheet.find("group/field[@name='name']").getnext().get("name"), "uom_ids")
