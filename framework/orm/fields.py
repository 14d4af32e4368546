"""Field descriptors (``odoo.fields``): the base ``Field`` and the scalar types.

A field converts values between four shapes: what callers write (``write`` format), what
the record cache keeps (``cache``), what recordset attribute access returns (``record``)
and what ``read()`` sends to clients (``read``); plus the SQL parameter (``column``).
Relational fields live in ``fields_relational``; this module must not touch SQL text.
"""
from __future__ import annotations

import base64
import datetime
import json
import logging
from collections.abc import Callable
from typing import ClassVar

from dateutil.relativedelta import relativedelta

from ..tools.float_utils import float_round
from ..tools.misc import DEFAULT_SERVER_DATE_FORMAT, DEFAULT_SERVER_DATETIME_FORMAT

_logger = logging.getLogger(__name__)

Default = object()       # "argument not given" marker (``None`` and ``False`` are real values)

#: attributes a field takes from its constructor; anything else is kept in ``args`` too.
_COMMON = ("string", "help", "required", "readonly", "index", "copy", "store", "compute",
           "inverse", "search", "related", "groups", "precompute", "default", "translate",
           "company_dependent", "context", "domain", "change_default", "compute_sudo",
           "recursive", "group_operator", "aggregator", "prefetch", "depends", "depends_context",
           "tracking", "check_company", "states", "size", "trim", "digits", "currency_field",
           "selection", "selection_add", "ondelete", "comodel_name", "inverse_name", "relation",
           "column1", "column2", "auto_join", "delegate", "limit", "attachment", "sanitize",
           "unaccent", "model_field", "default_export_compatible", "exportable", "manual",
           "max_width", "max_height", "verify_resolution", "strip_style", "strip_classes",
           "sanitize_tags", "sanitize_attributes", "sanitize_style", "sanitize_form",
           "sanitize_overridable", "copied", "definition", "definition_record",
           "definition_record_field", "falsy_value_label", "group_expand")


def _none_to_false(values: list) -> list:
    return [False if value is None else value for value in values]


