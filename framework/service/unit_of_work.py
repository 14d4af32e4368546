"""One unit of work: the database transaction of one call, and the one loop that runs it.

Every entry point that works on a database goes through here: the ``object`` and
``common`` services (XML-RPC, ``/jsonrpc``), the http and json routes (each request has a
``UnitOfWork`` of its own, see ``http.request``), the shell (which commits by hand, as
Odoo's does) and, later, cron. ``run(func, work)`` is the only retry loop:

* ``func()`` runs, then ``work`` commits once: the queued writes travel with the COMMIT, so
  what they break is handled here too;
* a concurrency error (lock not available, serialization failure, deadlock) runs the whole
  unit again on a fresh cursor, 5 tries in all, with a random back-off, as Odoo does;
* ``CacheSignaled`` (another process changed access rights, rules or credentials while the
  call used what this process remembered) runs it again at once;
* ``RunAgain`` (the unit itself committed a change on a connection of its own, which its
  snapshot predates, and knows its next statement on that data would fail: see
  ``pos.session._stop_new_orders``) runs it again at once too, with no back-off: nothing
  concurrent is to be waited for;
* a re-run at once uses one of the 5 tries like any other, so a unit that keeps asking
  for one stops after the fifth, with the signal's message;
* an integrity error becomes the ``ValidationError`` Odoo shows for it (not retried);
* anything else rolls back and propagates.

A unit of work opens its cursor on first use only: a route that never touches the
database (``/web/health``, the ``auth="none"`` RPC routes, whose services open units of
their own) costs no transaction.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

import psycopg

from ..exceptions import ValidationError
from ..logging_setup import odoo_logger_name
from ..orm.environment import Transaction
from ..orm.shared_cache import CacheSignaled

_logger = logging.getLogger(odoo_logger_name(__name__))

MAX_TRIES_ON_CONCURRENCY_FAILURE = 5
#: lock_not_available, serialization_failure, deadlock_detected
PG_CONCURRENCY_ERRORS_TO_RETRY = ("55P03", "40001", "40P01")
NOT_NULL_VIOLATION, FOREIGN_KEY_VIOLATION = "23502", "23503"


class RunAgain(Exception):
    """Raised by a unit of work's code to be run again at once, on a fresh snapshot.

    For a change the unit itself made outside its transaction (a commit on another
    connection) that its snapshot does not see: going on would only meet a serialization
    failure, then the back-off of a real concurrency error. The message says why, and is
    what the caller gets if the unit keeps asking past its tries."""


class UnitOfWork:
    """The transaction of one call on one database; its cursor is opened on first use.

    :param registry: the database's registry, or a function giving it (a request finds its
        database's registry only when a route first needs it).
    :param defer: ``defer(func)`` runs ``func`` once the answer is sent; a transaction that
        only read then ends after the answer (``Cursor.end_after``).
    :param deferred_signaling: the cache signaling check rides with the first query (the
        object service's calls; a change found then raises ``CacheSignaled``).
    :param on_reset: called when the cursor is dropped for a new try (a request forgets the
        environments it built on it).
    :param on_open: called with each cursor the unit opens, before its first query (a
        request has its remembered session checked with that query: ``Cursor.prelude``).
    """

    def __init__(self, registry, *, defer: Callable | None = None,
                 deferred_signaling: bool = False, on_reset: Callable[[], None] | None = None,
                 on_open: Callable[[object], None] | None = None) -> None:
        self._registry = registry
        self._defer = defer
        self._deferred_signaling = deferred_signaling
        self._on_reset = on_reset
        self._on_open = on_open
        self._cr = None
        self._owns_cursor = True

    @classmethod
    def on_cursor(cls, cr, registry) -> UnitOfWork:
        """A unit of work on a cursor its caller owns: a new try rolls back and reuses it."""
        work = cls(registry)
        work._cr, work._owns_cursor = cr, False
        return work

    @property
    def registry(self):
        if not hasattr(self._registry, "cursor"):       # a function giving the registry
            self._registry = self._registry()
        return self._registry

    @property
    def cr(self):
        """The cursor of this unit of work, opened (with its ORM transaction) on first use."""
        if self._cr is None or self._cr.closed:
            registry = self.registry
            cr = registry.cursor()
            if self._defer is not None:
                cr.end_after(self._defer)
            cr.transaction = Transaction(registry, cr, deferred_signaling=self._deferred_signaling)
            self._cr = cr
            if self._on_open is not None:
                self._on_open(cr)
        return self._cr

    @property
    def opened(self) -> bool:
        """Whether a cursor is open (nothing to commit or roll back otherwise)."""
        return self._cr is not None and not self._cr.closed

    def commit(self) -> None:
        if self.opened:
            self._cr.commit()

    def rollback(self) -> None:
        if self.opened:
            self._cr.rollback()

    def close(self, commit: bool = False) -> None:
        """Commit (or roll back) what is pending and give the connection back (a cursor
        the caller owns is left open)."""
        if not self._owns_cursor:
            self.commit() if commit else self.rollback()
            return
        cr, self._cr = self._cr, None
        if cr is None or cr.closed:
            return
        try:
            if commit:
                cr.commit()
            else:
                cr.rollback()
        finally:
            cr.close()

    def reset(self) -> None:
        """Roll back and drop the cursor, so that the next try starts afresh."""
        if not self._owns_cursor:
            self.rollback()
            return
        self.close(commit=False)
        if self._on_reset is not None:
            self._on_reset()

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.close(commit=exc_type is None)


def run(func: Callable[[], object], work: UnitOfWork) -> object:
    """``func()`` inside ``work``, committed once; the one retry loop (module docstring)."""
    for tryno in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
        tryleft = MAX_TRIES_ON_CONCURRENCY_FAILURE - tryno
        try:
            result = func()
            work.commit()
            return result
        except (CacheSignaled, RunAgain) as signal:
            work.reset()
            if not tryleft:
                raise
            _logger.info("%s: %s; running the call again at once", type(signal).__name__, signal)
        except (psycopg.IntegrityError, psycopg.OperationalError) as exc:
            if not work.opened:
                raise
            registry = work.registry
            work.reset()
            if isinstance(exc, psycopg.IntegrityError):
                raise as_validation_error(registry, exc) from exc
            if exc.sqlstate not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            if not tryleft:
                _logger.info("%s, maximum number of tries reached", type(exc).__name__)
                raise
            wait = random.uniform(0.0, 2 ** tryno)
            _logger.info("%s, %d tries left, trying again in %.3fs", type(exc).__name__, tryleft, wait)
            time.sleep(wait)
        except BaseException:
            work.rollback()
            raise
    raise AssertionError("unreachable: the last try returns or raises")


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
