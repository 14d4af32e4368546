"""The big lists of the payload (products, customers) read with one SELECT each.

``search_read`` builds every value through the ORM's cache, record by record: seconds for
20,000 products, most of it in the fields products inherit from their template and in the
computed ones. ``fast_read(model, query, names)`` gives the rows ``model.search_read`` gives
(as JSON: dates are text), adding the columns to the SELECT of ``model._search`` (so its
domain, record rules, order and limit hold):

* a stored column of the model, or of the record a related field follows (one join), is
  selected directly, a translated one in the environment's language as the ORM selects it,
  a date or time as the text the JSON answer carries (not a ``datetime``: the rows are for
  the wire);
* a many2one is ``[id, display_name]`` with the names read as the ORM reads them, once per
  distinct value (``names_of``: a caller may give faster names for a big comodel);
* a one2many or many2many is read as the ORM fetches it (its comodel's rules, one query),
  the archived targets left out as ``read`` leaves them out;
* a company-dependent field of a plain type is read from its ``ir.property`` rows at once
  (``company_values``);
* any other field (computed...) is read by the ORM for these records, without checking the
  record rules again (the query holds them).

Callers give the computed fields they can make exactly from the columns themselves
(``pos_session_payload.py``: a product's name and price when it has no variant values).
"""
from __future__ import annotations

from odoo import fields
from odoo.addons.base.models.ir_property import TYPE_COLUMNS, from_column
from odoo.fields import Field
from odoo.tools import SQL
from odoo.tools.sql import int_array

#: field types read as their column's value (through the field's own conversion)
PLAIN_TYPES = ("char", "text", "html", "selection", "boolean", "integer", "float", "monetary", "date",
               "datetime")


#: company-dependent field types read from their ``ir.property`` rows (``company_values``)
COMPANY_TYPES = ("char", "text", "selection", "boolean", "integer", "float", "monetary", "many2one")

#: dates and times selected as the text the JSON answers carry (Odoo's ``json_default``)
WIRE_FORMATS = {"datetime": "YYYY-MM-DD HH24:MI:SS", "date": "YYYY-MM-DD"}

#: fields of these exact classes are selected as the value ``read`` gives (NULL as false, 0,
#: 0.0; a float as a Python float): their column needs no conversion in Python
READY_IN_SQL = {fields.Boolean: "COALESCE(%s, false)", fields.Integer: "COALESCE(%s, 0)",
                fields.Float: "COALESCE(%s, 0)::float8"}


def _none_to_false(values):
    return [False if value is None else value for value in values]


class _Plan:
    """Where each field of one read comes from: ``columns`` (name, field, SQL), ``x2many``
    (name, field, its owner model, the link column or None), ``orm`` (names), ``joins``
    (link column: (comodel, alias)) for fields related through one stored many2one."""

    def __init__(self, model, names, query):
        self.model, self.query, self.alias = model, query, query.alias
        self.columns: list = []
        self.x2many: list = []
        self.company: list = []
        self.orm: list = []
        self.ready: set = set()         # names of columns selected as read gives them
        self.joins: dict = {}
        for name in names:
            if name != "id":
                self._place(name, model._fields[name])

    def _place(self, name, field) -> None:
        model, owner, link = self.model, self.model, None
        if field.company_dependent and field.type in COMPANY_TYPES and not field.related \
                and not getattr(field, "inherited", False):
            self.company.append((name, field))
            return
        if field.related and not field.column:
            link, _dot, target = field.related.partition(".")
            link_field = model._fields.get(link)
            if "." in target or link_field is None or link_field.type != "many2one" or not link_field.column:
                self.orm.append(name)
                return
            owner = model.env[link_field.comodel_name]
            field_there = owner._fields.get(target)
            if field_there is None or field_there.type != field.type or field.groups != field_there.groups:
                self.orm.append(name)
                return
            field, name_there = field_there, target
        else:
            name_there = name
        if field.type in ("one2many", "many2many"):
            if field.compute or field.related:
                self.orm.append(name)
            else:
                self.x2many.append((name, field, owner, link))
            return
        plain = field.type in PLAIN_TYPES and (not getattr(field, "translate", False) or field.translate is True)
        if not field.column or not (plain or field.type == "many2one") or field.company_dependent:
            self.orm.append(name)
            return
        alias = self.alias
        if link:
            # the alias the ORM gives this join (its ORDER BY may have made it already)
            alias = self.joins.setdefault(link, (owner, self.query.make_alias(self.alias, link)))[1]
        column = owner._field_to_sql(alias, name_there)
        if field.type in WIRE_FORMATS:         # as the JSON answer writes it (json_default)
            column = SQL("to_char(%s, %s)", column, WIRE_FORMATS[field.type])
        elif type(field) in READY_IN_SQL:
            column = SQL(READY_IN_SQL[type(field)], column)
            self.ready.add(name)
        self.columns.append((name, field, column))