class Field:
    """Base descriptor of every model attribute.

    Constructor arguments are kept raw in ``args``: when several addons define the same field
    (``_inherit``), the registry merges their ``args`` in load order and builds one fresh
    field per model with :meth:`setup`.
    """

    type: ClassVar[str] = ""
    column_type: ClassVar[str | None] = None          #: SQL type; None means no column
    falsy = False                                     #: the record-format empty value

    # resolved attributes, with their defaults
    string: str | None = None
    help: str | None = None
    required = False
    readonly = False
    index = False
    copy = True
    store = True
    compute = None
    inverse = None
    search = None
    related = None
    groups = None
    precompute = False
    translate = False
    company_dependent = False
    compute_sudo = True
    recursive = False
    group_operator = None
    prefetch = True
    context: dict = {}
    domain: list | str = []
    change_default = False
    default = None
    depends: tuple = ()
    depends_context: tuple = ()
    inherited = False                                 #: delegated through ``_inherits``
    inherited_field: Field | None = None
    manual = False
    _related_fields: tuple = ()

    def __init__(self, string=Default, **kwargs) -> None:
        if string is not Default:
            kwargs["string"] = string
        self.args = kwargs
        self.name = ""
        self.model_name = ""
        self._module = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{self.model_name or '?'}.{self.name or '?'}"

    # -- setup ---------------------------------------------------------------------------------

    def new_for_model(self, model_name: str, name: str, args: dict) -> Field:
        """A fresh field of the same type for one registry model, with merged ``args``."""
        field = type(self)(**args)
        field.name, field.model_name = name, model_name
        field.setup_attrs(args)
        return field

    def setup_attrs(self, args: dict) -> None:
        """Resolve constructor arguments into attributes (no access to other models)."""
        for key, value in args.items():
            if key == "aggregator":
                key = "group_operator"
            setattr(self, key, value)
        if self.related:
            self.store = args.get("store", False)
            self.readonly = args.get("readonly", True)
            self.copy = args.get("copy", False)
        if self.compute:
            self.store = args.get("store", False)
            self.readonly = args.get("readonly", not args.get("inverse"))
            self.copy = args.get("copy", False)
        if not self.store:
            self.index = False
        if self.string is None:
            self.string = _default_string(self.name)
        if isinstance(self.compute, Callable) and not isinstance(self.compute, str):
            self.compute = self.compute.__name__
        if isinstance(self.depends, str):
            self.depends = (self.depends,)
        if self.company_dependent:
            self.store = False

    @property
    def column(self) -> bool:
        """True when the field is a column of the model's table."""
        return bool(self.store and self.column_type)

    def column_sql_type(self) -> str:
        return self.column_type or ""

    # -- descriptor ----------------------------------------------------------------------------

    def __get__(self, records, owner=None):
        if records is None:
            return self
        if not records._ids:
            return self.convert_to_record(self.empty_cache_value(), records)
        if len(records._ids) > 1:
            raise ValueError(f"Expected singleton: {records}")
        return self.convert_to_record(records.env.transaction.get_value(records, self), records)

    def __set__(self, records, value) -> None:
        env = records.env
        if self.compute and env.transaction.is_protected(self, records):
            cache_value = self.convert_to_cache(value, records)
            env.transaction.set_computed(records, self, cache_value)
            return
        records.write({self.name: value})

    # -- conversions ---------------------------------------------------------------------------

    def empty_cache_value(self):
        return None

    def convert_to_cache(self, value, record, validate: bool = True):
        """Validate and normalise a written value (raises ValueError naming the field)."""
        return None if value is False else value

    def convert_to_record(self, value, record):
        return self.falsy if value is None else value

    def convert_to_read(self, value, record, use_display_name: bool = True):
        return False if value is None else value

    def convert_to_read_many(self, values: list, records, use_display_name: bool = True) -> list:
        """``convert_to_read`` of ``values``, the cache values of ``records`` in their order.

        ``read()`` converts one field at a time; a field type whose conversion needs no
        record says so with ``_plain_read`` and is converted without a record per value.
        """
        plain = self._plain_read()
        if plain is not None:
            return plain(values)
        return [self.convert_to_read(value, record, use_display_name)
                for value, record in zip(values, records)]

    def _plain_read(self):
        """A function converting a list of cache values as ``convert_to_read`` would, or None.

        Only when ``convert_to_read`` is this class's own (an addon's field type that
        overrides it goes through it value by value).
        """
        if type(self).convert_to_read is Field.convert_to_read:
            return _none_to_false
        return None

    def convert_to_write(self, value, record):
        """Record format to a value ``write()`` accepts (used by copy and onchange)."""
        return self.convert_to_read(self.convert_to_cache(value, record, validate=False), record)

    def convert_to_column(self, value, record=None):
        """Cache format to an SQL parameter."""
        return value

    def convert_from_column(self, value):
        """Database value to cache format."""
        return value

    def bad_value(self, value, expected: str) -> ValueError:
        return ValueError(f"Wrong value for {self.model_name}.{self.name}: {value!r} "
                          f"(expected {expected})")

    # -- metadata ------------------------------------------------------------------------------

    def get_description(self, env) -> dict:
        """The attributes ``fields_get`` reports for this field (Odoo's keys)."""
        desc = {
            "type": self.type,
            "string": self.string,
            "help": self.help or False,
            "required": bool(self.required),
            "readonly": bool(self.readonly),
            "store": bool(self.store),
            "sortable": bool(self.column or (self.inherited and self.store)),
            "searchable": bool(self.store or self.search or self.related),
            "manual": bool(self.manual),
            "depends": list(self.depends) if not callable(self.depends) else [],
            "company_dependent": bool(self.company_dependent),
            "groupable": bool(self.store and self.column_type is not None
                              and self.type not in ("binary", "text", "html", "json")),
            "exportable": True,
            "change_default": bool(self.change_default),
            "name": self.name,
            "type_": None,
        }
        desc.pop("type_")
        if self.groups:
            desc["groups"] = self.groups
        if self.translate:
            desc["translate"] = True
        if self.related:
            desc["related"] = self.related if isinstance(self.related, str) else ".".join(self.related)
        if self.context:
            desc["context"] = dict(self.context)
        if self.group_operator:
            desc["group_operator"] = self.group_operator      # Odoo 17.0's key ('aggregator' from 17.2)
        return desc

    def default_value(self, model):
        """The default for a new record: a callable is called with the model."""
        default = self.default
        if callable(default):
            return default(model)
        return default


def _default_string(name: str) -> str:
    label = name.replace("_", " ")
    if label.endswith(" ids"):
        label = label[:-4]
    elif label.endswith(" id"):
        label = label[:-3]
    return label.strip().title() if label.strip() else name


