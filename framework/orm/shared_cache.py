"""The registry's process-wide cache and how processes tell each other to drop it.

Access rights, record rules, languages and remembered logins are worked out once and kept
for every cursor of the process (Odoo's ``ormcache``). A transaction that changes what they
depend on bumps the ``base_cache_signaling`` sequence at commit; every new transaction
compares the sequence with the value it last saw and drops the cache when they differ.
``Registry`` inherits :class:`SharedCacheMixin`, so callers keep writing
``registry.cached(...)`` and ``registry.shared_cache_changed(...)``.

Odoo 17's flags of one thread's changes are here too: ``cache_invalidated`` (the names given
to ``clear_cache``) and ``registry_invalidated`` (the models were set up again). The
``base_registry_signaling`` sequence, bumped by ``Registry.signal_changes``, tells the other
processes to load the models anew: their next check forgets their registry.
"""
from __future__ import annotations

import contextlib
import logging
import threading

import psycopg

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

# the sequences other processes watch to learn that access rights or rules changed (cache)
# or that the models did (registry)
_CREATE_SEQUENCES = ("CREATE SEQUENCE IF NOT EXISTS base_cache_signaling",
                     "CREATE SEQUENCE IF NOT EXISTS base_registry_signaling")
_BUMP_SEQUENCE = "SELECT nextval('base_cache_signaling')"
_BUMP_REGISTRY_SEQUENCE = "SELECT nextval('base_registry_signaling')"
_READ_REGISTRY_SEQUENCE = "SELECT last_value FROM base_registry_signaling"
_READ_SEQUENCE = ("SELECT c.last_value, r.last_value, (now() AT TIME ZONE 'UTC') "
                  "FROM base_cache_signaling c, base_registry_signaling r")
_MISSING = object()

#: the names ``clear_cache`` takes (Odoo 17's groups of ormcaches); all share one cache here
CACHE_NAMES = ("default", "assets", "templates", "routing")


class CacheSignaled(Exception):
    """A deferred signaling check found the shared cache stale after it had been used."""


def create_signaling_sequence(cr) -> None:
    """Create the signaling sequences of a database, if it has none yet."""
    for statement in _CREATE_SEQUENCES:
        cr.execute(statement)


def read_registry_sequence(cr) -> int:
    """The value of ``base_registry_signaling`` (what a registry loaded now is up to date with)."""
    cr.execute(_READ_REGISTRY_SEQUENCE)
    return cr.fetchone()[0]


