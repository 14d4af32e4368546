from odoo import http
from odoo.addons.test_http_a.controllers.main import Main


class MainC(Main):

    @http.route()
    def greet(self, name="world"):
        result = super().greet(name=name)
        result["by"].append("c")
        return result