# ------------------------------------------------------------------------------------------
# Scalar types
# ------------------------------------------------------------------------------------------

class Boolean(Field):
    type, column_type = "boolean", "bool"
    falsy = False

    def convert_to_cache(self, value, record, validate=True):
        return bool(value)

    def convert_to_record(self, value, record):
        return bool(value)

    def convert_to_read(self, value, record, use_display_name=True):
        return bool(value)

    def _plain_read(self):
        if type(self).convert_to_read is Boolean.convert_to_read:
            return lambda values: [bool(value) for value in values]
        return None

    def convert_from_column(self, value):
        return bool(value)


class Integer(Field):
    type, column_type = "integer", "int4"
    group_operator = "sum"
    falsy = 0

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return 0
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.bad_value(value, "an integer")
        try:
            return int(value)
        except ValueError:
            raise self.bad_value(value, "an integer") from None

    def convert_to_record(self, value, record):
        return value or 0

    def convert_to_read(self, value, record, use_display_name=True):
        return value or 0

    def _plain_read(self):
        if type(self).convert_to_read is Integer.convert_to_read:
            return lambda values: [value or 0 for value in values]
        return None

    def convert_from_column(self, value):
        return value or 0


class Float(Field):
    type = "float"
    column_type = "float8"
    group_operator = "sum"
    digits = None
    falsy = 0.0

    def __init__(self, string=Default, digits=Default, **kwargs) -> None:
        if digits is not Default:
            kwargs["digits"] = digits
        super().__init__(string, **kwargs)

    def column_sql_type(self) -> str:
        return "numeric" if self.digits else "float8"

    def get_digits(self, env) -> tuple[int, int] | None:
        digits = self.digits
        if isinstance(digits, str):
            precision = env["decimal.precision"].precision_get(digits)
            return (16, precision)
        if callable(digits):
            return digits(env.cr)
        return digits

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.bad_value(value, "a number")
        try:
            value = float(value)
        except ValueError:
            raise self.bad_value(value, "a number") from None
        digits = self.get_digits(record.env) if validate and self.digits else None
        return float_round(value, precision_digits=digits[1]) if digits else value

    def convert_to_record(self, value, record):
        return value or 0.0

    def convert_to_read(self, value, record, use_display_name=True):
        return value or 0.0

    def _plain_read(self):
        if type(self).convert_to_read is Float.convert_to_read:
            return lambda values: [value or 0.0 for value in values]
        return None

    def convert_from_column(self, value):
        return float(value or 0.0)

    def get_description(self, env):
        desc = super().get_description(env)
        digits = self.get_digits(env)
        if digits:
            desc["digits"] = list(digits)
        return desc


class Monetary(Float):
    type = "monetary"
    currency_field = None

    def __init__(self, string=Default, currency_field=Default, **kwargs) -> None:
        if currency_field is not Default:
            kwargs["currency_field"] = currency_field
        Field.__init__(self, string, **kwargs)

    def column_sql_type(self) -> str:
        return "numeric"

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.bad_value(value, "an amount")
        try:
            return float(value)
        except ValueError:
            raise self.bad_value(value, "an amount") from None

    def get_currency_field(self, model) -> str | None:
        if self.currency_field:
            return self.currency_field
        for name in ("currency_id", "x_currency_id"):
            if name in model._fields:
                return name
        return None

    def get_description(self, env):
        desc = super().get_description(env)
        desc.pop("digits", None)
        desc["currency_field"] = self.get_currency_field(env[self.model_name])
        return desc


class _String(Field):
    """Char, Text and Html: optionally translated (JSONB per language, as Odoo 16+)."""

    translate = False

    def column_sql_type(self) -> str:
        return "jsonb" if self.translate else self.column_type

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        if isinstance(value, bytes):
            value = value.decode()
        if not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return str(value)
            raise self.bad_value(value, "a string")
        return value

    def translated(self, value, record):
        """Pick the context language's text from a stored ``{lang: text}`` value."""
        if isinstance(value, dict):
            lang = record.env.lang or "en_US"
            return value.get(lang) or value.get("en_US") or (next(iter(value.values()), None))
        return value

    def convert_to_record(self, value, record):
        value = self.translated(value, record) if self.translate else value
        return False if value is None else value

    def convert_to_read(self, value, record, use_display_name=True):
        return self.convert_to_record(value, record)

    def _plain_read(self):
        cls = type(self)
        if (not self.translate and cls.convert_to_read is _String.convert_to_read
                and cls.convert_to_record is _String.convert_to_record):
            return _none_to_false
        return None


