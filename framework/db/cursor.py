"""The psycopg2-compatible Cursor: one transaction on a pooled connection, as Odoo's.

Addons call ``self.env.cr.execute(query, params)`` as they would on Odoo (psycopg2 style:
client-side binding, ``IN %s`` with a tuple, ``%(name)s`` with a dict), or pass a
``framework.tools.sql.SQL``. The cursor also carries Odoo's transaction hooks
(``precommit``/``postcommit``/``prerollback``/``postrollback``), ``savepoint()`` and
``now()``, and spares round trips (see ``Cursor``). ``framework.db.pool`` lends the
connections; ``configure`` is how its pools adapt parameters. Queries are logged at DEBUG
(``--log-level debug_sql``), failed ones at ERROR.
"""
from __future__ import annotations

import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

import psycopg
import psycopg.adapt
import psycopg.sql
from psycopg.adapt import PyFormat
from psycopg.pq import Escaping, TransactionStatus
from psycopg.types.json import JsonbDumper
from psycopg.types.numeric import FloatLoader

from framework.db.psycopg2_alias.extensions import AsIs, ISQLQuote
from framework.logging_setup import odoo_logger_name
from framework.tools.sql import SQL

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

_logger = logging.getLogger(odoo_logger_name(__name__))


class Lender(Protocol):
    """What a cursor knows of the database that lent its connection
    (``framework.db.pool.Database``, which imports this module)."""

    dbname: str


# -- psycopg2-compatible adaptation -----------------------------------------------------

class TupleDumper(psycopg.adapt.Dumper):
    """A tuple parameter renders as ``(a, b, c)``, so ``WHERE id IN %s`` works as in psycopg2."""

    def __init__(self, cls: type, context: psycopg.abc.AdaptContext | None = None) -> None:
        super().__init__(cls, context)
        self._tx = psycopg.adapt.Transformer(context)

    def dump(self, obj: tuple) -> bytes:
        raise psycopg.ProgrammingError(
            "tuple parameters only work with client-side binding (framework Cursor); "
            "pass a list to get a PostgreSQL array")

    def quote(self, obj: tuple) -> bytes:
        if not obj:
            return b"(NULL)"        # `x IN (NULL)` matches nothing, like an empty list should
        parts = [b"NULL" if item is None
                 else bytes(self._tx.get_dumper(item, PyFormat.TEXT).quote(item))
                 for item in obj]
        return b"(" + b", ".join(parts) + b")"


class AsIsDumper(psycopg.adapt.Dumper):
    """``psycopg2.extensions.AsIs(text)`` (the ``psycopg2`` alias) goes in the query unquoted."""

    def dump(self, obj: AsIs) -> bytes:
        raise psycopg.ProgrammingError("AsIs values only bind client-side (Cursor.execute)")

    def quote(self, obj: AsIs) -> bytes:
        return obj.getquoted()


class ISQLQuoteDumper(psycopg.adapt.Dumper):
    """A ``psycopg2.extensions.ISQLQuote`` (subclasses included) goes in the query as its
    ``getquoted()``, as psycopg2 put it."""

    def dump(self, obj: ISQLQuote) -> bytes:
        raise psycopg.ProgrammingError("ISQLQuote values only bind client-side (Cursor.execute)")

    def quote(self, obj: ISQLQuote) -> bytes:
        quoted = obj.getquoted()
        return quoted.encode() if isinstance(quoted, str) else bytes(quoted)


class TransactionNow:
    """``Cursor.now_or_sql()`` before the transaction has told its time: a parameter bound
    client-side (``execute``, ``queue``) as SQL ``now()`` in UTC, the value ``now()`` gives."""

    def __repr__(self) -> str:
        return "TRANSACTION_NOW"


TRANSACTION_NOW = TransactionNow()


class TransactionNowDumper(psycopg.adapt.Dumper):
    def dump(self, obj: TransactionNow) -> bytes:
        raise psycopg.ProgrammingError(
            "now_or_sql() values only bind client-side (Cursor.execute); use Cursor.now()")

    def quote(self, obj: TransactionNow) -> bytes:
        return b"(now() AT TIME ZONE 'UTC')"


