"""The registry's process-wide cache and how processes tell each other to drop it.

Access rights, record rules, languages and remembered logins are worked out once and kept
for every cursor of the process (Odoo's ``ormcache``). A transaction that changes what they
depend on bumps the ``base_cache_signaling`` sequence at commit; every new transaction
compares the sequence with the value it last saw and drops the cache when they differ.
``Registry`` inherits :class:`SharedCacheMixin`, so callers keep writing
``registry.cached(...)`` and ``registry.shared_cache_changed(...)``.
"""
from __future__ import annotations

import logging

import psycopg

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

# the sequence other processes watch to learn that access rights or rules changed
_CREATE_SEQUENCE = "CREATE SEQUENCE IF NOT EXISTS base_cache_signaling"
_BUMP_SEQUENCE = "SELECT nextval('base_cache_signaling')"
_READ_SEQUENCE = "SELECT last_value, (now() AT TIME ZONE 'UTC') FROM base_cache_signaling"
_MISSING = object()


class CacheSignaled(Exception):
    """A deferred signaling check found the shared cache stale after it had been used."""


def create_signaling_sequence(cr) -> None:
    """Create the signaling sequence of a database, if it has none yet."""
    cr.execute(_CREATE_SEQUENCE)


class SharedCacheMixin:
    """The shared cache of one database's registry (``db_name`` comes from the registry)."""

    db_name: str

    def __init__(self) -> None:
        self.shared_cache: dict = {}             # access rights, rule domains... for every cursor
        self.cache_sequence: int | None = None   # last value seen of the signaling sequence
        self.shared_cache_enabled = False        # set by the loader once the sequence exists
        # clear_cache() ran outside a transaction's knowledge: the next flush signals it
        self.cache_clear_pending = False

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
        """Odoo 17's ``registry.clear_cache()``: forget the process's cached values
        (``ormcache`` results, access rights, rules...; every cache name at once here) and
        tell the other processes when the transaction that asked commits."""
        self.shared_cache.clear()
        self.cache_clear_pending = True

    def clear_caches(self) -> None:
        """Odoo 16's name of ``clear_cache``."""
        self.clear_cache()

    def clear_all_caches(self) -> None:
        self.clear_cache()

    def signal_pending_clear(self, transaction) -> None:
        """At a transaction's flush: a ``clear_cache`` waiting to be told to the other
        processes is told by this transaction's commit."""
        if self.cache_clear_pending:
            self.cache_clear_pending = False
            if self.shared_cache_enabled:           # else no other process reads it yet
                self.shared_cache_changed(transaction)

    def check_signaling(self, cr, deferred: bool = False, transaction=None) -> None:
        """Forget the shared cache when another process changed security since last time.

        The transaction's time comes with it, which spares ``cr.now()`` its own query.
        ``deferred``: the check rides with the transaction's first query (one round trip
        less); the cache may be used before it, so a change found then raises CacheSignaled
        and the caller runs its unit of work again (``service.unit_of_work`` does). With
        ``transaction``, only when the cache was used before the check (``shared_store``
        tells): a request whose first query comes first never runs again for it.
        """
        def check(row) -> None:
            value, now = row
            cr.remember_now(now)
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
