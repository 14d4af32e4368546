"""What ``create()`` works out once and reuses for every row it inserts.

Per model: which fields create() treats how (``CreateGroups``). Per shape of the values
given (the names of one values dict, in order): which of them are columns and which go
elsewhere (``ValuesShape``). Per call: one cache converter per field given
(``Field.cache_converter``) and one SQL parameter function per column
(``column_param_function``). A batch of rows of one shape then costs one dict look-up per
row for the plan and one converter call per value, nothing per field and row besides.
"""
from __future__ import annotations

from psycopg.types.json import Jsonb

from .binary_attachments import in_attachment
from .fields_base import Field

#: columns create() and write() fill themselves (log access, the id, the hierarchy path)
MAGIC_WRITE = ("id", "create_uid", "create_date", "write_uid", "write_date", "parent_path")

_X2MANY = ("one2many", "many2many")


class ValuesShape:
    """How create() splits one shape of values dict (its names, in order)."""

    __slots__ = ("names", "columns", "others", "one2many", "x2many", "missing_x2many",
                 "inverse_others", "inverse_columns", "attachments")

    def __init__(self, fields: dict, names: tuple) -> None:
        given = [n for n in names if n not in MAGIC_WRITE]
        self.names = frozenset(names)
        #: names written as columns of the row, and the others (x2many, non-column fields)
        self.columns = tuple(n for n in given if fields[n].column)
        self.others = tuple(n for n in given if not fields[n].column)
        #: the stored x2many fields given, the stored one2many among them, those not given
        self.x2many = tuple(n for n in self.others if fields[n].type in _X2MANY and fields[n].store)
        self.one2many = tuple(fields[n] for n in self.x2many if fields[n].type == "one2many")
        self.missing_x2many = tuple(f for f in fields.values()
                                    if f.type in _X2MANY and f.store and f.name not in self.x2many)
        #: non-column values whose inverse runs (or which refuse to be given), and columns
        #: given that have an inverse
        #: binary values kept in attachments (created after the rows)
        self.attachments = tuple(fields[n] for n in self.others if in_attachment(fields[n]))
        self.inverse_others = tuple(n for n in self.others if not (
            fields[n].type in _X2MANY and (fields[n].store or not fields[n].inverse))
            and not in_attachment(fields[n]))
        self.inverse_columns = tuple(n for n in names if n in fields and fields[n].column
                                     and fields[n].inverse and not fields[n].inherited)


class CreateGroups:
    """Which fields create() must treat how, for one model (``WriteMixin._create_groups``),
    and the shapes of values it met."""

    __slots__ = ("fields", "plain_columns", "stored_x2many", "stored_computes", "precomputed",
                 "required", "attachments", "monetary", "_shapes", "_nulls")

    def __init__(self, fields: dict) -> None:
        self.fields = fields
        values = list(fields.values())
        #: columns a create leaves NULL unless given, with their cache value for NULL (and the
        #: binaries in attachments: none until given)
        self.plain_columns = [(f, f.convert_from_column(None)) for f in values
                              if (f.column or in_attachment(f)) and f.store and not f.compute
                              and f.name not in MAGIC_WRITE]
        self.stored_x2many = [f for f in values if f.type in _X2MANY and f.store]
        #: the binaries kept in attachments
        self.attachments = [f for f in values if in_attachment(f)]
        self.stored_computes = [f for f in values if f.compute and f.store]
        self.precomputed = [f for f in values if f.compute and f.store and f.column and
                            (f.precompute or f.required) and not f.related]
        self.required = [f for f in values if f.required and f.column and f.name not in MAGIC_WRITE
                         and f.type != "boolean"]
        #: amount columns, rounded to each row's currency (``monetary.round_created_rows``)
        self.monetary = [f for f in values if f.type == "monetary" and f.column]
        self._shapes: dict = {}
        self._nulls: dict = {}

    def shape(self, names: tuple) -> ValuesShape:
        """The plan for values dicts with these names (unknown names are refused before)."""
        found = self._shapes.get(names)
        if found is None:
            found = self._shapes[names] = ValuesShape(self.fields, names)
        return found

    def nulls(self, names: tuple) -> list[tuple]:
        """``(field, cache value of NULL)`` of the plain columns a row of ``names`` leaves NULL."""
        found = self._nulls.get(names)
        if found is None:
            given = set(names)
            found = self._nulls[names] = [(f, null) for f, null in self.plain_columns
                                          if f.name not in given]
        return found


def column_param(field, value, model):
    """SQL parameter for a cache value of a column field."""
    if value is None:
        return None
    if field.column_sql_type() == "jsonb":
        if getattr(field, "translate", False) is True and isinstance(value, str):
            lang = model.env.lang or "en_US"
            value = {"en_US": value} if lang == "en_US" else {"en_US": value, lang: value}
        return Jsonb(value)
    return field.convert_to_column(value, model)


def column_param_function(field, model):
    """``column_param`` of ``field`` as a function of the value, chosen once; None when the
    cache value is the parameter itself (most columns)."""
    if field.column_sql_type() == "jsonb" or type(field).convert_to_column is not Field.convert_to_column:
        return lambda value: column_param(field, value, model)
    return None
