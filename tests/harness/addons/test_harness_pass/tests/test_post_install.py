from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPostInstall(TransactionCase):

    def test_registry_is_complete(self):
        self.assertIn("test.harness.item", self.env)
