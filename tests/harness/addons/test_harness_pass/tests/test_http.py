from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestHttp(HttpCase):

    def test_health(self):
        response = self.url_open("/web/health")
        self.assertEqual(response.status_code, 200)

    def test_authenticated_call_sees_test_data(self):
        self.env["test.harness.item"].create({"name": "visible over http"})
        self.authenticate("admin", "admin")
        names = self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "test.harness.item", "method": "search_read",
            "args": [[("name", "=", "visible over http")]], "kwargs": {"fields": ["name"]}})
        self.assertEqual([row["name"] for row in names], ["visible over http"])
