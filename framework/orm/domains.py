"""Domains: normalisation and compilation to SQL.

The prefix tree (``&``, ``|``, ``!``) is walked here; every leaf goes to the model's
``_condition_to_sql`` (an overridable model method, as in Odoo 17), whose default
implementation is :func:`condition_to_sql` below. Values always travel as parameters.
"""
from __future__ import annotations

import datetime
import logging

from ..logging_setup import odoo_logger_name
from ..tools.sql import SQL
from . import binary_attachments
from .query import Query

_logger = logging.getLogger(odoo_logger_name(__name__))

AND, OR, NOT = "&", "|", "!"
ARITY = {NOT: 1, AND: 2, OR: 2}
TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)
TRUE_DOMAIN = [TRUE_LEAF]
FALSE_DOMAIN = [FALSE_LEAF]

TERM_OPERATORS = ("=", "!=", "<=", "<", ">", ">=", "=?", "=like", "=ilike", "like", "not like",
                  "ilike", "not ilike", "in", "not in", "child_of", "parent_of", "any", "not any")
NEGATIVE_OPERATORS = ("!=", "not like", "not ilike", "not in", "not any")
LIKE_OPERATORS = ("like", "not like", "ilike", "not ilike", "=like", "=ilike")
_SYNONYMS = {"<>": "!=", "==": "="}


class DomainError(ValueError):
    """A domain is malformed; the message shows the offending part."""


def is_leaf(element) -> bool:
    return (isinstance(element, (list, tuple)) and len(element) == 3
            and (isinstance(element[0], str) or tuple(element) in (TRUE_LEAF, FALSE_LEAF)))


def is_operator(element) -> bool:
    return isinstance(element, str) and element in ARITY


def normalize_leaf(leaf) -> tuple:
    left, operator, right = leaf
    if not isinstance(operator, str):
        raise DomainError(f"Invalid leaf {tuple(leaf)!r}")
    operator = _SYNONYMS.get(operator.lower(), operator.lower())
    if isinstance(right, list) and operator in ("=", "!=") and isinstance(left, str) \
            and not left.endswith(("_ids",)):
        operator = "in" if operator == "=" else "not in"
    return (left, operator, right)


def normalize_domain(domain) -> list:
    """Make every implicit '&' explicit; an empty domain becomes ``[TRUE_LEAF]``."""
    if isinstance(domain, str):
        raise DomainError(f"Domains must be lists, not strings: {domain!r}")
    if not domain:
        return [TRUE_LEAF]
    result: list = []
    expected = 1
    for token in domain:
        if expected == 0:
            result.insert(0, AND)
            expected = 1
        if isinstance(token, (list, tuple)):
            if not is_leaf(token):
                raise DomainError(f"Invalid leaf {token!r} in domain {domain!r}")
            expected -= 1
            result.append(normalize_leaf(token) if isinstance(token[0], str) else tuple(token))
        elif is_operator(token):
            expected += ARITY[token] - 1
            result.append(token)
        else:
            raise DomainError(f"Invalid domain term {token!r} in {domain!r}")
    if expected != 0:
        raise DomainError(f"Domain {domain!r} is malformed: {expected} term(s) missing")
    return result


def combine(operator: str, domains: list) -> list:
    """AND or OR several domains together (``expression.AND`` / ``expression.OR``)."""
    unit, zero = (TRUE_LEAF, FALSE_LEAF) if operator == AND else (FALSE_LEAF, TRUE_LEAF)
    result, count = [], 0
    for domain in domains:
        if not domain or domain == [unit]:
            continue
        if domain == [zero]:
            return [zero]
        result += normalize_domain(domain)
        count += 1
    result = [operator] * (count - 1) + result
    return result or [unit]


#: the operator of the negated leaf (other operators keep their '!')
NEGATED_OPERATORS = {"<": ">=", ">": "<=", "<=": ">", ">=": "<", "=": "!=", "!=": "=",
                     "in": "not in", "not in": "in", "like": "not like", "not like": "like",
                     "ilike": "not ilike", "not ilike": "ilike", "any": "not any", "not any": "any"}