class Char(_String):
    type, column_type = "char", "varchar"
    size = None
    trim = True

    def column_sql_type(self) -> str:
        if self.translate:
            return "jsonb"
        return f"varchar({int(self.size)})" if self.size else "varchar"

    def convert_to_cache(self, value, record, validate=True):
        value = super().convert_to_cache(value, record, validate)
        if value is not None and self.size:
            value = value[: self.size]
        return value

    def get_description(self, env):
        desc = super().get_description(env)
        if self.size:
            desc["size"] = self.size
        desc["trim"] = bool(self.trim)
        return desc


class Text(_String):
    type, column_type = "text", "text"


class Html(_String):
    type, column_type = "html", "text"
    sanitize = True

    def get_description(self, env):
        desc = super().get_description(env)
        desc["sanitize"] = bool(self.sanitize)
        return desc


class Date(Field):
    type, column_type = "date", "date"
    group_operator = None

    @staticmethod
    def today(*args) -> datetime.date:
        return datetime.date.today()

    @staticmethod
    def context_today(record, timestamp=None) -> datetime.date:
        now = timestamp or datetime.datetime.now()
        return now.date() if isinstance(now, datetime.datetime) else now

    @staticmethod
    def to_date(value) -> datetime.date | None:
        if not value:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return datetime.datetime.strptime(value[:10], DEFAULT_SERVER_DATE_FORMAT).date()

    from_string = to_date

    @staticmethod
    def to_string(value) -> str | bool:
        return value.strftime(DEFAULT_SERVER_DATE_FORMAT) if value else False

    @staticmethod
    def add(value, *args, **kwargs):
        return value + relativedelta(*args, **kwargs)

    @staticmethod
    def subtract(value, *args, **kwargs):
        return value - relativedelta(*args, **kwargs)

    @staticmethod
    def start_of(value, granularity: str):
        return _start_of(value, granularity)

    @staticmethod
    def end_of(value, granularity: str):
        return _start_of(value, granularity) + _GRANULARITY[granularity] - relativedelta(days=1)

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        try:
            if isinstance(value, datetime.datetime) and value.tzinfo:
                raise ValueError
            return self.to_date(value)
        except (ValueError, TypeError):
            raise self.bad_value(value, "a date 'YYYY-MM-DD'") from None


