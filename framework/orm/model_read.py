"""Reading side of the recordset API: fetch into the cache, compute, search, read.

Prefetching: a cache miss on a stored field loads that field, and every other prefetchable
column of the model, for all records of the prefetch set in one query.
"""
from __future__ import annotations

import re

from .. import exceptions
from ..tools.sql import SQL
from . import api, binary_attachments, domains
from .commands import Command
from .environment import PREFETCH_MAX
from .fields import Field, Many2one
from .query import Query

_ORDER_TERM = re.compile(r"^\s*([a-z0-9_]+)(?:\.([a-z0-9_]+))?(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$",
                         re.IGNORECASE)


class ReadMixin:
    __slots__ = ()

    # -- cache filling ---------------------------------------------------------------------------

    def _fetch_or_compute(self, field) -> None:
        """Fill the cache for ``field`` on this record and as many prefetch records as sensible."""
        transaction = self.env.transaction
        if field.compute and not (field.store and isinstance(self._ids[0], int)) and \
                transaction.is_protected(field, self):
            # read by its own compute method (nothing to fetch): empty until assigned, as Odoo
            transaction.cached_values(field, self.env)[self._ids[0]] = field.empty_cache_value()
            return
        if not isinstance(self._ids[0], int):           # a new record: nothing to fetch
            if field.compute:
                self._compute_field_values(field)
            else:
                origin = self._ids[0].origin
                value = transaction.get_value(self.browse(origin), field) if origin else \
                    field.empty_cache_value()
                transaction.cache[field][self._ids[0]] = value
            return
        if field.compute and not field.store:
            ids = self._prefetch_without(field)
            self._browse(self.env, ids, self._prefetch_ids)._compute_field_values(field)
            return
        if field.store and (field.column or field.type in ("one2many", "many2many")
                            or binary_attachments.in_attachment(field)):
            ids = self._prefetch_without(field)
            if not self.env.su:
                # Odoo's _fetch_field: a field reserved to groups is refused at fetch time
                self.check_field_access_rights("read", [field.name])
            fields = [field]
            if field.prefetch and field.column:
                cache = transaction.cache
                fields = [f for f in self._fields.values()
                          if f.column and f.prefetch and f.name != "id"
                          and not (f.compute and f in transaction.tocompute and transaction.tocompute[f])
                          and (f is field or not all(i in cache[f] for i in ids))
                          and (not f.groups or self._field_visible(f))]
                if field not in fields:
                    fields.append(field)
            self._fetch_fields(ids, fields, required=ids[:1])
            return
        # neither stored nor computed (e.g. company_dependent without storage): empty value
        values = transaction.cache[field]
        for record_id in self._ids:
            values.setdefault(record_id, field.empty_cache_value())

    # -- cache control (Odoo 16+ names) ---------------------------------------------------------

    def flush_model(self, fnames=None) -> None:
        """Write this model's pending changes; everything pending is written, which is more."""
        self.env.flush_all()

    def flush_recordset(self, fnames=None) -> None:
        self.env.flush_all()

    def invalidate_model(self, fnames=None, flush: bool = True) -> None:
        """Forget the cached values of ``fnames`` (all fields by default) of every record."""
        if flush:
            self.env.flush_all()
        self.env.transaction.invalidate(self._fields_named(fnames))

    def invalidate_recordset(self, fnames=None, flush: bool = True) -> None:
        """Forget the cached values of ``fnames`` (all fields by default) of these records."""
        if flush:
            self.env.flush_all()
        self.env.transaction.invalidate(self._fields_named(fnames), self._ids)

    def _fields_named(self, fnames) -> list:
        if fnames is None:
            return list(self._fields.values())
        self._check_field_names(fnames)
        return [self._fields[name] for name in fnames]

    def _prefetch_without(self, field) -> tuple:
        """This record first, then prefetch ids whose ``field`` is not cached, up to PREFETCH_MAX."""
        values = self.env.transaction.cached_values(field, self.env)
        ids = [self._ids[0]]
        seen = {self._ids[0]}
        for record_id in self._prefetch_ids:
            if len(ids) >= PREFETCH_MAX:
                break
            if record_id not in seen and record_id not in values and isinstance(record_id, int):
                seen.add(record_id)
                ids.append(record_id)
        return tuple(ids)

    def _fetch_fields(self, ids, fields, required=()) -> None:
        """One SELECT for the column fields, one per x2many field; results go to the cache.

        As in Odoo's ``fetch``, a user (not the superuser) reads only what the model's access
        rights and record rules let them: the rules are part of the SELECT, so the values of
        the records they hide never reach the cache; a record of ``required`` they hide (and
        that exists) raises Odoo's AccessError. The prefetched others are left out silently:
        reading one of them later fetches it alone, and refuses it then.
        """
        query, ruled = self._fetch_select(ids)
        if not ruled:
            # nothing hides a record: an x2many-only fetch needs no SELECT of the ids
            query.set_result_ids(ids)
        fetched = self._fetch_query(query, fields)
        if ruled:
            existing = set(fetched._ids)
            self._refuse_hidden([i for i in required if i not in existing])

    def _fetch_query(self, query, fields):
        """Odoo 17's hook: run ``query`` (a ``Query`` on this model's table, access rules
        applied) for ``fields``, put the values in the cache, and return the records found.

        Every fetch and ``search_fetch`` goes through it: an addon overrides it to fetch more
        fields or to change the values put in the cache (``self.env.cache``)."""
        columns = [f for f in fields if f.column]
        if columns or query.known_ids is None:
            alias = query.alias
            self.env.cr.execute(query.select(SQL.identifier(alias, "id"),
                                             *(SQL.identifier(alias, f.name) for f in columns)))
            rows = self.env.cr.fetchall()
            self._cache_rows(rows, columns)
            ids = tuple([row[0] for row in rows])
        else:
            ids = query.known_ids
        records = self._browse(self.env, ids, ids)
        records._fetch_x2many(ids, [f for f in fields if f.store])
        return records

    def _fetch_select(self, ids) -> tuple[Query, bool]:
        """The SELECT of ``ids`` that a fetch reads, after the access-rights check, and
        whether the user's record rules restrict it (never for the superuser)."""
        query = Query(self.env, self._table_sql, self._table)
        query.add_where(SQL("%s IN %s", SQL.identifier(self._table, "id"), tuple(ids)))
        if self.env.su:
            return query, False
        self.check_access_rights("read")
        rule = self.env["ir.rule"]._compute_domain(self._name, "read") if "ir.rule" in self.env else None
        if rule:
            # no flush here (a fetch may run inside a flush or a compute): the rules read the
            # columns as written; only queued computed values are not written yet
            query.add_where(self._rule_to_sql(rule, query))
        return query, bool(rule)

    def _refuse_hidden(self, ids) -> None:
        """Raise Odoo's record-rule AccessError for those of ``ids`` that exist (the record
        rules hid them); ids that do not exist are left to the caller (MissingError)."""
        if not ids:
            return
        self.env.cr.execute(SQL("SELECT id FROM %s AS t WHERE id IN %s", self._table_sql, tuple(ids)))
        hidden = [row[0] for row in self.env.cr.fetchall()]
        if hidden:
            raise self.env["ir.rule"]._make_access_error("read", self.browse(hidden))

    def _cache_rows(self, rows: list, columns: list) -> set:
        """Put fetched ``(id, *column values)`` rows in the cache; returns the ids."""
        transaction = self.env.transaction
        if not rows:
            return set()
        by_column = list(zip(*rows))
        ids = by_column[0]
        existing = set(ids)
        transaction.cache[self._fields["id"]].update(zip(ids, ids))   # for exists()
        towrite = transaction.towrite.get(self._name)
        for index, field in enumerate(columns, start=1):
            values = transaction.cache[field]
            convert = field.convert_from_column
            if not towrite:
                values.update(zip(ids, by_column[index] if type(field).convert_from_column
                                  is Field.convert_from_column else map(convert, by_column[index])))
                continue
            for row in rows:
                pending = towrite.get(row[0])
                if pending and field.name in pending:
                    # not flushed yet: the queued value is the current one, even when
                    # its cache entry was dropped for a recompute that is under way
                    values.setdefault(row[0], pending[field.name])
                    continue
                values[row[0]] = convert(row[index])
        return existing

    def _fetch_x2many(self, ids, fields) -> None:
        """The stored fields that are not columns: x2many, and binaries in attachments (one
        query for all of them)."""
        for field in fields:
            if field.type == "one2many":
                self._fetch_one2many(field, ids)
            elif field.type == "many2many":
                self._fetch_many2many(field, ids)
        if any(field.type == "binary" for field in fields):
            binary_attachments.fetch(self, ids, [f for f in fields if binary_attachments.in_attachment(f)])

    def _fetch_one2many(self, field, ids) -> None:
        if not ids:
            return
        comodel = _x2many_comodel(self.env, field)
        domain = [(field.inverse_name, "in", ids)] + field.get_domain_list(comodel)
        query = comodel._search(domain, order=comodel._order,
                                flush=not comodel._flush_for_fetch(domain))
        self.env.cr.execute(query.select(SQL.identifier(query.alias, field.inverse_name),
                                         SQL.identifier(query.alias, "id")))
        result: dict = {record_id: [] for record_id in ids}
        for owner, target in self.env.cr.fetchall():
            result.setdefault(owner, []).append(target)
        self.env.transaction.set_values(field, ((k, tuple(v)) for k, v in result.items()))

    def _fetch_many2many(self, field, ids) -> None:
        if not ids:
            return
        comodel = _x2many_comodel(self.env, field)
        domain = field.get_domain_list(comodel)
        query = comodel._search(domain, order=comodel._order,
                                flush=not comodel._flush_for_fetch(domain))
        rel = query.make_alias(query.alias, field.name)
        query.add_join("JOIN", rel, field.relation, SQL(
            "%s = %s", SQL.identifier(rel, field.column2), SQL.identifier(query.alias, "id")))
        query.add_where(SQL("%s IN %s", SQL.identifier(rel, field.column1), tuple(ids)))
        self.env.cr.execute(query.select(SQL.identifier(rel, field.column1),
                                         SQL.identifier(query.alias, "id")))
        result: dict = {record_id: [] for record_id in ids}
        for owner, target in self.env.cr.fetchall():
            result[owner].append(target)
        self.env.transaction.set_values(field, ((k, tuple(v)) for k, v in result.items()))

    def _compute_field_values(self, field) -> None:
        """Run a compute method for these records (non-stored, or stored on demand)."""
        fields = self._computed_with(field)
        records = self.sudo() if field.compute_sudo else self
        if field.type == "binary" and "bin_size" not in field.context_keys and \
                binary_attachments.wants_size(field, records.env):
            # a file is computed from contents, not from sizes (as Odoo): its size is taken
            # from the content when read
            records = records.with_context(**{"bin_size": False, f"bin_size_{field.name}": False})
        records = records.exists() if field.store else records
        transaction = self.env.transaction
        stale = {}          # new records' values before: seen by the compute, kept if unassigned
        for f in fields:
            kept = transaction.stale_new.get(f)
            if kept:
                moved = {i: kept.pop(i) for i in records._ids if i in kept}
                if moved:
                    transaction.before_recompute.setdefault(f, {}).update(moved)
                    stale[f] = moved
        try:
            with transaction.protecting(fields, records._ids):
                if field.related:
                    records._compute_related([field])
                elif isinstance(field.compute, str):
                    getattr(records, field.compute)()
                else:
                    field.compute(records)
        finally:
            for f, moved in stale.items():
                before = transaction.before_recompute.get(f, {})
                values = transaction.cached_values(f, records.env)
                for record_id, value in moved.items():
                    before.pop(record_id, None)
                    values.setdefault(record_id, value)
        values = transaction.cached_values(field, records.env)
        missing = [record_id for record_id in records._ids if record_id not in values]
        if missing:
            if field.readonly and not field.store:
                raise ValueError(f"Compute method failed to assign {self._name}({missing[0]},).{field.name}")
            # as Odoo: an editable or stored computed field the method leaves alone keeps its
            # value (the one before a recompute, else the stored one), or is empty
            before = transaction.before_recompute.get(field, {})
            for record_id in missing:
                if record_id in before:
                    values[record_id] = before[record_id]
                elif not (field.store and isinstance(record_id, int)):
                    values[record_id] = field.convert_to_cache(False, records)

    def _recompute_stored(self, field) -> None:
        """Recompute queued stored ``field`` on these records and queue the values to write."""
        transaction = self.env.transaction
        fields = [f for f in self._computed_with(field) if f.store]
        records = self.exists()
        gone = set(self._ids) - set(records._ids)
        for f in fields:
            pending = transaction.tocompute.get(f)
            if pending:
                pending.difference_update(gone)
        if records:
            # the values computed before leave the cache (a compute that fails to assign one is
            # caught) but stay at hand: a compute reading its own field gets them without a query
            kept = {}
            for f in fields:
                values = transaction.cache.get(f) if not f.context_keys else None
                if values:
                    kept[f] = {i: values.pop(i) for i in records._ids if i in values}
                else:
                    transaction.invalidate([f], records._ids)
            for f, before in kept.items():
                transaction.before_recompute.setdefault(f, {}).update(before)
            try:
                records._compute_field_values(field)
            finally:
                for f, before in kept.items():
                    pending = transaction.before_recompute.get(f, {})
                    for i in before:
                        pending.pop(i, None)
        for f in fields:
            pending = transaction.tocompute.get(f)
            if pending:
                pending.difference_update(records._ids)

    # -- related fields ----------------------------------------------------------------------

    def _computed_with(self, field) -> tuple:
        """The fields computed by the method that computes ``field`` (a related field alone:
        computing one never assigns, so never writes, the record's other related fields).
        Worked out once per model class and field: creates and flushes ask at every call."""
        if not field.compute or field.related or not isinstance(field.compute, str):
            return (field,)
        memo = self._class_memo("computed_with")
        found = memo.get(field.name)
        if found is None or found[0] is not field:
            found = memo[field.name] = (field, tuple(
                f for f in self._fields.values() if f.compute == field.compute and not f.related))
        return found[1]

    def _class_memo(self, kind: str) -> dict:
        """A dict kept on the model class for what its fields alone decide, emptied when the
        registry is set up again (a new field dict) or a field is added."""
        cls = type(self)
        fields = cls._fields
        memo = cls.__dict__.get("_class_memos")
        if memo is None or memo[0] is not fields or memo[1] != len(fields):
            memo = cls._class_memos = (fields, len(fields), {})
        return memo[2].setdefault(kind, {})

    def _compute_related(self, fields: list | None = None) -> None:
        """Generic compute of related ``fields`` (those under way when None): follow the path
        for all the records at once (``_related_values``)."""
        transaction = self.env.transaction
        if fields is None:
            fields = [f for f in self._fields.values() if f.related and transaction.is_protected(f, self)]
        for field in fields:
            records = self.sudo() if field.args.get("related_sudo", True) else self
            if not all(isinstance(record_id, int) for record_id in self._ids):
                # new records (onchange): each one's value through its own record, as they
                # are followed and assigned one by one
                for record in self:
                    record[field.name] = self._related_value_of(
                        record.sudo() if field.args.get("related_sudo", True) else record,
                        field._related_fields)
                continue
            finals = records._related_values(field)
            if field.compute and transaction.is_protected(field, self):
                # what assigning each record would do (``Field.__set__``), for all at once
                transaction.set_computed_values(self, field, convert_distinct(field, self, finals))
            else:
                for record, final in zip(self, finals):
                    record[field.name] = final

    def _related_many2one_ids(self, field) -> list | None:
        """For a related many2one ``field`` whose path is plain many2ones: the cache value at
        the end of the path for each of these records (an id, None where the path breaks),
        which is what ``_related_values`` gives converted back by ``field`` (a record to its
        id), without making the records in between. None for any other field."""
        chain = field._related_fields
        # (a path of one field is read through the records by _related_values)
        if not (len(chain) > 1 and _plain_many2one(field) and all(_plain_many2one(step) for step in chain)
                and field.comodel_name == chain[-1].comodel_name):
            return None
        transaction = self.env.transaction
        reached: list = list(self._ids)
        model = self
        for step in chain:
            distinct = list(dict.fromkeys(i for i in reached if i))
            values = dict(zip(distinct, transaction.get_values(model.browse(distinct), step)))
            reached = [values[i] if i else None for i in reached]
            model = self.env[step.comodel_name]
        return reached

    def _related_values(self, field) -> list:
        """The value at the end of related ``field``'s path for each of these records, in
        order (as ``record.a.b.c``: an x2many step keeps its first record; a broken path
        gives the last field's empty value). The many2one steps are read once per step for
        all the records, the last field once per distinct record reached."""
        chain = field._related_fields
        last = chain[-1]
        if any(step.type != "many2one" for step in chain[:-1]):
            return [self._related_value_of(record, chain) for record in self]
        transaction = self.env.transaction
        reached: list = list(self._ids)
        model = self
        for step in chain[:-1]:
            distinct = list(dict.fromkeys(i for i in reached if i))
            values = dict(zip(distinct, transaction.get_values(model.browse(distinct), step)))
            reached = [values[i] if i else None for i in reached]
            model = self.env[step.comodel_name]
        if not chain[:-1]:
            return [record[last.name] for record in self]
        distinct = list(dict.fromkeys(i for i in reached if i))
        ends = model.browse(distinct)
        # one record value per distinct cache value (the same object for the records
        # reaching it: callers may convert each object once)
        records_of: dict = {}
        finals: dict = {}
        for end_id, value in zip(distinct, transaction.get_values(ends, last)):
            try:
                final = records_of.get(value)
            except TypeError:       # an unhashable cache value (a JSON value): not shared
                final = None
            if final is None:
                final = last.convert_to_record(value, ends.browse(end_id))
                try:
                    records_of[value] = final
                except TypeError:
                    pass
            finals[end_id] = final
        empty = last.convert_to_record(last.empty_cache_value(), model.browse())
        return [finals[i] if i else empty for i in reached]

    @staticmethod
    def _related_value_of(record, chain):
        value = record
        for step in chain[:-1]:
            value = value[step.name][:1]
        return value[chain[-1].name] if value else chain[-1].convert_to_record(
            chain[-1].empty_cache_value(), value)

    def _inverse_related(self, fields: list | None = None) -> None:
        """Write the cached values of related ``fields`` (all the writable related fields
        when None) on the records they follow."""
        if fields is None:
            fields = [f for f in self._fields.values() if f.related and f.inverse == "_inverse_related"]
        for field in fields:
            chain = field._related_fields
            for record in self:
                target = record
                for step in chain[:-1]:
                    target = target[step.name][:1]
                if target:
                    value = self.env.transaction.cached_values(field, self.env).get(record.id)
                    target[chain[-1].name] = field.convert_to_record(value, record) \
                        if field.type not in ("many2one",) else value or False

    # -- SQL helpers ---------------------------------------------------------------------------

    def _field_to_sql(self, alias: str, fname: str, query=None) -> SQL:
        field = self._fields[fname]
        column = SQL.identifier(alias, fname)
        if getattr(field, "translate", False) is True and field.column:
            lang = self.env.lang or "en_US"
            if lang == "en_US":
                return SQL("(%s->>'en_US')", column)
            return SQL("COALESCE(%s->>%s, %s->>'en_US')", column, lang, column)
        return column

    def _condition_to_sql(self, alias: str, fname: str, operator: str, value, query) -> SQL:
        return domains.condition_to_sql(self, alias, fname, operator, value, query)

    def _active_domain(self, domain) -> list:
        active = self._active_name
        if not active or not self.env.context.get("active_test", True):
            return list(domain or [])
        for leaf in domain or []:
            if isinstance(leaf, (list, tuple)) and isinstance(leaf[0], str) and \
                    leaf[0].split(".")[0] == active:
                return list(domain)
        return [(active, "=", True)] + list(domain or [])

    def _where_calc(self, domain, active_test: bool = True) -> Query:
        if isinstance(domain, str):
            raise domains.DomainError(f"Domains must be lists, not strings: {domain!r}")
        query = Query(self.env, self._table_sql, self._table)
        if active_test:
            domain = self._active_domain(domain)
        if domain:
            query.add_where(domains.domain_to_sql(self, domain, self._table, query))
        return query

    def _order_to_sql(self, order: str, query: Query, alias: str | None = None,
                      reverse: bool = False, seen: frozenset = frozenset()) -> SQL:
        alias = alias or query.alias
        terms: list[SQL] = []
        for term in (order or "").split(","):
            if not term.strip():
                continue
            match = _ORDER_TERM.match(term)
            if not match:
                raise exceptions.UserError(
                    f'Invalid "order" specified ({order}). A valid "order" specification is a '
                    f'comma-separated list of valid field names (optionally followed by asc/desc '
                    f'for the direction)')
            fname, _sub, direction, nulls = match.groups()
            field = self._fields.get(fname)
            if field is None:
                raise ValueError(f"Invalid field {fname!r} on model {self._name!r}")
            desc = (direction or "asc").lower() == "desc"
            if reverse:
                desc = not desc
            nulls_sql = f" NULLS {nulls.upper()}" if nulls else ""
            if field.type == "many2one" and field.store and field.column and \
                    (self._name, fname) not in seen and field.comodel_name:
                comodel = self.env[field.comodel_name]
                if nulls:           # placed by a term of its own; the comodel order follows
                    terms.append(SQL(f"%s IS {'NOT NULL' if nulls.lower() == 'first' else 'NULL'}",
                                     SQL.identifier(alias, fname)))
                join_alias = query.make_alias(alias, fname)
                query.add_join("LEFT JOIN", join_alias, comodel._table_sql, SQL(
                    "%s = %s", SQL.identifier(alias, fname), SQL.identifier(join_alias, "id")))
                terms.append(comodel._order_to_sql(comodel._order, query, join_alias, desc,
                                                   seen | {(self._name, fname)}))
                continue
            if field.inherited:
                link = field.related.split(".")[0]
                parent = self.env[self._fields[link].comodel_name]
                join_alias = query.make_alias(alias, link)
                query.add_join("LEFT JOIN", join_alias, parent._table_sql, SQL(
                    "%s = %s", SQL.identifier(alias, link), SQL.identifier(join_alias, "id")))
                terms.append(parent._order_to_sql(f"{fname} {'desc' if desc else 'asc'}"
                                                  f"{' nulls ' + nulls if nulls else ''}",
                                                  query, join_alias, False, seen))
                continue
            if not (field.store and field.column):
                if fname == "display_name" and self._rec_name and self._rec_name != "display_name":
                    terms.append(self._order_to_sql(self._rec_name + (" desc" if desc else ""),
                                                    query, alias, False, seen))
                    continue
                raise ValueError(f'Invalid "order" specified ({order!r}): field {fname!r} of '
                                 f'{self._name} is not stored, it cannot be sorted on')
            column = self._field_to_sql(alias, fname, query)
            terms.append(SQL(f"%s {'DESC' if desc else 'ASC'}{nulls_sql}", column))
        return SQL.join(", ", terms)

    @api.model
    def _search(self, domain, offset: int = 0, limit: int | None = None, order: str | None = None,
                *, flush: bool = True, **kwargs) -> Query:
        """The query selecting the ids matching ``domain`` (not executed).

        ``flush=False`` is for internal look-ups on columns that are always written at once.
        """
        if flush:
            self.env.flush_all()
        if self._abstract:
            raise exceptions.UserError(f"{self._name} is an abstract model; it has no records to search")
        self.browse().check_access_rights("read")
        query = self._where_calc(domain, self.env.context.get("active_test", True))
        self._apply_ir_rules(query, "read")
        if order is not False:
            query.order = self._order_to_sql(order or self._order, query) or None
            if query.order is not None and not query.order.code:
                query.order = None
        query.limit = limit or None
        query.offset = offset or None
        return query

    def _apply_ir_rules(self, query: Query, mode: str = "read") -> None:
        """Restrict ``query`` to the records the user's record rules give for ``mode``
        (nothing for the superuser), as ``_search`` does; addons building their own SQL
        from ``_where_calc`` call it."""
        if "ir.rule" in self.env and not self.env.su:
            rule = self.env["ir.rule"]._compute_domain(self._name, mode)
            if rule:
                query.add_where(self._rule_to_sql(rule, query) if mode == "read" else
                                domains.domain_to_sql(self.sudo(), rule, query.alias, query))

    def _flush_for_fetch(self, domain) -> bool:
        """Before reading an x2many's lines (``domain`` on this comodel, in ``_order``):
        bring up to date only the columns that query reads, as Odoo does, and say so; False
        (nothing done: flush everything) when the query reads more than plain columns of
        this model (a path, a record rule, an order on something else).

        Flushing everything there would compute, and cache, values that the changes still
        under way (an inverse writing the lines, say) are about to make stale."""
        if not self.env.su and "ir.rule" in self.env and \
                self.env["ir.rule"]._compute_domain(self._name, "read"):
            return False
        names = [leaf[0] for leaf in domain if isinstance(leaf, (list, tuple))]
        names += [term.split()[0] for term in (self._order or "").split(",") if term.strip()]
        fields = []
        for name in names:
            field = self._fields.get(name) if isinstance(name, str) else None
            if field is not None and field.inherited:
                # a parent's column through _inherits: the parent's field, and the link
                parent_field = field.inherited_field
                link = self._fields.get(self._inherits.get(getattr(parent_field, "model_name", None), ""))
                fields.append(link)
                field = parent_field
            if field is None or not field.store:
                return False
            fields.append(field)
        self.env.transaction.flush_fields([f for f in fields if f is not None])
        return True

    def _flush_search(self, domain, fields=None, order=None, seen=None) -> None:
        """Write what the cache holds before a search in SQL (every pending change)."""
        self.env.flush_all()

    def _rule_to_sql(self, rule: list, query: Query):
        """The SQL of the record rules' domain ``rule`` on ``query``.

        Remembered beside the rule domain itself (same process-wide cache and invalidation)
        when it needs no join; a rule through many2one paths is converted on each query.
        """
        env = self.env
        key = ("rule_sql", env.uid, self._name, tuple(env.context.get("allowed_company_ids") or ()),
               env.lang, query.alias, repr(rule))

        def convert():
            scratch = Query(env, self._table_sql, query.alias)
            code = domains.domain_to_sql(self.sudo(), self._resolve_hierarchies(rule), scratch.alias,
                                         scratch)
            return None if scratch.joins or scratch.where else code

        code = env.registry.cached(env.transaction, key, convert)
        return code if code is not None else domains.domain_to_sql(self.sudo(), rule, query.alias, query)

    def _resolve_hierarchies(self, domain: list) -> list:
        """``domain`` with its child_of/parent_of leaves on signaled hierarchies (companies)
        turned into ``in`` their ids: a plain IN is far cheaper to plan than the recursive
        walk, and the ids stay valid as long as the cached SQL that embeds them."""
        resolved = []
        for leaf in domain:
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[1] in ("child_of", "parent_of"):
                path, operator, value = leaf
                field = self._fields.get(path) if isinstance(path, str) else None
                ids = value if isinstance(value, (list, tuple)) else [value]
                if field is not None and (path == "id" or field.type == "many2one") and \
                        all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
                    comodel = self if path == "id" else self.env[field.comodel_name]
                    if type(comodel)._hierarchy_cache_signaled:
                        leaf = (path, "in", list(comodel._hierarchy_ids_remembered(list(ids), operator)))
            resolved.append(leaf)
        return resolved

    # -- public reading API --------------------------------------------------------------------

    @api.model
    @api.returns("self")
    def search(self, domain, offset: int = 0, limit: int | None = None, order: str | None = None):
        ids = self._search(domain, offset, limit, order).get_result_ids()
        return self.browse(ids)

    @api.model
    def search_count(self, domain, limit: int | None = None) -> int:
        query = self._search(domain, limit=limit, order=False)
        if limit:
            sql = SQL("SELECT COUNT(*) FROM %s", SQL("(%s) AS sub", query.select()))
        else:
            sql = query.select(SQL("COUNT(*)"))
        self.env.cr.execute(sql)
        return self.env.cr.fetchone()[0]

    @api.model
    @api.returns("self")
    def search_fetch(self, domain, field_names, offset: int = 0, limit: int | None = None,
                     order: str | None = None):
        """``search`` and load ``field_names`` for the result (Odoo 17): the column fields
        come with the ids, in the same query."""
        names = self._read_field_names(field_names or ["id"])  # wrong names fail even when nothing matches
        query = self._search(domain, offset, limit, order)
        if query.is_empty:
            return self.browse()
        fields = binary_attachments.content_fields(self.env, [self._fields[n] for n in names])
        return self._fetch_query(query, [f for f in fields if f.store])

    def fetch(self, field_names=None) -> None:
        """Load these fields for these records into the cache, in as few queries as possible."""
        if not self._ids:
            return
        # explicit names are checked (unknown or forbidden fields raise); None means all visible
        names = self._read_field_names(field_names) if field_names is None or field_names else []
        fields = [self._fields[n] for n in names]
        # (an attachment read as its size, with bin_size, is not fetched: read() reads sizes)
        stored = [f for f in binary_attachments.content_fields(self.env, fields)
                  if f.store and (f.column or f.type in ("one2many", "many2many")
                                  or binary_attachments.in_attachment(f))]
        cache = self.env.transaction.cache
        ids = tuple(i for i in self._ids if isinstance(i, int))
        wanted = set(ids)
        stored = [f for f in stored if not wanted <= cache[f].keys()]
        if stored and ids:
            self._fetch_fields(ids, stored, required=ids)
        elif ids and not self.env.su:
            # all in the cache already: the user's rights and rules still apply, as in Odoo
            self.check_access_rights("read")
            self.browse(ids).check_access_rule("read")

    @api.model
    def search_read(self, domain=None, fields=None, offset: int = 0, limit: int | None = None,
                    order: str | None = None, **read_kwargs) -> list[dict]:
        if fields:
            self.check_field_access_rights("read", list(fields))
        names = self._read_field_names(fields)
        records = self.search_fetch(domain or [], names, offset, limit, order)
        if not records:
            return []
        # the search applied the record rules and loaded the columns: read what it found
        return records._read_checked(names, **read_kwargs, _fetched=True)

    def read(self, fields=None, load: str = "_classic_read") -> list[dict]:
        """Values of ``fields`` (all when empty) as dicts, in ``read()``'s wire format."""
        self.check_access_rights("read")
        if fields:
            self.check_field_access_rights("read", list(fields))
        names = self._read_field_names(fields)
        self.fetch(names)
        # an id deleted meanwhile reads as nothing, as in Odoo, rather than failing the rules
        records = self.exists() if self._ids else self
        records.check_access_rule("read")
        return records._read_checked(names, load, _fetched=True)

    def _read_checked(self, fields=None, load: str = "_classic_read", _fetched: bool = False) -> list[dict]:
        """``read()`` once access rights and rules have been checked for these records.

        ``_fetched``: the records come from ``search_fetch`` with ``fields`` (checked names):
        they exist and their columns are in the cache.
        """
        if _fetched:
            names, records = fields, self
        else:
            names = self._read_field_names(fields)
            self.fetch(names)
            records = self.exists() if len(self._ids) else self
        use_name = load == "_classic_read"
        names = ["id"] + [name for name in names if name != "id"]
        columns = [records._ids] + [self._fields[name].read_values(records, use_name)
                                    for name in names[1:]]
        return [dict(zip(names, values)) for values in zip(*columns)]

    def _read_field_names(self, fields) -> list[str]:
        if not fields:
            return [name for name, f in self._fields.items()
                    if self._field_visible(f)]
        names = []
        for name in fields:
            if name not in self._fields:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
            if not self._field_visible(self._fields[name]):
                raise exceptions.AccessError(
                    f"You may not read the field {name!r} of {self._description} ({self._name}): "
                    f"it is reserved to the groups {self._fields[name].groups}.")
            names.append(name)
        return names

    def _field_visible(self, field) -> bool:
        """Whether the user may read ``field`` (its ``groups``), remembered for the
        transaction: every fetch asks it of each prefetched field."""
        if not field.groups or self.env.su:
            return True
        memo = self.env.transaction.memo
        key = ("field_groups", self.env.uid, field.groups)
        if key not in memo:
            memo[key] = self.user_has_groups(field.groups)
        return memo[key]

    @api.returns("self")
    def exists(self):
        """The records of ``self`` that are still in the database."""
        ids = [i for i in self._ids if isinstance(i, int)]
        if not ids or self._abstract:           # an abstract model has no table: no record exists
            return self._browse(self.env, tuple(i for i in self._ids if not isinstance(i, int)),
                                self._prefetch_ids)
        cache = self.env.transaction.cache[self._fields["id"]]
        missing = [i for i in ids if i not in cache]
        if missing:
            self.env.cr.execute(SQL("SELECT id FROM %s AS t WHERE id IN %s",
                                    self._table_sql, tuple(missing)))
            for (record_id,) in self.env.cr.fetchall():
                cache[record_id] = record_id
        return self._browse(self.env, tuple(i for i in self._ids if i in cache or not isinstance(i, int)),
                            self._prefetch_ids)

    # -- names ---------------------------------------------------------------------------------

    @api.depends(lambda self: (self._rec_name,) if self._rec_name else ())
    def _compute_display_name(self) -> None:
        rec_name = self._rec_name
        field = self._fields.get(rec_name) if rec_name else None
        for record in self:
            if field is None or rec_name == "display_name":
                record.display_name = f"{record._name},{record.id}"
                continue
            value = record[rec_name]
            if field.type == "many2one":
                value = value.display_name
            record.display_name = value if value not in (False, None) else \
                (f"{record._name},{record.id}" if field.type not in ("char", "text") else False)

    def _search_display_name(self, operator, value) -> list:
        names = self._rec_names_search or ([self._rec_name] if self._rec_name else [])
        if not names:
            return [("id", operator, value)] if operator in ("=", "in") and not isinstance(value, str) \
                else domains.FALSE_DOMAIN
        if operator in domains.NEGATIVE_OPERATORS:
            positive = {"!=": "=", "not like": "like", "not ilike": "ilike", "not in": "in"}[operator]
            return ["!"] + self._search_display_name(positive, value)
        leaves = [(name, operator, value) for name in names]
        return ["|"] * (len(leaves) - 1) + leaves

    def name_get(self) -> list[tuple]:
        """[≤16] pairs ``(id, display_name)``; kept because older clients still call it."""
        return [(record.id, record.display_name) for record in self]

    @api.model
    def name_search(self, name: str = "", args=None, operator: str = "ilike",
                    limit: int | None = 100) -> list[tuple]:
        ids = self._name_search(name, args, operator, limit=limit)
        records = self.browse(ids)
        return [(record.id, record.display_name) for record in records.sudo()]

    @api.model
    def _name_search(self, name: str = "", domain=None, operator: str = "ilike",
                     limit: int | None = 100, order: str | None = None):
        domain = list(domain or [])
        if name or operator not in ("ilike", "like", "=like", "=ilike"):
            domain = domains.AND_([domain, [("display_name", operator, name)]])
        return self._search(domain, limit=limit, order=order)

    @api.model
    def name_create(self, name: str) -> tuple | bool:
        if not self._rec_name:
            raise exceptions.UserError(f"Cannot create a {self._description} from a name: "
                                       f"the model has no name field")
        record = self.create({self._rec_name: name})
        return (record.id, record.display_name)

    # -- hierarchy -----------------------------------------------------------------------------

    @api.model
    def _hierarchy_ids(self, ids: list[int], operator: str) -> list[int]:
        """Descendants (child_of) or ancestors (parent_of) of ``ids``, themselves included."""
        if not ids:
            return []
        self.env.cr.execute(self._hierarchy_query(ids, operator))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _hierarchy_ids_remembered(self, ids: list[int], operator: str) -> frozenset:
        """``_hierarchy_ids``, remembered process-wide on trees whose changes are signaled
        (``_hierarchy_cache_signaled``); looked up each time on the others."""
        if not type(self)._hierarchy_cache_signaled:
            return frozenset(self._hierarchy_ids(ids, operator))
        key = ("hierarchy", self._name, operator, tuple(sorted(ids)))
        return self.env.registry.cached(self.env.transaction, key,
                                        lambda: frozenset(self._hierarchy_ids(ids, operator)))

    @api.model
    def _hierarchy_query(self, ids: list[int], operator: str) -> SQL:
        """The SELECT of what ``_hierarchy_ids`` returns, to embed in a larger query."""
        parent = self._parent_name
        if parent not in self._fields:
            raise ValueError(f"{self._name} has no field {parent!r}: child_of/parent_of need a hierarchy")
        table, column = SQL.identifier(self._table), SQL.identifier(parent)
        if operator == "child_of":
            sql = SQL("WITH RECURSIVE tree(id) AS (SELECT id FROM %s WHERE id IN %s "
                      "UNION SELECT t.id FROM %s t JOIN tree ON t.%s = tree.id) SELECT id FROM tree",
                      table, tuple(ids), table, column)
        else:
            sql = SQL("WITH RECURSIVE tree(id, parent) AS (SELECT id, %s FROM %s WHERE id IN %s "
                      "UNION SELECT t.id, t.%s FROM %s t JOIN tree ON t.id = tree.parent) "
                      "SELECT id FROM tree", column, table, tuple(ids), column, table)
        return sql

    # -- metadata ------------------------------------------------------------------------------

    @api.model
    def fields_get(self, allfields=None, attributes=None) -> dict:
        result = {}
        for name, field in self._fields.items():
            if allfields and name not in allfields:
                continue
            if not self._field_visible(field):
                continue
            desc = field.get_description(self.env)
            if attributes:
                desc = {key: value for key, value in desc.items() if key in attributes}
            result[name] = desc
        return result

    @api.model
    def default_get(self, fields_list) -> dict:
        """Defaults for a new record: context ``default_<name>``, then the user-defined
        defaults (``ir.default``), then field defaults; a field inherited through
        ``_inherits`` without any takes those of its parent model."""
        result = {}
        context = self.env.context
        ir_defaults = self._ir_defaults()
        for name in fields_list:
            field = self._fields.get(name)
            if field is None:
                continue
            key = f"default_{name}"
            if key in context:
                value = context[key]
            elif name in ir_defaults and (value := _ir_default_value(field, ir_defaults[name], self)) is not None:
                pass
            elif field.default is not None:
                value = field.default_value(self)
            elif field.inherited:
                parent_field = field.inherited_field
                parent = self.env[parent_field.model_name]
                parent_defaults = parent._ir_defaults()
                if parent_field.name in parent_defaults and (value := _ir_default_value(
                        parent_field, parent_defaults[parent_field.name], parent)) is not None:
                    pass
                elif parent_field.default is not None:
                    value = parent_field.default_value(parent)
                else:
                    continue
            else:
                continue
            result[name] = _default_to_write(field, value, self)
        return result

    @api.model
    def _ir_defaults(self) -> dict:
        """The user-defined defaults (``ir.default``) of this model for the current user and
        company: ``{field name: JSON value}`` (no query for a model that has none)."""
        if "ir.default" not in self.env.registry.models:
            return {}
        return self.env["ir.default"]._get_model_defaults(self._name)