def distribute_not(domain) -> list:
    """``domain`` with every '!' pushed down to the leaves (``expression.distribute_not``):
    '!' of '&' is '|' of the negations (and the other way round), '!' of '!' cancels, a
    negated leaf takes the opposite operator (``NEGATED_OPERATORS``) or keeps its '!'."""
    tokens = iter(normalize_domain(domain))
    result: list = []

    def walk(negate: bool) -> None:
        token = next(tokens)
        if token == NOT:
            walk(not negate)
        elif token in (AND, OR):
            result.append({AND: OR, OR: AND}[token] if negate else token)
            walk(negate)
            walk(negate)
        elif not negate:
            result.append(token)
        elif tuple(token) in (TRUE_LEAF, FALSE_LEAF):
            result.append(FALSE_LEAF if tuple(token) == TRUE_LEAF else TRUE_LEAF)
        elif token[1] in NEGATED_OPERATORS:
            result.append((token[0], NEGATED_OPERATORS[token[1]], token[2]))
        else:
            result.extend((NOT, token))

    walk(False)
    return result


def AND_(domains: list) -> list:
    return combine(AND, domains)


def OR_(domains: list) -> list:
    return combine(OR, domains)


def domain_to_sql(model, domain, alias: str, query) -> SQL:
    """Compile a domain on ``model`` (table aliased ``alias``) into one SQL condition."""
    stack: list[SQL] = []
    for token in reversed(normalize_domain(domain)):
        if token == NOT:
            stack.append(SQL("(NOT %s)", stack.pop()))
        elif token in (AND, OR):
            glue = " AND " if token == AND else " OR "
            left, right = stack.pop(), stack.pop()
            stack.append(SQL(f"(%s{glue}%s)", left, right))
        elif token == TRUE_LEAF:
            stack.append(SQL("TRUE"))
        elif token == FALSE_LEAF:
            stack.append(SQL("FALSE"))
        else:
            left, operator, right = token
            if operator not in TERM_OPERATORS:
                raise DomainError(f"Invalid leaf {tuple(token)!r}")
            stack.append(model._condition_to_sql(alias, left, operator, right, query))
    return stack.pop()


# -- leaves --------------------------------------------------------------------------------------

def condition_to_sql(model, alias: str, path: str, operator: str, value, query) -> SQL:
    """Default compilation of one leaf ``(path, operator, value)`` on ``model``."""
    fname, _, rest = path.partition(".")
    field = model._fields.get(fname)
    if field is None:
        raise ValueError(f"Invalid field {model._name}.{fname} in leaf {(path, operator, value)!r}")
    if operator == "=?":
        if value is False or value is None:
            return SQL("TRUE")
        operator = "="
    if not field.store or field.inherited:
        return _non_stored(model, alias, field, rest, operator, value, query)
    if rest:
        if field.type not in ("many2one", "one2many", "many2many"):
            raise ValueError(f"Invalid path {path!r} on {model._name}: {fname} is not relational")
        return _relational_any(model, alias, field, "any", [(rest, operator, value)])
    if operator in ("any", "not any"):
        if field.type not in ("many2one", "one2many", "many2many"):
            raise ValueError(f"Operator {operator!r} needs a relational field, not {field}")
        return _relational_any(model, alias, field, operator, value)
    if operator in ("child_of", "parent_of"):
        return _hierarchy(model, alias, field, operator, value)
    if field.type in ("one2many", "many2many"):
        return _x2many(model, alias, field, operator, value)
    if field.type == "binary" and not field.column:
        return binary_attachments.search_condition(model, alias, field, operator, value)
    if field.type == "many2one" and _is_name_value(operator, value):
        return _many2one_by_name(model, alias, field, operator, value)
    return _column_condition(model, alias, field, operator, value)


def _is_name_value(operator, value) -> bool:
    if isinstance(value, str):
        return True
    return operator in ("in", "not in") and isinstance(value, (list, tuple)) and \
        any(isinstance(v, str) for v in value)


