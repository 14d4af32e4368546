from odoo import http
from odoo.addons.test_http_a.controllers.main import Main


class MainB(Main):

    @http.route()
    def greet(self, name="world"):
        result = super().greet(name=name)
        result["by"].append("b")
        return result

    @http.route("/test_http/hello_b", auth="none")
    def hello(self, **kw):
        return super().hello(**kw) + " and b"