class SharedCacheMixin:
    """The shared cache of one database's registry (``db_name`` comes from the registry)."""

    db_name: str

    def __init__(self) -> None:
        self.shared_cache: dict = {}             # access rights, rule domains... for every cursor
        self.cache_sequence: int | None = None   # last value seen of the signaling sequence
        self.shared_cache_enabled = False        # set by the loader once the sequence exists
        # threads whose clear_cache() the next flush signals (it ran outside a transaction's
        # knowledge); reset_changes takes its own thread's back
        self._clears_pending: set[int] = set()
        self.registry_sequence: int | None = None   # last value seen of base_registry_signaling
        self._invalidation = threading.local()      # this thread's changes (Odoo's flags)

    @property
    def cache_clear_pending(self) -> bool:
        """Whether a ``clear_cache`` waits for the next transaction's flush to be told."""
        return bool(self._clears_pending)

    @property
    def registry_invalidated(self) -> bool:
        """Whether this thread set the models up again (``setup_models``): ``signal_changes``
        tells the other processes, ``reset_changes`` sets them up once more (undoing a test's
        changes). Per thread, as each request makes its own changes."""
        return getattr(self._invalidation, "registry", False)

    @registry_invalidated.setter
    def registry_invalidated(self, value: bool) -> None:
        self._invalidation.registry = bool(value)

    @property
    def cache_invalidated(self) -> set[str]:
        """The cache names this thread cleared (``clear_cache``), until ``signal_changes`` or
        ``reset_changes``."""
        names = getattr(self._invalidation, "cache", None)
        if names is None:
            names = self._invalidation.cache = set()
        return names

    def cached(self, transaction, key, compute, fresh=None):
        """``compute()``, memoised for every cursor of this process.

        A transaction that changed what such values depend on (``shared_cache_changed``) keeps
        its own memo instead, so that nothing uncommitted leaks to other transactions.
        ``fresh(value)``, when given, says whether a memoised value may still be used.
        """
        store = self.shared_store(transaction)
        value = store.get(key, _MISSING)
        if value is _MISSING or (fresh is not None and not fresh(value)):
            value = store[key] = compute()
        return value

    def shared_store(self, transaction) -> dict:
        """The dict ``transaction`` memoises shared values in: the process's, or its own
        memo once it changed what the cache holds. Used before a deferred signaling check
        ran, the check then raises CacheSignaled if the cache was stale."""
        if transaction.shared_cache_dirty:
            return transaction.memo
        if transaction.signaling_pending:
            transaction.shared_cache_used_early = True
        return self.shared_cache

    def shared_cache_changed(self, transaction) -> None:
        """What the cache holds (groups, access, rules, languages, precisions) changed: drop it.

        Other processes learn it from the signaling sequence, bumped at commit.
        """
        self.shared_cache.clear()
        transaction.memo.clear()
        if transaction.shared_cache_dirty:
            return
        transaction.shared_cache_dirty = True
        cr = transaction.cr

        def bump():
            cr.execute(_BUMP_SEQUENCE)

        def done():
            transaction.shared_cache_dirty = False
            self.shared_cache.clear()

        def bump_again():
            # a process that saw the first bump before the COMMIT may have cached what it
            # read then, the values before the change: tell it again now they are committed
            # (in autocommit after the COMMIT: nextval needs no transaction)
            try:
                cr.connection.execute(_BUMP_SEQUENCE)
            except psycopg.Error as exc:    # committed already; the first bump was told
                _logger.warning("telling the other processes again failed on %s: %s", self.db_name, exc)

        cr.precommit.add(bump)
        cr.postcommit.add(done)
        cr.postcommit.add(bump_again)
        cr.postrollback.add(done)

    def clear_cache(self, *cache_names: str) -> None:
        """Odoo 17's ``registry.clear_cache('default', 'routing'...)``: forget the process's
        cached values (``ormcache`` results, access rights, rules...; one cache holds every
        name here, so all go) and tell the other processes when the transaction that asked
        commits. The names (``'default'`` when none) join ``cache_invalidated``."""
        cache_names = cache_names or ("default",)
        unknown = [name for name in cache_names if name not in CACHE_NAMES]
        if unknown:
            raise ValueError(f"clear_cache: unknown cache name(s) {', '.join(map(repr, unknown))}; "
                             f"the names are {', '.join(CACHE_NAMES)} (clear_all_caches() for all)")
        self.shared_cache.clear()
        self._clears_pending.add(threading.get_ident())
        self.cache_invalidated.update(cache_names)

    def cancel_cache_changes(self) -> None:
        """Forget this thread's cache clears instead of telling them (``reset_changes``):
        the cache is dropped again, here only."""
        self.shared_cache.clear()
        self._clears_pending.discard(threading.get_ident())
        self.cache_invalidated.clear()

    def clear_all_caches(self) -> None:
        """Forget every cached value, whatever its cache name (see ``clear_cache``)."""
        self.clear_cache(*CACHE_NAMES)

    def clear_caches(self) -> None:
        """Odoo 16's name of ``clear_all_caches``."""
        self.clear_all_caches()

    def signal_pending_clear(self, transaction) -> None:
        """At a transaction's flush: a ``clear_cache`` waiting to be told to the other
        processes is told by this transaction's commit."""
        if self._clears_pending:
            self._clears_pending.clear()
            if self.shared_cache_enabled:           # else no other process reads it yet
                self.shared_cache_changed(transaction)

    def check_signaling(self, cr=None, deferred: bool = False, transaction=None):
        """Forget the shared cache when another process changed security since last time,
        and the registry itself when another process changed the models; returns the
        registry (Odoo 17's ``registry = registry.check_signaling()``: without ``cr``, on a
        cursor of its own; nothing in test mode, where one cursor serves every call).

        The transaction's time comes with it, which spares ``cr.now()`` its own query.
        ``deferred``: the check rides with the transaction's first query (one round trip
        less); the cache may be used before it, so a change found then raises CacheSignaled
        and the caller runs its unit of work again (``service.unit_of_work`` does). With
        ``transaction``, only when the cache was used before the check (``shared_store``
        tells): a request whose first query comes first never runs again for it.
        """
        if cr is None:
            if not self.in_test_mode():
                with contextlib.closing(self.cursor()) as own_cr:
                    self.check_signaling(own_cr)
            return self

        def check(row) -> None:
            value, registry_value, now = row
            cr.remember_now(now)
            if registry_value != self.registry_sequence and not self.in_test_mode():
                if self.registry_sequence is not None:
                    self._forget_stale_registry()
                self.registry_sequence = registry_value
            if transaction is not None:
                transaction.signaling_pending = False
            if value != self.cache_sequence:
                used = deferred and self.cache_sequence is not None and (
                    transaction is None or transaction.shared_cache_used_early)
                self.shared_cache.clear()
                self.cache_sequence = value
                if used:
                    raise CacheSignaled(f"the shared cache of {self.db_name} changed; run again")

        if deferred:
            needed = None
            if transaction is not None:
                transaction.signaling_pending = True

                def needed() -> bool:
                    # a transaction that ends without having used the cache need not know
                    return transaction.shared_cache_used_early
            cr.prelude(_READ_SEQUENCE, check, needed)
        else:
            cr.execute(_READ_SEQUENCE)
            check(cr.fetchone())
        return self

    def _forget_stale_registry(self) -> None:
        """Another process changed the models (``signal_changes``): this registry is dropped
        from ``Registry.registries``, so the next call loads the database's registry anew;
        calls under way finish on this one."""
        registries = type(self).registries
        if registries.get(self.db_name) is self:
            _logger.info("the models of %s changed in another process: its registry will be "
                         "loaded again", self.db_name)
            registries.pop(self.db_name, None)