def _non_stored(model, alias, field, rest, operator, value, query) -> SQL:
    if field.related and (rest or field.search == "_search_related"):
        target = ".".join(f.name for f in field._related_fields)
        return domain_to_sql(model, [(f"{target}.{rest}" if rest else target, operator, value)],
                             alias, query)
    if field.search:
        if rest:
            operator, value = "any", [(rest, operator, value)]
        method = field.search if callable(field.search) else getattr(model, field.search)
        domain = method(model, operator, value) if callable(field.search) and \
            not isinstance(field.search, str) else method(operator, value)
        return domain_to_sql(model, domain, alias, query)
    # as Odoo 17: logged as an error, and the condition left out (the search is broader)
    _logger.error("Non-stored field %s.%s cannot be searched: the condition %r is ignored "
                  "(give the field store=True or a search method)", model._name, field.name,
                  (field.name, operator, value))
    return SQL("TRUE")


def _relational_any(model, alias, field, operator, subdomain) -> SQL:
    comodel = model.env[field.comodel_name]
    if field.type == "many2one":
        # a many2one value counts even when archived
        sub = comodel.with_context(active_test=False)._search(subdomain)
    else:
        # x2many values hide archived records (unless the context says otherwise): so does this
        context = field.context if isinstance(field.context, dict) else {}
        sub = comodel.with_context(**context)._search(subdomain)
    negate = operator == "not any"
    if field.type == "many2one":
        column = SQL.identifier(alias, field.name)
        if negate:
            return SQL("(%s IS NULL OR %s NOT IN %s)", column, column, sub.subselect())
        return SQL("%s IN %s", column, sub.subselect())
    ids_in = _x2many_owner_ids(model, field, sub.subselect())
    return SQL(f"%s {'NOT IN' if negate else 'IN'} %s", SQL.identifier(alias, "id"), ids_in)


def _x2many_owner_ids(model, field, target_ids: SQL) -> SQL:
    """Sub-SELECT of the ids of ``model`` linked through ``field`` to ``target_ids``."""
    comodel = model.env[field.comodel_name]
    if field.type == "one2many":
        inverse = SQL.identifier(field.inverse_name)
        model_field = field.reference_model_field(comodel)
        if model_field:         # res_id of (model, res_id): the lines of this model only
            return SQL("(SELECT %s FROM %s WHERE %s IS NOT NULL AND %s = %s AND id IN %s)",
                       inverse, SQL.identifier(comodel._table), inverse,
                       SQL.identifier(model_field), model._name, target_ids)
        return SQL("(SELECT %s FROM %s WHERE %s IS NOT NULL AND id IN %s)", inverse,
                   SQL.identifier(comodel._table), inverse, target_ids)
    return SQL("(SELECT %s FROM %s WHERE %s IN %s)", SQL.identifier(field.column1),
               SQL.identifier(field.relation), SQL.identifier(field.column2), target_ids)


def _x2many(model, alias, field, operator, value) -> SQL:
    comodel = model.env[field.comodel_name]
    id_column = SQL.identifier(alias, "id")
    if value is False or value is None or value == []:
        positive = operator in ("=", "in")
        if operator not in ("=", "!=", "in", "not in"):
            raise ValueError(f"Operator {operator!r} with False is not supported on {field}")
        linked = _x2many_owner_ids(model, field, SQL("(SELECT id FROM %s)", SQL.identifier(comodel._table)))
        return SQL(f"%s {'NOT IN' if positive else 'IN'} %s", id_column, linked)
    if _is_name_value(operator, value) or operator in LIKE_OPERATORS:
        sub = comodel.with_context(active_test=False)._search(_name_domain(comodel, operator, value))
        negative = operator in NEGATIVE_OPERATORS
        linked = _x2many_owner_ids(model, field, sub.subselect())
        return SQL(f"%s {'NOT IN' if negative else 'IN'} %s", id_column, linked)
    negative = operator in ("!=", "not in")
    if operator not in ("=", "!=", "in", "not in"):
        raise ValueError(f"Operator {operator!r} is not supported on {field} with ids")
    if isinstance(value, Query):
        targets = value.subselect()
    else:
        ids = value if isinstance(value, (list, tuple)) else [value]
        ids = tuple(v.id if hasattr(v, "_ids") else v for v in ids)
        targets = SQL("%s", ids) if ids else SQL("(NULL)")
    linked = _x2many_owner_ids(model, field, targets)
    return SQL(f"%s {'NOT IN' if negative else 'IN'} %s", id_column, linked)