class Datetime(Field):
    type, column_type = "datetime", "timestamp"

    @staticmethod
    def now(*args) -> datetime.datetime:
        return datetime.datetime.utcnow().replace(microsecond=0)

    @staticmethod
    def today(*args) -> datetime.datetime:
        return Datetime.now().replace(hour=0, minute=0, second=0)

    @staticmethod
    def to_datetime(value) -> datetime.datetime | None:
        if not value:
            return None
        if isinstance(value, datetime.datetime):
            if value.tzinfo:
                value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            return value
        if isinstance(value, datetime.date):
            return datetime.datetime.combine(value, datetime.time())
        text = value.replace("T", " ")[:19]
        fmt = DEFAULT_SERVER_DATETIME_FORMAT if len(text) > 10 else DEFAULT_SERVER_DATE_FORMAT
        return datetime.datetime.strptime(text, fmt)

    from_string = to_datetime

    @staticmethod
    def to_string(value) -> str | bool:
        return value.strftime(DEFAULT_SERVER_DATETIME_FORMAT) if value else False

    @staticmethod
    def context_timestamp(record, timestamp: datetime.datetime) -> datetime.datetime:
        import zoneinfo
        tz_name = record.env.context.get("tz") or "UTC"
        try:
            zone = zoneinfo.ZoneInfo(tz_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        return timestamp.replace(tzinfo=datetime.timezone.utc).astimezone(zone)

    add, subtract = Date.add, Date.subtract
    start_of, end_of = Date.start_of, Date.end_of

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        try:
            result = self.to_datetime(value)
        except (ValueError, TypeError, AttributeError):
            raise self.bad_value(value, "a datetime 'YYYY-MM-DD HH:MM:SS'") from None
        return result


_GRANULARITY = {
    "year": relativedelta(years=1), "quarter": relativedelta(months=3),
    "month": relativedelta(months=1), "week": relativedelta(weeks=1), "day": relativedelta(days=1),
    "hour": relativedelta(hours=1),
}


def _start_of(value, granularity: str):
    if granularity not in _GRANULARITY:
        raise ValueError(f"granularity must be one of {sorted(_GRANULARITY)}, got {granularity!r}")
    is_dt = isinstance(value, datetime.datetime)
    if granularity == "hour":
        if not is_dt:
            raise ValueError("granularity 'hour' needs a datetime")
        return value.replace(minute=0, second=0, microsecond=0)
    date = value.date() if is_dt else value
    if granularity == "year":
        date = date.replace(month=1, day=1)
    elif granularity == "quarter":
        date = date.replace(month=(date.month - 1) // 3 * 3 + 1, day=1)
    elif granularity == "month":
        date = date.replace(day=1)
    elif granularity == "week":
        date = date - datetime.timedelta(days=date.weekday())
    return datetime.datetime.combine(date, datetime.time()) if is_dt else date


class Selection(Field):
    """A choice among ``(value, label)`` pairs; ``selection_add`` extends it across addons."""

    type, column_type = "selection", "varchar"
    selection = None
    ondelete = None

    def __init__(self, selection=Default, string=Default, **kwargs) -> None:
        if selection is not Default:
            kwargs["selection"] = selection
        super().__init__(string, **kwargs)

    def get_values(self, env) -> list:
        return [value for value, _label in self._selection_pairs(env[self.model_name])]

    def _selection_pairs(self, model) -> list:
        if self._related_fields:        # a selection method belongs to the target's model
            target = self._related_fields[-1]
            return target._selection_pairs(model.env[target.model_name])
        selection = self.selection
        if isinstance(selection, str):
            return list(getattr(model, selection)())
        if callable(selection):
            return list(selection(model))
        return list(selection or ())

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        if validate:
            field = self._related_fields[-1] if self._related_fields else self
            # a selection method runs once per transaction, not once per written value
            memo, key = record.env.transaction.memo, ("selection", field)
            if key not in memo:
                memo[key] = field.get_values(record.env)
            allowed = memo[key]
            if value not in allowed:
                raise ValueError(f"Wrong value for {self.model_name}.{self.name}: {value!r} "
                                 f"(expected one of {allowed})")
        return value

    def get_description(self, env):
        desc = super().get_description(env)
        desc["selection"] = [list(pair) for pair in self._selection_pairs(env[self.model_name])]
        return desc


class Binary(Field):
    """Binary data, stored as bytea and sent to clients as base64 text."""

    type, column_type = "binary", "bytea"
    attachment = True
    prefetch = False
    copy = True

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        if isinstance(value, str):
            value = value.encode()
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        raise self.bad_value(value, "base64 data")

    def convert_to_read(self, value, record, use_display_name=True):
        if not value:
            return False
        if record.env.context.get("bin_size"):
            return _human_size(len(base64.b64decode(value, validate=False)))
        return value.decode() if isinstance(value, bytes) else value

    def convert_from_column(self, value):
        return bytes(value) if value is not None else None


def _human_size(size: int) -> str:
    units = ("bytes", "Kb", "Mb", "Gb", "Tb")
    value, unit = float(size), 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    return f"{value:.2f} {units[unit]}"


class Image(Binary):
    type = "binary"
    max_width = max_height = 0


class Json(Field):
    type, column_type = "json", "jsonb"
    copy = False

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        json.dumps(value)          # refuse what cannot be stored, naming nothing vague
        return value

    def convert_to_read(self, value, record, use_display_name=True):
        return False if value is None else value


class Id(Field):
    """The ``id`` field: read-only, always present."""

    type, column_type = "integer", "int4"
    store = True
    readonly = True
    copy = False
    prefetch = False

    def __get__(self, records, owner=None):
        if records is None:
            return self
        if not records._ids:
            return False
        if len(records._ids) > 1:
            raise ValueError(f"Expected singleton: {records}")
        return records._ids[0]

    def __set__(self, records, value):
        raise TypeError("field 'id' cannot be assigned")


__all__ = ["Field", "Boolean", "Integer", "Float", "Monetary", "Char", "Text", "Html", "Date",
           "Datetime", "Selection", "Binary", "Image", "Json", "Id", "Default"]


# Relational types live in their own module; ``fields.Many2one`` is their public name.
from .fields_relational import (  # noqa: E402  (needs Field above)
    Many2many, Many2one, Many2oneReference, One2many, Reference, _RelationalMulti,
)

__all__ += ["Many2one", "One2many", "Many2many", "Reference", "Many2oneReference"]