def _ir_default_value(field, value, model):
    """A user-defined default (decoded JSON) as a default value of ``field``, or ``None``
    when it cannot be one any more: a many2one to a record since deleted, a value the field
    no longer accepts (a removed selection option...)."""
    try:
        if field.type == "many2one":
            if not value:
                return False
            if not isinstance(value, int):
                return None
            return value if model.env[field.comodel_name].browse(value).exists() else None
        field.convert_to_cache(value, model)
    except Exception:   # a stale default is skipped, as a missing one
        return None
    return value


def _default_to_write(field, value, model):
    """A default in the form ``write()`` takes and the wire carries: never ``None`` (empty is
    ``False``), a many2one as its id, an x2many as commands (``[(6, 0, ids)]`` for records
    or ids; commands given by the default are kept, and a dict of values is a line to
    create, as Odoo takes it: ``[{'role_id': 1}, ...]``)."""
    if field.type in ("one2many", "many2many") and isinstance(value, (list, tuple)) and value \
            and all(isinstance(item, (list, tuple, dict)) for item in value):
        return [[Command.CREATE, 0, dict(item)] if isinstance(item, dict) else list(item) for item in value]
    return field.convert_to_write(value, model)


def _x2many_comodel(env, field):
    """The comodel an x2many is read with: archived records included, since the cache is
    shared by every context; ``convert_to_record`` hides them when ``active_test`` is on."""
    context = field.context if isinstance(field.context, dict) else {}
    return env[field.comodel_name].with_context(**{"active_test": False, **context})


def _plain_many2one(field) -> bool:
    """A many2one whose cache value is an id or None and whose record value is that id
    browsed (the conversions of ``Many2one`` itself)."""
    kind = type(field)
    return field.type == "many2one" and kind.convert_to_cache is Many2one.convert_to_cache and \
        kind.convert_to_record is Many2one.convert_to_record and kind.cache_converter is Many2one.cache_converter


def convert_distinct(field, records, finals: list) -> list:
    """``field.convert_to_cache`` of each of ``finals`` (record values of ``records``), each
    distinct object converted once (``_related_values`` shares them)."""
    convert = field.cache_converter(records)
    done: dict = {}
    result = []
    for final in finals:
        key = id(final)
        if key not in done:
            done[key] = convert(final)
        result.append(done[key])
    return result
