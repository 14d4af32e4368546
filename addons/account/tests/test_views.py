"""The Invoicing app's views, actions and menus, as the web client loads them over RPC."""
from __future__ import annotations

import json
import urllib.request

from odoo.tests.common import HttpCase, tagged

VIEWS = {
    "account.move": ("account.view_move_form", "account.view_move_tree", "account.view_account_move_filter"),
    "account.journal": ("account.view_account_journal_form", "account.view_account_journal_tree",
                        "account.view_account_journal_search"),
    "account.account": ("account.view_account_form", "account.view_account_list", "account.view_account_search"),
    "account.tax": ("account.view_tax_form", "account.view_tax_tree", "account.view_account_tax_search"),
    "account.payment": ("account.view_account_payment_form", "account.view_account_payment_tree",
                        "account.view_account_payment_search"),
}


@tagged("post_install", "-at_install")
class TestAccountViews(HttpCase):

    def call(self, model, method, args, kwargs=None):
        """``execute_kw`` over JSON-RPC (the web client's answers hold nulls XML-RPC refuses)."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": "object", "method": "execute_kw",
            "args": [self.registry.db_name, self.env.ref("base.user_admin").id, "admin", model, method, args,
                     kwargs or {}]}}
        request = urllib.request.Request(f"{self.base_url()}/jsonrpc", data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            answer = json.loads(response.read())
        self.assertNotIn("error", answer)
        return answer["result"]

    def test_views_load_over_rpc(self):
        for model, (form, tree, search) in VIEWS.items():
            with self.subTest(model=model):
                result = self.call(model, "get_views", [[[False, "form"], [False, "list"], [False, "search"]]])
                views = result["views"]
                self.assertEqual(views["form"]["id"], self.env.ref(form).id)
                self.assertEqual(views["list"]["id"], self.env.ref(tree).id)
                self.assertEqual(views["search"]["id"], self.env.ref(search).id)
                self.assertIn("<form", views["form"]["arch"])
                self.assertIn(model, result["models"])
        invoice_views = self.call("account.move", "get_views", [[[self.env.ref("account.view_invoice_tree").id,
                                                                  "list"]]])
        self.assertIn("payment_state", invoice_views["models"]["account.move"])
        legacy = self.call("account.payment.register", "fields_view_get", [], {"view_type": "form"})
        self.assertIn("action_create_payments", legacy["arch"])

    def test_actions_and_menus(self):
        action = self.env.ref("account.action_move_out_invoice_type")
        self.assertEqual((action.res_model, action.view_id),
                         ("account.move", self.env.ref("account.view_invoice_tree")))
        menus = self.call("ir.ui.menu", "load_menus", [False])
        root = self.env.ref("account.menu_finance")
        self.assertIn(root.id, menus["root"]["children"])
        self.assertEqual(menus[str(root.id)]["name"], "Invoicing")
        self.assertEqual(menus[str(root.id)]["xmlid"], "account.menu_finance")
        invoices = self.env.ref("account.menu_action_move_out_invoice_type")
        self.assertEqual(invoices.action, action)
        self.assertEqual(invoices.parent_id, self.env.ref("account.menu_finance_receivables"))
