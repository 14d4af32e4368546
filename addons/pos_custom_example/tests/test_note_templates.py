"""The example addon end to end: its field and records reach the payload by both extension
routes, synced orders keep the notes picked, the till's form shows the new switch."""
from __future__ import annotations

import json

from odoo.addons.point_of_sale.tests.common import PosTestCase


class TestNoteTemplates(PosTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.templates = cls.env["pos.order.note.template"]
        cls.wrap = cls.env.ref("pos_custom_example.note_template_gift_wrap")
        cls.take_away = cls.env.ref("pos_custom_example.note_template_take_away")

    def setUp(self):
        super().setUp()
        self.session = self.open_session()

    def payload(self, config=None) -> dict:
        # through JSON, as the browser gets it
        return json.loads(json.dumps((config or self.config)._get_pos_ui_data(), default=str))

    def test_payload_carries_the_templates_and_the_field(self):
        other_company = self.env["res.company"].create({"name": "Notes Other Co"})
        hidden = self.templates.create({"name": "Other company's note", "company_id": other_company.id})
        archived = self.templates.create({"name": "Old note", "active": False})
        data = self.payload()
        self.assertIs(data["pos.config"]["use_note_templates"], True)
        names = [row["name"] for row in data["pos.order.note.template"]]
        self.assertEqual(names[:2], ["Take away", "Gift wrap, please"])     # by sequence
        self.assertNotIn(hidden.name, names)
        self.assertNotIn(archived.name, names)
        # the key added by the _get_pos_ui_data override indexes the loader's records
        self.assertEqual(set(data["note_templates_by_id"]),
                         {str(row["id"]) for row in data["pos.order.note.template"]})
        self.assertEqual(data["note_templates_by_id"][str(self.wrap.id)]["name"], "Gift wrap, please")
        self.assertIn("pos.order.note.template", self.config._pos_ui_loadable_models())

    def test_a_till_without_templates_loads_none(self):
        self.session.close_session_from_ui()
        self.config.write({"use_note_templates": False})
        self.open_session()
        data = self.payload()
        self.assertIs(data["pos.config"]["use_note_templates"], False)
        self.assertEqual((data["pos.order.note.template"], data["note_templates_by_id"]), ([], {}))

    def test_synced_orders_store_the_notes(self):
        payload = self.order_payload(self.session, [(self.pen, 1)], uuid="note-order-1",
                                     note_template_ids=[self.wrap.id, self.take_away.id, 999999, "x"],
                                     note="Ring the bell")
        [answer] = self.env["pos.order"].create_from_ui([payload])
        self.assertEqual(answer["status"], "stored")
        order = self.env["pos.order"].browse(answer["id"])
        self.assertEqual(order.note_template_ids, self.wrap | self.take_away)
        self.assertEqual(order.note, "Ring the bell")
        exported = order.export_for_ui()[0]
        self.assertEqual(sorted(exported["note_template_ids"]), sorted((self.wrap | self.take_away).ids))
        # a replay stores nothing more
        [again] = self.env["pos.order"].create_from_ui([payload])
        self.assertEqual((again["id"], again["status"]), (order.id, "known"))
        plain = self.env["pos.order"].create_from_ui([self.order_payload(self.session, [(self.pen, 1)])])[0]
        self.assertFalse(self.env["pos.order"].browse(plain["id"]).note_template_ids)

    def test_a_cashier_reads_templates_a_manager_edits_them(self):
        self.assertEqual(self.templates.with_user(self.cashier).search([("id", "=", self.wrap.id)]), self.wrap)
        self.assertFalse(self.templates.with_user(self.cashier).check_access_rights("write", raise_exception=False))
        self.templates.with_user(self.manager).create({"name": "Extra hot"})

    def test_the_till_form_shows_the_switch(self):
        arch = self.env["pos.config"].get_view(self.env.ref("point_of_sale.pos_config_view_form").id, "form")["arch"]
        self.assertIn('name="use_note_templates"', arch)
        self.assertLess(arch.index('name="module_account"'), arch.index('name="use_note_templates"'))
