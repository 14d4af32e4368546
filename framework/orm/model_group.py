"""Grouping: ``_read_group`` (Odoo 17's tuple API) and the public ``read_group``."""
from __future__ import annotations

import datetime
import re

from babel.dates import format_date

from ..tools.sql import SQL
from . import api, domains
from .model_read import _ORDER_TERM

_GROUPBY = re.compile(r"^([a-z0-9_]+)(?::(day|week|month|quarter|year|hour))?$", re.IGNORECASE)
_AGGREGATE = re.compile(r"^([a-z0-9_]+):([a-z_]+)$")
_FIELD_SPEC = re.compile(r"^(\w+)(?::(\w+)(?:\((\w+)\))?)?$")    # name, name:func, name:func(field)
AGGREGATES = {
    "sum": "SUM(%s)", "avg": "AVG(%s)", "max": "MAX(%s)", "min": "MIN(%s)",
    "count": "COUNT(%s)", "count_distinct": "COUNT(DISTINCT %s)", "bool_and": "BOOL_AND(%s)",
    "bool_or": "BOOL_OR(%s)", "array_agg": "ARRAY_AGG(%s ORDER BY id)",
    "recordset": "ARRAY_AGG(%s ORDER BY id)",
}
_DISPLAY = {"day": "dd MMM yyyy", "week": "'W'w YYYY", "month": "MMMM yyyy", "quarter": "QQQ yyyy",
            "year": "yyyy", "hour": "HH:00 dd MMM"}


