"""``odoo_test_helper.FakeModelLoader`` on this server: a model and an ``_inherit`` added to
the loaded registry for one test class, then taken away (the classes run in name order)."""
from odoo_test_helper import FakeModelLoader

from odoo.tests.common import TransactionCase


def table_exists(cr, table):
    cr.execute("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = %s", (table,))
    return bool(cr.fetchone())


class TestA1FakeModels(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import FakeShelf, ResPartner
        cls.loader.update_registry((FakeShelf, ResPartner))
        cls.partner = cls.env["res.partner"].create({"name": "Shelf owner"})

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_fake_model_has_a_table_and_records(self):
        self.assertTrue(table_exists(self.env.cr, "test_fake_shelf"))
        shelf = self.env["test.fake.shelf"].create({"name": "Top", "size": 4,
                                                    "partner_id": self.partner.id})
        self.assertEqual(shelf.double_size, 8)
        found = self.env["test.fake.shelf"].search([("double_size", "=", 8)])
        self.assertEqual(found, shelf)
        self.assertEqual(self.env["test.fake.shelf"].search_count([("name", "=", "Top")]), 1)

    def test_fake_inherit_adds_fields_to_an_existing_model(self):
        self.assertEqual(self.partner.fake_note, "noted")
        shelf = self.env["test.fake.shelf"].create({"name": "Low", "partner_id": self.partner.id})
        self.assertEqual(self.partner.fake_shelf_ids, shelf)
        self.partner.fake_note = "changed"
        self.assertEqual(self.env["res.partner"].search([("fake_note", "=", "changed")]),
                         self.partner)

    def test_fake_model_is_reflected(self):
        self.assertTrue(self.env["ir.model"].search([("model", "=", "test.fake.shelf")]))


class TestA2RestoreInsideATest(TransactionCase):
    def test_restore_takes_the_fields_away_at_once(self):
        loader = FakeModelLoader(self.env, self.__module__)
        loader.backup_registry()
        from .fake_models import FakeShelf, ResPartner
        loader.update_registry((FakeShelf, ResPartner))
        self.assertIn("fake_note", self.env["res.partner"]._fields)
        loader.restore_registry()
        self.assertNotIn("test.fake.shelf", self.env.registry)
        self.assertNotIn("fake_note", self.env["res.partner"]._fields)


class TestB1AfterRestore(TransactionCase):
    def test_registry_is_as_before(self):
        self.assertNotIn("test.fake.shelf", self.env.registry)
        partner_model = self.env["res.partner"]
        self.assertNotIn("fake_note", partner_model._fields)
        self.assertNotIn("fake_shelf_ids", partner_model._fields)
        self.assertNotIn("fake_note", partner_model.fields_get())
        self.assertFalse(hasattr(type(partner_model), "fake_note"))
        self.assertFalse(self.env.registry.registry_invalidated)

    def test_table_and_reflection_went_with_the_test_transaction(self):
        self.assertFalse(table_exists(self.env.cr, "test_fake_shelf"))
        self.assertFalse(self.env["ir.model"].search([("model", "=", "test.fake.shelf")]))

    def test_existing_models_work_as_before(self):
        partner = self.env["res.partner"].create({"name": "Plain"})
        self.assertEqual(partner.read(["name"])[0]["name"], "Plain")
        self.assertEqual(self.env["res.partner"].search([("name", "=", "Plain")]), partner)
