"""Company-dependent values (``ir.property``): the storage of ``company_dependent`` fields.

A row holds the value of one field for one record (``res_id`` "model,id") in one company, or,
without a record, the field's default in that company (or in all companies, without a
company). The value sits in the column of its type (``value_text``, ``value_float``...).
Reading takes the company's row, else the row for all companies, else the default.
"""
from __future__ import annotations

import datetime

from odoo import api, fields, models
from odoo.tools import SQL

TYPE_COLUMNS = {
    "char": "value_text", "text": "value_text", "html": "value_text", "selection": "value_text",
    "float": "value_float", "monetary": "value_float",
    "integer": "value_integer", "boolean": "value_integer",
    "binary": "value_binary", "many2one": "value_reference",
    "date": "value_datetime", "datetime": "value_datetime",
}
VALUE_COLUMNS = tuple(dict.fromkeys(TYPE_COLUMNS.values()))
#: keys of the process-wide memos: the fields that have properties, and the fields' ids
FIELDS_WITH_ROWS = ("ir.property", "fields with rows")
FIELD_IDS = ("ir.property", "field ids")


class IrProperty(models.Model):
    _name = "ir.property"
    _description = "Company Property"

    #: up to this many records, ``_get_multi_query`` probes the unique index per record (as
    #: fast as the general form when the statistics are fresh, and not misled when they are not)
    FEW_IDS = 1000

    name = fields.Char(index=True)
    res_id = fields.Char("Resource", index=True, help="If not set, acts as a default value for new resources")
    company_id = fields.Many2one("res.company", "Company", index=True)
    fields_id = fields.Many2one("ir.model.fields", "Field", ondelete="cascade", required=True, index=True)
    value_float = fields.Float()
    value_integer = fields.Integer()
    value_text = fields.Text()
    value_binary = fields.Binary(attachment=False)
    value_reference = fields.Char()
    value_datetime = fields.Datetime()
    type = fields.Selection([(kind, kind.capitalize()) for kind in TYPE_COLUMNS], required=True,
                            default="many2one", index=True)

    def init(self):
        # one value per field, company (or none) and record (or none)
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS ir_property_unique_index ON ir_property "
            "(fields_id, COALESCE(company_id, 0), COALESCE(res_id, ''))"))

    # -- the records' own API: 'value' goes to the column of the type --------------------------

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._with_value_column(dict(vals)) for vals in vals_list]
        known = self._fields_with_rows()
        properties = super().create(vals_list)
        self._gained_fields(known, [vals.get("fields_id") for vals in vals_list])
        properties._forget_cached_values()
        return properties

    def write(self, vals):
        known = self._fields_with_rows() if vals.get("fields_id") else frozenset()
        if "value" in vals:
            for prop in self:
                super(IrProperty, prop).write(prop._with_value_column(dict(vals)))
        else:
            super().write(vals)
        if vals.get("fields_id"):
            self._gained_fields(known, [vals["fields_id"]])
        self._forget_cached_values()
        return True

    def unlink(self):
        self._forget_cached_values()
        return super().unlink()

    def get_by_record(self):
        """This property's value, as the field holds it (a record for a many2one)."""
        self.ensure_one()
        column = TYPE_COLUMNS[self.type]
        raw = self[column]
        return self._from_column(self.fields_id.model, self.fields_id.name, self.type, raw)

    def _with_value_column(self, vals: dict) -> dict:
        """``vals`` with its 'value' moved to the column of the property's type."""
        if "value" not in vals:
            return vals
        value = vals.pop("value")
        field_id = vals.get("fields_id") or (self.fields_id.id if self else False)
        model_field = self.env["ir.model.fields"].browse(field_id) if field_id else None
        kind = vals.get("type") or (self.type if self else None) or \
            (model_field.ttype if model_field else "many2one")
        vals.setdefault("type", kind)
        comodel = self._comodel(model_field.model, model_field.name) if model_field else None
        vals[TYPE_COLUMNS[kind]] = _to_column(kind, value, comodel)
        return vals

    def _forget_cached_values(self) -> None:
        """The fields whose properties changed are read again (their cache holds old values)."""
        seen = set()
        for prop in self.sudo():
            key = (prop.fields_id.model, prop.fields_id.name)
            if key not in seen and key[0] in self.env and key[1] in self.env[key[0]]._fields:
                seen.add(key)
                self.env[key[0]].invalidate_model([key[1]])
        self.env.transaction.memo.pop("ir.property defaults", None)

    def _has_rows(self, field_id) -> bool:
        """Whether some property (a value or a default, in any company) exists for the field
        ``field_id``. A field without any has its empty value everywhere, which needs neither
        a query nor a company: that is how ``base`` makes its first partners before the first
        company and user exist, and how a partner is created without a query for its barcode.
        The fields that have some are read once for every cursor of the process; a property
        of a field not among them drops that memo (and tells the other processes)."""
        return field_id in self._fields_with_rows()

    def _read_fields_with_rows(self) -> frozenset:
        self.env.cr.execute(SQL("SELECT DISTINCT fields_id FROM ir_property"))
        return frozenset(row[0] for row in self.env.cr.fetchall())

    def _gained_fields(self, known: frozenset, field_ids) -> None:
        """Properties of ``field_ids`` were just added; ``known``: the fields that had some
        before. When one had none, the processes' memo of them is stale."""
        gained = set(field_ids) - known
        if gained:
            transaction = self.env.transaction
            ids = dict(self._field_ids())
            self.env.registry.shared_cache_changed(transaction)
            # from now on this transaction keeps its own memo (what it knows stays true)
            transaction.memo[FIELDS_WITH_ROWS] = known | gained
            self._field_ids().update(ids)

    def _fields_with_rows(self) -> frozenset:
        """The ids of the fields that have some property (see ``_has_rows``)."""
        return self.env.registry.cached(
            self.env.transaction, FIELDS_WITH_ROWS, self._read_fields_with_rows)

    # -- reading -------------------------------------------------------------------------------

    @api.model
    def _get(self, name, model, res_id=False):
        """The value of field ``name`` of ``model`` for record ``res_id`` in ``env.company``;
        without ``res_id``, the field's default in that company."""
        if res_id:
            return self._get_multi(name, model, [res_id])[res_id]
        field_id = self._field_id(model, name)
        if not field_id or not self._has_rows(field_id):
            return self._get_multi(name, model, [])[None]
        defaults = self.env.transaction.memo.setdefault("ir.property defaults", {})
        key = (model, name, self.env.company.id)
        if key not in defaults:
            defaults[key] = self._get_multi(name, model, [])[None]
        return defaults[key]

    @api.model
    def _get_multi(self, name, model, ids):
        """``{id: value}`` of field ``name`` for the records ``ids`` of ``model`` in
        ``env.company`` (their own value, else the default), read in one query; the default
        itself is under the key None."""
        query = self._get_multi_query(name, model, ids)
        if query is None:
            return self._get_multi_rows(name, model, ids, None)
        self.env.cr.execute(query)
        return self._get_multi_rows(name, model, ids, self.env.cr.fetchall())

    @api.model
    def _get_multi_query(self, name, model, ids):
        """The SELECT ``_get_multi`` runs (None when the field has no property at all): for
        a caller that sends it with other reads, then gives its rows to ``_get_multi_rows``."""
        field_id = self._field_id(model, name)
        if not field_id or not self._has_rows(field_id):
            return None
        self.flush_model()
        column = TYPE_COLUMNS[self.env[model]._fields[name].type]
        res_ids = [f"{model},{i}" for i in ids]
        # rows for all companies come first, so that the company's own rows override them
        if len(res_ids) <= self.FEW_IDS:
            # the terms of the unique index (fields_id, company or 0, res_id or ''): a few
            # probes of it, where the OR of the general form filters every row of the field
            return SQL(
                "SELECT res_id, %s FROM ir_property WHERE fields_id = %s "
                "AND COALESCE(company_id, 0) = ANY(%s::int4[]) AND COALESCE(res_id, '') = ANY(%s::varchar[]) "
                "ORDER BY company_id NULLS FIRST, id",
                SQL.identifier(column), field_id, [0, self.env.company.id], ["", *res_ids])
        return SQL(
            "SELECT res_id, %s FROM ir_property WHERE fields_id = %s "
            "AND (company_id = %s OR company_id IS NULL) AND (res_id IS NULL OR res_id = ANY(%s)) "
            "ORDER BY company_id NULLS FIRST, id",
            SQL.identifier(column), field_id, self.env.company.id, res_ids)

    @api.model
    def _get_multi_rows(self, name, model, ids, rows):
        """``_get_multi``'s answer from the rows of ``_get_multi_query`` (None: it had none)."""
        kind = self.env[model]._fields[name].type
        if rows is None:
            default = self._from_column(model, name, kind, None)
            return {None: default, **{record_id: default for record_id in ids}}
        prefix = f"{model},"
        raw_default, raw_values = None, {}
        for res_id, raw in rows:
            if res_id is None:
                raw_default = raw
            else:
                raw_values[int(res_id[len(prefix):])] = raw
        if kind == "many2one":
            return self._many2one_values(model, name, ids, raw_default, raw_values)
        default = self._from_column(model, name, kind, raw_default)
        result = {record_id: self._from_column(model, name, kind, raw_values[record_id])
                  if record_id in raw_values else default for record_id in ids}
        result[None] = default
        return result

    def _many2one_values(self, model, name, ids, raw_default, raw_values) -> dict:
        """Many2one values as records, those deleted since left out (one query for all)."""
        comodel = self.env[self._comodel(model, name)]
        target = {key: _reference_id(raw) for key, raw in raw_values.items()}
        default_id = _reference_id(raw_default)
        existing = set(comodel.browse({*target.values(), default_id} - {False}).exists().ids)
        default = comodel.browse(default_id if default_id in existing else ())
        result = {record_id: comodel.browse(target[record_id] if target[record_id] in existing else ())
                  if record_id in target else default for record_id in ids}
        result[None] = default
        return result

    def _from_column(self, model, name, kind, raw):
        """A column's value as the field holds it."""
        if kind == "many2one":
            comodel = self.env[self._comodel(model, name)]
            return comodel.browse(_reference_id(raw) or ()).exists()
        return from_column(kind)(raw)

    # -- writing -------------------------------------------------------------------------------

    @api.model
    def _set_default(self, name, model, value, company=False):
        """Set the default of field ``name`` of ``model`` (for ``company``, or for all)."""
        field_id = self._field_id(model, name)
        prop = self.sudo().search([("fields_id", "=", field_id), ("res_id", "=", False),
                                   ("company_id", "=", company.id if company else False)], limit=1)
        if prop:
            prop.write({"value": value})
        else:
            self.sudo().create({"name": name, "fields_id": field_id, "res_id": False,
                                "company_id": company.id if company else False, "value": value})

    @api.model
    def _set_multi(self, name, model, values, default_value=None):
        """Set field ``name`` of ``model`` in ``env.company`` to ``values`` ({id: value}); a
        value equal to the default removes the record's own property (a few queries for all)."""
        if not values:
            return
        field_id = self._field_id(model, name)
        if not field_id:
            raise ValueError(f"{model}.{name} is not a field known to ir.model.fields; "
                             f"update the addon that defines it")
        kind = self.env[model]._fields[name].type
        comodel = self._comodel(model, name)
        if default_value is None:
            default_value = self._get(name, model)
        default = _to_column(kind, _plain(default_value), comodel)
        known = self._fields_with_rows()
        if field_id not in known and all(
                _to_column(kind, _plain(value), comodel) == default for value in values.values()):
            return              # the default everywhere, as already (no row to add or remove)
        company_id = self.env.company.id
        self.flush_model()
        cr = self.env.cr
        refs = {f"{model},{record_id}": record_id for record_id in values}
        cr.execute(SQL("SELECT id, res_id FROM ir_property WHERE fields_id = %s AND company_id = %s "
                       "AND res_id = ANY(%s)", field_id, company_id, list(refs)))
        existing = {res_id: prop_id for prop_id, res_id in cr.fetchall()}
        column = SQL.identifier(TYPE_COLUMNS[kind])
        to_delete, to_update, to_insert = [], {}, []
        for ref, record_id in refs.items():
            value = _to_column(kind, _plain(values[record_id]), comodel)
            if value == default:
                if ref in existing:
                    to_delete.append(existing[ref])
            elif ref in existing:
                to_update.setdefault(value, []).append(existing[ref])
            else:
                to_insert.append(SQL("(%s, %s, %s, %s, %s, %s, %s, %s, now() AT TIME ZONE 'UTC', "
                                     "now() AT TIME ZONE 'UTC')", name, ref, company_id, field_id,
                                     kind, value, self.env.uid, self.env.uid))
        if to_delete:
            cr.execute(SQL("DELETE FROM ir_property WHERE id = ANY(%s)", to_delete))
        for value, prop_ids in to_update.items():
            cr.execute(SQL("UPDATE ir_property SET %s = %s, write_uid = %s, "
                           "write_date = now() AT TIME ZONE 'UTC' WHERE id = ANY(%s)",
                           column, value, self.env.uid, prop_ids))
        if to_insert:
            cr.execute(SQL("INSERT INTO ir_property (name, res_id, company_id, fields_id, type, %s, "
                           "create_uid, write_uid, create_date, write_date) VALUES %s",
                           column, SQL.join(", ", to_insert)))
            self._gained_fields(known, [field_id])
        self.invalidate_model()

    # -- searching -----------------------------------------------------------------------------

    @api.model
    def search_multi(self, name, model, operator, value):
        """A domain on ``model`` for the records whose value of field ``name`` in
        ``env.company`` satisfies ``operator`` ``value`` (the default counts for records
        without a value of their own)."""
        field_id = self._field_id(model, name)
        if not field_id:
            return [("id", "=", False)]
        kind = self.env[model]._fields[name].type
        if not self._has_rows(field_id):        # every record has the empty value
            return [("id", "not in" if _empty_matches(kind, operator, value) else "in", [])]
        condition = self._value_condition(model, name, kind, operator, value)
        if condition is None:
            return [("id", "=", False)]
        company_id = self.env.company.id
        props = self.sudo().with_context(active_test=False)
        scope = [("fields_id", "=", field_id), ("company_id", "in", [company_id, False])]
        # each record's own property: the company's row, else the row for all companies
        effective, default_prop = {}, None
        for prop in props.search_read(scope, ["res_id", "company_id"], order="company_id desc, id"):
            if not prop["res_id"]:
                if default_prop is None or prop["company_id"]:
                    default_prop = prop["id"]
            elif prop["res_id"].startswith(f"{model},") and \
                    (prop["res_id"] not in effective or prop["company_id"]):
                effective[prop["res_id"]] = prop["id"]
        matching = set(props.search(scope + [condition]).ids)
        if default_prop is not None:
            default_matches = default_prop in matching
        else:
            default_matches = _empty_matches(kind, operator, value)
        good = {int(ref.split(",")[1]) for ref, prop_id in effective.items() if prop_id in matching}
        if default_matches:
            bad = {int(ref.split(",")[1]) for ref in effective} - good
            return [("id", "not in", sorted(bad))]
        return [("id", "in", sorted(good))]

    def _value_condition(self, model, name, kind, operator, value):
        """The domain leaf on the value column for ``operator value`` (None: nothing matches)."""
        column = TYPE_COLUMNS[kind]
        if kind != "many2one":
            if kind == "boolean":
                value = [int(bool(v)) for v in value] if isinstance(value, (list, tuple)) else int(bool(value))
            return (column, operator, value)
        comodel = self._comodel(model, name)
        if isinstance(value, str) or (isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value)):
            # a name: the records whose display name matches, positively
            positive = operator not in ("!=", "not in", "not like", "not ilike", "not =like", "not =ilike")
            name_operator = {"=": "=", "!=": "=", "in": "in", "not in": "in"}.get(
                operator, operator.replace("not ", ""))
            ids = self.env[comodel]._search([("display_name", name_operator, value)])
            refs = [f"{comodel},{i}" for i in ids]
            return (column, "in" if positive else "not in", refs)
        if hasattr(value, "_ids"):
            value = list(value.ids) if operator in ("in", "not in") else value.id
        if isinstance(value, (list, tuple)):
            return (column, operator, [f"{comodel},{v}" if v else False for v in value])
        return (column, operator, f"{comodel},{value}" if value else False)

    # -- helpers -------------------------------------------------------------------------------

    def _field_id(self, model, name):
        """The id of the ``ir.model.fields`` row of ``model``.``name`` (remembered for the
        transaction), or None."""
        known = self._field_ids()
        if (model, name) in known:
            return known[(model, name)]
        self.env.cr.execute(SQL("SELECT id FROM ir_model_fields WHERE model = %s AND name = %s",
                                model, name))
        row = self.env.cr.fetchone()
        if row:
            known[(model, name)] = row[0]       # a field's row lives as long as the registry
        return row[0] if row else None

    def _field_ids(self) -> dict:
        """``{(model, name): ir.model.fields id}`` known to every cursor of the process (to
        this transaction alone once it changed what the processes share)."""
        return self.env.registry.shared_store(self.env.transaction).setdefault(FIELD_IDS, {})

    def _comodel(self, model, name):
        field = self.env[model]._fields.get(name) if model in self.env else None
        return getattr(field, "comodel_name", None)


