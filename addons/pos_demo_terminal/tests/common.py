"""What the demo terminal's tests share: the POS test till and a payment method with the demo
terminal, answering at once."""
from __future__ import annotations

from odoo.addons.point_of_sale.tests.common import PosTestCase


class DemoTerminalCase(PosTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terminal = cls.env["pos.payment.method"].create({
            "name": "Test Terminal", "journal_id": cls.bank_journal.id, "use_payment_terminal": "demo"})
        cls.methods = cls.env["pos.payment.method"]
        cls.transactions = cls.env["pos.terminal.transaction"]

    def setUp(self):
        super().setUp()
        self.set_delay(0)

    def set_delay(self, seconds: float) -> None:
        self.env["ir.config_parameter"].sudo().set_param("pos_demo_terminal.delay", str(seconds))
