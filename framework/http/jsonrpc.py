"""JSON-RPC 2.0 for ``type='json'`` routes: envelope in, result or Odoo error object out.

Request: ``{"jsonrpc": "2.0", "method": "call", "params": {...}, "id": <int|str|null>}``;
``method`` is ignored (the URL picks the handler) and ``params`` are passed by name.
Answer (always HTTP 200 once the body parsed): ``{"jsonrpc", "id", "result"}``, with no
``result`` member when the handler returned None, or ``{"jsonrpc", "id", "error"}`` with
Odoo's error object (``code`` 200, 100 for an expired session, 404 for NotFound).
"""
from __future__ import annotations

import logging

import orjson
import werkzeug.exceptions

from ..exceptions import AccessDenied, UserError
from ..logging_setup import odoo_logger_name
from .errors import format_traceback, public_name
from .json_encoding import dumps, json_default  # noqa: F401  (json_default: Odoo's name here)
from .request import Response, SessionExpiredException

_logger = logging.getLogger(odoo_logger_name(__name__))

JSON_MIMETYPES = ("application/json", "application/json-rpc", "application/jsonrequest")


class InvalidJSON(werkzeug.exceptions.BadRequest):
    """The body is not a JSON-RPC request: HTTP 400 with a one-line text body, as Odoo."""

    def get_body(self, environ=None, scope=None) -> str:
        return self.description


class WrongRequestType(werkzeug.exceptions.BadRequest):
    """A JSON route asked with another content type: Odoo's HTML 400 page."""


def parse(httprequest) -> dict:
    """The JSON-RPC request in the body; InvalidJSON when it is not one.

    ``params`` goes through ``dict()`` as in Odoo: a list of pairs is accepted, anything
    else fails there (ValueError or TypeError), answered as a JSON-RPC error.
    """
    if httprequest.mimetype not in JSON_MIMETYPES:
        raise WrongRequestType(f"Request inferred type is compatible with ['http'] but "
                               f"{httprequest.path!r} is type='json'.")
    try:
        body = orjson.loads(httprequest.get_data())
    except orjson.JSONDecodeError:
        raise InvalidJSON("Invalid JSON data") from None
    if not isinstance(body, dict):
        raise InvalidJSON("Invalid JSON-RPC data")
    return body


def params_of(body: dict) -> dict:
    """The named arguments of a parsed request (``dict()`` of its ``params``)."""
    return dict(body.get("params") or {})


def serialize_exception(error: BaseException) -> dict:
    """Odoo's ``data`` member: name, debug, message, arguments, context."""
    return {
        "name": public_name(type(error)),
        "debug": format_traceback(error),
        "message": str(error),
        "arguments": list(error.args),
        "context": getattr(error, "context", None) or {},
    }


def error_object(error: BaseException) -> dict:
    if isinstance(error, SessionExpiredException):
        return {"code": 100, "message": "Odoo Session Expired", "data": serialize_exception(error)}
    if isinstance(error, werkzeug.exceptions.NotFound):
        return {"code": 404, "message": "404: Not Found", "data": serialize_exception(error)}
    return {"code": 200, "message": "Odoo Server Error", "data": serialize_exception(error)}


def respond(message_id, *, result=None, error: BaseException | None = None,
            status: int = 200) -> Response:
    body: dict = {"jsonrpc": "2.0", "id": message_id}
    if error is not None:
        body["error"] = error_object(error)
    elif result is not None:
        body["result"] = result
    return Response(dumps(body), status=status, content_type="application/json; charset=utf-8")


def log_error(error: BaseException, where: str) -> None:
    """Business errors are warnings without traceback; the rest is logged in full."""
    if isinstance(error, (SessionExpiredException, AccessDenied)):
        _logger.info("%s: %s", where, error)
    elif isinstance(error, (UserError, werkzeug.exceptions.HTTPException)):
        _logger.warning("%s: %s: %s", where, type(error).__name__, error)
    else:
        _logger.error("%s failed", where, exc_info=error)
