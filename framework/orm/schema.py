"""Database schema from model fields: tables, columns, foreign keys, relation tables,
indexes, NOT NULL and ``_sql_constraints``. Run at install and upgrade only.

Introspection is done once per call (three catalogue queries), then only the missing or
changed parts are created or altered. Names follow Odoo's: ``<table>_<column>_fkey``,
``<table>__<column>_index``, ``<table>_<constraint name>``.
"""
from __future__ import annotations

import logging
from collections import defaultdict

from ..logging_setup import odoo_logger_name
from ..tools.sql import SQL
from . import binary_attachments

_logger = logging.getLogger(odoo_logger_name(__name__))

_TYPE_ALIASES = {"int4": "int4", "integer": "int4", "varchar": "varchar", "text": "text",
                 "bool": "bool", "boolean": "bool", "float8": "float8", "numeric": "numeric",
                 "date": "date", "timestamp": "timestamp", "jsonb": "jsonb", "bytea": "bytea"}


class Catalogue:
    """What the database has now: tables, columns, constraints, indexes."""

    def __init__(self, cr) -> None:
        cr.execute("SELECT table_name FROM information_schema.tables "
                   "WHERE table_schema = current_schema()")
        self.tables = {row[0] for row in cr.fetchall()}
        cr.execute("SELECT table_name, column_name, udt_name, is_nullable, character_maximum_length "
                   "FROM information_schema.columns WHERE table_schema = current_schema()")
        self.columns: dict = defaultdict(dict)
        for table, column, udt, nullable, size in cr.fetchall():
            self.columns[table][column] = (udt, nullable == "YES", size)
        cr.execute("SELECT conname, pg_get_constraintdef(oid), obj_description(oid, 'pg_constraint') "
                   "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace")
        rows = cr.fetchall()
        self.constraints = {name: definition for name, definition, _comment in rows}
        self.sources = {name: comment for name, _definition, comment in rows}   # as the addon wrote it
        cr.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        self.indexes = {row[0] for row in cr.fetchall()}

    def reread_table(self, cr, table: str) -> None:
        """Learn again whether ``table`` exists and its columns (someone else's SQL ran)."""
        cr.execute("SELECT column_name, udt_name, is_nullable, character_maximum_length "
                   "FROM information_schema.columns WHERE table_schema = current_schema() "
                   "AND table_name = %s", (table,))
        rows = cr.fetchall()
        self.columns[table] = {column: (udt, nullable == "YES", size)
                               for column, udt, nullable, size in rows}
        if rows:
            self.tables.add(table)


#: key, in ``cr.cache``, of the schema sync under way (``sync_models``)
_SYNC = "schema sync"


class _Sync:
    """One ``sync_models`` call: the catalogue, and the new columns of tables that had rows."""

    def __init__(self, cr) -> None:
        self.catalogue = Catalogue(cr)
        self.new_columns: list[tuple] = []


def sync_models(env, model_names) -> list[tuple]:
    """Bring the tables of ``model_names`` in line with their fields.

    Each model's ``_auto_init()`` makes its table and columns (an addon overriding it runs
    its own SQL before or after), then foreign keys, relation tables, indexes and SQL
    constraints follow, once every table exists, then each model's ``init()``.
    Returns ``(model, field)`` pairs of new columns on tables that already had rows, so the
    caller can fill them (defaults, computes) once all tables exist.
    """
    cr = env.cr
    sync = cr.cache[_SYNC] = _Sync(cr)
    try:
        for name in model_names:
            if not env.registry[name]._abstract:
                env[name]._auto_init()
        catalogue = sync.catalogue
        models = [env[name] for name in model_names if env.registry[name]._is_an_ordinary_table()]
        for model in models:
            for field in model._fields.values():
                if field.type == "many2one" and field.column:
                    _ensure_foreign_key(cr, model, field, catalogue)
                elif field.type == "many2many" and field.store and field.relation:
                    _ensure_relation(cr, model, field, catalogue)
                if field.column and field.index:
                    _ensure_index(cr, model._table, field.name, field.index, catalogue)
            _ensure_sql_constraints(cr, model, catalogue)
        if "ir_attachment" in catalogue.tables:
            # a column left by a field now kept in attachments: its values move there
            for model in models:
                for field in model._fields.values():
                    if field.name in catalogue.columns[model._table] and \
                            binary_attachments.in_attachment(field):
                        binary_attachments.move_column(model, field)
                        del catalogue.columns[model._table][field.name]
        for name in model_names:               # the model's own SQL (views, extra columns, indexes)
            model = env[name]
            if not model._abstract:
                model.init()
    finally:
        cr.cache.pop(_SYNC, None)
    return sync.new_columns


