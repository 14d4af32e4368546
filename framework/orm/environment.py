"""Environments and the per-transaction state they share: record cache and pending computes.

An ``Environment`` is (cursor, user, context, superuser flag). Every environment on one
cursor shares one ``Transaction``: the record cache, the stored computed fields waiting to
be recomputed and the computed values waiting to be written. This module decides *when* to
fetch or compute; models decide *how* (``_fetch_fields``, ``_compute_field_values``).
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import ExitStack, contextmanager

from ..exceptions import AccessError, MissingError
from ..logging_setup import odoo_logger_name
from ..tools.misc import OrderedSet, frozendict
from .record_cache import RecordCache

_logger = logging.getLogger(odoo_logger_name(__name__))

SUPERUSER_ID = 1
PREFETCH_MAX = 1000


class Environment(Mapping):
    """Access to models for one user and context: ``env['res.partner']``.

    Environments are derived, never mutated: ``env(user=..., context=..., su=...)``.
    """

    cr = uid = context = su = transaction = registry = None

    def __new__(cls, cr, uid, context=None, su: bool = False):
        if uid == SUPERUSER_ID:
            su = True
        transaction = getattr(cr, "transaction", None)
        if transaction is None:
            from .registry import Registry
            transaction = cr.transaction = Transaction(Registry.get(cr.dbname), cr)
        if not isinstance(context, frozendict):
            context = frozendict(context or {})
        key = (uid, context, su)
        env = transaction.envs.get(key)
        if env is None:
            env = object.__new__(cls)
            env.cr, env.uid, env.context, env.su = cr, uid, context, su
            env.transaction, env.registry = transaction, transaction.registry
            env._cache_keys = {}                # field -> its cache key in this environment
            transaction.envs[key] = env
        return env

    # -- Mapping over models ---------------------------------------------------------------------

    def __getitem__(self, model_name: str):
        try:
            cls = self.registry.models[model_name]
        except KeyError:
            raise KeyError(f"unknown model {model_name!r}; is the addon that defines it installed?") from None
        return cls._browse(self, (), ())

    def __iter__(self):
        return iter(self.registry.models)

    def __len__(self) -> int:
        return len(self.registry.models)

    def __contains__(self, model_name) -> bool:
        return model_name in self.registry.models

    def __eq__(self, other) -> bool:
        return self is other

    def __ne__(self, other) -> bool:
        return self is not other

    # identity, as __eq__: the C slot itself (environments key many caches and memos)
    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<Environment uid={self.uid} su={self.su} context={dict(self.context)}>"

    def __call__(self, cr=None, user=None, context=None, su=None) -> Environment:
        cr = self.cr if cr is None else cr
        uid = self.uid if user is None else (user.id if hasattr(user, "_ids") else int(user))
        context = self.context if context is None else context
        su = (user is None and self.su) if su is None else su
        return Environment(cr, uid, context, su)

    @property
    def cache(self) -> RecordCache:
        """Odoo's ``env.cache``: the record cache of this environment's transaction."""
        return RecordCache(self.transaction)

    # -- user, company, language -----------------------------------------------------------------

    @property
    def user(self):
        return self(su=True)["res.users"].browse(self.uid)

    @property
    def company(self):
        company_ids = self._allowed_company_ids()
        if company_ids:
            return self(su=True)["res.company"].browse(company_ids[0])
        try:
            return self.user.company_id.with_env(self)
        except MissingError:
            if self.uid != SUPERUSER_ID:
                raise
            # base's first records (currencies, partners, the company) are made before the
            # superuser's row: until it exists, the superuser is in no company
            return self(su=True)["res.company"].with_env(self)

    @property
    def companies(self):
        company_ids = self._allowed_company_ids()
        if company_ids:
            return self(su=True)["res.company"].browse(company_ids).with_env(self)
        user = self.user
        companies = user.company_ids or user.company_id
        return companies.with_env(self)

    def _allowed_company_ids(self) -> list:
        """The context's ``allowed_company_ids``; as in Odoo, a user (not the superuser) may
        only name companies of their own: anything else is Odoo's AccessError."""
        company_ids = self.context.get("allowed_company_ids")
        if company_ids and not self.su and not self.__dict__.get("_companies_checked"):
            user = self.user
            mine = set((user.company_ids | user.company_id).ids)
            if not isinstance(company_ids, (list, tuple)) or not set(company_ids) <= mine:
                raise AccessError("Access to unauthorized or invalid companies.")
            self._companies_checked = True     # an environment's user and context never change
        return company_ids

    @property
    def lang(self) -> str | None:
        lang = self.context.get("lang")
        return lang or None

    def is_superuser(self) -> bool:
        return self.su

    def is_admin(self) -> bool:
        return self.su or self.user._is_admin()

    def is_system(self) -> bool:
        return self.su or self.user._is_system()

    def ref(self, xml_id: str, raise_if_not_found: bool = True):
        """The record with external id ``module.name``."""
        res_model, res_id = self["ir.model.data"]._xmlid_to_res_model_res_id(
            xml_id, raise_if_not_found=raise_if_not_found)
        if res_model and res_id:
            record = self[res_model].browse(res_id)
            if record.exists():
                return record
            if raise_if_not_found:
                raise ValueError(f"External ID {xml_id!r} points to a deleted record "
                                 f"({res_model}, {res_id})")
        return None

    # -- cache control ---------------------------------------------------------------------------

    def flush_all(self) -> None:
        """Recompute what is pending and write computed values to the database."""
        self.transaction.flush()

    def invalidate_all(self, flush: bool = True) -> None:
        if flush:
            self.flush_all()
        self.transaction.invalidate()

    # Odoo < 16 names, still called by addons.
    def clear(self) -> None:
        self.transaction.clear()

    def norecompute(self):
        return _noop_context()

    def cache_key(self, field) -> tuple:
        """The values, in this environment, of the context keys ``field``'s value depends on
        (``@api.depends_context``): the cache keeps one value per key, as Odoo."""
        try:
            return self._cache_keys[field]
        except KeyError:
            key = self._cache_keys[field] = tuple(self._context_value(field, name)
                                                  for name in field.context_keys)
            return key

    def _context_value(self, field, name: str):
        context = self.context
        if name == "company":
            return self.company.id
        if name == "uid":
            return self.uid if field.compute_sudo else (self.uid, self.su)
        if name == "lang":
            return context.get("lang") or None
        if name == "active_test":
            default = field.context.get("active_test", True) if isinstance(field.context, dict) else True
            return context.get("active_test", default)
        if name.startswith("bin_size"):
            return bool(context.get(name))
        value = context.get(name)
        if isinstance(value, list):
            value = tuple(value)
        try:
            hash(value)
        except TypeError:
            raise TypeError(f"context key {name!r} (a dependency of field {field}) holds {value!r}, "
                            f"which cannot key the cache: give a hashable value") from None
        return value