def configure(connection: psycopg.Connection) -> None:
    """Per-connection adaptation (nothing process-wide is patched)."""
    connection.adapters.register_dumper(TransactionNow, TransactionNowDumper)
    connection.adapters.register_dumper(tuple, TupleDumper)
    connection.adapters.register_dumper(AsIs, AsIsDumper)
    connection.adapters.register_dumper(ISQLQuote, ISQLQuoteDumper)
    connection.adapters.register_dumper(dict, JsonbDumper)       # Json fields
    connection.adapters.register_loader("numeric", FloatLoader)  # Odoo reads numeric as float


class Literals:
    """SQL literals of Python values, as a client-side bound query has them, for rows of
    values (``Cursor.queue_rows``): None, bools, ints, finite floats, str, naive datetimes
    and dates are quoted here (the strings by libpq, with the connection's rules); any
    other value, or a subclass of these, through psycopg's adapters (``mogrify``)."""

    def __init__(self, cursor: psycopg.ClientCursor) -> None:
        escape, encoding = Escaping(cursor.connection.pgconn).escape_literal, cursor.connection.info.encoding
        self._adapted = lambda value: cursor.mogrify("%s", (value,))

        def text(value: str) -> str:
            if "\0" in value:      # libpq would cut the text there: psycopg refuses it (DataError)
                return self._adapted(value)
            return escape(value.encode(encoding)).decode(encoding)

        def number(value: float) -> str:
            return repr(value) if math.isfinite(value) else self._adapted(value)

        def moment(value: datetime) -> str:
            return f"'{value.isoformat(' ')}'::timestamp" if value.tzinfo is None else self._adapted(value)

        self._quote: dict[type, Callable[[object], str]] = {
            type(None): lambda value: "NULL", bool: lambda value: "true" if value else "false",
            int: int.__repr__, float: number, str: text, datetime: moment,
            date: lambda value: f"'{value.isoformat()}'::date"}

    def row(self, values: Sequence) -> str:
        """``(literal, literal, ...)``: one row of a VALUES list."""
        quote, adapted = self._quote.get, self._adapted
        return "(" + ", ".join([(quote(type(value)) or adapted)(value) for value in values]) + ")"


# -- the cursor -------------------------------------------------------------------------

class Callbacks:
    """Functions to run once at a transaction boundary (``cr.precommit`` and friends).

    ``data`` is a scratch dict for the callbacks' shared state; it is cleared with them.
    """

    def __init__(self) -> None:
        self._funcs: deque[Callable[[], object]] = deque()
        self.data: dict = {}

    def add(self, func: Callable[[], object]) -> None:
        self._funcs.append(func)

    def run(self) -> None:
        """Call every function in order (including ones added meanwhile), then clear."""
        while self._funcs:
            self._funcs.popleft()()
        self.data.clear()

    def clear(self) -> None:
        self._funcs.clear()
        self.data.clear()

    def __len__(self) -> int:
        return len(self._funcs)


#: transaction isolation levels a cursor may ask for; Odoo's cursors use REPEATABLE READ
ISOLATION_LEVELS = ("REPEATABLE READ", "READ COMMITTED", "SERIALIZABLE")
#: what turns a SELECT into a statement that writes or locks (checked upper-cased)
_NOT_READ_ONLY = (" FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE", " FOR KEY SHARE", " INTO ")


def _raise_if_nul(exc: psycopg.Error) -> None:
    """A text value holding a NUL character, which PostgreSQL cannot store: psycopg refuses
    it before sending anything; raised as the ValueError Odoo's driver gives (bad input, not
    a bad query), and the transaction goes on."""
    if isinstance(exc, psycopg.DataError) and "NUL (0x00)" in str(exc):
        raise ValueError("A string literal cannot contain NUL (0x00) characters.") from exc