def auto_init(model, overridden: bool) -> bool:
    """``BaseModel._auto_init``: create the table of ``model`` and its columns, or bring
    them in line with its fields; True when the table was created. ``overridden``: an addon
    overrides ``_auto_init`` and may have made tables or columns itself (re-read first).
    Outside ``sync_models``, on a catalogue of its own."""
    if not model._is_an_ordinary_table():
        return False
    cr = model.env.cr
    sync = cr.cache.get(_SYNC) or _Sync(cr)
    catalogue = sync.catalogue
    if overridden:
        catalogue.reread_table(cr, model._table)
    created = _ensure_table(cr, model, catalogue)
    for field in model._fields.values():
        if field.column and field.name != "id":
            if _ensure_column(cr, model, field, catalogue) and not created:
                sync.new_columns.append((model, field))
    return created


def fill_new_columns(env, new_columns: list[tuple]) -> None:
    """Give rows that existed before a column was added its default or computed value."""
    for model, field in new_columns:
        table, column = SQL.identifier(model._table), SQL.identifier(field.name)
        if field.compute and field.store:
            env.cr.execute(SQL("SELECT id FROM %s", table))
            ids = [row[0] for row in env.cr.fetchall()]
            env.transaction.mark_to_compute(field, ids)
            continue
        if field.default is None:
            continue
        value = field.convert_to_cache(field.default_value(model), model)
        if value is None or value is False and field.type != "boolean":
            continue
        from .create_plans import column_param
        env.cr.execute(SQL("UPDATE %s SET %s = %s WHERE %s IS NULL", table, column,
                           column_param(field, value, model), column))
    env.flush_all()
    for model, field in new_columns:
        if field.required:
            set_not_null(env.cr, model._table, field.name)


def _ensure_table(cr, model, catalogue: Catalogue) -> bool:
    if model._table in catalogue.tables:
        return False
    cr.execute(SQL("CREATE TABLE %s (id SERIAL NOT NULL, PRIMARY KEY (id))", SQL.identifier(model._table)))
    if model._description:
        cr.execute(SQL("COMMENT ON TABLE %s IS %s", SQL.identifier(model._table), model._description))
    catalogue.tables.add(model._table)
    catalogue.columns[model._table]["id"] = ("int4", False, None)
    return True


def _ensure_column(cr, model, field, catalogue: Catalogue) -> bool:
    """Create or retype the column of ``field``; True when the column is new."""
    table = model._table
    wanted = field.column_sql_type()
    current = catalogue.columns[table].get(field.name)
    ident_t, ident_c = SQL.identifier(table), SQL.identifier(field.name)
    if current is None:
        # IF NOT EXISTS: a column added to a parent table reaches inheriting tables by itself
        cr.execute(SQL("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s %s", ident_t, ident_c, SQL(wanted)))
        catalogue.columns[table][field.name] = (wanted, True, None)
        if field.required and not field.compute:
            # rows already there get their default from fill_new_columns, which sets NOT NULL
            # (or says why not) after that; an empty table takes it now
            set_not_null(cr, table, field.name, warn=False)
        return True
    udt, nullable, size = current
    base = wanted.split("(")[0]
    if _TYPE_ALIASES.get(udt, udt) != _TYPE_ALIASES.get(base, base) or \
            (base == "varchar" and "(" in wanted and size != int(wanted[8:-1])) or \
            (base == "varchar" and "(" not in wanted and size):
        _retype_column(cr, table, field.name, udt, wanted)
    if field.required and nullable and not field.compute:
        set_not_null(cr, table, field.name)
    elif not field.required and not nullable:
        cr.execute(SQL("ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL", ident_t, ident_c))
    return False


def _retype_column(cr, table: str, column: str, old: str, wanted: str) -> None:
    ident_t, ident_c = SQL.identifier(table), SQL.identifier(column)
    try:
        with cr.savepoint(flush=False):
            cr.execute(SQL("ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s::%s", ident_t, ident_c,
                           SQL(wanted), ident_c, SQL(wanted)))
        _logger.info("table %s: column %s converted from %s to %s", table, column, old, wanted)
    except Exception as exc:
        moved = f"{column}_moved0"
        cr.execute(SQL("ALTER TABLE %s RENAME COLUMN %s TO %s", ident_t, ident_c, SQL.identifier(moved)))
        cr.execute(SQL("ALTER TABLE %s ADD COLUMN %s %s", ident_t, ident_c, SQL(wanted)))
        _logger.warning("table %s: column %s could not be converted from %s to %s (%s); "
                        "old data kept in %s", table, column, old, wanted, exc, moved)


def set_not_null(cr, table: str, column: str, warn: bool = True) -> None:
    """Make the column NOT NULL, unless it has empty values (then warn, when ``warn``)."""
    ident_t, ident_c = SQL.identifier(table), SQL.identifier(column)
    cr.execute(SQL("SELECT 1 FROM %s WHERE %s IS NULL LIMIT 1", ident_t, ident_c))
    if cr.fetchone():
        if not warn:
            return
        _logger.warning("table %s: column %s is required but has empty values; NOT NULL not set "
                        "(fill them, then upgrade the addon)", table, column)
        return
    cr.execute(SQL("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", ident_t, ident_c))