@contextmanager
def _noop_context():
    yield


class Transaction:
    """State shared by all environments of one cursor."""

    def __init__(self, registry, cr, *, deferred_signaling: bool = False) -> None:
        self.registry = registry
        self.cr = cr
        self.envs: dict = {}
        self.cache: dict = defaultdict(dict)          # field -> {id: cache value}
        # fields whose value depends on the context: field -> {env.cache_key(field): {id: value}}
        self.context_cache: dict = defaultdict(dict)
        self.tocompute: dict = defaultdict(OrderedSet)  # stored computed field -> ids
        self.towrite: dict = defaultdict(dict)        # model name -> {id: {field name: value}}
        self.protected: dict = defaultdict(set)       # field -> ids being computed
        self.recomputing: set = set()                 # stored fields whose recompute is running
        # field -> {id: value} of stored fields under recompute, as the cache had them: what
        # the compute reads of its own field (the value before) without reading it back
        self.before_recompute: dict = {}
        # field -> {new id: value}: stored computed values of new records that a change sent
        # to recompute (onchange); their compute finds them as the value before (Odoo keeps
        # them in its cache until the compute assigns)
        self.stale_new: dict = defaultdict(dict)
        self.memo: dict = {}                          # per-transaction memos (selection values...)
        # table -> ids drawn ahead that its next creates take (WriteMixin._reserve_ids)
        self.reserved_ids: dict = {}
        self.shared_cache_dirty = False               # see Registry.shared_cache_changed
        self.signaling_pending = False                # a deferred signaling check is not back yet
        self.shared_cache_used_early = False          # ... and the shared cache was used before it
        cr.flush_hook = self.flush            # the cursor calls it before commit and savepoints
        cr.invalidate_hook = self.clear       # ... and this after a rollback
        if registry.ready and registry.shared_cache_enabled:
            registry.check_signaling(cr, deferred=deferred_signaling, transaction=self)

    # -- cache -----------------------------------------------------------------------------------

    def cached_values(self, field, env=None) -> dict:
        """``{id: cache value}`` of ``field`` (in ``env``'s context for a context-dependent one)."""
        if field.context_keys and env is not None:
            return self.context_cache[field].setdefault(env.cache_key(field), {})
        return self.cache[field]

    def company_values(self, field, env, company_id: int | None = None) -> None:
        """Before the cache of a company-dependent ``field`` is used in ``env``: forget the
        values it holds when they are another company's (it holds one company's at a time).
        ``company_id``: ``env.company.id`` when the caller knows it (a loop over records)."""
        key = ("company_dependent", field)
        if company_id is None:
            company_id = env.company.id
        if self.memo.get(key, company_id) != company_id:
            self.cache.pop(field, None)
        self.memo[key] = company_id

    def has_cached(self, field) -> bool:
        """Whether some value of ``field`` is in the cache, in any context."""
        if self.cache.get(field):
            return True
        by_context = self.context_cache.get(field)
        return bool(by_context) and any(by_context.values())

    def get_value(self, record, field, company_id: int | None = None):
        """The cache value of ``field`` for one record, fetching or computing on a miss
        (``company_id``: see ``company_values``)."""
        record_id = record._ids[0]
        if field.company_dependent:
            self.company_values(field, record.env, company_id)
        if field.compute and field.store and record_id in self.tocompute.get(field, ()):
            self.recompute_field(field, record.env)
        values = self.cached_values(field, record.env)
        if record_id in values:
            return values[record_id]
        before = self.before_recompute.get(field)
        if before and record_id in before:
            values[record_id] = before[record_id]       # as the fetch would have put it
            return values[record_id]
        record._fetch_or_compute(field)
        values = self.cached_values(field, record.env)
        if record_id not in values:
            if not isinstance(record_id, int) or record_id <= 0:
                return field.empty_cache_value()
            raise MissingError(f"Record does not exist or has been deleted.\n"
                               f"(Record: {record._name}({record_id},), User: {record.env.uid})")
        return values[record_id]

    def get_values(self, records, field) -> list:
        """``get_value`` for every record of ``records``, in order (one dict look-up each)."""
        company_id = None
        if field.company_dependent:
            company_id = records.env.company.id         # once, not once per record below
            self.company_values(field, records.env, company_id)
        pending = self.tocompute.get(field) if field.compute and field.store else None
        if pending and not pending.isdisjoint(records._ids):
            self.recompute_field(field, records.env)
        values = self.cached_values(field, records.env)
        try:
            return [values[record_id] for record_id in records._ids]
        except KeyError:
            return [self.get_value(record, field, company_id) for record in records]

    def set_values(self, field, pairs: Iterable[tuple]) -> None:
        self.cache[field].update(pairs)

    def invalidate(self, fields=None, ids=None) -> None:
        if fields is None and ids is None:
            self.cache.clear()
            self.context_cache.clear()
            return
        for field in (fields if fields is not None else [*self.cache, *self.context_cache]):
            for values in (self.cache.get(field), *self.context_cache.get(field, {}).values()):
                if not values:
                    continue
                if ids is None:
                    values.clear()
                else:
                    for record_id in ids:
                        values.pop(record_id, None)

    def clear(self) -> None:
        """Forget everything (after a rollback)."""
        self.cache.clear()
        self.context_cache.clear()
        self.memo.clear()
        self.reserved_ids.clear()
        self.tocompute.clear()
        self.towrite.clear()
        self.protected.clear()
        self.before_recompute.clear()
        self.stale_new.clear()

    # -- computed fields -------------------------------------------------------------------------

    def is_protected(self, field, records) -> bool:
        ids = self.protected.get(field)
        return bool(ids) and all(record_id in ids for record_id in records._ids)

    @contextmanager
    def protecting(self, fields, ids):
        """While computing ``fields`` on ``ids``, assignments go to the cache."""
        added = [(field, [i for i in ids if i not in self.protected[field]]) for field in fields]
        for field, new_ids in added:
            self.protected[field].update(new_ids)
        try:
            yield
        finally:
            for field, new_ids in added:
                self.protected[field].difference_update(new_ids)

    @contextmanager
    def protecting_each(self, pairs: Iterable[tuple]):
        """``protecting`` for several ``(fields, ids)`` pairs at once."""
        with ExitStack() as stack:
            for fields, ids in pairs:
                stack.enter_context(self.protecting(fields, ids))
            yield

    def set_computed(self, records, field, value) -> None:
        """A compute method assigned ``value``: keep it, and queue the write if stored."""
        values = self.cached_values(field, records.env)
        for record_id in records._ids:
            values[record_id] = value
            if field.store and isinstance(record_id, int):
                self.towrite[field.model_name].setdefault(record_id, {})[field.name] = value
        pending = self.tocompute.get(field)
        if pending:
            pending.difference_update(records._ids)

    def set_computed_values(self, records, field, values: list) -> None:
        """``set_computed`` of each record of ``records`` with its value in ``values``."""
        cached = self.cached_values(field, records.env)
        ids = records._ids
        cached.update(zip(ids, values))
        if field.store:
            rows = self.towrite[field.model_name]
            name = field.name
            for record_id, value in zip(ids, values):
                if isinstance(record_id, int):
                    row = rows.get(record_id)
                    if row is None:
                        rows[record_id] = {name: value}
                    else:
                        row[name] = value
        pending = self.tocompute.get(field)
        if pending:
            pending.difference_update(ids)

    def mark_to_compute(self, field, ids: Iterable[int]) -> list[int]:
        """Queue stored ``field`` for recomputation; returns the ids newly queued."""
        pending = self.tocompute[field]
        protected = self.protected.get(field, ())
        new = [i for i in ids if i not in pending and i not in protected]
        pending.update(new)
        return new

    def forget_to_compute(self, fields, ids) -> None:
        """Drop the queued computations of ``fields`` for ``ids`` (records being deleted:
        their values would be written only to go, as Odoo's ``remove_to_compute``)."""
        ids = set(ids)
        for field in fields:
            pending = self.tocompute.get(field)
            if pending:
                pending.difference_update(ids)

    def recompute_field(self, field, env, ids=None) -> None:
        pending = self.tocompute.get(field)
        if not pending or field in self.recomputing:
            return
        ids = list(pending) if ids is None else [i for i in ids if i in pending]
        if any(key.startswith("bin_size") for key in env.context):
            # stored values are computed from contents, never from files' sizes
            env = env(context={k: v for k, v in env.context.items() if not k.startswith("bin_size")})
        records = env.registry.models[field.model_name]._browse(env(su=True), tuple(ids), tuple(ids))
        # the fields one method computes together are all under way (else a nested flush
        # would run the method again for a sibling)
        fields = {f for f in records._computed_with(field) if f.store} \
            - self.recomputing
        self.recomputing.update(fields)
        try:
            records._recompute_stored(field)
        finally:
            self.recomputing.difference_update(fields)

    def _depending_on(self, fields) -> set:
        """The computed fields that depend on ``fields``, directly or through other computes."""
        triggers = self.registry.field_triggers
        result, todo = set(), list(fields)
        while todo:
            for target, _path in triggers.get(todo.pop(), ()):
                if target not in result:
                    result.add(target)
                    todo.append(target)
        return result

    def flush(self) -> None:
        """Recompute everything queued, then write queued computed values.

        A compute method may search, which flushes again: fields being recomputed are then
        skipped (their values are on their way), the others are brought up to date.
        """
        env = None
        # Nested in a recompute (its method searched): fields that depend on the fields being
        # recomputed would read their stale values, so they wait for the outer flush.
        waiting = self._depending_on(self.recomputing) if self.recomputing else ()
        for _round in range(1000):
            field = next((f for f, ids in self.tocompute.items()
                          if ids and f not in self.recomputing and f not in waiting), None)
            if field is None:
                break
            if env is None:
                env = Environment(self.cr, SUPERUSER_ID, {})
            self.recompute_field(field, env)
        else:
            raise RecursionError("stored computed fields keep triggering each other")
        self._write_queued(env)

    def flush_fields(self, fields) -> None:
        """Recompute the queued values of ``fields`` only, then write what is queued: what a
        query reading just those columns needs, as Odoo flushes the fields a query reads.

        The other queued computations wait for their own reader or the next full flush, so
        a value is not computed (and cached) before the changes it should see are made.
        Nested in a recompute, the fields under way and those depending on them wait, as
        in ``flush``.
        """
        skipped = (self.recomputing | self._depending_on(self.recomputing)) \
            if self.recomputing else ()
        env = None
        for field in fields:
            if self.tocompute.get(field) and field not in skipped:
                env = env or Environment(self.cr, SUPERUSER_ID, {})
                self.recompute_field(field, env)
        self._write_queued(env)

    def _write_queued(self, env) -> None:
        """Write the computed values waiting in ``towrite``, then signal pending cache clears."""
        if self.towrite:
            env = env or Environment(self.cr, SUPERUSER_ID, {})
            towrite, self.towrite = self.towrite, defaultdict(dict)
            for model_name, rows in towrite.items():
                env[model_name]._write_computed_rows(rows)
        if self.registry.cache_clear_pending:
            self.registry.signal_pending_clear(self)
