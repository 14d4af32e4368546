from odoo.tests import TransactionCase


class TestBroken(TransactionCase):

    def test_passes(self):
        self.assertIn("res.partner", self.env)

    def test_fails(self):
        self.assertEqual(1 + 1, 3, "arithmetic is broken on purpose")

    def test_errors(self):
        raise ValueError("an error on purpose")