def _number_from_column(raw):
    return raw or 0.0


def _integer_from_column(raw):
    return raw or 0


def _date_from_column(raw):
    return raw.date() if raw else False


def _binary_from_column(raw):
    return bytes(raw) if raw else False


def _text_from_column(raw):
    return raw if raw not in (None, "") else False


#: how a column's value becomes the field's value, per field type (a many2one's is a record:
#: ``IrProperty._from_column``); the types not named here are text
FROM_COLUMN = {"float": _number_from_column, "monetary": _number_from_column, "integer": _integer_from_column,
               "boolean": bool, "date": _date_from_column, "binary": _binary_from_column}


def from_column(kind: str):
    """The function taking a column's raw value to the value of a field of type ``kind``
    (not ``many2one``), for many values at once without a record."""
    return FROM_COLUMN.get(kind, _text_from_column)


def _reference_id(raw):
    """The id in a "model,id" reference, or False."""
    if not raw:
        return False
    _, _, record_id = raw.partition(",")
    return int(record_id) if record_id.isdigit() else False


def _plain(value):
    """A field value as plain data (a record as its id)."""
    if hasattr(value, "_ids"):
        return value.id
    return value


def _to_column(kind, value, comodel):
    """A field value as its property column holds it."""
    value = _plain(value)
    if kind == "many2one":
        return f"{comodel},{value}" if value else None
    if kind in ("float", "monetary"):
        return float(value or 0.0)
    if kind in ("integer", "boolean"):
        return int(value or 0)
    if kind == "date":
        if not value:
            return None
        date = fields.Date.to_date(value)
        return datetime.datetime.combine(date, datetime.time())
    if kind == "datetime":
        return fields.Datetime.to_datetime(value) if value else None
    if kind == "binary":
        return value.encode() if isinstance(value, str) else (value or None)
    return value if value not in (False, "") else None


def _empty_matches(kind, operator, value) -> bool:
    """Whether an empty value (no default at all) satisfies ``operator value``."""
    if kind in ("float", "monetary", "integer") and operator in ("<", ">", "<=", ">="):
        number = value or 0
        return {"<": 0 < number, ">": 0 > number, "<=": 0 <= number, ">=": 0 >= number}[operator]
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    empty = any(v in (False, None, "", 0) for v in values)
    if operator in ("=", "in", "=?"):
        return empty or (operator == "=?" and not value)
    if operator in ("!=", "not in"):
        return not empty
    if operator.startswith("not "):
        return bool(value)
    return False