def _reads_only(code: str) -> bool:
    """Whether ``code`` is a plain SELECT: no row locks, no SELECT INTO (a function called
    by the SELECT that writes is not seen; the ORM does not do that)."""
    head = code.lstrip()[:6]
    if head != "SELECT" and head.upper() != "SELECT":
        return False
    upper = " ".join(code.upper().split())
    return not any(word in upper for word in _NOT_READ_ONLY)


class Cursor:
    """One transaction on a pooled connection, with psycopg2/Odoo's cursor API.

    ``flush_hook`` (set by the ORM) writes pending changes; it runs before commit and around
    ``savepoint(flush=True)``. ``invalidate_hook`` (set by the ORM) forgets cached values; it
    runs after ``rollback()`` and after a flushing savepoint rolls back. ``transaction`` and
    ``cache`` are free slots for the ORM, as on Odoo's cursor.

    Round trips: BEGIN (and the ``prelude``s) travel with the transaction's first query (with
    the COMMIT in a transaction that sends no other query: see ``prelude``); the
    statements the ORM ``queue``s (writes whose result nobody reads) and a savepoint's
    SAVEPOINT and RELEASE travel with the next query or with the COMMIT; ``execute_reads``
    sends independent reads together. A single-row create and commit is two round trips
    (``round_trips`` counts them).

    Transactions run in REPEATABLE READ, as Odoo's: one snapshot for the whole transaction,
    and a concurrent update of the same row fails with a serialization error, which the
    service layer retries (``service.model.retrying``). Bookkeeping that must never fail that
    way (the session store) asks for ``isolation="READ COMMITTED"``.
    """

    IN_MAX = 1000       # default chunk size of split_for_in_conditions

    def __init__(self, database: Lender, connection: psycopg.Connection,
                 pool: ConnectionPool, isolation: str = "REPEATABLE READ") -> None:
        if isolation not in ISOLATION_LEVELS:
            raise ValueError(f"isolation level {isolation!r}: use one of {', '.join(ISOLATION_LEVELS)}")
        self.isolation = isolation
        self._begin = f"BEGIN ISOLATION LEVEL {isolation};"
        self._database = database
        self._cnx = connection
        self._pool = pool           # the one that lent the connection (closed ones take it too)
        self._obj = connection.cursor()
        self._closed = False
        self._now: datetime | None = None
        self._savepoint_ids = itertools.count(1)
        self.sql_log_count = 0
        #: round trips to the server (queries that travel together count once)
        self.round_trips = 0
        self.precommit, self.postcommit = Callbacks(), Callbacks()
        self.prerollback, self.postrollback = Callbacks(), Callbacks()
        self.flush_hook: Callable[[], None] | None = None
        self.invalidate_hook: Callable[[], None] | None = None
        self.transaction: object | None = None
        self.cache: dict = {}
        # (code, callback, needed) of each prelude waiting for the transaction's first query
        self._preludes: list[tuple[str, Callable[[tuple | None], None], Callable[[], bool] | None]] = []
        self._queued: list[str] = []      # statements bound and waiting (see queue)
        self._harmless: set[str] = set()  # queued savepoint releases: they cannot fail
        self._side: psycopg.ClientCursor | None = None
        self._literals: Literals | None = None      # made by the first queue_rows
        self._wrote = False             # a statement that may write ran in this transaction
        self._end_after: Callable[[Callable[[], None]], None] | None = None
        self._end_pending = False       # a read-only transaction left open for _end_after

    # -- queries ------------------------------------------------------------------------

    def execute(self, query: str | SQL, params: Sequence | Mapping | None = None,
                log_exceptions: bool = True) -> None:
        """Run one query; ``query`` is text with ``%s``/``%(name)s`` placeholders or an SQL."""
        code, params = _split(query, params)
        self._check_open()
        start = time.perf_counter()
        self.sql_log_count += 1
        queued = self._queued
        try:
            self._send(self._obj, code, params)
        except psycopg.Error as exc:
            _raise_if_nul(exc)
            if log_exceptions:
                text = "".join(queued) + self._text(code, params)
                _logger.error("bad query: %s\nERROR: %s", text, exc)
            raise
        if _logger.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - start) * 1000
            _logger.debug("[%.3f ms] query: %s", elapsed, "".join(queued) + self._text(code, params))

    def _send(self, cursor: psycopg.ClientCursor, code: str, params: object) -> None:
        """Send ``code`` on ``cursor`` in one round trip with what must precede it: BEGIN and
        the prelude when no transaction is open, then the queued statements; leave the
        result of ``code`` current. ``code`` may be empty."""
        if self._end_pending:
            self._end_pending = False
            self._cnx.commit()          # a new transaction follows a read-only one
        if not self._wrote and code and not _reads_only(code):
            self._wrote = True
        lead: list[str] = []
        preludes: list = []
        if self._cnx.pgconn.transaction_status == TransactionStatus.IDLE:
            # the transaction opens with the first query, in the same round trip
            lead.append(self._begin)
            preludes, self._preludes = self._preludes, []
            lead.extend(prelude[0] + ";" for prelude in preludes)
        queued, self._queued = self._queued, []
        self._harmless.clear()
        lead.extend(queued)
        if params is not None:      # queued and prelude text is bound already: its % are literal
            lead = [text.replace("%", "%%") for text in lead]
        if not lead:
            if code:
                self.round_trips += 1
                cursor.execute(code, params)
            return
        self.round_trips += 1
        try:
            cursor.execute("".join(lead) + code, params)
        except psycopg.Error:
            self._preludes[:0] = preludes   # not seen: the next transaction runs them
            if self._cnx.pgconn.transaction_status != TransactionStatus.INERROR:
                self._queued[:0] = queued   # refused before sending (a value psycopg cannot bind)
            raise
        skip = len(lead) if code else 0
        rows = []
        for _prelude in preludes:
            cursor.nextset()                # past BEGIN's result (or the prelude before)
            rows.append(cursor.fetchone())  # None when a prelude found no row
        if code:
            skip -= len(preludes)
        for _ in range(skip):
            cursor.nextset()
        self._answer_preludes(preludes, rows)

    @staticmethod
    def _answer_preludes(preludes: list, rows: list) -> None:
        """Pass each prelude its row; every callback runs, then the first error raises."""
        error = None
        for (_code, callback, _needed), row in zip(preludes, rows):
            try:
                callback(row)
            except Exception as exc:  # the others still learn their answer
                error = error or exc
        if error is not None:
            raise error

    def execute_alone(self, query: str | SQL, params: Sequence | Mapping | None = None,
                      log_exceptions: bool = True) -> None:
        """Run one SELECT as a transaction of its own, its COMMIT in the same round trip
        (``BEGIN; query; COMMIT``); its rows are then read as usual.

        For bookkeeping reads that need nothing else of their snapshot (the session store):
        one round trip instead of two. Inside an open transaction it is a plain ``execute``.
        """
        code, _params = _split(query, params)
        if not _reads_only(code) or self._queued or self._preludes or self._end_pending \
                or self._cnx.pgconn.transaction_status != TransactionStatus.IDLE:
            self.execute(query, params, log_exceptions=log_exceptions)
            return
        if isinstance(query, SQL):
            query = SQL("%s; COMMIT", query)
        else:
            query = query + "; COMMIT"
        self.execute(query, params, log_exceptions=log_exceptions)
        self._wrote = False             # ended already: commit() has nothing to send

    def execute_reads(self, queries: Sequence[SQL]) -> list[list[tuple]]:
        """Run ``queries`` (SELECTs, row locks allowed) in one round trip; the rows of each.

        For reads a step needs that do not depend on each other. Counts as one query each.
        """
        if not queries:
            return []
        self.execute(SQL.join("; ", queries))
        self.sql_log_count += len(queries) - 1
        results = [self._obj.fetchall()]
        for _query in queries[1:]:
            self._obj.nextset()
            results.append(self._obj.fetchall())
        return results

    def queue(self, query: str | SQL, params: Sequence | Mapping | None = None) -> None:
        """Send ``query``, whose result nobody reads, with the next round trip of this
        transaction (the next query, the COMMIT, a savepoint's end) rather than on its own.

        For the ORM's writes: a write's UPDATE and a flush's computed values travel with the
        query or the COMMIT that follows them. What ``query`` raises is raised there; a
        rollback forgets what is queued. Counts as one query.
        """
        code, params = _split(query, params)
        self._check_open()
        self.sql_log_count += 1
        if params is not None:
            try:
                code = self._side_cursor().mogrify(code, params)
            except psycopg.DataError as exc:
                _raise_if_nul(exc)
                raise
        self._queued.append(code + ";")
        self._wrote = True

    def queue_rows(self, head: SQL | str, rows: Sequence[Sequence]) -> None:
        """``queue`` the statement ``head`` (``INSERT INTO t (a, b) VALUES``, say) followed by
        ``rows`` of parameters, ``(a1, b1), (a2, b2)...``: one statement, its values bound
        by ``Literals`` (psycopg binding a multi-row text parses its placeholders again
        each time, and quotes each value through its adapters: three to eight times slower)."""
        code, params = _split(head, None)
        self._check_open()
        self.sql_log_count += 1
        if params:
            code = self._side_cursor().mogrify(code, params)
        if self._literals is None:
            self._literals = Literals(self._side_cursor())
        row = self._literals.row
        self._queued.append(code + " " + ", ".join([row(values) for values in rows]) + ";")
        self._wrote = True

    def executemany(self, query: str | SQL, seq_of_params: Iterable[Sequence | Mapping]) -> None:
        """Run one query once per parameter set (counts as one query)."""
        code, _params = _split(query, None)
        self._check_open()
        self.sql_log_count += 1
        self.begin()
        self._wrote = True
        self.round_trips += 1
        self._obj.executemany(code, seq_of_params)

    def execute_raw(self, code: str, params: Sequence) -> list[tuple]:
        """Run ``code`` with ``$1, $2...`` placeholders bound server-side; return its rows.

        For big batches (multi-row INSERT/UPDATE): psycopg parses ``%s`` placeholders in
        Python and does not cache queries with many parameters, while ``$n`` text goes to
        the server as is. Counts as one query.
        """
        self._check_open()
        self.sql_log_count += 1
        self.begin()
        self._wrote = True
        self.round_trips += 1
        raw = psycopg.RawCursor(self._cnx)
        try:
            raw.execute(code, params)
            return raw.fetchall() if raw.description is not None else []
        except psycopg.Error as exc:
            _logger.error("bad query: %s\nERROR: %s", code[:2000], exc)
            raise
        finally:
            raw.close()

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        """``COPY table (columns) FROM STDIN`` with ``rows`` of Python values: the fastest way
        in for many rows (no RETURNING: give the ids). Counts as one query."""
        self._check_open()
        self.sql_log_count += 1
        self.begin()
        self._wrote = True
        self.round_trips += 1
        code = SQL("COPY %s (%s) FROM STDIN", SQL.identifier(table),
                   SQL.join(", ", [SQL.identifier(c) for c in columns])).code
        try:
            with self._cnx.cursor() as cursor, cursor.copy(code) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:
            _logger.error("bad query: %s\nERROR: %s", code, exc)
            raise

    def mogrify(self, query: str | SQL, params: Sequence | Mapping | None = None) -> str:
        """The query text with its parameters bound, exactly as it would be sent."""
        code, params = _split(query, params)
        return self._obj.mogrify(code, params)

    def split_for_in_conditions(self, ids: Iterable, size: int | None = None) -> Iterator[tuple]:
        """Yield ``ids`` as tuples of at most ``size`` (default IN_MAX) items, for ``IN %s``."""
        iterator = iter(ids)
        while chunk := tuple(itertools.islice(iterator, size or self.IN_MAX)):
            yield chunk

    # -- results ------------------------------------------------------------------------

    def fetchone(self) -> tuple | None:
        return self._obj.fetchone()

    def fetchmany(self, size: int | None = None) -> list[tuple]:
        return self._obj.fetchmany(size) if size is not None else self._obj.fetchmany()

    def fetchall(self) -> list[tuple]:
        return self._obj.fetchall()

    def dictfetchone(self) -> dict | None:
        row = self._obj.fetchone()
        return None if row is None else dict(zip(self._columns(), row))

    def dictfetchmany(self, size: int) -> list[dict]:
        columns = self._columns()
        return [dict(zip(columns, row)) for row in self._obj.fetchmany(size)]

    def dictfetchall(self) -> list[dict]:
        columns = self._columns()
        return [dict(zip(columns, row)) for row in self._obj.fetchall()]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._obj)

    @property
    def rowcount(self) -> int:
        return self._obj.rowcount

    @property
    def description(self):
        return self._obj.description

    # -- transaction --------------------------------------------------------------------

    def now(self) -> datetime:
        """The transaction's start time in UTC (naive), as Odoo's ``cr.now()``."""
        if self._now is None and self._preludes:
            self.begin()                # the pending prelude (cache signaling) tells the time
        if self._now is None:
            self.sql_log_count += 1
            # with BEGIN and what is queued, if any; the side cursor keeps the caller's
            # pending result set intact
            self._send_aside("SELECT (now() AT TIME ZONE 'UTC')")
            self._now = self._side_cursor().fetchone()[0]
        return self._now

    def now_or_sql(self) -> datetime | TransactionNow:
        """``now()`` if the transaction told it already, else ``TRANSACTION_NOW``: as a
        parameter of ``execute`` it is SQL ``now()``, so the query needs no round trip
        before it to learn the time; ``now()`` afterwards gives the same value."""
        return self._now if self._now is not None else TRANSACTION_NOW

    def begin(self) -> None:
        """Open the transaction now if none is open (``execute`` opens it by itself), and
        send what is queued.

        The pool's connections are in autocommit mode so that ``execute`` can send BEGIN
        with the first query of a transaction, sparing a round trip; whatever runs SQL on
        ``connection`` directly calls this first.
        """
        self._check_open()
        self._send_aside("")

    def _send_aside(self, code: str) -> None:
        """``_send`` on the side cursor (the caller's pending rows stay), logging a failure
        of the queued statements."""
        queued = self._queued
        try:
            self._send(self._side_cursor(), code, None)
        except psycopg.Error as exc:
            if queued:
                _logger.error("bad query: %s%s\nERROR: %s", "".join(queued), code, exc)
            raise

    def prelude(self, code: str, callback: Callable[[tuple | None], None],
                needed: Callable[[], bool] | None = None) -> None:
        """Run ``code`` (a constant SELECT of one row, or none: ``callback`` then gets
        None) in the round trip of the transaction's first query and pass its row to
        ``callback``; at once when a transaction is open.

        Several preludes travel together, in the order they were asked for. ``callback``
        runs after that first query; what it raises propagates from the ``execute`` (or
        ``commit``) that ran it, once every prelude's callback ran. A transaction that runs
        no query runs them at ``commit()``, before anything is committed, with the COMMIT
        in the same round trip when nothing else is to be sent; a prelude whose
        ``needed()`` then says it is not needed any more (nothing depends on its answer)
        is dropped, and costs nothing.
        """
        self._check_open()
        if self._cnx.pgconn.transaction_status == TransactionStatus.IDLE:
            self._preludes.append((code, callback, needed))
            return
        other = self._side_cursor()
        other.execute(code)
        callback(other.fetchone())

    def remember_now(self, value: datetime) -> None:
        """``now()`` as a query of this transaction returned it: ``now()`` needs no query."""
        self._now = value

    def flush(self) -> None:
        """Write the ORM's pending changes, then run the precommit callbacks."""
        if self.flush_hook is not None:
            self.flush_hook()
        self.precommit.run()

    def _settle_prelude(self) -> None:
        """The prelude of a transaction that sent nothing: with what is queued (its callback
        runs, and may raise, before the COMMIT), or alone with its COMMIT in one round trip
        (there is nothing to commit), or not at all when it is not needed any more."""
        if self._queued:
            self.begin()
            return
        self._preludes = [prelude for prelude in self._preludes
                          if prelude[2] is None or prelude[2]()]
        if self._preludes:
            self._send_aside("COMMIT")
            self._wrote = False         # ended already: commit() has nothing to send

    def commit(self) -> None:
        self._check_open()
        self.flush()
        if self._preludes:
            self._settle_prelude()
        if self._end_after is not None and not self._wrote and not self._queued \
                and not self.postcommit and self._cnx.pgconn.transaction_status == TransactionStatus.INTRANS:
            self._end_pending = True    # nothing to make durable: ends after the answer
        else:
            self._commit_connection()
            self._end_pending = False
        self._wrote = False
        self._now = None
        self.prerollback.clear()
        self.postrollback.clear()
        self.postcommit.run()

    def rollback(self) -> None:
        self._check_open()
        self._queued.clear()
        self._wrote = self._end_pending = False
        self.precommit.clear()
        self.postcommit.clear()
        self.prerollback.run()
        self._rollback_connection()
        self._now = None
        if self.invalidate_hook is not None:
            self.invalidate_hook()
        self.postrollback.run()

    # the two steps a test cursor replaces (it ends savepoints instead of transactions)
    def _commit_connection(self) -> None:
        if not self._queued:
            if self._cnx.pgconn.transaction_status != TransactionStatus.IDLE:
                self.round_trips += 1
            self._cnx.commit()
            return
        self._send_aside("COMMIT")     # with the queued statements, in one round trip

    def _rollback_connection(self) -> None:
        if self._cnx.pgconn.transaction_status != TransactionStatus.IDLE:
            self.round_trips += 1
        self._cnx.rollback()

    @contextmanager
    def savepoint(self, flush: bool = True) -> Iterator[None]:
        """Run the block in a SAVEPOINT: released on success, rolled back on error (re-raised).

        With ``flush`` the ORM's pending changes are written before the savepoint and before
        releasing it, and its cache is invalidated when the block fails.
        """
        name = SQL.identifier(f"sp_{next(self._savepoint_ids)}")
        if flush and self.flush_hook is not None:
            self.flush_hook()
        # with nothing pending before it that may fail, the SAVEPOINT travels with the
        # block's first query (what was pending must fail here, outside the block, if it fails)
        queued = self._queued_cannot_fail()
        if queued:
            self.queue(SQL("SAVEPOINT %s", name))
            marker = self._queued[-1]
        else:
            self.execute(SQL("SAVEPOINT %s", name))
        try:
            yield
            if flush and self.flush_hook is not None:
                self.flush_hook()
            if queued and self._queued and self._queued[-1] is marker:
                self._queued.pop()      # the block ran no statement: no savepoint to end
            elif self._queued_cannot_fail():
                # nothing of the block left to fail: the release travels with what follows
                # (the next query, savepoint or COMMIT), where it cannot fail
                self.queue(SQL("RELEASE SAVEPOINT %s", name))
                self._harmless.add(self._queued[-1])
            else:
                # what the block queued fails here, inside the savepoint, if it fails
                self.execute(SQL("RELEASE SAVEPOINT %s", name))
        except BaseException:
            unsent = next((index for index, text in enumerate(self._queued) if queued and text is marker), None)
            if unsent is not None:
                del self._queued[unsent:]   # the SAVEPOINT and the block's statements
            else:
                self._queued.clear()        # the block's statements
                self.execute(SQL("ROLLBACK TO SAVEPOINT %s; RELEASE SAVEPOINT %s", name, name))
            if flush and self.invalidate_hook is not None:
                self.invalidate_hook()
            raise

    def _queued_cannot_fail(self) -> bool:
        """Whether the statements waiting to be sent are only savepoint releases."""
        return all(text in self._harmless for text in self._queued)

    def end_after(self, defer: Callable[[Callable[[], None]], None]) -> None:
        """Let a transaction that only read end later: its commit leaves it open, and
        ``close`` hands ``defer`` the function that ends it and gives the connection back.

        For a server answering a call: ``defer`` runs that function once the answer is
        sent, so a read-only call does not wait for its COMMIT. A transaction with a write
        (anything but a plain SELECT ran), queued statements or postcommit callbacks
        commits at once, as does any query that follows the commit.
        """
        self._end_after = defer

    def close(self) -> None:
        """Give the connection back to its pool, rolling back anything not committed."""
        if self._closed:
            return
        self._closed = True
        for callbacks in (self.precommit, self.postcommit, self.prerollback, self.postrollback):
            callbacks.clear()
        self._queued.clear()
        self._obj.close()
        if self._side is not None:
            self._side.close()
        if self._end_pending and self._end_after is not None:
            self._end_after(self._end_and_release)
            return
        self._release()

    def _end_and_release(self) -> None:
        """End the read-only transaction left open by ``commit`` and give the connection back."""
        try:
            self._cnx.commit()
        except psycopg.Error as exc:     # a broken connection: the pool will discard it
            _logger.warning("ending a read-only transaction on %s failed: %s", self.dbname, exc)
        self._end_pending = False
        self._release()

    def _release(self) -> None:
        try:
            if not self._cnx.closed and self._cnx.info.transaction_status != TransactionStatus.IDLE:
                self._cnx.rollback()
        except psycopg.Error as exc:     # a broken connection: the pool will discard it
            _logger.warning("rollback on close of a cursor on %s failed: %s", self.dbname, exc)
        self._pool.putconn(self._cnx)

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.rollback()
        finally:
            self.close()

    def __del__(self) -> None:
        if getattr(self, "_end_pending", False) and getattr(self, "_closed", False):
            # its end was handed over but never run (a WSGI server that did not close the
            # response): the pool gets the connection back all the same
            _logger.warning("a read-only transaction on %s was never ended; ending it now",
                            self._database.dbname)
            self._end_and_release()
            return
        if getattr(self, "_closed", True):
            return
        _logger.warning("a cursor on %s was never closed; closing it now "
                        "(use `with db.cursor() as cr:`)", self._database.dbname)
        self.close()

    # -- state --------------------------------------------------------------------------

    @property
    def dbname(self) -> str:
        return self._database.dbname

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open: a ``prelude`` would run at once, in its snapshot."""
        return self._cnx.pgconn.transaction_status != TransactionStatus.IDLE

    @property
    def closed(self) -> bool:
        return self._closed or self._cnx.closed

    @property
    def connection(self) -> psycopg.Connection:
        """The raw psycopg connection (COPY, server-side cursors): call ``begin()`` first,
        the connection is in autocommit mode (see ``begin``)."""
        self._wrote = True              # whatever runs there may write
        return self._cnx

    def _check_open(self) -> None:
        if self._closed:
            raise psycopg.InterfaceError(
                f"this cursor on {self.dbname!r} is closed; open a new one with db.cursor()")

    def _side_cursor(self) -> psycopg.ClientCursor:
        """A second cursor on the connection, for what must not drop the rows of the
        last query still to be fetched (BEGIN, binding queued statements, COMMIT)."""
        if self._side is None:
            self._side = psycopg.ClientCursor(self._cnx)
        return self._side

    def _columns(self) -> list[str]:
        if self._obj.description is None:
            raise psycopg.ProgrammingError("the last query returned no rows to fetch")
        return [column.name for column in self._obj.description]

    def _text(self, code: str, params: object) -> str:
        try:
            # a separate cursor: mogrify on self._obj would drop the pending result set
            with psycopg.ClientCursor(self._cnx) as other:
                return other.mogrify(code, params)
        except (psycopg.Error, TypeError, ValueError):
            return f"{code} -- params: {params!r}"


def _split(query: str | SQL, params: Sequence | Mapping | None) -> tuple[str, object]:
    if isinstance(query, SQL):
        if params is not None:
            raise TypeError("execute(SQL(...)) takes no params: put them inside the SQL object")
        return query.code, query.params
    if isinstance(query, psycopg.sql.Composable):      # psycopg2.sql (the alias) composition
        return query.as_string(None), params
    if not isinstance(query, str):
        raise TypeError(f"a query is a str or an SQL, not {type(query).__name__}")
    return query, params