def fast_read(model, query, names: list, names_of=None, computed=None, helpers=(), names_sql=None,
              extra=None) -> list:
    """``[{"id": ..., name: value}]`` of the records ``query`` selects (``model._search``: its
    domain, record rules, order and limit), in its order (see the module docstring).

    ``names_of``: ``{field name: function(ids) -> {id: display_name}}`` for many2one values.
    ``names_sql``: ``{field name: function(alias) -> SQL}``, the display name of a many2one
    column of the model computed by PostgreSQL on its target's row (joined as ``alias``, the
    ORM's alias for that link) in the same SELECT (NULL for no name).
    ``computed``: ``{field name: function(ids, columns) -> [value or NotImplemented per id]}``,
    called with the values read so far (``{name: [value per id]}``); NotImplemented leaves
    the value to the ORM.
    ``helpers``: fields read for those functions, left out of the rows returned.
    ``extra``: ``{key: function(ids, columns) -> [value per id]}``, keys that are not fields
    added to each row after ``names`` (called once all the fields are read).
    """
    model.check_access_rights("read")
    model.check_field_access_rights("read", [name for name in names if name != "id"])
    model.env.flush_all()
    names_of, computed = names_of or {}, computed or {}
    main = query.alias
    plan = _Plan(model, [name for name in dict.fromkeys([*names, *helpers]) if name not in computed], query)
    env, cr = model.env, model.env.cr
    named = [(name, function) for name, function in (names_sql or {}).items()
             if any(name == column and field.type == "many2one" and model._fields[name] is field
                    for column, field, _sql in plan.columns)]
    name_columns = []
    for name, function in named:
        comodel = env[model._fields[name].comodel_name]
        alias = plan.joins.setdefault(name, (comodel, query.make_alias(main, name)))[1]
        name_columns.append(function(alias))
    for link, (comodel, alias) in plan.joins.items():
        query.add_join("LEFT JOIN", alias, comodel._table,
                       SQL("%s = %s", SQL.identifier(alias, "id"), SQL.identifier(main, link)))
    links = list(plan.joins)
    links += [link for _name, _field, _owner, link in plan.x2many if link and link not in links]
    selected = [SQL.identifier(main, "id")] + [column for _name, _field, column in plan.columns] + \
        [SQL.identifier(main, link) for link in links] + name_columns
    cr.execute(query.select(*selected))
    fetched = cr.fetchall()
    if not fetched:
        return []
    by_column = list(zip(*fetched))
    row_ids = list(by_column[0])
    link_values = dict(zip(links, by_column[1 + len(plan.columns):]))
    names_read = dict(zip([name for name, _function in named], by_column[1 + len(plan.columns) + len(links):]))
    columns: dict = {"id": row_ids}
    for index, (name, field, _sql) in enumerate(plan.columns, start=1):
        values = by_column[index]
        if name in names_read:
            columns[name] = _many2one_pairs(values, names_read[name])
        elif field.type == "many2one":
            columns[name] = _many2one_values(env, field, values, names_of.get(name))
        elif name in plan.ready:
            columns[name] = values
        else:
            columns[name] = _plain_values(model, field, values, row_ids)
    for name, field in plan.company:
        values = company_column(env, model._name, name, row_ids)
        if field.type == "many2one":
            columns[name] = _many2one_values(env, field, [value.id or None for value in values], names_of.get(name))
        else:
            columns[name] = values
    asked: dict = {}            # per link: its distinct values, sorted (several fields share one)
    for name, field, owner, link in plan.x2many:
        keys = link_values[link] if link else row_ids
        if link not in asked:
            asked[link] = sorted({key for key in keys if key})
        values = _x2many_values(owner, field, asked[link])
        columns[name] = [values.get(key, []) for key in keys]
    for name, function in computed.items():
        columns[name] = function(row_ids, columns)
    for name in (*plan.orm, *computed):
        column = columns.setdefault(name, [NotImplemented] * len(row_ids))
        missing = [index for index, value in enumerate(column) if value is NotImplemented]
        if missing:
            # the rows come from ``query``, whose WHERE holds the record rules: read them
            # without checking the rules again in Python (``read`` would, record by record)
            records = model.browse([row_ids[index] for index in missing])
            field = model._fields[name]
            if field.store and (field.column or field.type in ("one2many", "many2many")):
                records._fetch_fields(records._ids, [field])        # one query, not one per 1,000
            for index, values in zip(missing, records._read_checked([name], _fetched=True)):
                column[index] = values[name]
    keys = [name for name in dict.fromkeys(["id", *names]) if name in columns]
    for key, function in (extra or {}).items():
        if key not in keys:
            keys.append(key)
        columns[key] = function(row_ids, columns)
    return [dict(zip(keys, values)) for values in zip(*(columns[key] for key in keys))]


