"""SQL fragments that carry their parameters, and identifier quoting.

This is the one place where identifiers are quoted. Values never enter the SQL text: they
travel beside it in ``params`` and are bound by the driver. Addons reach it as
``odoo.tools.SQL`` (Odoo 17's name).
"""
from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


class SQL:
    """A piece of SQL text plus its parameters.

    ``SQL("a = %s AND %s", 5, SQL("b IS NULL"))`` inlines nested fragments (text and params)
    and keeps plain values as ``%s`` placeholders. Named placeholders work too:
    ``SQL("a = %(x)s", x=5)``. A literal ``%`` in the text is written ``%%``.
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str = "", *args: object, **kwargs: object) -> None:
        if isinstance(code, SQL):
            if args or kwargs:
                raise TypeError("SQL(SQL(...)) takes no further arguments")
            self.code, self.params = code.code, code.params
            return
        if args and kwargs:
            raise TypeError("SQL() takes positional or named arguments, not both")
        if kwargs:
            args = _named_to_positional(code, kwargs)
            code = re.sub(r"%\((\w+)\)s", "%s", code)
        chunks = code.replace("%%", "\0").split("%s")
        if len(chunks) != len(args) + 1:
            raise TypeError(f"{code!r} has {len(chunks) - 1} placeholder(s) but got {len(args)} argument(s)")
        text, params = [chunks[0]], []
        for arg, chunk in zip(args, chunks[1:]):
            _add(arg, text, params)
            text.append(chunk)
        self.code = "".join(text).replace("\0", "%%")
        self.params = tuple(params)

    @classmethod
    def identifier(cls, name: str, subname: str | None = None) -> SQL:
        """``"name"`` or ``"name"."subname"``; refuses anything that is not a plain identifier."""
        return cls._raw(_quoted(name, subname))

    @classmethod
    def join(cls, separator: str | SQL, items: Iterable[SQL | object]) -> SQL:
        """Join fragments (or values, which become parameters) with ``separator``."""
        if isinstance(separator, SQL):
            sep, sep_params = separator.code, separator.params
        else:
            sep, sep_params = separator.replace("%", "%%"), ()
        codes: list[str] = []
        params: list = []
        for item in items:
            if codes and sep_params:
                params.extend(sep_params)
            _add(item, codes, params)
        return cls._raw(sep.join(codes), tuple(params))

    @classmethod
    def _raw(cls, code: str, params: tuple = ()) -> SQL:
        self = object.__new__(cls)
        self.code, self.params = code, params
        return self

    def __bool__(self) -> bool:
        return bool(self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SQL) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash((self.code, self.params))

    def __repr__(self) -> str:
        return f"SQL({self.code!r}{''.join(', ' + repr(p) for p in self.params)})"

    def __iter__(self):
        """``cr.execute(*sql)`` style unpacking: yields code then params."""
        yield self.code
        yield self.params


def int_array(ids: Iterable[int]) -> str:
    """A PostgreSQL integer array literal of ``ids`` (``'{1,2,3}'``), to pass as one
    parameter cast to ``int4[]``/``int[]``: a string is adapted at once, where psycopg
    dumps a list element by element (about 6 times as long for a few ids)."""
    return "{" + ",".join(map(str, ids)) + "}"


def _add(item: object, codes: list[str], params: list) -> None:
    """An SQL fragment adds its text and parameters; any other value becomes a ``%s``."""
    if isinstance(item, SQL):
        codes.append(item.code)
        params.extend(item.params)
    else:
        codes.append("%s")
        params.append(item)


@functools.lru_cache(maxsize=4096)
def _quoted(name: str, subname: str | None) -> str:
    code = quote_identifier(name)
    return code if subname is None else f"{code}.{quote_identifier(subname)}"


def quote_identifier(name: str) -> str:
    """Double-quote a table, column or constraint name; refuse anything suspicious."""
    if not isinstance(name, str) or not _IDENT.fullmatch(name) or len(name) > 63:
        raise ValueError(f"refusing to quote suspicious SQL identifier {name!r}")
    return f'"{name}"'


def _named_to_positional(code: str, kwargs: dict) -> tuple:
    names = re.findall(r"%\((\w+)\)s", code)
    missing = [n for n in names if n not in kwargs]
    if missing:
        raise TypeError(f"{code!r} needs named argument(s) {missing}")
    return tuple(kwargs[n] for n in names)


# -- schema helpers of Odoo's ``odoo.tools.sql`` (addons' ``init()`` and migrations) ----------------
# Each takes a cursor and plain names; names are quoted here, values bound by the driver.

class TableKind(enum.Enum):
    """What ``table_kind`` finds under a name (``pg_class.relkind``)."""
    Regular = "r"
    Temporary = "t"
    View = "v"
    Materialized = "m"
    Foreign = "f"
    Other = None


def existing_tables(cr, tablenames: Iterable[str]) -> list[str]:
    """The names of ``tablenames`` that are tables or views of the current schema."""
    cr.execute(SQL("""SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relname IN %s AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
                         AND n.nspname = current_schema""", tuple(tablenames) or ("",)))
    return [row[0] for row in cr.fetchall()]


def table_exists(cr, tablename: str) -> bool:
    return len(existing_tables(cr, [tablename])) == 1


def table_kind(cr, tablename: str) -> TableKind | None:
    """The kind of relation ``tablename`` is, or None when there is none of that name."""
    cr.execute(SQL("""SELECT c.relkind, c.relpersistence FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relname = %s AND n.nspname = current_schema""", tablename))
    row = cr.fetchone()
    if not row:
        return None
    kind, persistence = row
    if kind in ("r", "p"):
        return TableKind.Temporary if persistence == "t" else TableKind.Regular
    return next((member for member in TableKind if member.value == kind), TableKind.Other)


def table_columns(cr, tablename: str) -> dict[str, dict]:
    """``{column name: its information_schema.columns row}`` of ``tablename``."""
    cr.execute(SQL("""SELECT column_name, udt_name, character_maximum_length, is_nullable
                        FROM information_schema.columns
                       WHERE table_name = %s AND table_schema = current_schema""", tablename))
    return {row[0]: {"column_name": row[0], "udt_name": row[1], "character_maximum_length": row[2],
                     "is_nullable": row[3]} for row in cr.fetchall()}


def column_exists(cr, tablename: str, columnname: str) -> int:
    cr.execute(SQL("""SELECT 1 FROM information_schema.columns
                       WHERE table_name = %s AND column_name = %s AND table_schema = current_schema""",
                   tablename, columnname))
    return len(cr.fetchall())


def create_column(cr, tablename: str, columnname: str, columntype: str, comment: str | None = None) -> None:
    """Add a column (``columntype`` is SQL: ``varchar``, ``int4``, ``numeric``...); booleans
    start False, as Odoo's."""
    if not re.fullmatch(r"[A-Za-z0-9_ (),]+", columntype):
        raise ValueError(f"refusing the column type {columntype!r}")
    default = " DEFAULT false" if columntype.strip().lower() == "boolean" else ""
    cr.execute(SQL(f"ALTER TABLE %s ADD COLUMN %s {columntype}{default}",
                   SQL.identifier(tablename), SQL.identifier(columnname)))
    if comment:
        cr.execute(SQL("COMMENT ON COLUMN %s IS %s", SQL.identifier(tablename, columnname), comment))


