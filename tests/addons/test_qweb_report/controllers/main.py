from odoo import http
from odoo.http import request


class QwebPages(http.Controller):

    @http.route("/test_qweb/page/<int:doc_id>", type="http", auth="public")
    def page(self, doc_id):
        doc = request.env["test_qweb.doc"].sudo().browse(doc_id)
        return request.render("test_qweb_report.doc_page", {"doc": doc, "greeting": "<hi>"})

    @http.route("/test_qweb/visitor/<int:doc_id>", type="http", auth="public")
    def visitor_page(self, doc_id):
        """The document as the visitor sees it: the public user may not read it."""
        doc = request.env["test_qweb.doc"].browse(doc_id)
        return request.render("test_qweb_report.doc_title", {"doc": doc})

    @http.route("/test_qweb/broken/<int:doc_id>", type="http", auth="public")
    def broken_page(self, doc_id):
        doc = request.env["test_qweb.doc"].sudo().browse(doc_id)
        return request.render("test_qweb_report.doc_broken", {"doc": doc})
