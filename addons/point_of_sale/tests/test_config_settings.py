"""The Point of Sale page of the Settings screen: the till it shows, its fields saved to the
till, the view addons hook their settings on (Odoo 17's ids)."""
from __future__ import annotations

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError

from .common import PosTestCase


class TestConfigSettings(PosTestCase):

    def screen(self, **values):
        """A settings record as the client saves one: the defaults, overridden by ``values``."""
        settings = self.env["res.config.settings"]
        return settings.create({**settings.default_get(list(settings._fields)), **values})

    def test_the_page_shows_the_last_changed_till_or_the_one_it_was_opened_from(self):
        other = self.env["pos.config"].create({"name": "Other Till"})
        self.config.write({"receipt_footer": "Bye"})
        self.env.cr.execute("UPDATE pos_config SET write_date = now() - interval '1 day' WHERE id = %s",
                            (other.id,))
        self.env.invalidate_all()
        settings = self.env["res.config.settings"]
        self.assertEqual(settings.default_get(["pos_config_id"])["pos_config_id"], self.config.id)
        opened_from = settings.with_context(active_model="pos.config", active_id=other.id)
        self.assertEqual(opened_from.default_get(["pos_config_id"])["pos_config_id"], other.id)

    def test_saving_writes_the_till_fields_and_a_new_page_reads_them(self):
        self.screen(pos_config_id=self.config.id, pos_is_margins_costs_accessible_to_every_user=True,
                    pos_iface_big_scrollbars=True, pos_is_header_or_footer=True,
                    pos_receipt_header="Welcome", pos_manual_discount=False).execute()
        self.assertEqual((self.config.is_margins_costs_accessible_to_every_user, self.config.iface_big_scrollbars,
                          self.config.receipt_header, self.config.manual_discount),
                         (True, True, "Welcome", False))
        page = self.screen(pos_config_id=self.config.id)
        self.assertEqual((page.pos_is_margins_costs_accessible_to_every_user, page.pos_receipt_header,
                          page.pos_manual_discount), (True, "Welcome", False))

    def test_the_till_gets_the_changed_values_in_one_write(self):
        written = []
        original = type(self.config).write

        def spy(records, vals):
            written.append((records.ids, dict(vals), records.env.context.get("from_settings_view")))
            return original(records, vals)

        type(self.config).write = spy
        try:
            self.screen(pos_config_id=self.config.id, pos_iface_tipproduct=True,
                        pos_tip_product_id=self.pen.id, pos_restrict_price_control=True)
        finally:
            type(self.config).write = original
        till_writes = [(vals, flag) for ids, vals, flag in written if ids == self.config.ids]
        self.assertEqual(till_writes, [({"iface_tipproduct": True, "tip_product_id": self.pen.id,
                                         "restrict_price_control": True}, True)])

    def test_unchanged_frozen_values_save_while_a_session_is_open(self):
        self.open_session()
        methods = self.config.payment_method_ids
        self.screen(pos_config_id=self.config.id, pos_payment_method_ids=[Command.set(methods.ids)],
                    pos_receipt_footer="Bye", pos_is_header_or_footer=True).execute()
        self.assertEqual((self.config.payment_method_ids, self.config.receipt_footer), (methods, "Bye"))
        with self.assertRaisesRegex(UserError, "Close the sessions of Test Till"):
            self.screen(pos_config_id=self.config.id, pos_payment_method_ids=[Command.set(self.cash.ids)])

    def test_switched_off_values_are_cleared(self):
        self.config.write({"receipt_header": "Old header", "is_header_or_footer": False})
        page = self.screen(pos_config_id=self.config.id)
        self.assertFalse(page.pos_receipt_header)
        self.config.write({"is_header_or_footer": True})
        self.assertEqual(self.screen(pos_config_id=self.config.id).pos_receipt_header, "Old header")

    def test_a_module_switch_of_an_addon_not_on_the_path_is_refused(self):
        self.assertFalse(self.screen().module_loyalty)
        with self.assertRaisesRegex(UserError, "loyalty are not available"):
            self.screen(module_loyalty=True).execute()

    def test_the_form_has_odoo_17_hook_points(self):
        arch = etree.fromstring(self.env["res.config.settings"].get_view(
            self.env.ref("base.res_config_settings_view_form").id, "form")["arch"])
        app = arch.find(".//app[@name='point_of_sale']")
        self.assertIsNotNone(app)
        self.assertEqual(len(arch.xpath("//setting[@id='margin_and_cost']")), 1)
        loyalty_block = arch.xpath("//field[@name='module_loyalty']/../..")
        self.assertEqual([node.get("id") for node in loyalty_block], ["pos_pricing_section"])
        self.assertTrue(arch.get("class").startswith("oe_form_configuration"))
        action = self.env.ref("point_of_sale.action_pos_configuration")
        self.assertEqual((action.res_model, action.view_mode, action.target),
                         ("res.config.settings", "form", "inline"))

    def test_an_addon_adds_a_setting_after_margin_and_cost(self):
        self.env["ir.ui.view"].create({
            "name": "test settings extension", "model": "res.config.settings",
            "inherit_id": self.env.ref("point_of_sale.res_config_settings_view_form").id,
            "arch_db": "<xpath expr=\"//setting[@id='margin_and_cost']\" position=\"after\">"
                       "<setting id='test_after_margin'><field name='pos_iface_print_auto'/></setting>"
                       "</xpath>"})
        arch = self.env.ref("base.res_config_settings_view_form")._get_combined_arch()
        ids = [node.get("id") for node in arch.iter("setting")]
        self.assertEqual(ids[ids.index("margin_and_cost") + 1], "test_after_margin")