class GroupMixin:
    __slots__ = ()

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset: int = 0,
                    limit: int | None = None, order: str | None = None) -> list[tuple]:
        """Rows ``(group values..., aggregate values...)``; many2one groups come as records."""
        query = self._search(domain, order=False)
        group_sql = [self._read_group_groupby(spec, query) for spec in groupby]
        agg_sql = [self._read_group_aggregate(spec, query) for spec in aggregates]
        select = group_sql + agg_sql or [SQL("COUNT(*)")]
        sql = SQL("SELECT %s FROM %s WHERE %s", SQL.join(", ", select), query.from_clause,
                  query.where_clause)
        if group_sql:
            sql = SQL("%s GROUP BY %s", sql, SQL.join(", ", group_sql))
        if having:
            sql = SQL("%s HAVING %s", sql, self._read_group_having(having, query))
        order_sql = self._read_group_order(order, groupby, aggregates, group_sql, agg_sql, query)
        if order_sql:
            sql = SQL("%s ORDER BY %s", sql, order_sql)
        if limit:
            sql = SQL("%s LIMIT %s", sql, int(limit))
        if offset:
            sql = SQL("%s OFFSET %s", sql, int(offset))
        self.env.cr.execute(sql)
        rows = self.env.cr.fetchall()
        specs = list(groupby) + list(aggregates)
        return [tuple(self._read_group_postprocess(spec, value) for spec, value in zip(specs, row))
                for row in rows]

    def _read_group_field(self, name: str):
        field = self._fields.get(name)
        if field is None:
            raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
        if not field.store and not (field.inherited and field.store):
            raise ValueError(f"Field {self._name}.{name} is not stored; it cannot be grouped or aggregated")
        return field

    def _read_group_groupby(self, spec: str, query) -> SQL:
        match = _GROUPBY.match(spec)
        if not match:
            raise ValueError(f"Invalid groupby {spec!r} on {self._name}")
        fname, granularity = match.groups()
        field = self._read_group_field(fname)
        if field.type == "many2many":
            rel_alias = query.make_alias(query.alias, fname)
            query.add_join("LEFT JOIN", rel_alias, field.relation, SQL(
                "%s = %s", SQL.identifier(rel_alias, field.column1), SQL.identifier(query.alias, "id")))
            return SQL.identifier(rel_alias, field.column2)
        if field.type == "many2one":
            # grouped by the joined record's id, so that its columns can sort the groups
            comodel = self.env[field.comodel_name]
            join_alias = query.make_alias(query.alias, fname)
            query.add_join("LEFT JOIN", join_alias, comodel._table_sql, SQL(
                "%s = %s", SQL.identifier(query.alias, fname), SQL.identifier(join_alias, "id")))
            return SQL.identifier(join_alias, "id")
        column = self._field_to_sql(query.alias, fname, query)
        if field.type in ("date", "datetime"):
            granularity = (granularity or "month").lower()
            expr = SQL(f"date_trunc('{granularity}', %s::timestamp)", column)
            return SQL("%s::date", expr) if field.type == "date" else expr
        if granularity:
            raise ValueError(f"Granularity {granularity!r} needs a date field, not {field}")
        return column

    def _read_group_aggregate(self, spec: str, query) -> SQL:
        if spec == "__count":
            return SQL("COUNT(*)")
        match = _AGGREGATE.match(spec)
        if not match:
            raise ValueError(f"Invalid aggregate {spec!r} on {self._name} (expected 'field:function')")
        fname, function = match.groups()
        if function not in AGGREGATES:
            raise ValueError(f"Invalid aggregate function {function!r}; use one of {sorted(AGGREGATES)}")
        self._read_group_field(fname)
        column = self._field_to_sql(query.alias, fname, query)
        if function in ("array_agg", "recordset"):
            return SQL("ARRAY_AGG(%s ORDER BY %s)", column, SQL.identifier(query.alias, "id"))
        return SQL(AGGREGATES[function], column)

    def _read_group_having(self, having, query) -> SQL:
        parts = []
        for leaf in domains.normalize_domain(having):
            if not isinstance(leaf, tuple):
                raise ValueError("having only supports a list of conditions joined by AND")
            spec, operator, value = leaf
            if operator not in ("=", "!=", "<", ">", "<=", ">="):
                raise ValueError(f"Invalid operator {operator!r} in having {having!r}")
            parts.append(SQL(f"%s {operator} %s", self._read_group_aggregate(spec, query), value))
        return SQL.join(" AND ", parts)

    def _read_group_order(self, order, groupby, aggregates, group_sql, agg_sql, query) -> SQL | None:
        if not order:
            if not group_sql:
                return None
            terms = [self._read_group_order_term(spec, sql, "ASC", query)
                     for spec, sql in zip(groupby, group_sql)]
            return SQL.join(", ", terms)
        terms = []
        for term in order.split(","):
            parts = term.strip().split()
            if not parts:
                continue
            name = parts[0]
            direction = parts[1].upper() if len(parts) > 1 else "ASC"
            if direction not in ("ASC", "DESC"):
                raise ValueError(f"Invalid order {order!r}")
            specs = list(groupby) + list(aggregates)
            sqls = group_sql + agg_sql
            if name in groupby:
                index = list(groupby).index(name)
                terms.append(self._read_group_order_term(name, group_sql[index], direction, query))
            elif name in specs:
                terms.append(SQL(f"%s {direction}", sqls[specs.index(name)]))
            elif name in [spec.split(":")[0] for spec in groupby]:
                index = [spec.split(":")[0] for spec in groupby].index(name)
                terms.append(self._read_group_order_term(groupby[index], group_sql[index],
                                                         direction, query))
            elif _AGGREGATE.match(name) or name == "__count":
                terms.append(SQL(f"%s {direction}", self._read_group_aggregate(name, query)))
            else:
                raise ValueError(f"Invalid order {order!r}: {name!r} is neither grouped nor aggregated")
        return SQL.join(", ", terms)

    def _read_group_order_term(self, spec: str, sql: SQL, direction: str, query) -> SQL:
        """How the groups of ``spec`` sort: many2one groups by their comodel's ``_order`` (as
        Odoo), when that order uses only the comodel's own columns; others by their value."""
        field = self._fields[spec.split(":")[0]]
        if field.type == "many2one":
            comodel = self.env[field.comodel_name]
            if _own_columns_order(comodel):
                return comodel._order_to_sql(comodel._order, query, query.make_alias(query.alias, field.name),
                                             reverse=direction == "DESC")
        return SQL(f"%s {direction}", sql)

    def _read_group_postprocess(self, spec: str, value):
        fname = spec.split(":")[0]
        if spec == "__count":
            return value
        field = self._fields[fname]
        if ":" in spec and _AGGREGATE.match(spec) and spec.split(":")[1] not in _DISPLAY:
            function = spec.split(":")[1]
            if function == "recordset":
                ids = list(dict.fromkeys(v for v in value or () if v))      # no NULLs, no repeats
                return self.env[field.comodel_name].browse(ids) if field.type == "many2one" \
                    else self.browse(ids)
            if field.type in ("float", "monetary") and value is not None and function in ("sum", "avg", "max", "min"):
                return float(value)
            return value
        if field.type == "many2one":
            return self.env[field.comodel_name].browse(value) if value else self.env[field.comodel_name]
        if field.type == "many2many":
            return self.env[field.comodel_name].browse(value) if value else self.env[field.comodel_name]
        if field.type == "date" and isinstance(value, datetime.datetime):
            return value.date()
        if value is None:
            return False
        return value

    # -- public, dict-shaped API -----------------------------------------------------------------

    @api.model
    def read_group(self, domain, fields, groupby, offset: int = 0, limit: int | None = None,
                   orderby: str | bool = False, lazy: bool = True) -> list[dict]:
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        groupby_used = groupby[:1] if lazy and groupby else groupby
        aggregates, names = [], []
        for spec in fields or []:
            if spec == "__count":
                continue
            match = _FIELD_SPEC.match(spec.strip())
            if not match:
                raise ValueError(f"Invalid field specification {spec!r}")
            name, function, source = match.groups()
            source = source or name
            if source in [g.split(":")[0] for g in groupby_used]:
                continue
            field = self._fields.get(source)
            if field is None:
                raise ValueError(f"Invalid field {source!r} on model {self._name!r}")
            function = function or field.group_operator
            if not function or not field.store:
                continue
            aggregates.append(f"{source}:{function}")
            names.append(name)
        rows = self._read_group(domain, groupby_used, ["__count"] + aggregates, offset=offset,
                                limit=limit, order=_aggregate_order(orderby, dict(zip(names, aggregates))))
        count_key = f"{groupby_used[0].split(':')[0]}_count" if lazy and groupby_used else "__count"
        result = []
        for row in rows:
            groups, values = row[:len(groupby_used)], row[len(groupby_used):]
            item = {}
            group_domain = list(domain or [])
            ranges = {}
            for spec, value in zip(groupby_used, groups):
                key, leaf, rng = self._read_group_format(spec, value)
                item[spec] = key
                group_domain = domains.AND_([group_domain, leaf])
                if rng is not None:
                    ranges[spec] = rng
            item[count_key] = values[0]
            for name, value in zip(names, values[1:]):
                item[name] = value if value is not None else False
            item["__domain"] = group_domain
            if ranges:
                item["__range"] = ranges
            if lazy and len(groupby) > 1:
                item["__context"] = {"group_by": groupby[1:]}
            result.append(item)
        return result

    def _read_group_format(self, spec: str, value):
        fname, _, granularity = spec.partition(":")
        field = self._fields[fname]
        if field.type in ("many2one", "many2many"):
            if not value:
                return False, [(fname, "=", False)], None
            return (value.id, value.sudo().display_name), [(fname, "=", value.id)], None
        if field.type in ("date", "datetime"):
            if not value:
                return False, [(fname, "=", False)], None
            granularity = granularity or "month"
            start = value
            step = {"day": datetime.timedelta(days=1), "week": datetime.timedelta(weeks=1),
                    "hour": datetime.timedelta(hours=1)}.get(granularity)
            if step is not None:
                end = start + step
            else:
                months = {"month": 1, "quarter": 3, "year": 12}[granularity]
                month = start.month - 1 + months
                end = start.replace(year=start.year + month // 12, month=month % 12 + 1, day=1)
            to_str = field.to_string
            label = format_date(start if isinstance(start, datetime.date) else start.date(),
                                _DISPLAY[granularity], locale=self.env.lang or "en_US") \
                if granularity != "hour" else start.strftime("%H:00 %d %b")
            leaf = ["&", (fname, ">=", to_str(start)), (fname, "<", to_str(end))]
            return label, leaf, {"from": to_str(start), "to": to_str(end)}
        if value is None:
            return False, [(fname, "=", False)], None
        return value, [(fname, "=", value)], None


def _own_columns_order(model) -> bool:
    """True when ``model._order`` only names columns of its own table (no joins needed)."""
    for term in (model._order or "id").split(","):
        match = _ORDER_TERM.match(term)
        field = model._fields.get(match.group(1)) if match and not match.group(2) else None
        if field is None or not field.column or field.type == "many2one" or field.inherited:
            return False
    return True


def _aggregate_order(orderby, aggregate_of: dict) -> str | None:
    """``read_group``'s ``orderby`` for ``_read_group``: a term naming an aggregated field
    (``amount desc`` with ``amount:sum`` asked) sorts by that aggregate, as in Odoo."""
    if not orderby:
        return None
    terms = []
    for term in orderby.split(","):
        name, _, rest = term.strip().partition(" ")
        terms.append(f"{aggregate_of.get(name, name)} {rest}".strip())
    return ", ".join(terms)