def _name_domain(comodel, operator, value) -> list:
    """The comodel domain ``name_search`` would use for ``value``."""
    if operator in ("in", "not in"):
        operator = "=" if operator == "in" else "!="
        leaves = [[(name, operator if operator == "=" else "=", v) for name in _search_names(comodel)]
                  for v in value]
        ors = []
        for group in leaves:
            ors.append(["|"] * (len(group) - 1) + group)
        domain = ["|"] * (len(ors) - 1) + [leaf for group in ors for leaf in group]
        return ["!"] + domain if operator == "!=" else domain
    positive = {"!=": "=", "not like": "like", "not ilike": "ilike"}.get(operator, operator)
    names = _search_names(comodel)
    domain = ["|"] * (len(names) - 1) + [(name, positive, value) for name in names]
    return domain


def _search_names(comodel) -> list[str]:
    return list(comodel._rec_names_search or [comodel._rec_name or "id"])


def _many2one_by_name(model, alias, field, operator, value) -> SQL:
    comodel = model.env[field.comodel_name]
    sub = comodel.with_context(active_test=False)._search(_name_domain(comodel, operator, value))
    column = SQL.identifier(alias, field.name)
    if operator in NEGATIVE_OPERATORS:
        return SQL("(%s IS NULL OR %s NOT IN %s)", column, column, sub.subselect())
    return SQL("%s IN %s", column, sub.subselect())


def _hierarchy(model, alias, field, operator, value) -> SQL:
    comodel = model if field.name == "id" else model.env[field.comodel_name]
    if field.type not in ("many2one", "one2many", "many2many", "integer"):
        raise ValueError(f"Operator {operator!r} needs a relational field, not {field}")
    if isinstance(value, str) or (isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value)):
        name_domain = _name_domain(comodel, "ilike" if isinstance(value, str) else "in", value)
        ids = comodel.with_context(active_test=False)._search(name_domain).get_result_ids()
    else:
        ids = value if isinstance(value, (list, tuple)) else [value]
        ids = [v.id if hasattr(v, "_ids") else v for v in ids if v]
    if field.name == "id" or field.type == "many2one":
        # one query: the recursive walk runs inside it (a rule like company_id parent_of
        # company_ids costs no round trip of its own)
        if not ids:
            return SQL("FALSE")
        return SQL("%s IN (%s)", SQL.identifier(alias, field.name),
                   comodel._hierarchy_query(list(ids), operator))
    related_ids = comodel._hierarchy_ids(list(ids), operator)
    return condition_to_sql(model, alias, field.name, "in", list(related_ids), None)


