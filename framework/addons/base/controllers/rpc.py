"""The external API endpoints: ``/xmlrpc/2/<service>``, legacy ``/xmlrpc/<service>``, ``/jsonrpc``.

All are ``auth='none'``, need no CSRF token and never save the session; the services
authenticate each call themselves (see ``odoo.service``).
"""
from odoo import http
from odoo.http import dispatch_rpc, request, xmlrpc


class RPC(http.Controller):
    """Handle RPC connections."""

    @http.route("/xmlrpc/<service>", auth="none", methods=["POST"], csrf=False, save_session=False)
    def xmlrpc_1(self, service):
        """XML-RPC with string fault codes (kept for old clients)."""
        return xmlrpc.serve(request.httprequest.get_data(), service, dispatch_rpc, legacy=True)

    @http.route("/xmlrpc/2/<service>", auth="none", methods=["POST"], csrf=False, save_session=False)
    def xmlrpc_2(self, service):
        """XML-RPC with integer fault codes."""
        return xmlrpc.serve(request.httprequest.get_data(), service, dispatch_rpc)

    @http.route("/jsonrpc", type="json", auth="none", save_session=False)
    def jsonrpc(self, service, method, args):
        """JSON-RPC: ``params`` holds ``service``, ``method`` and ``args``."""
        return dispatch_rpc(service, method, args)