def _plain_values(model, field, values, row_ids) -> list:
    if getattr(field, "translate", False) or field.type in WIRE_FORMATS:
        return _none_to_false(values)
    if type(field).convert_from_column is not Field.convert_from_column:
        convert = field.convert_from_column
        values = [convert(value) for value in values]
    plain = field._plain_read()
    if plain is not None:
        return plain(values)
    return field.convert_to_read_many(values, model.browse(row_ids))


def _many2one_values(env, field, values, names_of) -> list:
    distinct = sorted({value for value in values if value})
    if names_of is not None:
        names = names_of(distinct)
    else:
        records = env[field.comodel_name].sudo().browse(distinct).exists()
        names = {record.id: record.display_name or False for record in records}
    pairs = {value: [value, name] for value, name in names.items()}      # one list per value
    return [pairs.get(value, False) for value in values]


def _many2one_pairs(values, names) -> list:
    """``[id, name]`` per row (False for no value; a name NULL reads False), one list per
    distinct value as ``_many2one_values`` makes them."""
    pairs: dict = {}
    for value, name in zip(values, names):
        if value and value not in pairs:
            pairs[value] = [value, name if name is not None else False]
    return [pairs.get(value, False) if value else False for value in values]


def _x2many_values(owner, field, keys: list) -> dict:
    """``{owner id: [target ids]}`` of the owners ``keys`` (distinct, sorted) as ``read`` gives
    them: the comodel's rules and order, the archived targets left out when ``active_test`` is
    on (for more than ``BIG_KEYS`` keys, other owners of their range may come too)."""
    context = field.context if isinstance(field.context, dict) else {}
    comodel = owner.env[field.comodel_name].with_context(**{"active_test": False, **context})
    active = comodel._active_name
    hide_archived = active and context.get("active_test", owner.env.context.get("active_test", True))
    if field.type == "many2many":
        return _many2many_values(comodel, field, keys, hide_archived)
    query = comodel._search(field.get_domain_list(comodel), order=comodel._order)
    owner_column = SQL.identifier(query.alias, field.inverse_name)
    query.add_where(keys_condition(owner_column, keys))      # more owners may come: not asked for
    if hide_archived:
        query.add_where(SQL.identifier(query.alias, active))
    owner.env.cr.execute(query.select(owner_column, SQL.identifier(query.alias, "id")))
    result: dict = {}
    for key, target in owner.env.cr.fetchall():
        result.setdefault(key, []).append(target)
    return result


def _many2many_values(comodel, field, keys, hide_archived) -> dict:
    """``_x2many_values`` of a many2many, in two queries: its link rows as the table holds
    them (no join, no sort over every row), then the targets they name that the comodel's
    domain, rules and ``active`` let through, in the comodel's order, which orders each
    owner's targets (a sort of the few targets, not of every link)."""
    cr = comodel.env.cr
    cr.execute(SQL("SELECT %s, %s FROM %s WHERE %s", SQL.identifier(field.column1), SQL.identifier(field.column2),
                   SQL.identifier(field.relation), keys_condition(SQL.identifier(field.column1), keys)))
    links = cr.fetchall()
    if not links:
        return {}
    query = comodel._search(field.get_domain_list(comodel), order=comodel._order)
    query.add_where(SQL("%s = ANY(%s::int[])", SQL.identifier(query.alias, "id"),
                        int_array(sorted({target for _key, target in links}))))
    if hide_archived:
        query.add_where(SQL.identifier(query.alias, comodel._active_name))
    cr.execute(query.select(SQL.identifier(query.alias, "id")))
    rank = {target: index for index, (target,) in enumerate(cr.fetchall())}
    result: dict = {}           # other owners of the keys' range may come: the caller asks by key
    for key, target in links:
        if target in rank:
            targets = result.get(key)
            if targets is None:
                result[key] = [target]
            else:
                targets.append(target)
    for targets in result.values():
        if len(targets) > 1:
            targets.sort(key=rank.__getitem__)
    return result