def rename_column(cr, tablename: str, columnname1: str, columnname2: str) -> None:
    cr.execute(SQL("ALTER TABLE %s RENAME COLUMN %s TO %s", SQL.identifier(tablename),
                   SQL.identifier(columnname1), SQL.identifier(columnname2)))


def set_not_null(cr, tablename: str, columnname: str) -> None:
    cr.execute(SQL("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", SQL.identifier(tablename),
                   SQL.identifier(columnname)))


def drop_not_null(cr, tablename: str, columnname: str) -> None:
    cr.execute(SQL("ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL", SQL.identifier(tablename),
                   SQL.identifier(columnname)))


def index_exists(cr, indexname: str) -> bool:
    cr.execute(SQL("SELECT 1 FROM pg_indexes WHERE indexname = %s", indexname))
    return bool(cr.fetchall())


def create_index(cr, indexname: str, tablename: str, expressions: Iterable[str], method: str = "btree",
                 where: str = "", unique: bool = False) -> None:
    """``CREATE [UNIQUE] INDEX IF NOT EXISTS`` on ``expressions`` (SQL text: column names or
    expressions, as Odoo's), with an optional ``where`` predicate."""
    if not re.fullmatch(r"[a-z_]+", method):
        raise ValueError(f"refusing the index method {method!r}")
    # the expressions and the predicate are SQL text: a % in them is a literal one
    columns = ", ".join(expressions).replace("%", "%%")
    clause = f" WHERE {where.replace('%', '%%')}" if where else ""
    cr.execute(SQL(f"CREATE {'UNIQUE ' if unique else ''}INDEX IF NOT EXISTS %s ON %s USING {method} "
                   f"({columns}){clause}", SQL.identifier(indexname), SQL.identifier(tablename)))


def create_unique_index(cr, indexname: str, tablename: str, expressions: Iterable[str]) -> None:
    create_index(cr, indexname, tablename, expressions, unique=True)


def drop_index(cr, indexname: str, tablename: str) -> None:
    cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(indexname)))


def drop_view_if_exists(cr, viewname: str) -> None:
    """Drop the view (or materialized view) ``viewname`` and what depends on it, if any
    (a report model's ``init()`` does this before ``CREATE VIEW``)."""
    kind = table_kind(cr, viewname)
    if kind == TableKind.View:
        cr.execute(SQL("DROP VIEW %s CASCADE", SQL.identifier(viewname)))
    elif kind == TableKind.Materialized:
        cr.execute(SQL("DROP MATERIALIZED VIEW %s CASCADE", SQL.identifier(viewname)))


def escape_psql(to_escape: str) -> str:
    """``to_escape`` for a LIKE pattern: its ``\\``, ``%`` and ``_`` taken literally."""
    return to_escape.replace("\\", r"\\").replace("%", r"\%").replace("_", r"\_")


def pg_varchar(size: int = 0) -> str:
    """The SQL type of a Char field of ``size`` (0: no limit)."""
    if size:
        if not isinstance(size, int):
            raise ValueError(f"VARCHAR size must be an integer, not {size!r}")
        return f"VARCHAR({size})"
    return "VARCHAR"


def reverse_order(order: str) -> str:
    """An ``ORDER BY`` text with each direction turned round."""
    items = []
    for item in order.split(","):
        words = item.lower().split()
        direction = "asc" if words[1:] == ["desc"] else "desc"
        items.append(f"{words[0]} {direction}")
    return ", ".join(items)
