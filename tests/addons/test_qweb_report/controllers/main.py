from odoo import http
from odoo.http import request


class QwebPages(http.Controller):

    @http.route("/test_qweb/page/<int:doc_id>", type="http", auth="public")
    def page(self, doc_id):
        doc = request.env["test_qweb.doc"].sudo().browse(doc_id)
        return request.render("test_qweb_report.doc_page", {"doc": doc, "greeting": "<hi>"})