def _ensure_foreign_key(cr, model, field, catalogue: Catalogue) -> None:
    comodel = model.env[field.comodel_name]
    if not comodel._is_an_ordinary_table():
        return
    name = _constraint_name(f"{model._table}_{field.name}_fkey")
    if comodel._table == "ir_actions":
        # the actions' rows live in the tables inheriting ir_actions, which a foreign key on
        # ir_actions does not see (Odoo makes none either): one made before goes
        if name in catalogue.constraints:
            cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(model._table),
                           SQL.identifier(name)))
            del catalogue.constraints[name]
        return
    action = {"set null": "SET NULL", "restrict": "RESTRICT", "cascade": "CASCADE"}[field.ondelete]
    if field.name in ("create_uid", "write_uid"):
        # deferrable, so that a new database can write its first records before user 1 exists
        action += " DEFERRABLE"
    definition = f"FOREIGN KEY ({field.name}) REFERENCES {comodel._table}(id) ON DELETE {action}"
    existing = catalogue.constraints.get(name)
    if existing is not None:
        if existing.replace('"', "") == definition:
            return
        cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(model._table), SQL.identifier(name)))
    cr.execute(SQL("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s(id) ON DELETE " + action,
                   SQL.identifier(model._table), SQL.identifier(name), SQL.identifier(field.name),
                   SQL.identifier(comodel._table)))
    catalogue.constraints[name] = definition


def _ensure_relation(cr, model, field, catalogue: Catalogue) -> None:
    if field.relation in catalogue.tables:
        return
    comodel = model.env[field.comodel_name]
    rel, col1, col2 = (SQL.identifier(field.relation), SQL.identifier(field.column1),
                       SQL.identifier(field.column2))
    cr.execute(SQL("CREATE TABLE %s (%s INTEGER NOT NULL REFERENCES %s(id) ON DELETE CASCADE, "
                   "%s INTEGER NOT NULL REFERENCES %s(id) ON DELETE CASCADE, PRIMARY KEY (%s, %s))",
                   rel, col1, SQL.identifier(model._table), col2, SQL.identifier(comodel._table),
                   col1, col2))
    cr.execute(SQL("CREATE INDEX ON %s (%s, %s)", rel, col2, col1))
    catalogue.tables.add(field.relation)


def _ensure_index(cr, table: str, column: str, kind, catalogue: Catalogue) -> None:
    name = _constraint_name(f"{table}__{column}_index")
    if name in catalogue.indexes:
        return
    where = SQL(" WHERE %s IS NOT NULL", SQL.identifier(column)) if kind == "btree_not_null" else SQL("")
    if kind == "trigram":
        cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if not cr.fetchone():
            kind = True
    if kind == "trigram":
        cr.execute(SQL("CREATE INDEX %s ON %s USING gin (%s gin_trgm_ops)", SQL.identifier(name),
                       SQL.identifier(table), SQL.identifier(column)))
    else:
        cr.execute(SQL("CREATE INDEX %s ON %s (%s)%s", SQL.identifier(name), SQL.identifier(table),
                       SQL.identifier(column), where))
    catalogue.indexes.add(name)


def _ensure_sql_constraints(cr, model, catalogue: Catalogue) -> None:
    constraints = {}
    for klass in reversed(type(model).__mro__):
        for key, definition, message in klass.__dict__.get("_sql_constraints", ()):
            constraints[key] = (definition, message)
    for key, (definition, _message) in constraints.items():
        name = _constraint_name(f"{model._table}_{key}")
        if name in catalogue.constraints:
            if catalogue.sources.get(name) == definition:
                continue
            cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(model._table),
                           SQL.identifier(name)))
        try:
            with cr.savepoint(flush=False):
                # The definition is the addon author's SQL, as in Odoo (not user input).
                cr.execute(SQL("ALTER TABLE %s ADD CONSTRAINT %s ", SQL.identifier(model._table),
                               SQL.identifier(name)).code + definition)
                cr.execute(SQL("COMMENT ON CONSTRAINT %s ON %s IS %s", SQL.identifier(name),
                               SQL.identifier(model._table), definition))
            catalogue.constraints[name] = catalogue.sources[name] = definition
        except Exception as exc:
            _logger.warning("table %s: unable to add constraint %s as %s: %s", model._table, name,
                            definition, exc)


def _constraint_name(name: str) -> str:
    if len(name) <= 63:
        return name
    import hashlib
    return f"{name[:54]}_{hashlib.sha256(name.encode()).hexdigest()[:8]}"
