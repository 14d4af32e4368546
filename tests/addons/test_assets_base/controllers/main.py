from odoo import http
from odoo.http import request


class Page(http.Controller):

    @http.route("/test_assets/page", type="http", auth="none")
    def page(self):
        return request.render("test_assets_base/page.html", {})
