"""``env.cache``: Odoo 17's API over the record cache of a transaction.

Addons read and fill the cache directly through it (``env.cache.get(record, field)``,
``env.cache.update(records, field, values)``, ``env.cache.set(..., dirty=True)`` to queue a
write, ``get_missing_ids``...), most often in an override of ``_fetch_query`` or in a
compute that fills several fields at once. The values are in cache format, as in Odoo: an
id or None for a many2one, a tuple of ids for an x2many, None for an empty text.

The cache itself is ``Transaction.cache`` (``environment.py``); a value depending on the
context lives under the environment's cache key, a company-dependent one is the company's
of the records' environment, and "dirty" values are the transaction's queued writes
(``Transaction.towrite``), written at the next flush.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from ..exceptions import CacheMiss
from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

_NOTHING = object()


class RecordCache:
    """The record cache of one transaction, seen through Odoo's ``Cache`` methods."""

    __slots__ = ("_transaction",)

    def __init__(self, transaction) -> None:
        self._transaction = transaction

    # -- where a field's values are ----------------------------------------------------------------

    def _values(self, records, field) -> dict:
        """``{id: cache value}`` of ``field`` for the environment of ``records``."""
        transaction = self._transaction
        if field.company_dependent:
            transaction.company_values(field, records.env)
        return transaction.cached_values(field, records.env)

    @staticmethod
    def _text(field, value, records):
        """A translated field's text in the records' language (the cache keeps every one)."""
        return field.translated(value, records) if field.translate and value is not None else value

    @staticmethod
    def _with_text(field, old, value, records):
        """A translated field's cache value with ``value`` as the records' language's text."""
        if not field.translate or value is None or not isinstance(old, dict):
            return value
        return {**old, records.env.lang or "en_US": value}

    # -- reading ---------------------------------------------------------------------------------

    def contains(self, record, field) -> bool:
        return record._ids[0] in self._values(record, field)

    def contains_field(self, field) -> bool:
        """Whether some record has a value for ``field``, in any context."""
        return self._transaction.has_cached(field)

    def get(self, record, field, default=_NOTHING):
        """The cached value of ``field`` for ``record``; ``CacheMiss`` (a KeyError) when it
        has none and no ``default`` is given. Never fetches."""
        values = self._values(record, field)
        record_id = record._ids[0]
        if record_id in values:
            return self._text(field, values[record_id], record)
        if default is _NOTHING:
            raise CacheMiss(record, field)
        return default

    def get_values(self, records, field) -> Iterator:
        """The cached values of ``field`` for those of ``records`` that have one, in order."""
        values = self._values(records, field)
        for record_id in records._ids:
            if record_id in values:
                yield self._text(field, values[record_id], records)

    def get_until_miss(self, records, field) -> list:
        """The cached values of ``field`` for ``records``, up to the first one missing."""
        values = self._values(records, field)
        result = []
        for record_id in records._ids:
            if record_id not in values:
                break
            result.append(self._text(field, values[record_id], records))
        return result

    def get_records_different_from(self, records, field, value):
        """The records of ``records`` whose cached ``field`` is not ``value`` (or missing)."""
        values = self._values(records, field)
        if field.type == "monetary":
            value = field.convert_to_cache(value, records)
        ids = [record_id for record_id in records._ids
               if record_id not in values or self._text(field, values[record_id], records) != value]
        return records.browse(ids)

    def get_fields(self, record) -> Iterator:
        """The fields of ``record`` that have a cached value."""
        for name, field in record._fields.items():
            if name != "id" and record._ids[0] in self._values(record, field):
                yield field

    def get_records(self, model, field, all_contexts: bool = False):
        """The records of ``model`` with a cached ``field`` (in ``model``'s context, or in
        any with ``all_contexts``)."""
        transaction = self._transaction
        if all_contexts and field.context_keys:
            ids = dict.fromkeys(record_id for values in transaction.context_cache.get(field, {}).values()
                                for record_id in values)
        else:
            ids = self._values(model, field)
        return model.browse(list(ids))

    def get_missing_ids(self, records, field) -> Iterator:
        """The ids of ``records`` without a cached ``field``."""
        values = self._values(records, field)
        return (record_id for record_id in records._ids if record_id not in values)

    # -- writing ---------------------------------------------------------------------------------

    def set(self, record, field, value, dirty: bool = False, check_dirty: bool = True) -> None:
        """Put ``value`` (cache format) for ``record``; ``dirty``: also queue it to be written
        to the database at the next flush."""
        self.update(record, field, [value], dirty=dirty, check_dirty=check_dirty)

    def update(self, records, field, values: Iterable, dirty: bool = False, check_dirty: bool = True) -> None:
        """``set`` for each record of ``records`` with its value in ``values``."""
        cache = self._values(records, field)
        values = [self._with_text(field, cache.get(record_id), value, records)
                  for record_id, value in zip(records._ids, values)]
        self._store(records, field, cache, values, dirty)

    def update_raw(self, records, field, values: Iterable, dirty: bool = False,
                   check_dirty: bool = True) -> None:
        """``update`` without the language handling: ``values`` are put as they are."""
        self._store(records, field, self._values(records, field), list(values), dirty)

    def _store(self, records, field, cache: dict, values: list, dirty: bool) -> None:
        cache.update(zip(records._ids, values))
        if not dirty:
            queued = self._transaction.towrite.get(field.model_name)
            if queued:
                # as in Odoo, a queued write stays queued and writes the value now cached
                for record_id, value in zip(records._ids, values):
                    row = queued.get(record_id)
                    if row and field.name in row:
                        _logger.warning("env.cache: %s(%s).%s is queued for writing: pass "
                                        "dirty=True to change it", field.model_name, record_id, field.name)
                        row[field.name] = value
            return
        if not field.column or not all(isinstance(i, int) and i for i in records._ids):
            raise ValueError(f"{field}: only a stored column of existing records can be queued "
                             f"for writing (dirty=True)")
        rows = self._transaction.towrite[field.model_name]
        for record_id, value in zip(records._ids, values):
            rows.setdefault(record_id, {})[field.name] = value

    def insert_missing(self, records, field, values: Iterable) -> None:
        """Put the values of ``field`` for the records that have none yet."""
        cache = self._values(records, field)
        for record_id, value in zip(records._ids, values):
            cache.setdefault(record_id, value)

    def remove(self, record, field) -> None:
        """Forget the cached value of ``field`` for ``record`` (not one queued for writing)."""
        if field.name in self._transaction.towrite.get(field.model_name, {}).get(record._ids[0], ()):
            raise ValueError(f"{record!r}.{field.name} is queued for writing: flush it before "
                             f"removing it from the cache")
        self._values(record, field).pop(record._ids[0], None)

    # -- queued writes ("dirty") ------------------------------------------------------------------

    def get_dirty_fields(self) -> set:
        """The fields with values queued for writing."""
        registry = self._transaction.registry
        return {registry.models[model_name]._fields[name]
                for model_name, rows in self._transaction.towrite.items()
                for row in rows.values() for name in row}

    def get_dirty_records(self, model, field):
        """The records of ``model`` whose ``field`` is queued for writing."""
        rows = self._transaction.towrite.get(field.model_name, {})
        return model.browse([record_id for record_id, row in rows.items() if field.name in row])

    def has_dirty_fields(self, records, fields=None) -> bool:
        """Whether some field (of ``fields``, or any) of ``records`` is queued for writing."""
        rows = self._transaction.towrite.get(records._name, {})
        names = None if fields is None else {field.name for field in fields}
        return any(row and (names is None or not names.isdisjoint(row))
                   for row in (rows.get(record_id) for record_id in records._ids) if row)

    def clear_dirty_field(self, field) -> list:
        """Drop the queued writes of ``field``; returns the ids that had one."""
        rows = self._transaction.towrite.get(field.model_name, {})
        ids = [record_id for record_id, row in rows.items() if row.pop(field.name, _NOTHING) is not _NOTHING]
        return ids

    # -- forgetting ------------------------------------------------------------------------------

    def invalidate(self, spec=None) -> None:
        """Forget cached values: all of them (``spec`` None), or ``[(field, ids or None)]``."""
        if spec is None:
            self._transaction.invalidate()
            return
        for field, ids in spec:
            self._transaction.invalidate([field], ids)

    def clear(self) -> None:
        """Forget every cached value and every queued write."""
        self._transaction.invalidate()
        self._transaction.towrite.clear()
