"""``dispatch_rpc(service, method, params)``: the entry point of XML-RPC and ``/jsonrpc``.

Each service module answers ``dispatch(method, params)``, as Odoo's do (``common``,
``object`` in ``model``, ``db``); the ``object`` service runs each call in a unit of work
of its own (``unit_of_work``), so the ``auth="none"`` routes that serve them need none.
"""
from __future__ import annotations

import logging

from ..logging_setup import odoo_logger_name
from . import common, db, model

_logger = logging.getLogger(odoo_logger_name(__name__))


def dispatch_rpc(service_name: str, method: str, params: list | tuple, *, config=None,
                 address: str | None = None, defer=None) -> object:
    """Run ``<service>.<method>(*params)``; an unknown service raises KeyError, as in Odoo.

    ``defer(func)``, when given, runs ``func`` once the answer is sent (the end of a
    read-only transaction, see ``Cursor.end_after``).
    """
    if config is None:
        from ..config import config
    params = list(params or ())
    if service_name == "common":
        return common.dispatch(method, params, config=config, address=address)
    if service_name == "object":
        return model.dispatch(method, params, config=config, defer=defer, address=address)
    if service_name == "db":
        return db.dispatch(method, params, config=config)
    raise KeyError(service_name)
