"""The ``object`` service: ``execute`` / ``execute_kw`` and Odoo's ``call_kw`` dispatch.

Reads as a chain: ``dispatch`` → ``execute_kw`` → ``execute`` → ``call_kw`` inside
``retrying``. ``retrying`` is the one place where database errors are handled: concurrency
errors are retried (5 tries, random back-off), integrity errors become ``ValidationError``
with Odoo's texts, anything else rolls back and propagates. A call commits once, at the end.
"""
from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Mapping

import psycopg

from ..exceptions import AccessError, UserError, ValidationError
from ..orm.environment import Environment, Transaction
from ..orm.shared_cache import CacheSignaled
from . import registries, security

_logger = logging.getLogger(__name__)

MAX_TRIES_ON_CONCURRENCY_FAILURE = 5
#: lock_not_available, serialization_failure, deadlock_detected
PG_CONCURRENCY_ERRORS_TO_RETRY = ("55P03", "40001", "40P01")
NOT_NULL_VIOLATION, FOREIGN_KEY_VIOLATION = "23502", "23503"

_PRIVATE = re.compile(r"^(_.*|init)$")

#: ORM methods that Odoo declares ``@api.returns('self')``: their recordsets go out as ids
#: even where this ORM does not tag them.
_RETURNS_SELF = frozenset({"search", "browse", "exists", "search_fetch", "copy", "sudo",
                           "with_context", "with_user", "with_company", "filtered", "sorted",
                           "mapped", "name_create_record"})


def dispatch(method: str, params: list, *, config=None, defer=None) -> object:
    """Run ``object.<method>(db, uid, password, ...)``; with ``defer``, a call that only
    read ends its transaction after the answer is out (``Cursor.end_after``)."""
    db, uid, password = params[0], int(params[1]), params[2]
    registry = registries.registry(db, config)
    if method == "execute":
        run = lambda cr: execute_cr(cr, uid, params[3], params[4], list(params[5:]), {})  # noqa: E731
    elif method == "execute_kw":
        run = lambda cr: execute_kw_cr(cr, uid, *params[3:])  # noqa: E731
    else:
        run = None
    for tryno in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
        try:
            with registry.cursor() as cr:
                if defer is not None:
                    cr.end_after(defer)
                # the cache signaling check rides with the call's first query
                cr.transaction = Transaction(registry, cr, deferred_signaling=True)
                security.check(cr, uid, password)
                if run is None:
                    raise NameError(f"Method not available {method}")
                result = run(cr)
            break
        except CacheSignaled:
            # another process changed access rights, rules or credentials while this
            # call ran on what this process remembered: run it again with fresh ones
            if tryno == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                raise
            _logger.info("shared cache changed during the call; running it again")
    if result is None:
        _logger.info("The method %s of the object %s can not return `None`!",
                      params[4] if len(params) > 4 else "?", params[3] if len(params) > 3 else "?")
    return result


def execute_kw_cr(cr, uid: int, model: str, method: str, args: list | tuple = (),
                  kwargs: Mapping | None = None) -> object:
    return execute_cr(cr, uid, model, method, list(args or ()), dict(kwargs or {}))


def execute_cr(cr, uid: int, model: str, method: str, args: list, kwargs: dict) -> object:
    """``call_kw`` in ``cr`` as ``uid``, committed (or rolled back) by ``retrying``."""
    check_method_name(method)
    env = Environment(cr, uid, {})
    if model not in env:
        raise UserError(f"Object {model} doesn't exist")
    return retrying(lambda: call_kw(env[model], method, args, kwargs), EnvTransaction(env))


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


# -- transactions -----------------------------------------------------------------------------

class EnvTransaction:
    """What ``retrying`` needs from a unit of work: its cursor (if open) and a reset."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def cursor(self):
        return self.env.cr

    def registry(self):
        return self.env.registry


def retrying(func: Callable[[], object], transaction) -> object:
    """Call ``func`` in a transaction and commit it, retried on concurrency errors.

    ``transaction`` has ``cursor()`` (the open cursor, or None when none was opened) and
    ``registry()``. Integrity errors become ValidationError (not retried).
    """
    for tryno in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
        tryleft = MAX_TRIES_ON_CONCURRENCY_FAILURE - tryno
        try:
            result = func()
            cr = transaction.cursor()
            if cr is not None and not cr.closed:
                # the queued writes travel with the COMMIT: what they break is handled here
                cr.commit()
            break
        except (psycopg.IntegrityError, psycopg.OperationalError) as exc:
            cr = transaction.cursor()
            if cr is None or cr.closed:
                raise
            cr.rollback()
            if isinstance(exc, psycopg.IntegrityError):
                raise as_validation_error(transaction.registry(), exc) from exc
            if exc.sqlstate not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            if not tryleft:
                _logger.info("%s, maximum number of tries reached", type(exc).__name__)
                raise
            wait = random.uniform(0.0, 2 ** tryno)
            _logger.info("%s, %d tries left, trying again in %.3fs", type(exc).__name__, tryleft, wait)
            time.sleep(wait)
        except BaseException:
            cr = transaction.cursor()
            if cr is not None and not cr.closed:
                cr.rollback()
            raise
    return result


def as_validation_error(registry, exc: psycopg.IntegrityError) -> ValidationError:
    """An IntegrityError as the ValidationError Odoo shows for it."""
    diag = exc.diag
    model_name, model_tech, field_name, field_tech = "Unknown", "unknown", "Unknown", "unknown"
    message = None
    for model in registry.models.values():
        if getattr(model, "_table", None) == diag.table_name and not model._abstract:
            model_name, model_tech = model._description, model._name
            field = model._fields.get(diag.column_name or "")
            if field is not None:
                field_name, field_tech = field.string, field.name
            break
    for model in registry.models.values():
        for klass in type.mro(model):
            for key, _definition, text in klass.__dict__.get("_sql_constraints", ()):
                if f"{model._table}_{key}" == diag.constraint_name:
                    message = text
    if exc.sqlstate == NOT_NULL_VIOLATION:
        return ValidationError(
            "The operation cannot be completed:\n"
            "- Create/update: a mandatory field is not set.\n"
            "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
            f"Model: {model_name} ({model_tech})\n"
            f"Field: {field_name} ({field_tech})\n")
    if exc.sqlstate == FOREIGN_KEY_VIOLATION:
        return ValidationError(
            "The operation cannot be completed: another model requires the record being deleted. "
            "If possible, archive it instead.\n\n"
            f"Model: {model_name} ({model_tech})\n"
            f"Constraint: {diag.constraint_name}\n")
    if message:
        return ValidationError(f"The operation cannot be completed: {message}")
    return ValidationError(f"The operation cannot be completed: {exc.args[0] if exc.args else exc}")
