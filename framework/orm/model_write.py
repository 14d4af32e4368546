"""Writing side of the recordset API: create, write, unlink, copy, archiving, parent_path.

Column values are written to the database immediately, batched per call; stored computed
fields are queued (``Transaction.tocompute``) and written at the next flush. What a change
invalidates is decided in ``model_triggers`` (``modified``); ``model_constraints`` checks
the result (``_validate_fields``).
"""
from __future__ import annotations

import functools
from collections import defaultdict, deque
from operator import itemgetter

import psycopg

from .. import exceptions
from ..db.cursor import TRANSACTION_NOW
from ..tools.misc import split_every
from ..tools.sql import SQL, int_array
from . import api, binary_attachments
from .commands import Command
from .create_plans import MAGIC_WRITE, CreateGroups, column_param, column_param_function
from .fields import Datetime
from .model_read import ReadMixin, convert_distinct
from .monetary import round_created_rows
from .new_records import cache_new_values, new_record

INSERT_BATCH = 1000
COPY_ROWS = 100          # rows created at once from which COPY beats a multi-row INSERT
FEW_ROWS = 8            # computed values of up to this many rows: one queued UPDATE per row


class WriteMixin:
    __slots__ = ()

    # -- create --------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Create records from a dict or a list of dicts; one INSERT per batch of rows."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        if not vals_list:
            return self.browse()
        if self._abstract:
            raise exceptions.UserError(f"{self._name} is an abstract model; records cannot be created")
        self.check_access_rights("create")
        self._check_table_writable()
        given = set().union(*(vals for vals in vals_list if isinstance(vals, dict)))
        self.check_field_access_rights("create", sorted(n for n in given if n in self._fields))
        defaultable = self._defaultable_fields()
        missing_by_names: dict = {}     # the rows of one shape miss the same defaults
        vals_list = [self._add_missing_default_values(vals, defaultable, missing_by_names)
                     for vals in vals_list]
        if self._inherits:
            vals_list = [self._create_parents(vals) for vals in vals_list]
        records = self._create(vals_list)
        records.check_access_rule("create")
        if self._check_company_auto:
            records._check_company()
        return records

    def _check_table_writable(self) -> None:
        """A model read from ``_table_query`` has no table of its own: its rows cannot be
        inserted, changed or deleted. Odoo 17 has no check of its own for this: it sends the
        statement to its table name, which no relation has, and PostgreSQL refuses it with
        ``relation "<table>" does not exist`` (after the access rights, which usually refuse
        a user first). The same error is raised here before any statement, so the
        transaction is not aborted and a write queued for the next flush cannot fail there."""
        if self._table_query:
            raise psycopg.errors.UndefinedTable(
                f'relation "{self._table}" does not exist: {self._name} is read from a query '
                f"(_table_query); change the records it is computed from instead")

    def _defaultable_fields(self) -> list[str]:
        """Fields that get a value when create() is not given one (defaults, context defaults).
        A model overriding ``default_get`` (a wizard filling its lines from ``active_ids``) is
        asked for every field, as Odoo asks it."""
        if _overrides_default_get(type(self)):
            return [name for name in self._fields if name not in MAGIC_WRITE]
        context = self.env.context
        ir_defaults = self._ir_defaults()
        parents_defaults = {parent: self.env[parent]._ir_defaults() for parent in self._inherits}
        return [name for name, field in self._fields.items()
                if name not in MAGIC_WRITE and
                ((field.default is not None and not field.default_is_property) or
                 f"default_{name}" in context or name in ir_defaults or
                 (field.inherited and (field.inherited_field.default is not None or
                                       _parent_has_ir_default(field, parents_defaults))))]

    def _add_missing_default_values(self, vals: dict, defaultable: list[str] | None = None,
                                    memo: dict | None = None) -> dict:
        """``vals`` with the defaults of the fields it does not give. ``memo``: the missing
        names by the names given, shared by the rows of one create (their defaults are still
        asked row by row: a default may differ from one row to the next)."""
        if not isinstance(vals, dict):
            raise TypeError(f"{self._name}.create() expects dicts of values, got {type(vals).__name__}")
        names = tuple(vals)
        missing = memo.get(names) if memo is not None else None
        if missing is None:
            self._check_field_names(vals)
            if defaultable is None:
                defaultable = self._defaultable_fields()
            # a parent record given through _inherits keeps its own values: the defaults of
            # its fields are not written over it (as in Odoo)
            kept = self._kept_parent_models(vals)
            missing = [name for name in defaultable if name not in vals
                       and not (kept and _inherited_from(self._fields[name], kept))]
            if memo is not None:
                memo[names] = missing
        if missing:
            defaults = self.default_get(missing)
            vals = {**defaults, **vals}
        return vals

    def _kept_parent_models(self, vals: dict) -> set[str]:
        """The ``_inherits`` parent models whose record ``vals`` gives (its link field), also
        through a parent created here (grand-parents given to it)."""
        kept: set[str] = set()
        for parent_name, link in self._inherits.items():
            if link in vals:
                kept.add(parent_name)
            else:
                kept |= self.env[parent_name]._kept_parent_models(vals)
        return kept

    def _create_parents(self, vals: dict) -> dict:
        """``_inherits``: create (or update) the parent records first."""
        for parent_name, link in self._inherits.items():
            parent_vals = {name: vals.pop(name) for name in list(vals)
                           if self._fields[name].inherited and
                           self._fields[name].related.split(".")[0] == link}
            if vals.get(link):
                if parent_vals:
                    self.env[parent_name].browse(vals[link]).write(parent_vals)
            else:
                vals[link] = self.env[parent_name].create(parent_vals).id
        return vals

    def _create(self, vals_list: list[dict]):
        env, transaction = self.env, self.env.transaction
        groups = self._create_groups()
        fields = self._fields
        # each shape of values (the names given) is planned once; each field given gets one
        # converter for all the rows
        shapes = [groups.shape(tuple(vals)) for vals in vals_list]
        distinct = set(shapes)
        converters = {name: fields[name].cache_converter(self)
                      for name in {n for shape in distinct for n in shape.columns}}
        rows, others = [], []
        for vals, shape in zip(vals_list, shapes):
            rows.append({name: converters[name](vals[name]) for name in shape.columns})
            others.append({name: vals[name] for name in shape.others} if shape.others else {})
        if self._log_access:
            uid = env.uid
            for row in rows:
                row["create_uid"] = row["write_uid"] = uid
        self._precompute(rows)
        if groups.monetary:
            round_created_rows(self, groups.monetary, rows, others)
        self._check_required(rows)
        if self._log_access:
            # one row goes through execute: SQL now() spares asking the time first (not a
            # row queued under a reserved id: asking the time would send it on its own)
            now = env.cr.now_or_sql() if len(rows) == 1 and not self._reserved_ids_for(1) else env.cr.now()
            for row in rows:
                row["create_date"] = row["write_date"] = now
        row_shapes: dict[tuple, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            row_shapes[tuple(row)].append(index)
        ids = self._insert_rows(rows, row_shapes)
        if self._log_access and now is TRANSACTION_NOW:
            now = env.cr.now()
            for row in rows:
                row["create_date"] = row["write_date"] = now
        records = self.browse(ids)
        # the cache gets what was written: no need to read it back; the plain columns not
        # given are NULL (the tables have no column defaults), as Odoo puts it in its cache
        cache = transaction.cache
        row_names = [()] * len(rows)
        for names, indexes in row_shapes.items():
            group_ids = [ids[i] for i in indexes]
            group_rows = [rows[i] for i in indexes]
            for name in names:
                cache[fields[name]].update(zip(group_ids, [row[name] for row in group_rows]))
            for field, null in groups.nulls(names):
                cache[field].update(dict.fromkeys(group_ids, null))
            for i in indexes:
                row_names[i] = names
        cache[fields["id"]].update(zip(ids, ids))
        written = set().union(*row_shapes, *(shape.others for shape in distinct))
        # editable computed fields given are kept: what follows must not recompute them
        given: dict = {}
        for shape, names in zip(shapes, row_names):
            key = (shape, names)
            if key not in given:
                given[key] = shape.names.union(names)
        with transaction.protecting_each(self._protected_by_values(
                ids, [given[key] for key in zip(shapes, row_names)]) +
                self._related_given_as_computed(records, rows)):
            # the stored computes not given are due before the lines are made: a line's
            # create that reads one (an order's till, say) computes it rather than reading
            # the NULL column of the row just inserted
            for field in groups.stored_computes:
                if field.name not in written:
                    transaction.mark_to_compute(field, ids)
            # x2many fields and non-column fields (inverse computes, related writes); one2many
            # lines given only as CREATE commands by every record are created in one go for
            # all of them, and many2many links given as ids in one INSERT per relation
            lines = self._created_lines(ids, others, shapes)
            links = self._created_many2many_links(ids, others, shapes)
            for shape in distinct:
                # nothing points at a new record yet: the lines created below, if any, are
                # added by their own create (see _add_to_one2many_caches)
                empty = [*shape.missing_x2many, *(field for field in lines if field.name in shape.x2many)]
                if empty:
                    shape_ids = [record_id for record_id, s in zip(ids, shapes) if s is shape]
                    for field in empty:
                        cache[field].update(dict.fromkeys(shape_ids, ()))
            for record_id, other, shape in zip(ids, others, shapes):
                if not shape.x2many:
                    continue
                x2many = {n: other[n] for n in shape.x2many
                          if fields[n] not in lines and fields[n] not in links}
                if x2many:
                    records.browse(record_id)._write_x2many(x2many, created=True)
            for field, pairs in links.items():
                self._insert_many2many_links(field, pairs)
                transaction.invalidate([field], ids)
            for field, line_vals in lines.items():
                self.env[field.comodel_name].with_context(**_field_context(field)).create(line_vals)
            if groups.attachments:
                binary_attachments.created_without(self, ids, groups.attachments)
                if any(shape.attachments for shape in distinct):
                    self._create_attachments(ids, others, shapes)
            self._create_inverses(records, others, shapes)
            if self._parent_store:
                records._parent_store_create()
            self._add_to_one2many_caches(
                ids, rows, [name for name in written if fields[name].type == "many2one"])
            records.modified([f for f in written if f in fields], create=True)
        records._validate_fields(written)
        return records

    def _created_lines(self, ids, others: list[dict], shapes: list) -> dict:
        """``{one2many field: [line values]}`` of the stored one2many fields that every
        record giving them gives as CREATE commands only (the lines are then created in one
        call for all the records); other commands go through ``_write_x2many``."""
        lines: dict = defaultdict(list)
        refused: set = set()
        for record_id, other, shape in zip(ids, others, shapes):
            for field in shape.one2many:
                if field in refused:
                    continue
                commands = other[field.name]
                if not _only_creates(commands):
                    refused.add(field)
                    lines.pop(field, None)
                    continue
                inverse = field.inverse_name
                lines[field].extend({**(command[2] or {}), inverse: record_id} for command in commands)
        return lines

    def _created_many2many_links(self, ids, others: list[dict], shapes: list) -> dict:
        """``{field: [(record id, target id), ...]}`` of the stored many2many values given to
        the records just created as ids only (a SET, LINKs, or a list of ids); other
        commands (CREATE, UPDATE...) go through ``_write_x2many`` record by record."""
        links: dict = {}
        refused: set = set()
        for record_id, other, shape in zip(ids, others, shapes):
            for name in shape.x2many:
                field, value = self._fields[name], other[name]
                if field.type != "many2many" or field in refused:
                    continue
                targets = _linked_ids(value)
                if targets is None:
                    refused.add(field)
                    links.pop(field, None)
                    continue
                links.setdefault(field, []).extend((record_id, target) for target in targets)
        return links

    def _insert_many2many_links(self, field, pairs: list[tuple]) -> None:
        """The links of new records, one INSERT (sent with the next round trip)."""
        self._invalidate_relation_mirrors(field)
        if not pairs:
            return
        pairs = list(dict.fromkeys(pairs))
        # two arrays, whatever the number of links: one short statement text to bind (the
        # ids are ints, given as array literals: adapted at once)
        self.env.cr.queue(SQL("INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int4[], %s::int4[]) "
                              "ON CONFLICT DO NOTHING", SQL.identifier(field.relation),
                              SQL.identifier(field.column1), SQL.identifier(field.column2),
                              int_array(left for left, _right in pairs), int_array(right for _left, right in pairs)))

    def _protected_by_values(self, ids, vals_list: list[dict], write: bool = False) -> list[tuple]:
        """``(fields, ids)`` pairs that the given values protect from recomputation (Odoo's rule):
        at create, editable or precomputed computed fields given; at write, editable computed
        fields and fields with an inverse (not a non-stored x2many). With each one, the fields
        its method computes too."""
        pairs: dict = defaultdict(list)
        by_names: dict = {}         # records given the same fields protect the same ones
        for record_id, vals in zip(ids, vals_list):
            names = frozenset(vals)
            protected = by_names.get(names)
            if protected is None:
                protected = by_names[names] = self._protected_fields(names, write)
            if protected:
                pairs[protected].append(record_id)
        return list(pairs.items())

    def _related_given_as_computed(self, records, rows: list[dict]) -> list[tuple]:
        """``(fields, ids)`` pairs of the stored read-only related fields given at create with
        the very value their path gives (a caller that knows it, as the POS gives its lines'
        company): recomputing them would write the same value again, so they are kept. A value
        that differs is recomputed, as Odoo does (such a field has no inverse)."""
        related = [f for f in self._create_groups().stored_computes
                   if f.related and f.readonly and f.column and any(f.name in row for row in rows)]
        if not related:
            return []
        kept: dict = defaultdict(set)
        sudo = records.sudo()
        for field in related:
            given = [(record_id, row[field.name]) for record_id, row in zip(records._ids, rows)
                     if field.name in row]
            targets = sudo.browse([record_id for record_id, _value in given])
            actual = targets._related_many2one_ids(field)
            if actual is None:
                actual = convert_distinct(field, sudo, targets._related_values(field))
            for (record_id, value), found in zip(given, actual):
                if found == value:
                    kept[record_id].add(field)
        pairs: dict = defaultdict(list)
        for record_id in records._ids:
            if kept.get(record_id):
                pairs[frozenset(kept[record_id])].append(record_id)
        return list(pairs.items())

    def _protected_fields(self, names, write: bool) -> frozenset:
        """The fields that values given for ``names`` protect (see ``_protected_by_values``),
        worked out once per model class and set of names (the same few at every create)."""
        memo = self._class_memo("protected_fields")
        key = (frozenset(names), write)
        found = memo.get(key)
        if found is None:
            if len(memo) >= 1024:
                memo.clear()
            found = memo[key] = self._find_protected_fields(names, write)
        return found

    def _find_protected_fields(self, names, write: bool) -> frozenset:
        protected: set = set()
        for name in names:
            field = self._fields.get(name)
            if field is None:
                continue
            if write:
                if not (field.inverse or (field.compute and not field.readonly)) or \
                        (not field.store and field.type in ("one2many", "many2many")):
                    continue
            elif not (field.compute and (not field.readonly or field.precompute)):
                continue
            protected.update(self._computed_with(field))
        return frozenset(protected)

    def _create_groups(self) -> CreateGroups:
        """The model's fields as create() walks them, worked out once per model class."""
        memo = self._class_memo("create_groups")
        found = memo.get(None)
        if found is None:
            found = memo[None] = CreateGroups(type(self)._fields)
        return found

    def _invalidate_one2many_inverses(self, fnames) -> None:
        """Many2one values changed: the cached one2many fields that mirror them are stale."""
        transaction = self.env.transaction
        for name in fnames:
            for field in self._one2many_mirrors(name):
                transaction.invalidate([field])

    def _one2many_mirrors(self, name: str) -> tuple:
        """The one2many fields of many2one ``name``'s comodel whose inverse it is, in the
        comodel's field order: worked out once per model class and field (a create looks
        for them at every call, among the hundreds of fields of a company or a partner)."""
        memo = self._class_memo("one2many_mirrors")
        comodel = self.env[self._fields[name].comodel_name]
        found = memo.get(name)
        # a registry set up again gives the comodel a new field dict; a field added, a longer one
        if found is None or found[0] is not comodel._fields or found[1] != len(comodel._fields):
            mirrors = tuple(field for field in comodel._fields.values()
                            if field.type == "one2many" and field.inverse_name == name and
                            field.comodel_name == self._name)
            found = memo[name] = (comodel._fields, len(comodel._fields), mirrors)
        return found[2]

    def _add_to_one2many_caches(self, ids, rows: list[dict], fnames) -> None:
        """Records just created point at parents through the many2ones ``fnames``: each
        parent's cached one2many mirroring one gets the new ids where the order puts them
        (see ``_ordered_with``); when the cache cannot tell, that parent's value is dropped.
        The other parents' values stay as they are."""
        transaction = self.env.transaction
        for name in fnames:
            for field in self._one2many_mirrors(name):
                if field.context_keys or transaction.context_cache.get(field) or \
                        field.get_domain_list(self):
                    transaction.invalidate([field])
                    continue
                values = transaction.cache.get(field)
                if not values:
                    continue
                added: dict = defaultdict(list)
                for record_id, row in zip(ids, rows):
                    if row.get(name) in values:
                        added[row[name]].append(record_id)
                for parent, new_ids in added.items():
                    merged = self._ordered_with(values[parent], new_ids)
                    if merged is None:
                        del values[parent]
                    else:
                        values[parent] = merged

    def _ordered_with(self, existing: tuple, new_ids: list) -> tuple | None:
        """``existing`` and ``new_ids`` (higher ids, just created) in the order of ``_order``,
        when the cache shows every term but a last ``id`` equal for all of them; else None."""
        terms = [term.split() for term in self._order.split(",") if term.strip()]
        if not terms or terms[-1][0] != "id" or len(terms[-1]) > 2 or \
                not all(isinstance(i, int) for i in existing) or \
                (existing and min(new_ids) <= max(existing)):
            return None
        every = (*existing, *new_ids)
        cache = self.env.transaction.cache
        for term in terms[:-1]:
            field = self._fields.get(term[0])
            if field is None or len(term) > 2 or not field.column or field.context_keys:
                return None
            values = cache.get(field, {})
            if any(i not in values for i in every):
                return None
            first = values[every[0]]
            if any(values[i] != first for i in every):
                return None
        descending = len(terms[-1]) == 2 and terms[-1][1].lower() == "desc"
        if descending:
            return (*sorted(new_ids, reverse=True), *existing)
        return (*existing, *sorted(new_ids))

    def _precompute(self, rows: list[dict]) -> None:
        """Compute required or ``precompute`` fields before INSERT (NOT NULL columns need them)."""
        fields = [f for f in self._create_groups().precomputed if any(f.name not in row for row in rows)]
        if not fields:
            return
        for row in rows:
            new = self.new(row)
            for field in fields:
                if field.name not in row:
                    row[field.name] = field.convert_to_cache(new[field.name], self)

    def _check_required(self, rows: list[dict]) -> None:
        """Refuse rows that leave a required field empty (0 fills a required number)."""
        for field in self._create_groups().required:
            name, number = field.name, field.type in _NEVER_EMPTY_TYPES
            computed = field.compute and field.store
            for row in rows:
                value = row.get(name)
                if (value is None or not number and (value is False or value == "")) and not (
                        computed and name not in row):
                    raise self._missing_required(field)

    def _missing_required(self, field) -> exceptions.ValidationError:
        """The error for an empty required field: the text Odoo gives when the database
        refuses the empty column (its NOT NULL constraint)."""
        return exceptions.ValidationError(
            "The operation cannot be completed:\n"
            "- Create/update: a mandatory field is not set.\n"
            "- Delete: another model requires the record being deleted. If possible, archive "
            f"it instead.\n\nModel: {self._description} ({self._name})\n"
            f"Field: {field.string} ({field.name})\n")

    def _insert_rows(self, rows: list[dict], row_shapes: dict | None = None) -> list[int]:
        """Insert ``rows`` (cache values by column name); their ids in order. ``row_shapes``:
        the row indexes by names (rows of one shape go in one statement per batch)."""
        cr = self.env.cr
        table = SQL.identifier(self._table)
        if row_shapes is None:
            row_shapes = defaultdict(list)
            for index, row in enumerate(rows):
                row_shapes[tuple(row)].append(index)
        reserved = self._take_reserved_ids(len(rows))
        if reserved is not None:
            self._insert_rows_with_ids(rows, row_shapes, reserved)
            return reserved
        result: dict[int, int] = {}
        for names, indexes in row_shapes.items():
            if names and len(indexes) >= COPY_ROWS and \
                    self._copy_rows(indexes, names, self._row_params(names, [rows[i] for i in indexes]), result):
                continue            # every row of the shape in one COPY: statements do not grow with rows
            for chunk in split_every(INSERT_BATCH, indexes):
                if not names:
                    sql = SQL("INSERT INTO %s DEFAULT VALUES RETURNING id", table)
                    for index in chunk:
                        cr.execute(sql)
                        result[index] = cr.fetchone()[0]
                    continue
                values = self._row_params(names, [rows[i] for i in chunk])
                params = [param for row in values for param in row]
                if len(chunk) == 1:     # in the round trip of BEGIN and what is queued
                    cr.execute(_insert_code(self._table, names, 1, placeholder="%s"), params)
                    returned = cr.fetchall()
                else:
                    returned = cr.execute_raw(_insert_code(self._table, names, len(chunk)), params)
                for index, (new_id,) in zip(chunk, returned):
                    result[index] = new_id
        return [result[i] for i in range(len(rows))]

    def _row_params(self, names: tuple, rows: list[dict]) -> list[list]:
        """The SQL parameters of ``rows`` (all with ``names``), one list per row: the cache
        values, converted only for the columns that need it (JSONB)."""
        functions = [(position, function) for position, function in enumerate(
            column_param_function(self._fields[name], self) for name in names) if function]
        if len(names) > 1:
            getter = itemgetter(*names)
            values = [list(getter(row)) for row in rows]
        else:
            values = [[row[name] for name in names] for row in rows]
        for position, function in functions:
            for row in values:
                value = row[position]
                row[position] = None if value is None else function(value)
        return values

    def _copy_rows(self, chunk: list[int], names: tuple, values: list[list], result: dict) -> bool:
        """Insert the rows of ``chunk`` (their parameters ``values``) with COPY, their ids
        taken from the table's sequence first; False (nothing done) when the table's id has
        no sequence."""
        cr = self.env.cr
        cr.execute(self._new_ids_query(len(chunk)))
        ids = [new_id for (new_id,) in cr.fetchall()]
        if ids[0] is None:
            return False
        cr.copy_rows(self._table, ["id", *names], ([new_id, *row] for new_id, row in zip(ids, values)))
        result.update(zip(chunk, ids))
        return True

    # -- ids drawn ahead: a create that needs no round trip of its own -------------------------
    #
    # A caller that reads before it creates (the POS sync's plan) may draw the ids of the rows
    # it is about to create in that read (``_new_ids_query``) and reserve them for the
    # transaction (``_reserve_ids``). The next create of the model with no more rows than are
    # reserved takes them, in order: it knows its ids without RETURNING, so its INSERTs are
    # queued (``cr.queue``: they travel with the next round trip, which is where they fail if
    # they fail) or, from COPY_ROWS rows of one shape, COPYed without asking the sequence
    # first. A create with more rows than are reserved ignores the reservation. Ids reserved
    # and never taken are gaps, as a rolled-back INSERT leaves; the caller drops what it did
    # not use (``_drop_reserved_ids``), a rollback drops every reservation.

    def _new_ids_query(self, count: int, condition: SQL | None = None) -> SQL:
        """A SELECT of ``count`` new ids of this model's table, one per row, drawn from its
        sequence (NULL rows when its id has none); none drawn when ``condition`` (a query)
        returns a row."""
        # the sequence looked up once (an InitPlan), not once per id: twice as fast
        return SQL("SELECT nextval((SELECT pg_get_serial_sequence(%s, 'id')::regclass)) "
                   "FROM generate_series(1, %s)%s",
                   SQL.identifier(self._table).code, count,
                   SQL(" WHERE NOT EXISTS (%s)", condition) if condition is not None else SQL(""))

    def _reserve_ids(self, ids: list) -> None:
        """Let the next creates of this model take ``ids``, new ids drawn from its table's
        sequence (``_new_ids_query``), in this order."""
        ids = [new_id for new_id in ids if new_id is not None]
        if ids:
            self.env.transaction.reserved_ids.setdefault(self._table, deque()).extend(ids)

    def _drop_reserved_ids(self) -> None:
        """Forget the ids of this model still reserved (they are gaps)."""
        self.env.transaction.reserved_ids.pop(self._table, None)

    def _reserved_ids_for(self, count: int) -> bool:
        """Whether ``count`` ids of this model's table are reserved (its next create of
        ``count`` rows takes them)."""
        return len(self.env.transaction.reserved_ids.get(self._table, ())) >= count

    def _take_reserved_ids(self, count: int) -> list[int] | None:
        """``count`` reserved ids of this model's table, taken; None (nothing taken) when
        fewer are reserved."""
        if not self._reserved_ids_for(count):
            return None
        reserved = self.env.transaction.reserved_ids[self._table]
        taken = [reserved.popleft() for _ in range(count)]
        if not reserved:
            self._drop_reserved_ids()
        return taken

    def _insert_rows_with_ids(self, rows: list[dict], row_shapes: dict, ids: list[int]) -> None:
        """Insert ``rows`` under their ``ids``, known already: nothing to read back, so the
        rows of a shape are COPYed when they are many, else one INSERT per batch is queued
        (it travels with the next round trip)."""
        cr = self.env.cr
        for names, indexes in row_shapes.items():
            columns = ("id", *names)
            values = [[ids[index], *params]
                      for index, params in zip(indexes, self._row_params(names, [rows[i] for i in indexes]))]
            if len(indexes) >= COPY_ROWS:
                cr.copy_rows(self._table, columns, values)
                continue
            head = _insert_head_code(self._table, columns)
            for chunk in split_every(INSERT_BATCH, values):
                cr.queue_rows(head, chunk)

    def _create_attachments(self, ids, others: list[dict], shapes: list) -> None:
        """The binary values given that live in attachments: one create per field."""
        by_field: dict = defaultdict(list)
        for record_id, other, shape in zip(ids, others, shapes):
            for field in shape.attachments:
                by_field[field].append((record_id, field.convert_to_cache(other[field.name], self)))
        for field, pairs in by_field.items():
            binary_attachments.create(self, field, pairs)

    def _create_inverses(self, records, others: list[dict], shapes: list) -> None:
        """Non-column values given at create: run their inverse methods (related, computed)."""
        if not any(shape.inverse_others or shape.inverse_columns for shape in set(shapes)):
            return
        transaction = self.env.transaction
        by_inverse: dict = defaultdict(list)
        for record, other, shape in zip(records, others, shapes):
            for name in shape.inverse_others:
                field, value = self._fields[name], other[name]
                if not field.inverse:
                    # as Odoo's create(): a value for a field that is only computed has
                    # nowhere to go and is dropped (a form sends an editable one back; addons
                    # pass e.g. a pricelist rule's name); the field is computed on read
                    continue
                if field.company_dependent:
                    transaction.company_values(field, record.env)
                if field.type in ("one2many", "many2many"):
                    record._cache_x2many(field, value)
                else:
                    transaction.cached_values(field, record.env)[record.id] = \
                        field.convert_to_cache(value, record)
                by_inverse[_inverse_key(field)].append(record.id)
        for record_id, shape in zip(records._ids, shapes):
            for name in shape.inverse_columns:
                by_inverse[_inverse_key(self._fields[name])].append(record_id)
        for key, ids in by_inverse.items():
            self.browse(list(dict.fromkeys(ids)))._run_inverse(key)

    def _run_inverse(self, key: tuple) -> None:
        """Run one inverse of ``_inverse_key``: a related field's inverse writes that field only
        (not the record's other related fields, whose values were not given)."""
        inverse, field = key
        if field is not None:
            self._inverse_related([field])
        elif isinstance(inverse, str):
            getattr(self, inverse)()
        else:
            inverse(self)

    def new(self, values=None, origin=None, ref=None):
        """A record that is not in the database: a cache-only scratch record (onchange, precompute)."""
        return new_record(self, values or {}, origin)

    # -- write ---------------------------------------------------------------------------------

    def write(self, vals: dict) -> bool:
        """Write ``vals`` on every record; one UPDATE for the column values."""
        if not self:
            return True
        if not isinstance(vals, dict):
            raise TypeError(f"{self._name}.write() expects a dict of values, got {type(vals).__name__}")
        if any(not isinstance(i, int) for i in self._ids):
            return self._write_new(vals)
        self.check_access_rights("write")
        self._check_table_writable()
        self.check_access_rule("write")
        self.check_field_access_rights("write", [name for name in vals if name in self._fields])
        self._check_field_names(vals)
        vals = {k: v for k, v in vals.items() if k not in MAGIC_WRITE}
        env, transaction = self.env, self.env.transaction
        real = self.exists()
        if len(real) != len(set(self.ids)):
            missing = sorted(set(self.ids) - set(real._ids))
            raise exceptions.MissingError(
                f"Record does not exist or has been deleted.\n(Record: {self._name}"
                f"({', '.join(map(str, missing))},), User: {env.uid})")
        columns, x2many, others, parents = {}, {}, {}, defaultdict(dict)
        attachments = {}
        for name, value in vals.items():
            field = self._fields[name]
            if field.inherited:
                parents[field.related.split(".")[0]][name] = value
            elif field.column and field.type == "monetary":
                columns[name] = field.convert_written(value, self, vals)
            elif field.column:
                columns[name] = field.convert_to_cache(value, self)
            elif binary_attachments.in_attachment(field):
                attachments[field] = field.convert_to_cache(value, self)
            elif field.type in ("one2many", "many2many") and field.store:
                x2many[name] = value
            else:
                others[name] = value
        if any(self._fields[name].compute for name in x2many):
            # a computed many2many's commands apply to its up-to-date value, written first
            queued = transaction.towrite.get(self._name, {})
            if any(not transaction.tocompute.get(self._fields[name], set()).isdisjoint(self._ids)
                   or any(name in queued.get(i, ()) for i in self._ids) for name in x2many):
                env.flush_all()
        # editable computed fields written are kept: their dependencies written with them
        # must not recompute them (the fields computed with them are brought up to date first)
        pairs = self._protected_by_values(self._ids[:1], [vals], write=True)
        protected = pairs[0][0] if pairs else frozenset()
        for field in protected:
            if field.compute and field.store and field.name not in vals:
                transaction.recompute_field(field, env, self._ids)
        with transaction.protecting(protected, self._ids):
            for link, pvals in parents.items():
                self.mapped(link).write(pvals)
            relational = [n for n in columns if self._fields[n].type == "many2one"]
            if relational or x2many:
                self.modified(relational + list(x2many), before=True)
            if columns:
                for name, value in columns.items():
                    field = self._fields[name]
                    if field.required and value_is_missing(field, value):
                        raise self._missing_required(field)
                self._update_columns(columns)
                if relational:
                    self._invalidate_one2many_inverses(relational)
            if x2many:
                for record in self:
                    record._write_x2many(x2many)
            for field, value in attachments.items():
                binary_attachments.write(self, field, value)
            if others:
                for name, value in others.items():
                    field = self._fields[name]
                    if not field.inverse and field.compute and field.store:
                        self._update_columns({name: field.convert_to_cache(value, self)})
                        continue
                    # a non-stored computed field without inverse keeps the value in the
                    # cache only (until invalidated), as on Odoo: an editable one a form
                    # sends back, or one a compute method called directly assigns
                    if field.type in ("one2many", "many2many"):
                        self._cache_x2many(field, value)
                        continue
                    if field.company_dependent:
                        transaction.company_values(field, env)
                    transaction.cached_values(field, env).update(
                        (i, field.convert_to_cache(value, self)) for i in self._ids)
            inverses = {_inverse_key(self._fields[n]) for n in list(others) + list(columns)
                        if self._fields[n].inverse and not self._fields[n].inherited}
            for key in inverses:
                self._run_inverse(key)
            if self._parent_store and self._parent_name in columns:
                self._parent_store_update()
            self.modified(list(vals))
        self._validate_fields(vals)
        if self._check_company_auto:
            self._check_company(list(vals))
        return True

    def _write_new(self, vals: dict) -> bool:
        """Write on new records (onchange): the cache only; their computed values are forgotten."""
        cache_new_values(self, vals, after_lines=True)
        amounts = [name for name, value in vals.items() if value and self._fields[name].type == "monetary"]
        if amounts:
            # an amount assigned is rounded to the record's currency (given with it or not)
            transaction = self.env.transaction
            for name in amounts:
                field = self._fields[name]
                transaction.cached_values(field, self.env).update(
                    (record._ids[0], field.convert_to_cache(vals[name], record)) for record in self)
        # only what depends on the fields written is stale (a related field assigned on a new
        # record keeps its value when another field is assigned next); a stored one's value is
        # kept aside for a recompute that leaves it alone
        transaction = self.env.transaction
        affected = self._computed_fields_depending_on(vals)
        computed = [f for f in self._fields.values() if f in affected and f.name not in vals]
        for field in computed:
            if field.store and not field.related:
                cached = transaction.cache.get(field)
                if cached:
                    transaction.stale_new[field].update(
                        (i, cached[i]) for i in self._ids if i in cached)
        transaction.invalidate(computed, self._ids)
        return True

    def _computed_fields_depending_on(self, fnames) -> set:
        """The computed fields of this model that depend, through any chain of dependencies
        (across models too), on ``fnames``: what a change of those makes stale. Other computed
        values stay cached, as in Odoo: a related field assigned on a new record keeps its
        value when another field is assigned next."""
        triggers = self.env.registry.field_triggers
        todo = [self._fields[name] for name in fnames if name in self._fields]
        seen = set(todo)
        while todo:
            for target, _path in triggers.get(todo.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return {field for field in seen if field.compute and field.model_name == self._name}

    def update(self, values: dict) -> None:
        """Assign ``values`` on every record, field by field (a write for stored records)."""
        for record in self:
            for name, value in values.items():
                record[name] = value

    def _update_columns(self, columns: dict) -> None:
        env = self.env
        if self._log_access:
            columns = {**columns, "write_uid": env.uid,
                       "write_date": env.cr.now() if hasattr(env.cr, "now") else Datetime.now()}
        assignments = []
        translated = {}
        for name, value in columns.items():
            field = self._fields[name]
            if getattr(field, "translate", False) is True:
                translated[name] = value
                continue
            assignments.append(SQL("%s = %s", SQL.identifier(name), column_param(field, value, self)))
        for name, value in translated.items():
            lang = env.lang or "en_US"
            column = SQL.identifier(name)
            if value is None:
                assignments.append(SQL("%s = NULL", column))
            elif lang == "en_US":
                assignments.append(SQL("%s = COALESCE(%s, '{}'::jsonb) || jsonb_build_object('en_US', %s::text)",
                                       column, column, value))
            else:
                assignments.append(SQL(
                    "%s = jsonb_build_object('en_US', COALESCE(%s->>'en_US', %s::text)) || "
                    "COALESCE(%s, '{}'::jsonb) || jsonb_build_object(%s::text, %s::text)",
                    column, column, value, column, lang, value))
        for chunk in split_every(INSERT_BATCH, self.ids):
            # sent with the next query or the COMMIT (sql_db.Cursor.queue)
            env.cr.queue(SQL("UPDATE %s SET %s WHERE id IN %s", SQL.identifier(self._table),
                             SQL.join(", ", assignments), tuple(chunk)))
        transaction = env.transaction
        for name, value in columns.items():
            field = self._fields[name]
            if name in translated:
                transaction.invalidate([field], self._ids)
            else:
                transaction.cache[field].update((i, value) for i in self._ids)
            pending = transaction.tocompute.get(field)
            if pending:
                pending.difference_update(self._ids)
            rows = transaction.towrite.get(self._name)
            if rows:
                for record_id in self._ids:
                    rows.get(record_id, {}).pop(name, None)

    def _write_computed_rows(self, rows: dict) -> None:
        """Flush computed values: one UPDATE ... FROM (VALUES ...) per set of fields; a stored
        computed many2many rewrites its links."""
        groups: dict[tuple, list[int]] = defaultdict(list)
        in_attachments: dict = defaultdict(dict)
        for record_id, values in rows.items():
            for name in [n for n in values if binary_attachments.in_attachment(self._fields[n])]:
                in_attachments[self._fields[name]][record_id] = values.pop(name)
            for name in [n for n in values if self._fields[n].type in ("one2many", "many2many")]:
                field = self._fields[name]
                record = self.browse(record_id)
                if field.type == "many2many":
                    record._apply_many2many(field, [(Command.SET, 0, list(values.pop(name) or ()))], False)
                    record._invalidate_relation_mirrors(field)
                else:
                    record._apply_one2many(field, [(Command.SET, 0, list(values.pop(name) or ()))], False)
            if values:
                groups[tuple(sorted(values))].append(record_id)
        for field, values in in_attachments.items():
            binary_attachments.write_many(self, field, values)
        cr = self.env.cr
        for names, ids in groups.items():
            fields = [self._fields[n] for n in names]
            assignments = SQL.join(", ", [
                SQL("%s = v.%s::%s", SQL.identifier(f.name), SQL.identifier(f.name),
                    SQL(f.column_sql_type())) for f in fields]).code
            columns = SQL.join(", ", [SQL("id")] + [SQL.identifier(f.name) for f in fields]).code
            table = SQL.identifier(self._table).code
            if len(ids) <= FEW_ROWS:
                # one UPDATE per row, all in the next round trip (sql_db.Cursor.queue)
                code = _update_one_code(self._table, names)
                for record_id, row in zip(ids, self._row_params(names, [rows[i] for i in ids])):
                    cr.queue(code, [*row, record_id])
                continue
            width = len(fields) + 1
            casts = ["::int4"] + ["::text" if _needs_text_cast(f) else "" for f in fields]
            for chunk in split_every(INSERT_BATCH, ids):
                params = []
                for record_id, row in zip(chunk, self._row_params(names, [rows[i] for i in chunk])):
                    params.append(record_id)
                    params.extend(row)
                values = ", ".join(
                    "(" + ", ".join(f"${n * width + k + 1}{casts[k]}" for k in range(width)) + ")"
                    for n in range(len(chunk)))
                params.append(list(chunk))
                # the id array lets PostgreSQL find the rows by index; joined to VALUES alone
                # it hashes them and scans the whole table
                cr.execute_raw(f"UPDATE {table} AS t SET {assignments} FROM (VALUES {values}) "
                               f"AS v({columns}) WHERE t.id = v.id AND t.id = ANY(${len(params)}::int4[])",
                               params)

    # -- x2many ----------------------------------------------------------------------------------

    def _write_x2many(self, values: dict, created: bool = False) -> None:
        """Apply x2many commands (or a list of ids) for one record."""
        self.ensure_one()
        for name, commands in values.items():
            field = self._fields[name]
            if commands is False or commands is None:
                commands = [(Command.CLEAR, 0, 0)]
            elif hasattr(commands, "_ids"):
                commands = field.convert_to_write(commands, self)      # new records: CREATE
            elif isinstance(commands, (list, tuple)) and commands and \
                    all(isinstance(c, int) and not isinstance(c, bool) for c in commands):
                commands = [(Command.SET, 0, list(commands))]
            elif not isinstance(commands, (list, tuple)):
                raise field.bad_value(commands, "a list of x2many commands")
            if field.type == "one2many":
                self._apply_one2many(field, commands, created)
            else:
                mirrors = self._relation_mirrors(field)
                watched = [m for m in mirrors if self.env.registry.field_triggers.get(m)]
                before = set(self.env.transaction.get_value(self, field)) if watched and not created else set()
                self._apply_many2many(field, commands, created)
                self._invalidate_relation_mirrors(field)
                if watched:
                    # the other side changed too (res.groups.users written: res.users.groups_id):
                    # what depends on it there is due again, for the records linked or unlinked
                    self.env.transaction.invalidate([field], self._ids)
                    after = set(self.env.transaction.get_value(self, field))
                    changed = self.env[field.comodel_name].browse(sorted(before ^ after))
                    changed.modified([m.name for m in watched])
            self.env.transaction.invalidate([field], self._ids)

    def _cache_x2many(self, field, value) -> None:
        """A non-stored x2many written (for its inverse method): ``value``'s commands applied
        to the cached value, as Odoo: CREATE links a new record (``model.new``), UPDATE
        writes the line, DELETE and UNLINK drop it, LINK adds it to the last record, CLEAR
        and SET give the lines to the last record."""
        transaction = self.env.transaction
        if value is False or value is None:
            value = [(Command.CLEAR, 0, 0)]
        elif hasattr(value, "_ids"):
            value = [(Command.SET, 0, list(value._ids))]
        elif isinstance(value, (list, tuple)) and all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            value = [(Command.SET, 0, list(value))]
        elif not isinstance(value, (list, tuple)):
            raise field.bad_value(value, "a list of x2many commands")
        comodel = self.env[field.comodel_name].with_context(**_field_context(field))
        lines = {record._ids[0]: list(transaction.get_value(record, field)) for record in self}
        last = self._ids[-1]
        for command in value:
            code, target, vals = _command_parts(field, command)
            if code == Command.CREATE:
                for ids in lines.values():
                    ids.append(comodel.new(vals or {})._ids[0])
            elif code == Command.UPDATE:
                comodel.browse(target).write(vals or {})
            elif code in (Command.DELETE, Command.UNLINK):
                for record_id, ids in lines.items():
                    lines[record_id] = [i for i in ids if i != target]
            elif code == Command.LINK:
                if target not in lines[last]:
                    lines[last].append(target)
            else:
                for ids in lines.values():
                    ids.clear()
                if code == Command.SET:
                    lines[last] = list(dict.fromkeys(vals or ()))
        transaction.cached_values(field, self.env).update(
            (record_id, tuple(ids)) for record_id, ids in lines.items())

    def _invalidate_relation_mirrors(self, field) -> None:
        """The other side of a many2many (same relation table) has changed too: forget it."""
        registry = self.env.registry
        for model_class in (registry.models[field.comodel_name], type(self)):
            for other in model_class._fields.values():
                if other is not field and other.type == "many2many" and other.relation == field.relation:
                    self.env.transaction.invalidate([other])

    def _relation_mirrors(self, field) -> list:
        """The many2many fields of ``field``'s comodel on the same relation table, seen from
        the other side (their column1 is ``field``'s column2)."""
        comodel = self.env.registry.models[field.comodel_name]
        return [other for other in comodel._fields.values()
                if other is not field and other.type == "many2many" and other.relation == field.relation
                and other.column1 == field.column2]

    def _apply_one2many(self, field, commands, created: bool) -> None:
        comodel = self.env[field.comodel_name].with_context(**_field_context(field))
        inverse = field.inverse_name
        inverse_field = comodel._fields[inverse]
        to_create: list[dict] = []         # consecutive CREATE commands make one create() call
        for command in commands:
            code, target, vals = _command_parts(field, command)
            if code == Command.CREATE:
                to_create.append(dict(vals or {}, **{inverse: self.id}))
                continue
            if to_create:
                comodel.create(to_create)
                to_create = []
            if code == Command.UPDATE:
                comodel.browse(target).write(vals or {})
            elif code == Command.DELETE:
                comodel.browse(target).unlink()
            elif code == Command.UNLINK:
                self._o2m_release(comodel.browse(target), inverse_field)
            elif code == Command.LINK:
                comodel.browse(target).write({inverse: self.id})
            elif code in (Command.CLEAR, Command.SET):
                keep = set(vals or ()) if code == Command.SET else set()
                current = comodel.with_context(active_test=False).search([(inverse, "=", self.id)])
                self._o2m_release(current.filtered(lambda r: r.id not in keep), inverse_field)
                if code == Command.SET:
                    comodel.browse([i for i in vals if i not in set(current.ids)]).write({inverse: self.id})
        if to_create:
            comodel.create(to_create)

    def _o2m_release(self, records, inverse_field) -> None:
        if not records:
            return
        if inverse_field.ondelete == "cascade" or inverse_field.required:
            records.unlink()
        else:
            records.write({inverse_field.name: False})

    def _apply_many2many(self, field, commands, created: bool) -> None:
        comodel = self.env[field.comodel_name]
        cr = self.env.cr
        rel, col1, col2 = (SQL.identifier(field.relation), SQL.identifier(field.column1),
                           SQL.identifier(field.column2))
        link, unlink, clear, replace = [], [], False, None
        for command in commands:
            code, target, vals = _command_parts(field, command)
            if code == Command.CREATE:
                link.append(comodel.create(vals or {}).id)
            elif code == Command.UPDATE:
                comodel.browse(target).write(vals or {})
            elif code == Command.DELETE:
                unlink.append(target)
                comodel.browse(target).unlink()
            elif code == Command.UNLINK:
                unlink.append(target)
            elif code == Command.LINK:
                link.append(target)
            elif code == Command.CLEAR:
                clear, link, unlink = True, [], []
            elif code == Command.SET:
                replace, link, unlink, clear = list(vals or ()), [], [], True
        if clear and not created:
            cr.queue(SQL("DELETE FROM %s WHERE %s = %s", rel, col1, self.id))
        if unlink and not created:
            cr.queue(SQL("DELETE FROM %s WHERE %s = %s AND %s IN %s", rel, col1, self.id, col2,
                         tuple(unlink)))
        targets = list(dict.fromkeys((replace or []) + link))
        if targets:
            cr.queue(SQL("INSERT INTO %s (%s, %s) VALUES %s ON CONFLICT DO NOTHING", rel, col1, col2,
                         SQL.join(", ", [SQL("(%s, %s)", self.id, t) for t in targets])))

    # -- unlink --------------------------------------------------------------------------------

    def unlink(self) -> bool:
        if not self:
            return True
        self.check_access_rights("unlink")
        self._check_table_writable()
        self.check_access_rule("unlink")
        for method in type(self)._ondelete_methods:
            method(self)
        self.env.transaction.forget_to_compute(self._fields.values(), self._ids)
        self.env.flush_all()
        self.modified(list(self._fields), before=True)
        cr = self.env.cr
        attachments: list[tuple] = []
        for chunk in split_every(INSERT_BATCH, self.ids):
            cr.execute(SQL("DELETE FROM %s WHERE id IN %s", SQL.identifier(self._table), tuple(chunk)))
            # their external ids go with them, as in Odoo, and their attachments are found
            # (one statement for both); the attachments go below, through their model
            external = SQL("DELETE FROM ir_model_data WHERE model = %s AND res_id IN %s",
                           self._name, tuple(chunk)) \
                if self._name != "ir.model.data" and "ir.model.data" in self.env else None
            if "ir.attachment" in self.env and self._name != "ir.attachment":
                attachments += binary_attachments.find_of_records(self, chunk, also=external)
            elif external is not None:
                cr.execute(external)
            if any(field.company_dependent for field in self._fields.values()):
                # so do their company-dependent values (ir.property rows "model,id")
                cr.execute(SQL("DELETE FROM ir_property WHERE res_id = ANY(%s)",
                               [f"{self._name},{record_id}" for record_id in chunk]))
        if "ir.default" in self.env.registry.models and self._name != "ir.default":
            # the user-defined defaults pointing to them go too, as in Odoo (a query only
            # when some many2one default points to this model)
            defaults = self.env["ir.default"].sudo()
            if self._name in defaults._many2one_targets():
                defaults.discard_records(self)
        # the whole cache, since the database cascaded the deletion further; the computes
        # queued above run later, on fresh values
        self.env.transaction.invalidate()
        for field, pending in self.env.transaction.tocompute.items():
            if field.model_name == self._name:
                pending.difference_update(self._ids)
        if attachments:
            binary_attachments.unlink_found(self.env, attachments)
        return True

    def _convert_to_write(self, values: dict) -> dict:
        """``values`` (field values as records hold them: recordsets, dates...) as ``write``
        takes them (ids, commands, strings), as Odoo's helper of the same name; names that
        are not fields are kept as they are."""
        result = {}
        for name, value in values.items():
            field = self._fields.get(name)
            result[name] = field.convert_to_write(value, self) if field is not None else value
        return result

    # -- copy ----------------------------------------------------------------------------------

    @api.returns(None, lambda value: value[0])
    def copy_data(self, default=None) -> list[dict]:
        """``[values]`` to create a copy of each record with (over RPC: the one dict, as Odoo).

        As Odoo, a ``state`` field with a default is not copied: the copy starts in that state
        (a cancelled document copies as a draft), unless ``default`` gives one.
        """
        default = dict(default or {})
        state = self._fields.get("state")
        if "state" not in default and state is not None and state.default is not None:
            value = state.convert_to_cache(state.default_value(self), self)
            default["state"] = state.convert_to_write(state.convert_to_record(value, self), self)
        result = []
        for record in self:
            vals = {}
            for name, field in self._fields.items():
                if name in default:
                    continue
                if name in MAGIC_WRITE or not field.copy or (field.compute and not field.store and not field.inverse):
                    continue
                if field.inherited:
                    continue
                value = record[name]
                if field.type == "one2many":
                    vals[name] = [(Command.CREATE, 0, line) for child in value
                                  for line in child.with_context(active_test=False).copy_data(
                                      {field.inverse_name: False})]
                    for line in vals[name]:
                        line[2].pop(field.inverse_name, None)
                else:
                    vals[name] = field.convert_to_write(value, record)
            for link in self._inherits.values():
                vals.pop(link, None)
                parent = record[link]
                parent_vals = parent.copy_data()[0] if parent else {}
                # the parent's values of the fields this model inherits, not of those it
                # defines again (res.users' company_id is not its partner's)
                vals.update({k: v for k, v in parent_vals.items()
                             if k in self._fields and self._fields[k].inherited})
            vals.update(default)
            result.append(vals)
        return result

    @api.returns("self", lambda value: value.id)
    def copy(self, default=None):
        self.ensure_one()
        vals = self.with_context(active_test=False).copy_data(default)[0]
        return self.create(vals)

    # -- archiving -----------------------------------------------------------------------------

    def action_archive(self):
        return self.filtered(lambda r: r[self._active_name]).write({self._active_name: False})

    def action_unarchive(self):
        return self.filtered(lambda r: not r[self._active_name]).write({self._active_name: True})

    def toggle_active(self):
        active = self.filtered(self._active_name)
        (self - active).action_unarchive()
        active.action_archive()

    # -- hierarchy (parent_path) -----------------------------------------------------------------

    def _parent_store_create(self) -> None:
        for record in self:
            parent = record[self._parent_name]
            path = f"{parent.parent_path or ''}{record.id}/" if parent else f"{record.id}/"
            record._update_columns({"parent_path": path})

    def _parent_store_update(self) -> None:
        cr = self.env.cr
        for record in self:
            old = record.parent_path or f"{record.id}/"
            parent = record[self._parent_name]
            new = f"{parent.parent_path or ''}{record.id}/" if parent else f"{record.id}/"
            if new == old:
                continue
            if new.startswith(old) and parent and parent.id != record.id:
                raise exceptions.UserError(f"Recursion Detected: {record.display_name} cannot be its own ancestor")
            cr.execute(SQL("UPDATE %s SET parent_path = %s || substring(parent_path, %s) "
                           "WHERE parent_path LIKE %s", SQL.identifier(self._table), new,
                           len(old) + 1, old + "%"))
        self.env.transaction.invalidate([self._fields["parent_path"]])


#: types whose False is a value (stored 0, 0.0, false): ``required`` on them refuses only
#: no value at all (NULL), as in Odoo
_NEVER_EMPTY_TYPES = frozenset({"boolean", "integer", "float", "monetary"})


def _inverse_key(field) -> tuple:
    """How a given field's inverse runs: (method, None), or ("_inverse_related", field) for
    a related field, whose inverse must write that field alone."""
    if field.related and field.inverse == "_inverse_related":
        return field.inverse, field
    return field.inverse, None


def value_is_missing(field, value) -> bool:
    """True when ``value`` leaves ``field`` empty (what ``required`` refuses)."""
    if field.type in _NEVER_EMPTY_TYPES:
        return value is None
    return value is None or value is False or value == ""


def _linked_ids(value) -> list[int] | None:
    """The ids a many2many value given at create links (a SET, LINKs, a list of ids, an
    empty value), or None for any other command."""
    if value is False or value is None:
        return []
    if not isinstance(value, (list, tuple)):
        return None
    if len(value) == 1 and type(value[0]) in (list, tuple) and len(value[0]) == 3 and \
            value[0][0] == Command.SET and type(value[0][2]) in (list, tuple) and \
            all(type(t) is int for t in value[0][2]):
        return list(value[0][2])        # the usual value: one SET of ids
    targets: list[int] = []
    for command in value:
        if isinstance(command, int) and not isinstance(command, bool):
            targets.append(command)
        elif isinstance(command, (list, tuple)) and len(command) == 3 and command[0] == Command.SET:
            targets = [*(command[2] or ())]
        elif isinstance(command, (list, tuple)) and len(command) >= 2 and command[0] == Command.LINK:
            targets.append(command[1])
        elif isinstance(command, (list, tuple)) and command and command[0] == Command.CLEAR:
            targets = []
        else:
            return None
    if not all(isinstance(t, int) and not isinstance(t, bool) for t in targets):
        return None
    return targets


def _only_creates(commands) -> bool:
    return isinstance(commands, (list, tuple)) and bool(commands) and all(
        isinstance(c, (list, tuple)) and len(c) == 3 and c[0] == Command.CREATE for c in commands)


def _field_context(field) -> dict:
    return field.context if isinstance(field.context, dict) else {}


def _command_parts(field, command) -> tuple:
    if not isinstance(command, (list, tuple)) or not command:
        raise field.bad_value(command, "an x2many command (code, id, values)")
    code = command[0]
    target = command[1] if len(command) > 1 else 0
    vals = command[2] if len(command) > 2 else None
    if code not in tuple(Command):
        raise field.bad_value(command, "an x2many command with code 0-6")
    return Command(code), target, vals


@functools.lru_cache(maxsize=512)
def _insert_code(table: str, names: tuple, rows: int, placeholder: str = "$") -> str:
    """``INSERT INTO t (cols) VALUES ($1, ...), ... RETURNING id`` for ``rows`` rows, or with
    ``%s`` placeholders (client-side binding) when ``placeholder`` is ``%s`` (memoised)."""
    width = len(names)
    columns = SQL.join(", ", [SQL.identifier(n) for n in names]).code
    mark = (lambda n: "%s") if placeholder == "%s" else (lambda n: f"${n}")
    values = ", ".join("(" + ", ".join(mark(n * width + k + 1) for k in range(width)) + ")"
                       for n in range(rows))
    return f"INSERT INTO {SQL.identifier(table).code} ({columns}) VALUES {values} RETURNING id"


@functools.lru_cache(maxsize=512)
def _insert_head_code(table: str, names: tuple) -> str:
    """``INSERT INTO t (cols) VALUES``, the rows to follow (``Cursor.queue_rows``; memoised)."""
    columns = SQL.join(", ", [SQL.identifier(n) for n in names]).code
    return f"INSERT INTO {SQL.identifier(table).code} ({columns}) VALUES"


@functools.lru_cache(maxsize=512)
def _update_one_code(table: str, names: tuple) -> str:
    """``UPDATE t SET a = %s, ... WHERE id = %s`` (memoised)."""
    assignments = ", ".join(f"{SQL.identifier(n).code} = %s" for n in names)
    return f"UPDATE {SQL.identifier(table).code} SET {assignments} WHERE id = %s"


def _needs_text_cast(field) -> bool:
    """VALUES rows give their column types from the first row; untyped NULLs need a type."""
    return field.column_sql_type() not in ("jsonb", "bytea", "bool", "int4", "float8", "numeric",
                                            "date", "timestamp")


def _inherited_from(field, model_names: set[str]) -> bool:
    """Whether ``field`` is delegated (``_inherits``) from a field of one of ``model_names``."""
    while field.inherited:
        field = field.inherited_field
        if field.model_name in model_names:
            return True
    return False


def _parent_has_ir_default(field, parents_defaults: dict) -> bool:
    """Whether the ``_inherits`` parent ``field`` comes from has a user-defined default for it."""
    parent_field = field.inherited_field
    return parent_field.name in parents_defaults.get(parent_field.model_name, ())


def _overrides_default_get(cls) -> bool:
    """Whether a class of the model defines its own ``default_get`` over the ORM's."""
    return cls.default_get is not ReadMixin.default_get
