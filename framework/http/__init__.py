"""The ``odoo.http`` surface: controllers, ``route``, ``request``, ``Response``.

Addons write, as in Odoo::

    from odoo import http
    from odoo.http import request

    class Main(http.Controller):
        @http.route("/my/thing", type="json", auth="user")
        def thing(self, name):
            return request.env["res.partner"].search_read([("name", "=", name)], ["id"])

The pipeline is described in ``application.py``; routing merge rules in ``controller.py``.
"""
from __future__ import annotations

from .controller import Controller as Controller
from .controller import route as route
from .endpoint import db_filter as db_filter
from .endpoint import db_list as db_list
from .endpoint import dispatch_rpc as dispatch_rpc
from .jsonrpc import serialize_exception as serialize_exception
from .request import Request as Request
from .request import Response as Response
from .request import SessionExpiredException as SessionExpiredException
from .request import request as request
from .session import Session as Session

__all__ = ["Controller", "route", "request", "Request", "Response", "Session",
           "SessionExpiredException", "db_filter", "db_list", "dispatch_rpc", "serialize_exception",
           "content_disposition"]


def content_disposition(filename: str) -> str:
    """``attachment; filename*=UTF-8''...`` for a download."""
    from urllib.parse import quote
    return f"attachment; filename*=UTF-8''{quote(filename)}"
