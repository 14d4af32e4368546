"""``Query``: one SELECT under construction (FROM, joins, WHERE, ORDER, LIMIT, OFFSET).

Built by ``_search`` and read by the ORM; it never runs anything itself except through
``get_result_ids`` with the model's cursor.
"""
from __future__ import annotations

import hashlib

from ..tools.sql import SQL


class Query:
    """A SELECT on ``table`` aliased ``alias``, with fragments that keep their parameters.

    ``table`` is a table name, or an SQL sub-select in parentheses (the ``_table_sql`` of a
    model whose records come from ``_table_query``); the alias is then required."""

    def __init__(self, env, table: str | SQL, alias: str | None = None) -> None:
        if alias is None and not isinstance(table, str):
            raise ValueError("a query on a sub-select needs an alias")
        self.env = env
        self.table = table
        self.alias = alias or table
        self.joins: dict[str, tuple[str, str, SQL]] = {}
        self.where: list[SQL] = []
        self.order: SQL | None = None
        self.limit: int | None = None
        self.offset: int | None = None
        self._ids: tuple | None = None

    def make_alias(self, alias: str, link: str) -> str:
        """Odoo's join aliases: ``parent__link``, hashed when over PostgreSQL's 63 bytes."""
        name = f"{alias}__{link}"
        if len(name) <= 63:
            return name
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        return f"{name[:54]}_{digest}"

    def add_join(self, kind: str, alias: str, table: str | SQL, condition: SQL) -> str:
        if kind not in ("JOIN", "LEFT JOIN"):
            raise ValueError(f"unsupported join kind {kind!r}")
        if alias not in self.joins:
            self.joins[alias] = (kind, table, condition)
        return alias

    def add_where(self, condition: SQL | str, *params) -> None:
        self.where.append(condition if isinstance(condition, SQL) else SQL(condition, *params))

    @property
    def from_clause(self) -> SQL:
        parts = [SQL("%s AS %s", _source(self.table), SQL.identifier(self.alias))]
        for alias, (kind, table, condition) in self.joins.items():
            parts.append(SQL(f"{kind} %s AS %s ON %s", _source(table),
                             SQL.identifier(alias), condition))
        return SQL.join(" ", parts)

    @property
    def where_clause(self) -> SQL:
        return SQL.join(" AND ", self.where) if self.where else SQL("TRUE")

    def select(self, *columns: SQL | str) -> SQL:
        """The full SELECT; columns default to the id."""
        cols = [c if isinstance(c, SQL) else SQL(c) for c in columns] or \
            [SQL.identifier(self.alias, "id")]
        code = SQL("SELECT %s FROM %s WHERE %s", SQL.join(", ", cols), self.from_clause,
                   self.where_clause)
        if self.order:
            code = SQL("%s ORDER BY %s", code, self.order)
        if self.limit is not None:
            code = SQL("%s LIMIT %s", code, _row_count("limit", self.limit))
        if self.offset:
            code = SQL("%s OFFSET %s", code, _row_count("offset", self.offset))
        return code

    def subselect(self, column: SQL | str | None = None) -> SQL:
        """The query as a sub-SELECT of one column, for ``x IN (...)``; order dropped if unbounded."""
        if self._ids is not None:
            return SQL("%s", self._ids) if self._ids else SQL("(NULL)")
        column = column or SQL.identifier(self.alias, "id")
        column = column if isinstance(column, SQL) else SQL(column)
        if self.limit is None and not self.offset:
            return SQL("(SELECT %s FROM %s WHERE %s)", column, self.from_clause, self.where_clause)
        return SQL("(%s)", self.select(column))

    def get_sql(self) -> tuple[str, str, list]:
        """``(from, where, params)`` as text, for SQL written by hand around the query."""
        from_code, from_params = self.from_clause
        where_code, where_params = self.where_clause
        return from_code, where_code, [*from_params, *where_params]

    def set_result_ids(self, ids) -> None:
        """Short-cut: the query is known to return exactly these ids."""
        self._ids = tuple(ids)

    @property
    def known_ids(self) -> tuple | None:
        """The ids this query returns when they are known without running it, else None."""
        return self._ids

    def get_result_ids(self) -> tuple:
        if self._ids is None:
            self.env.cr.execute(self.select())
            self._ids = tuple(row[0] for row in self.env.cr.fetchall())
        return self._ids

    def __iter__(self):
        return iter(self.get_result_ids())

    def __bool__(self) -> bool:
        return bool(self.get_result_ids())

    def __len__(self) -> int:
        return len(self.get_result_ids())

    @property
    def is_empty(self) -> bool:
        return self._ids == ()


def _source(table: str | SQL) -> SQL:
    """What a FROM or JOIN names: a quoted table name, or the sub-select as it is."""
    return SQL.identifier(table) if isinstance(table, str) else table


def _row_count(name: str, value) -> int:
    """``limit`` / ``offset`` as the whole number PostgreSQL takes; a negative one is refused
    here with a readable error (PostgreSQL would answer a raw driver error)."""
    count = int(value)
    if count < 0:
        raise ValueError(f"Invalid {name} {value!r}: it must be a whole number of 0 or more "
                         f"(or None/False for no {name}).")
    return count