def company_values(env, model: str, name: str, ids: list) -> dict:
    """``{id: value}`` of the company-dependent field ``name``, as ``ir.property._get_multi``
    gives them, read as ``company_column`` reads them."""
    kind = env[model]._fields[name].type
    raws = _company_raw_values(env, model, name)
    if raws is None:
        return env["ir.property"].sudo()._get_multi(name, model, ids)
    raw_default, raw_values = raws
    if kind == "many2one":
        wanted = {record_id: raw_values[record_id] for record_id in ids if record_id in raw_values}
        return env["ir.property"].sudo()._many2one_values(model, name, ids, raw_default, wanted)
    return dict(zip(ids, _converted(kind, ids, raw_default, raw_values)))


def company_column(env, model: str, name: str, ids: list) -> list:
    """The values of the company-dependent field ``name`` for ``ids``, in their order (a
    many2one's as records), as ``ir.property._get_multi`` gives them."""
    kind = env[model]._fields[name].type
    raws = _company_raw_values(env, model, name) if kind != "many2one" else None
    if raws is None:
        values = company_values(env, model, name, ids)
        return [values[record_id] for record_id in ids]
    return _converted(kind, ids, *raws)


def company_many2one_ids(env, model: str, name: str, ids: list) -> list:
    """The target ids (False for none) of the company-dependent many2one ``name`` for ``ids``,
    in their order, as ``ir.property._get_multi`` gives them (targets deleted since left out)."""
    raws = _company_raw_values(env, model, name)
    if raws is None:
        values = company_values(env, model, name, ids)
        return [values[record_id].id or False for record_id in ids]
    raw_default, raw_values = raws
    present = [record_id for record_id in ids if record_id in raw_values] if raw_values else []
    records = env["ir.property"].sudo()._many2one_values(
        model, name, present, raw_default, {record_id: raw_values[record_id] for record_id in present})
    default = records[None].id or False
    if not present:
        return [default] * len(ids)
    own = {record_id: records[record_id].id or False for record_id in present}
    return [own.get(record_id, default) for record_id in ids]


def _converted(kind: str, ids: list, raw_default, raw_values: dict) -> list:
    convert = from_column(kind)
    default, get, missing = convert(raw_default), raw_values.get, _MISSING
    return [default if (raw := get(record_id, missing)) is missing else convert(raw) for record_id in ids]


_MISSING = object()


def _company_raw_values(env, model: str, name: str) -> tuple | None:
    """(the default's raw value, ``{record id: raw value}``) of the field's ``ir.property``
    rows in ``env.company`` (its own rows over the shared ones), selected by their model's
    prefix rather than by a list of every record (``res_id = ANY(20,000 texts)`` costs more
    than reading them all); None when the field has no row of its own (``_get_multi``
    answers). The shared rows and the company's are two SELECTs, neither sorted (one
    sorted by company costs more than both)."""
    properties = env["ir.property"].sudo()
    field_id = properties._field_id(model, name)
    kind = env[model]._fields[name].type
    if not field_id or kind not in TYPE_COLUMNS:
        return None
    properties.flush_model()
    prefix = f"{model},"
    select = SQL("SELECT substr(res_id, %s), %s FROM ir_property WHERE fields_id = %s "
                 "AND (res_id IS NULL OR left(res_id, %s) = %s)",
                 len(prefix) + 1, SQL.identifier(TYPE_COLUMNS[kind]), field_id, len(prefix), prefix)
    raw_default, raw_values = None, {}
    for company in (SQL("company_id IS NULL"), SQL("company_id = %s", env.company.id)):
        env.cr.execute(SQL("%s AND %s", select, company))
        rows = dict(env.cr.fetchall())         # {the id's text, None for the default: raw value}
        if None in rows:
            raw_default = rows.pop(None)
        if all(map(str.isdecimal, rows)):
            raw_values.update(zip(map(int, rows), rows.values()))
        else:
            raw_values.update((int(text), raw) for text, raw in rows.items() if text.isdecimal())
    return raw_default, raw_values


