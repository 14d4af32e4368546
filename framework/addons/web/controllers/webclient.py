"""/web/webclient/version_info and the minimal /web page."""
from odoo import http
from odoo.service import common


class WebClient(http.Controller):

    @http.route("/web/webclient/version_info", type="json", auth="none")
    def version_info(self):
        return common.version()
