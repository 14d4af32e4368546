"""Evaluate a domain in Python on records already loaded (``filtered_domain``)."""
from __future__ import annotations

import fnmatch

from . import domains
from .query import Query


def filtered_domain(records, domain):
    """The records of ``records`` matching ``domain``, keeping their order."""
    if not domain or not records:
        return records
    matching = _evaluate(records, domains.normalize_domain(domain))
    return records.browse([r for r in records._ids if r in matching]).with_prefetch(records._prefetch_ids)


def _evaluate(records, tokens: list) -> set:
    stack: list[set] = []
    everything = set(records._ids)
    for token in reversed(tokens):
        if token == domains.NOT:
            stack.append(everything - stack.pop())
        elif token == domains.AND:
            stack.append(stack.pop() & stack.pop())
        elif token == domains.OR:
            stack.append(stack.pop() | stack.pop())
        elif token == domains.TRUE_LEAF:
            stack.append(set(everything))
        elif token == domains.FALSE_LEAF:
            stack.append(set())
        else:
            stack.append(_matching(records, token))
    return stack.pop()


def _matching(records, leaf) -> set:
    """The ids of ``records`` matching one domain leaf."""
    path, operator, target = leaf
    if operator in ("child_of", "parent_of"):
        # the hierarchy is looked up once for the leaf, and only when some record has a value
        values = {record._ids[0]: _values(record, path) for record in records}
        if not any(value for found in values.values() for value in found):
            return set()
        ids = target if isinstance(target, (list, tuple)) else [target]
        model = records.env[records._fields[path].comodel_name] if path != "id" else records
        if all(isinstance(i, int) for i in ids):
            related = model._hierarchy_ids_remembered(list(ids), operator)
        else:
            related = set(model._hierarchy_ids(list(ids), operator))
        return {record_id for record_id, found in values.items() if any(v in related for v in found)}
    field = records._fields.get(path) if path != "id" else None
    if field is not None and field.type not in ("one2many", "many2many") and operator in _PLAIN_OPERATORS:
        # a column of values at once, straight from the cache (no record per value)
        values = records.env.transaction.get_values(records, field)
        if field.type == "many2one":
            values = [value or False for value in values]
        else:
            first = records[:1]
            values = [field.convert_to_record(value, first) for value in values]
        target = _plain_target(target, operator)
        return {record_id for record_id, value in zip(records._ids, values)
                if _compare(value, operator, target)}
    return {r.id if r.id else r._ids[0] for r in records if _match(r, *leaf)}


#: operators compared value by value (a one-value list: "any" and "all" agree)
_PLAIN_OPERATORS = frozenset({"=", "!=", "in", "not in", "<", ">", "<=", ">=", "=?", *domains.LIKE_OPERATORS})


def _values(record, path: str) -> list:
    first, _, rest = path.partition(".")
    if first not in record._fields:
        raise ValueError(f"Invalid field {record._name}.{first} in domain")
    value = record[first]
    field = record._fields[first]
    if rest:
        return [v for sub in value for v in _values(sub, rest)] if value else []
    if field.type in ("one2many", "many2many"):
        return list(value.ids) or [False]
    if field.type == "many2one":
        return [value.id or False]
    return [value]


def _match(record, path, operator, target) -> bool:
    if operator in ("any", "not any"):
        field = record._fields[path.split(".")[0]]
        linked = record.mapped(path)
        found = bool(filtered_domain(linked, target)) if field.type else False
        return found if operator == "any" else not found
    if operator in ("child_of", "parent_of"):
        return record._ids[0] in _matching(record, (path, operator, target))
    values = _values(record, path)
    target = _plain_target(target, operator)
    return any(_compare(v, operator, target) for v in values) if operator not in domains.NEGATIVE_OPERATORS \
        else all(_compare(v, operator, target) for v in values)


def _plain_target(target, operator: str):
    """A leaf's value as ids: a recordset's (its id for one-value operators), a Query's rows."""
    if isinstance(target, Query):
        return list(target)
    if hasattr(target, "_ids"):
        return list(target._ids) if operator in ("in", "not in") else target.id
    return target


def _compare(value, operator, target) -> bool:
    if operator == "=?":
        return target in (False, None) or value == target
    if operator == "=":
        return value == target or (target is False and value in (False, None, ""))
    if operator == "!=":
        return not _compare(value, "=", target)
    if operator == "in":
        return value in target or (value in (False, None) and False in target)
    if operator == "not in":
        return value not in target
    if operator in domains.LIKE_OPERATORS:
        # the SQL semantics: '%' and '_' are wildcards, like/ilike look for the pattern anywhere;
        # an empty value (NULL) matches an empty like/ilike pattern, and any negative one
        text, pattern = str(value or ""), str(target or "")
        if value is False or value is None:
            wildcard = not operator.startswith("=")
            return (wildcard and not pattern) or (bool(pattern) and operator.startswith("not"))
        if operator.endswith("ilike"):
            text, pattern = text.lower(), pattern.lower()
        pattern = pattern.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]") \
            .replace("%", "*").replace("_", "?")
        if not operator.startswith("="):
            pattern = f"*{pattern}*"
        found = fnmatch.fnmatchcase(text, pattern)
        return found if not operator.startswith("not") else not found
    if value is False or value is None:
        return False
    if operator == "<":
        return value < target
    if operator == ">":
        return value > target
    if operator == "<=":
        return value <= target
    if operator == ">=":
        return value >= target
    raise ValueError(f"Invalid operator {operator!r} in filtered_domain")