#: a list of more ids than this is given to PostgreSQL as their range (``keys_condition``)
BIG_KEYS = 1000


def keys_condition(column: SQL, keys: list) -> SQL:
    """``column = ANY(keys)``, or for more than ``BIG_KEYS`` keys (sorted) ``column BETWEEN`` the
    first and the last, the caller keeping the rows of its keys: PostgreSQL plans an ``ANY``
    of a literal array by estimating every element (40 ms for 20,000 ids, where running the
    query takes 6 ms); the range costs at most a scan of the rows between them."""
    if len(keys) > BIG_KEYS:
        return SQL("%s BETWEEN %s AND %s", column, keys[0], keys[-1])
    return SQL("%s = ANY(%s::int[])", column, int_array(keys))


# -- what the payload's products and customers compute ------------------------------------------------

def product_computed(products) -> tuple[dict, list, dict]:
    """(computed, helpers, names_sql) for ``fast_read`` of POS products: the name and price of
    a variant without attribute values are its template's (with the reference when the
    context shows it), as ``product.product`` computes them; the others are left to the ORM.
    Not when the context asks prices in another unit (``uom``)."""
    env = products.env
    if env.context.get("uom"):
        return {}, [], {}
    show_code = env.context.get("display_default_code", True)
    memo: dict = {}

    def plain_ids(ids) -> set:
        if "plain" not in memo:
            env.cr.execute(SQL("SELECT DISTINCT product_product_id FROM product_variant_combination WHERE %s",
                               keys_condition(SQL.identifier("product_product_id"), sorted(ids))))
            memo["plain"] = set(ids) - {row[0] for row in env.cr.fetchall()}
        return memo["plain"]

    def display_name(ids, columns) -> list:
        plain = plain_ids(ids)
        return [NotImplemented if row_id not in plain or not name else
                (f"[{code}] {name}" if show_code and code else name)
                for row_id, name, code in zip(ids, columns["name"], columns["default_code"])]

    def lst_price(ids, columns) -> list:
        plain = plain_ids(ids)
        return [price if row_id in plain else NotImplemented for row_id, price in zip(ids, columns["list_price"])]

    def standard_price(ids, columns) -> list:
        return [value or 0.0 for value in company_column(env, "product.product", "standard_price", ids)]

    def template_name(alias) -> SQL:
        """A template's display name: ``[code] name``, the name alone without a code."""
        name = env["product.template"]._field_to_sql(alias, "name")
        code = SQL.identifier(alias, "default_code")
        return SQL("CASE WHEN COALESCE(%s, '') = '' THEN NULL WHEN COALESCE(%s, '') = '' THEN %s "
                   "ELSE '[' || %s || '] ' || %s END", name, code, name, code, name)

    computed = {"display_name": display_name, "lst_price": lst_price}
    if products._fields["standard_price"].company_dependent:
        computed["standard_price"] = standard_price
    return computed, ["name", "default_code", "list_price"], {"product_tmpl_id": template_name}


def partner_computed(partners) -> tuple[dict, list, dict]:
    """(computed, helpers, names_sql) for ``fast_read`` of customers: their pricelist, as
    ``res.partner`` computes it. It depends only on the partner's own pricelist and country,
    so ``_get_partner_pricelist_multi`` runs on one partner of each such pair."""
    env = partners.env
    if "property_product_pricelist" not in partners._fields or "product.pricelist" not in env:
        return {}, [], {}

    def pricelist(ids, columns) -> list:
        own_ids = company_many2one_ids(env, "res.partner", "specific_property_product_pricelist", ids)
        keys = list(zip(own_ids, [country and country[0] for country in columns["country_id"]]))
        # the first partner of each (own pricelist, country) pair, in the rows' order
        first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))
        chosen = env["product.pricelist"]._get_partner_pricelist_multi([ids[index] for index in sorted(first.values())])
        pricelists = env["product.pricelist"].sudo()
        pairs = {}
        for key, index in first.items():
            record = chosen.get(ids[index]) or pricelists.browse(key[0] or ())
            pairs[key] = [record.id, record.sudo().display_name or False] if record else False
        return list(map(pairs.__getitem__, keys))

    return {"property_product_pricelist": pricelist}, ["country_id"], {}
