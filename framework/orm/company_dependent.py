"""Company-dependent fields (``company_dependent=True``): one value per company, kept in
``ir.property`` rows instead of a column, as in Odoo 17.

Such a field is not stored; it is computed from the properties of ``env.company`` (one query
per batch of records), written through them (its inverse), searched through them, and its
default is the company's default property (the row without a record). The transaction's
cache holds its values for one company at a time: reading in another company's environment
forgets them first (``Transaction.company_values``).
"""
from __future__ import annotations

from functools import partial

#: field types a company-dependent field may have (Odoo's ``ir.property`` value types)
PROPERTY_TYPES = ("char", "float", "integer", "boolean", "many2one", "selection", "date",
                  "datetime", "text", "html", "binary", "monetary")


def setup_company_dependent(field, args: dict) -> None:
    """Make ``field`` a company-dependent field: computed, written and searched through
    ``ir.property``, not copied unless told, writable unless told."""
    if field.type not in PROPERTY_TYPES:
        raise TypeError(f"{field.model_name}.{field.name}: a {field.type} field cannot be "
                        f"company_dependent (use one of {', '.join(PROPERTY_TYPES)})")
    field.store = False
    field.index = False
    field.copy = args.get("copy", False)
    field.readonly = args.get("readonly", False)
    field.compute = partial(_compute, field)
    field.inverse = partial(_inverse, field)
    field.search = partial(_search, field)
    field.depends_context = ("company",)
    if args.get("default") is None:
        # create() leaves it out: a record without a property of its own reads this default
        # (Odoo writes it, then drops the property that equals the default: the same end)
        field.default = partial(_default, field)
        field.default_is_property = True


def _properties(records):
    return records.env["ir.property"].sudo()


def _compute(field, records) -> None:
    """The values of ``env.company`` for these records: one query for the batch."""
    ids = [record_id for record_id in records._ids if isinstance(record_id, int)]
    values = _properties(records)._get_multi(field.name, field.model_name, ids) if ids else {}
    default = None
    for record in records:
        record_id = record._ids[0]
        if record_id in values:
            record[field.name] = values[record_id]
        else:                   # a new record (onchange) has the company's default
            if default is None:
                default = _properties(records)._get(field.name, field.model_name)
            record[field.name] = default


def _inverse(field, records) -> None:
    """Write the cached values as properties of ``env.company``."""
    values = {}
    for record in records:
        if isinstance(record._ids[0], int):
            value = record[field.name]
            values[record._ids[0]] = value.id if field.type == "many2one" else value
    if values:
        _properties(records)._set_multi(field.name, field.model_name, values)


def _search(field, model, operator, value) -> list:
    return _properties(model).search_multi(field.name, field.model_name, operator, value)


def _default(field, model):
    value = _properties(model)._get(field.name, field.model_name)
    return value.id if field.type == "many2one" else value