NUMERIC_TYPES = ("integer", "float", "monetary")
_COMPARE = {"=": lambda a, b: a == b, "<": lambda a, b: a < b, ">": lambda a, b: a > b,
            "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


def _column_condition(model, alias, field, operator, value) -> SQL:
    column = model._field_to_sql(alias, field.name)
    if field.type == "datetime" and value:
        value = _day_bound(operator, value)
    if operator in ("in", "not in"):
        return _in_condition(model, field, column, operator, value)
    if field.type == "boolean" and operator in ("=", "!="):
        truth = bool(value) == (operator == "=")
        return SQL("%s = TRUE", column) if truth else SQL("(%s IS NULL OR %s = FALSE)", column, column)
    if value is False or value is None:
        if operator == "=":
            return SQL("%s IS NULL", column)
        if operator == "!=":
            return SQL("%s IS NOT NULL", column)
        if operator not in LIKE_OPERATORS:
            return SQL("FALSE")
    if operator in LIKE_OPERATORS:
        return _like_condition(column, field, operator, value)
    if hasattr(value, "_ids"):
        value = value.id
    param = _to_param(model, field, value)
    numeric = field.type in NUMERIC_TYPES and isinstance(param, (int, float))
    if operator == "!=":
        if numeric and param == 0:                       # NULL reads as 0: it is not "!= 0"
            return SQL("%s != %s", column, param)
        return SQL("(%s != %s OR %s IS NULL)", column, param, column)
    if numeric and _COMPARE[operator](0, param):         # NULL reads as 0 and 0 matches
        return SQL(f"(%s {operator} %s OR %s IS NULL)", column, param, column)
    return SQL(f"%s {operator} %s", column, param)


def _in_condition(model, field, column, operator, value) -> SQL:
    if isinstance(value, Query):          # ('partner_id', 'in', Partner._search(...)): a sub-SELECT
        if operator == "in":
            return SQL("%s IN %s", column, value.subselect())
        return SQL("(%s IS NULL OR %s NOT IN %s)", column, column, value.subselect())
    if hasattr(value, "_ids"):
        value = list(value._ids)
    if not isinstance(value, (list, tuple, set, frozenset)):
        value = [value]
    has_null = any(v is False or v is None for v in value)
    params = tuple(_to_param(model, field, v) for v in value if v is not False and v is not None)
    if field.type == "boolean":
        params = tuple(bool(v) for v in params)
        if False in params:
            has_null = True
    elif field.type in NUMERIC_TYPES and 0 in params:    # NULL reads as 0
        has_null = True
    if operator == "in":
        base = SQL("%s IN %s", column, params) if params else SQL("FALSE")
        return SQL("(%s OR %s IS NULL)", base, column) if has_null else base
    base = SQL("%s NOT IN %s", column, params) if params else SQL("TRUE")
    if has_null:
        return SQL("(%s AND %s IS NOT NULL)", base, column)
    return SQL("(%s OR %s IS NULL)", base, column) if params else base


def _like_condition(column, field, operator, value) -> SQL:
    """As Odoo: the pattern is used as given (``%`` and ``_`` stay wildcards); ``like`` and
    ``ilike`` wrap it in ``%``; an empty pattern matches every row, NULL included."""
    text = "" if value is False or value is None else str(value)
    wildcard = operator not in ("=like", "=ilike")
    sql_op = {"like": "LIKE", "not like": "NOT LIKE", "ilike": "ILIKE", "not ilike": "NOT ILIKE",
              "=like": "LIKE", "=ilike": "ILIKE"}[operator]
    if field.type not in ("char", "text", "html", "selection"):
        column = SQL("CAST(%s AS VARCHAR)", column)
    sql = SQL(f"%s {sql_op} %s", column, f"%{text}%" if wildcard else text)
    if (wildcard and not text) or (text and operator.startswith("not")):
        return SQL("(%s OR %s IS NULL)", sql, column)
    return sql


def _day_bound(operator: str, value):
    """A date given for a datetime means the day's first second, or its last for '>' and '<='."""
    late = operator in (">", "<=")
    if isinstance(value, str) and len(value) == 10:
        return value + (" 23:59:59" if late else " 00:00:00")
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime.combine(value, datetime.time.max if late else datetime.time.min)
    return value


def _to_param(model, field, value):
    if field.type in ("many2one", "integer", "many2one_reference") and isinstance(value, bool):
        return int(value)
    if field.type in ("date", "datetime") and isinstance(value, str):
        return field.convert_to_cache(value, model, validate=False)
    if field.type in ("char", "text", "html", "selection") and not isinstance(value, str):
        return str(value)
    if field.type in ("float", "monetary", "integer") and isinstance(value, str):
        try:
            return float(value) if field.type != "integer" else int(value)
        except ValueError:
            raise ValueError(f"Wrong value {value!r} for {field} in a domain (expected a number)") from None
    return value
