"""The ``object`` service: ``execute`` / ``execute_kw`` and Odoo's ``call_kw`` dispatch.

Reads as a chain: ``dispatch`` → ``execute_kw`` → ``call_kw``, the whole call (the
credential check included) being one unit of work run by ``unit_of_work.run``: committed
once at the end, run again on concurrency errors or a shared-cache change, integrity
errors turned into Odoo's ``ValidationError``. ``execute_cr`` and ``retrying`` keep Odoo's
names and signatures for code that runs a call on a cursor of its own.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping

from ..exceptions import AccessError, UserError
from ..logging_setup import odoo_logger_name
from ..orm.environment import Environment
from . import registries, security
from .unit_of_work import UnitOfWork, as_validation_error, run  # noqa: F401  (Odoo's names)

_logger = logging.getLogger(odoo_logger_name(__name__))

_PRIVATE = re.compile(r"^(_.*|init)$")

#: ORM methods that Odoo declares ``@api.returns('self')``: their recordsets go out as ids
#: even where this ORM does not tag them.
_RETURNS_SELF = frozenset({"search", "browse", "exists", "search_fetch", "copy", "sudo",
                           "with_context", "with_user", "with_company", "filtered", "sorted",
                           "mapped", "name_create_record"})


def dispatch(method: str, params: list, *, config=None, defer=None, address: str | None = None) -> object:
    """Run ``object.<method>(db, uid, password, ...)``; with ``defer``, a call that only
    read ends its transaction after the answer is out (``Cursor.end_after``)."""
    db, uid, password = params[0], int(params[1]), params[2]
    registry = registries.registry(db, config)
    # the cache signaling check rides with the call's first query
    with UnitOfWork(registry, defer=defer, deferred_signaling=True) as work:
        result = run(lambda: _authenticated_call(work.cr, uid, password, method, params[3:], address),
                     work)
    if result is None:
        _logger.info("The method %s of the object %s can not return `None`!",
                      params[4] if len(params) > 4 else "?", params[3] if len(params) > 3 else "?")
    return result


def _authenticated_call(cr, uid: int, password: str, method: str, params: list,
                        address: str | None = None) -> object:
    security.check(cr, uid, password, address=address)
    if method == "execute":
        model, name, *args = params
        return call(cr, uid, model, name, args, {})
    if method == "execute_kw":
        return _call_kw_params(cr, uid, *params)
    raise NameError(f"Method not available {method}")


def _call_kw_params(cr, uid: int, model: str, method: str, args: list | tuple = (),
                    kwargs: Mapping | None = None) -> object:
    return call(cr, uid, model, method, list(args or ()), dict(kwargs or {}))


def call(cr, uid: int, model: str, method: str, args: list, kwargs: dict) -> object:
    """``model.method(*args, **kwargs)`` as ``uid`` in ``cr``'s transaction (not committed)."""
    check_method_name(method)
    env = Environment(cr, uid, {})
    if model not in env:
        raise UserError(f"Object {model} doesn't exist")
    return call_kw(env[model], method, args, kwargs)


def execute_cr(cr, uid: int, obj: str, method: str, *args, **kw) -> object:
    """Odoo's ``execute_cr``: the call in ``cr`` as ``uid``, committed, retried on
    concurrency errors (on the same cursor: the caller owns it)."""
    return retrying(lambda: call(cr, uid, obj, method, list(args), kw), Environment(cr, uid, {}))


def retrying(func: Callable[[], object], env: Environment) -> object:
    """Odoo's ``retrying``: ``func()`` in ``env``'s transaction, committed once, retried."""
    return run(func, UnitOfWork.on_cursor(env.cr, env.registry))


def check_method_name(name: str) -> None:
    """Refuse private methods (``_*`` and ``init``) over RPC, as Odoo does."""
    if not isinstance(name, str) or _PRIVATE.match(name):
        raise AccessError(f"Private methods (such as {name}) cannot be called remotely.")


# -- call_kw ----------------------------------------------------------------------------------

def call_kw(model, name: str, args: list, kwargs: dict) -> object:
    """Call ``model.<name>`` with RPC arguments; the result is made wire-ready (ids, not records).

    ``@api.model`` methods get no ids; ``create`` gets ``args[0]`` and answers an id for a
    dict, ids for a list; any other method takes ``args[0]`` as its ids. A ``context`` kwarg
    becomes ``with_context``. Pending writes are flushed before returning.
    """
    check_method_name(name)
    method = getattr(type(model), name, None)
    if not callable(method):
        raise AttributeError(f"The method '{name}' does not exist on the model '{model._name}'")
    if getattr(method, "_api_private", False):
        raise AccessError(f"Private methods (such as {name}) cannot be called remotely.")
    args, kwargs = list(args), dict(kwargs)
    context = kwargs.pop("context", None) or {}
    _normalize_limits(kwargs)
    records = model.with_context(context) if context else model
    api = getattr(method, "_api", None)
    if api == "model":
        result = _downgrade(name, method, method(records, *args, **kwargs), records, args, kwargs)
    elif api == "model_create":
        if not args:
            raise TypeError(f"{model._name}.create() expects the values to create as first argument")
        created = method(records, *args, **kwargs)
        result = created.id if isinstance(args[0], Mapping) else created.ids
    else:
        if not args:
            raise TypeError(f"{model._name}.{name}() takes the record ids as first argument")
        ids, args = args[0], args[1:]
        records = records.browse(_ids(ids))
        result = _downgrade(name, method, method(records, *args, **kwargs), records, args, kwargs)
    model.env.flush_all()
    return result


def _ids(ids: object) -> object:
    if ids is False or ids is None:
        return []
    return ids


def _normalize_limits(kwargs: dict) -> None:
    # clients send limit=False / offset=False meaning "none"
    if kwargs.get("limit") is False:
        kwargs["limit"] = None
    if kwargs.get("offset") in (False, None) and "offset" in kwargs:
        kwargs["offset"] = 0


def _downgrade(name: str, method: Callable, value: object, records, args, kwargs) -> object:
    spec = getattr(method, "_returns", None)
    if spec:
        _model, convert, _upgrade = spec
        if convert is None:
            return value.ids
        try:
            nargs = convert.__code__.co_argcount
        except AttributeError:
            nargs = 1
        return convert(records, value, *args, **kwargs) if nargs > 1 else convert(value)
    if name in _RETURNS_SELF and hasattr(value, "_ids") and hasattr(value, "_name"):
        return value.ids
    return value
