"""The one "catalogue changed" signal: a change of what the payload reads is one bus
notification at commit, heard by the open tills (their delta) and moving the payload
cache's version; writes of models the POS does not read announce nothing."""
from __future__ import annotations

from odoo import Command

from .common import PosTestCase

CHANNEL = "point_of_sale.catalogue"


class TestCatalogueSignal(PosTestCase):

    def setUp(self):
        super().setUp()
        self.session = self.open_session()
        self.commit_steps()
        self.bus = self.env["bus.bus"].sudo()
        self.last = self.bus._last_id()

    def commit_steps(self) -> None:
        """What a commit does before COMMIT itself: the ORM's flush and the precommit steps
        (the bus inserts its rows there)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def announced(self) -> list[dict]:
        self.commit_steps()
        return [note["message"]["payload"] for note in self.bus._read_after([CHANNEL], self.last)]

    def shirt(self):
        """A template in sizes S, M, L (10.00, no taxes); its S, M, L variants and its values."""
        size = self.env["product.attribute"].create({"name": "Test Size", "value_ids": [
            Command.create({"name": name}) for name in ("S", "M", "L")]})
        template = self.env["product.template"].create({
            "name": "Test Shirt", "list_price": 10.0, "available_in_pos": True, "sale_ok": True,
            "taxes_id": [Command.set([])],
            "attribute_line_ids": [Command.create({"attribute_id": size.id,
                                                   "value_ids": [Command.set(size.value_ids.ids)]})]})
        values = {ptav.name: ptav for ptav in template.attribute_line_ids.product_template_value_ids}
        variants = {v.product_template_attribute_value_ids.name: v for v in template.product_variant_ids}
        return template, variants, values

    def test_an_extra_price_change_reaches_the_tills_with_the_new_prices(self):
        template, variants, values = self.shirt()
        self.commit_steps()
        self.last = self.bus._last_id()
        values["M"].price_extra = 0.5
        [note] = self.announced()
        self.assertEqual(note, {"model": "product.product", "ids": sorted(template.product_variant_ids.ids)})
        delta = self.session._load_pos_ui_delta(self.last)
        prices = {row["id"]: row["lst_price"] for row in delta["records"]["product.product"]}
        self.assertEqual(prices[variants["M"].id], 10.5)
        self.assertEqual(prices[variants["S"].id], 10.0)
        [line] = template.attribute_line_ids
        extras = {value["name"]: value["price_extra"] for value in delta["attributes_by_ptal_id"][line.id]["values"]}
        self.assertEqual(extras, {"S": 0.0, "M": 0.5, "L": 0.0})

    def test_one_notification_per_key_and_transaction_moves_the_cache_version(self):
        before = self.session._pos_ui_catalogue_version()
        self.pen.lst_price = 11.0
        self.coffee.write({"name": "Test Coffee Renamed"})
        self.pen.product_tmpl_id.description_sale = "blue ink"
        self.customer.phone = "+32 2 555 00 00"
        self.assertIsNone(self.session._pos_ui_cache_key(), "this transaction changed the catalogue")
        notes = self.announced()
        self.assertEqual(notes, [{"model": "product.product", "ids": sorted((self.pen | self.coffee).ids)},
                                 {"model": "res.partner", "ids": self.customer.ids}])
        after = self.session._pos_ui_catalogue_version()
        self.assertGreater(after[0], before[0])
        self.assertEqual(after[0], self.bus._last_id_of(CHANNEL))

    def test_models_the_pos_does_not_read_announce_nothing(self):
        journal = self.env["account.journal"].create({"name": "POS Signal Misc", "code": "PSM", "type": "general"})
        journal.name = "POS Signal Misc 2"
        self.env["ir.config_parameter"].sudo().set_param("bus.gc_last_id", "0")
        self.assertEqual(self.announced(), [])
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://till.example")
        self.assertEqual([note["model"] for note in self.announced()], ["ir.config_parameter"])

    def test_a_change_the_delta_cannot_carry_asks_for_the_whole_payload(self):
        self.env.ref("uom.product_uom_unit").name = "Unit(s)"
        self.assertEqual([note["model"] for note in self.announced()], ["uom.uom"])
        self.assertIsNone(self.session._load_pos_ui_delta(self.last))

    def test_a_pricelist_rule_and_a_tax_repartition_name_their_parents(self):
        pricelist = self.env["product.pricelist"].create({"name": "Test Signal Pricelist"})
        self.commit_steps()
        self.last = self.bus._last_id()
        self.env["product.pricelist.item"].create({"pricelist_id": pricelist.id, "fixed_price": 1.0,
                                                   "applied_on": "3_global", "compute_price": "fixed"})
        self.tax_excluded.invoice_repartition_line_ids[:1].factor_percent = 100.0
        notes = {note["model"]: note["ids"] for note in self.announced()}
        self.assertEqual(notes.get("product.pricelist"), pricelist.ids)
        self.assertIn(self.tax_excluded.id, notes.get("account.tax", []))
