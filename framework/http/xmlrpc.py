"""XML-RPC for ``/xmlrpc/2/<service>`` (integer fault codes) and ``/xmlrpc/<service>`` (strings).

Requests are parsed with defusedxml's expat parser: entity declarations and external
references are refused, so "billion laughs" and XXE bodies get a fault, not a hung worker.
Answers use ``Marshaller``, a subclass of the stdlib one (nothing process-wide is patched)
that writes Odoo's conventions: dates and datetimes as strings, bytes decoded, ``Markup``,
``frozendict``, ``defaultdict`` and ``Command`` as their base types, control characters
removed. ``None`` is never allowed in an answer: it gives fault 1, as in Odoo.
"""
from __future__ import annotations

import collections
import datetime
import logging
import re
import xmlrpc.client

from defusedxml.xmlrpc import DefusedExpatParser
from markupsafe import Markup

from ..exceptions import AccessDenied, AccessError, MissingError, RedirectWarning, UserError
from ..logging_setup import odoo_logger_name
from ..orm.commands import Command
from ..tools.misc import frozendict
from .errors import format_traceback
from .request import Response

_logger = logging.getLogger(odoo_logger_name(__name__))

RPC_FAULT_CODE_CLIENT_ERROR = 1          # also used for any application error
RPC_FAULT_CODE_APPLICATION_ERROR = 1
RPC_FAULT_CODE_WARNING = 2
RPC_FAULT_CODE_ACCESS_DENIED = 3
RPC_FAULT_CODE_ACCESS_ERROR = 4

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Marshaller(xmlrpc.client.Marshaller):
    """Odoo's wire conventions on top of the stdlib marshaller."""

    dispatch = dict(xmlrpc.client.Marshaller.dispatch)

    def dump_unicode(self, value, write, escape=xmlrpc.client.escape):
        value = _CONTROL_CHARS.sub("", value)
        write("<value><string>")
        write(escape(value))
        write("</string></value>\n")

    def dump_datetime(self, value, write):
        self.dump_unicode(value.strftime("%Y-%m-%d %H:%M:%S"), write)

    def dump_date(self, value, write):
        self.dump_unicode(value.strftime("%Y-%m-%d"), write)

    def dump_bytes(self, value, write):
        self.dump_unicode(value.decode(), write)

    def dump_plain_str(self, value, write):
        self.dump_unicode(str(value), write)

    def dump_plain_dict(self, value, write):
        self.dump_struct(dict(value), write)

    def dump_plain_int(self, value, write):
        self.dump_long(int(value), write)

    dispatch[str] = dump_unicode
    dispatch[datetime.datetime] = dump_datetime
    dispatch[datetime.date] = dump_date
    dispatch[bytes] = dump_bytes
    dispatch[Markup] = dump_plain_str
    dispatch[frozendict] = dump_plain_dict
    dispatch[collections.defaultdict] = dump_plain_dict
    dispatch[collections.OrderedDict] = dump_plain_dict
    dispatch[Command] = dump_plain_int


class XMLRPCRequestError(ValueError):
    """The body is not an XML-RPC call we can read."""


def loads(data: bytes) -> tuple[tuple, str]:
    """``(params, method name)`` of an XML-RPC call; ``<nil/>`` is accepted."""
    unmarshaller = xmlrpc.client.Unmarshaller(use_datetime=False, use_builtin_types=False)
    parser = DefusedExpatParser(unmarshaller)
    try:
        parser.feed(data)
        parser.close()
        params = unmarshaller.close()
    except Exception as exc:  # expat, defusedxml and unmarshaller errors alike
        raise XMLRPCRequestError(f"malformed XML-RPC request: {type(exc).__name__}: {exc}") from exc
    method = unmarshaller.getmethodname()
    if not isinstance(method, str) or not method:
        raise XMLRPCRequestError("malformed XML-RPC request: no <methodName>")
    return params, method


def dumps_result(value: object) -> str:
    """A ``<methodResponse>`` holding ``value``; TypeError for what XML-RPC cannot carry."""
    body = Marshaller("utf-8", allow_none=False).dumps((value,))
    return f"<?xml version='1.0'?>\n<methodResponse>\n{body}</methodResponse>\n"


def dumps_fault(fault: xmlrpc.client.Fault) -> str:
    body = Marshaller("utf-8", allow_none=False).dumps(fault)
    return f"<?xml version='1.0'?>\n<methodResponse>\n{body}</methodResponse>\n"


def fault_int(error: BaseException) -> xmlrpc.client.Fault:
    """``/xmlrpc/2``: the most specific class first (AccessError is a UserError)."""
    if isinstance(error, RedirectWarning):
        return xmlrpc.client.Fault(RPC_FAULT_CODE_WARNING, str(error))
    if isinstance(error, AccessError):
        return xmlrpc.client.Fault(RPC_FAULT_CODE_ACCESS_ERROR, str(error))
    if isinstance(error, AccessDenied):
        return xmlrpc.client.Fault(RPC_FAULT_CODE_ACCESS_DENIED, str(error))
    if isinstance(error, UserError):
        return xmlrpc.client.Fault(RPC_FAULT_CODE_WARNING, str(error))
    return xmlrpc.client.Fault(RPC_FAULT_CODE_APPLICATION_ERROR, format_traceback(error))


def fault_string(error: BaseException) -> xmlrpc.client.Fault:
    """Legacy ``/xmlrpc``: string fault codes."""
    if isinstance(error, RedirectWarning):
        return xmlrpc.client.Fault(f"warning -- Warning\n\n{error}", "")
    if isinstance(error, MissingError):
        return xmlrpc.client.Fault(f"warning -- MissingError\n\n{error}", "")
    if isinstance(error, AccessError):
        return xmlrpc.client.Fault(f"warning -- AccessError\n\n{error}", "")
    if isinstance(error, AccessDenied):
        return xmlrpc.client.Fault("AccessDenied", str(error))
    if isinstance(error, UserError):
        return xmlrpc.client.Fault(f"warning -- UserError\n\n{error}", "")
    return xmlrpc.client.Fault(str(error), format_traceback(error))


def serve(data: bytes, service: str, dispatch, *, legacy: bool = False) -> Response:
    """Answer one XML-RPC call to ``service``; every failure becomes a fault (HTTP 200).

    :param dispatch: ``dispatch(service, method, params)`` running the call.
    """
    try:
        params, method = loads(data)
        result = dispatch(service, method, params)
        body = dumps_result(result)
    except Exception as error:  # the XML-RPC boundary: log and answer a fault
        _log(error, service)
        fault = fault_string(error) if legacy else fault_int(error)
        body = dumps_fault(fault)
    return Response(body, mimetype="text/xml")


def _log(error: BaseException, service: str) -> None:
    if isinstance(error, AccessDenied):
        _logger.info("xmlrpc %s: %s", service, error)
    elif isinstance(error, (UserError, RedirectWarning, XMLRPCRequestError)):
        _logger.warning("xmlrpc %s: %s: %s", service, type(error).__name__, error)
    else:
        _logger.error("xmlrpc %s failed", service, exc_info=error)
