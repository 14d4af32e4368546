"""Field descriptors (``odoo.fields``): the scalar types, and every other field type by name.

A field converts values between four shapes: what callers write (``write`` format), what
the record cache keeps (``cache``), what recordset attribute access returns (``record``)
and what ``read()`` sends to clients (``read``); plus the SQL parameter (``column``).
The base ``Field`` lives in ``fields_base`` and the relational fields in
``fields_relational``; both are re-exported here. This module must not touch SQL text.
"""
from __future__ import annotations

import base64
import datetime
import json
import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from ..exceptions import UserError
from ..logging_setup import odoo_logger_name
from ..tools.float_utils import float_compare, float_is_zero, float_round
from ..tools.html_sanitizer import html_sanitize
from ..tools.image import image_process
from ..tools.misc import DEFAULT_SERVER_DATE_FORMAT, DEFAULT_SERVER_DATETIME_FORMAT, human_size
from . import binary_attachments
from .commands import Command as Command  # `fields.Command`, as Odoo exposes it
from .fields_base import Default, Field, _none_to_false
from .fields_relational import Many2many, Many2one, Many2oneReference, One2many, Reference
from .fields_relational import _RelationalMulti as _RelationalMulti
from .monetary import NOT_GIVEN, records_rounder, rounders, written_currency

_logger = logging.getLogger(odoo_logger_name(__name__))


# ------------------------------------------------------------------------------------------
# Scalar types
# ------------------------------------------------------------------------------------------

class Boolean(Field):
    type, column_type = "boolean", "bool"
    falsy = False

    def convert_to_cache(self, value, record, validate=True):
        return bool(value)

    def cache_converter(self, record):
        if type(self).convert_to_cache is Boolean.convert_to_cache:
            return bool
        return super().cache_converter(record)

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

    def setup_attrs(self, args: dict) -> None:
        super().setup_attrs(args)
        # summing sequence numbers means nothing: Odoo gives them no default aggregate
        if self.name == "sequence" and "group_operator" not in args and "aggregator" not in args:
            self.group_operator = None

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return 0
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.bad_value(value, "an integer")
        try:
            return int(value)
        except ValueError:
            raise self.bad_value(value, "an integer") from None

    def cache_converter(self, record):
        convert = super().cache_converter(record)
        if type(self).convert_to_cache is not Integer.convert_to_cache:
            return convert
        return lambda value: value if type(value) is int else convert(value)

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

    # ``fields.Float.round(value, precision_digits=2)``...: odoo.tools.float_utils's helpers
    round = staticmethod(float_round)
    is_zero = staticmethod(float_is_zero)
    compare = staticmethod(float_compare)

    def __init__(self, string=Default, digits=Default, **kwargs) -> None:
        if digits is not Default:
            kwargs["digits"] = digits
        super().__init__(string, **kwargs)

    def column_sql_type(self) -> str:
        # any digits given, even 0 or False (an unbounded NUMERIC, as Odoo), make a numeric column
        return "float8" if self.digits is None else "numeric"

    def get_digits(self, env) -> tuple[int, int] | None:
        digits = self.digits
        if isinstance(digits, str):
            precision = env["decimal.precision"].precision_get(digits)
            return (16, precision)
        if callable(digits):
            return digits(env.cr)
        return digits

    def convert_to_cache(self, value, record, validate=True):
        # rounded to the digits even unvalidated (a new record's values, onchange), as Odoo's
        # floats: a compute on a new record reads back what a saved one would hold
        digits = self.get_digits(record.env) if self.digits else None
        return self._to_float(value, digits)

    def _to_float(self, value, digits) -> float:
        if value is None or value is False:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.bad_value(value, "a number")
        try:
            value = float(value)
        except ValueError:
            raise self.bad_value(value, "a number") from None
        if not digits:
            return value
        # the double nearest the decimal the numeric column keeps (33.23, not the
        # 33.230000000000004 that float_round gives): what Odoo writes (float_repr) and reads
        scale = 10 ** digits[1]
        return round(float_round(value, precision_digits=digits[1]) * scale) / scale

    def cache_converter(self, record):
        if type(self).convert_to_cache is not Float.convert_to_cache:
            return super().cache_converter(record)
        # the precision is read once for all the values, and each number rounded once
        digits = self.get_digits(record.env) if self.digits else None
        to_float = self._to_float
        if not digits:
            # nothing to round: a float is kept as it is (``float(value)`` of a float)
            return lambda value: value if type(value) is float else to_float(value, None)
        rounded: dict = {}

        def converter(value):
            if type(value) is float or type(value) is int:
                found = rounded.get(value)
                if found is None:
                    found = rounded[value] = to_float(value, digits)
                return found
            return to_float(value, digits)
        return converter

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
        if isinstance(digits, (tuple, list)):
            desc["digits"] = list(digits)
        elif digits is not None:
            desc["digits"] = digits             # 0: an unbounded numeric, as Odoo reports it
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
        # an assigned amount is rounded to the record's currency (monetary.py)
        value = self._to_amount(value)
        if value and validate and record._ids:
            rounder = records_rounder(self, record)
            if rounder is not None:
                return rounder(value)
        return value

    def _to_amount(self, value) -> float:
        if value is None or value is False:
            return 0.0
        if type(value) is float:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.bad_value(value, "an amount")
        try:
            return float(value)
        except ValueError:
            raise self.bad_value(value, "an amount") from None

    def cache_converter(self, record):
        # ``record``'s currency read once: none for create() (the model itself: the rows
        # are rounded to their own currency afterwards, ``monetary.round_created_rows``),
        # one for records sharing it; records of several currencies keep their amounts
        if type(self).convert_to_cache is not Monetary.convert_to_cache:
            return Field.cache_converter(self, record)
        to_amount = self._to_amount
        rounder = records_rounder(self, record, strict=False) if record._ids else None
        if rounder is None:
            return to_amount
        return lambda value: rounder(to_amount(value)) if value else to_amount(value)

    def convert_written(self, value, records, vals: dict) -> float:
        """The cache value of an amount ``write(vals)`` writes on ``records``: rounded to the
        currency written with it (directly or through the first link of a related currency
        field), else to the records' own currency."""
        value = self._to_amount(value)
        if not value:
            return value
        currency_id = written_currency(self, records, vals)
        if currency_id is NOT_GIVEN:
            return self.convert_to_cache(value, records)
        rounder = rounders(records.env, [currency_id]).get(currency_id)
        return value if rounder is None else rounder(value)

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
            # as Odoo (its to_text): any other value is kept as its text; addons rely on it
            # (auditlog stores the repr of x2many commands in a Char this way)
            return str(value)
        return value

    def cache_converter(self, record):
        convert = super().cache_converter(record)
        if type(self).convert_to_cache is not _String.convert_to_cache:
            return convert
        return lambda value: value if type(value) is str else convert(value)

    def get_description(self, env):
        desc = super().get_description(env)
        desc["translate"] = bool(self.translate)        # said even when False, as Odoo does
        return desc

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

    def cache_converter(self, record):
        convert = super().cache_converter(record)
        if type(self).convert_to_cache is not Char.convert_to_cache or self.size:
            return convert
        return lambda value: value if type(value) is str else convert(value)

    def get_description(self, env):
        desc = super().get_description(env)
        if self.size:
            desc["size"] = self.size
        desc["trim"] = bool(self.trim)
        return desc


class Text(_String):
    type, column_type = "text", "text"


class Html(_String):
    """HTML text, cleaned on write (``sanitize``, on by default, and its options: see
    :mod:`framework.tools.html_sanitizer`), as Odoo does."""

    type, column_type = "html", "text"
    sanitize = True
    sanitize_tags = True
    sanitize_attributes = True
    sanitize_style = False
    sanitize_form = True
    strip_style = False
    strip_classes = False

    def convert_to_record(self, value, record):
        """``Markup``, as Odoo 17 gives: code composing HTML with it does not escape it."""
        value = super().convert_to_record(value, record)
        return Markup(value) if value else value

    def convert_to_read(self, value, record, use_display_name=True):
        """Plain text on the wire (XML-RPC cannot marshal a str subclass)."""
        value = _String.convert_to_record(self, value, record)
        return str(value) if value else value

    def convert_to_cache(self, value, record, validate=True):
        value = super().convert_to_cache(value, record, validate)
        if validate and self.sanitize and value:
            value = str(html_sanitize(
                value, sanitize_tags=self.sanitize_tags, sanitize_attributes=self.sanitize_attributes,
                sanitize_style=self.sanitize_style, sanitize_form=self.sanitize_form,
                strip_style=self.strip_style, strip_classes=self.strip_classes))
        return value

    def get_description(self, env):
        desc = super().get_description(env)
        desc["sanitize"] = bool(self.sanitize)
        for name, default in (("sanitize_tags", True), ("sanitize_attributes", True),
                              ("sanitize_style", False), ("strip_style", False),
                              ("strip_classes", False)):
            desc[name] = bool(getattr(self, name, default))
        return desc


def _user_zone(record) -> datetime.tzinfo:
    """The timezone of ``record``'s context (``tz``), else of its user, else UTC (an unknown
    name counts as UTC, as Odoo)."""
    import zoneinfo
    tz_name = record.env.context.get("tz") or record.env.user.tz or "UTC"
    try:
        return zoneinfo.ZoneInfo(tz_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


class Date(Field):
    type, column_type = "date", "date"
    group_operator = None

    @staticmethod
    def today(*args) -> datetime.date:
        return datetime.date.today()

    @staticmethod
    def context_today(record, timestamp=None) -> datetime.date:
        """Today (or ``timestamp``'s day, a naive UTC datetime) in the timezone of the
        record's context, else of its user, as Odoo: not the server's UTC day."""
        now = timestamp or datetime.datetime.utcnow()
        if not isinstance(now, datetime.datetime):
            return now
        return now.replace(tzinfo=datetime.UTC).astimezone(_user_zone(record)).date()

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
                value = value.astimezone(datetime.UTC).replace(tzinfo=None)
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
        return timestamp.replace(tzinfo=datetime.UTC).astimezone(_user_zone(record))

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

    def _description_selection(self, env) -> list[tuple]:
        """The ``(value, label)`` pairs, as ``fields_get`` gives them: Odoo's name, which addons
        call for labels (``dict(field._description_selection(self.env))[record.state]``).

        A selection given as a list has its labels in the context language (the addons'
        ``.po``, see ``translated_label``); a method gives its own labels, as in Odoo."""
        pairs = self._selection_pairs(env[self.model_name])
        field = self._related_fields[-1] if self._related_fields else self
        if isinstance(field.selection, (list, tuple)) and env.lang and env.lang != "en_US":
            return [(value, field.translated_label(label, env)) for value, label in pairs]
        return [tuple(pair) for pair in pairs]

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

    def cache_converter(self, record):
        convert = super().cache_converter(record)
        if type(self).convert_to_cache is not Selection.convert_to_cache:
            return convert
        # the values a first conversion found allowed pass without looking again
        seen: set = set()

        def converter(value):
            if type(value) is str and value in seen:
                return value
            value = convert(value)
            if isinstance(value, str):
                seen.add(value)
            return value
        return converter

    def get_description(self, env):
        desc = super().get_description(env)
        desc["selection"] = [list(pair) for pair in self._description_selection(env)]
        return desc


class Binary(Field):
    """Binary data, sent to clients as base64 text. Stored in an ``ir.attachment`` by
    default (``attachment=True``, as Odoo; see ``binary_attachments``), or in a bytea
    column with ``attachment=False``. A field that is not stored has no attachment."""

    type, column_type = "binary", "bytea"
    attachment = True
    prefetch = False
    copy = True

    def setup_attrs(self, args: dict) -> None:
        super().setup_attrs(args)
        if not self.store:
            self.attachment = False

    @property
    def column(self) -> bool:
        return bool(self.store and not self.attachment)

    def __get__(self, records, owner=None):
        if records is not None and records._ids and self.attachment and self.store and \
                binary_attachments.wants_size(self, records.env):
            # the size of the file (Odoo's ``bin_size``), from its attachment's file_size
            if len(records._ids) > 1:
                raise ValueError(f"Expected singleton: {records}")
            size = binary_attachments.sizes(records, self, prefetch=True)[0]
            return self.convert_to_record(size, records)
        return super().__get__(records, owner)

    def read_values(self, records, use_display_name=True) -> list:
        if self.attachment and self.store and binary_attachments.wants_size(self, records.env):
            return [size.decode() if size else False
                    for size in binary_attachments.sizes(records, self, checked=True)]
        return super().read_values(records, use_display_name)

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        if isinstance(value, str):
            value = value.encode()
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        if self.compute and not self.store and isinstance(value, (dict, list)):
            # a computed Binary holds the structure its method gives, as Odoo lets it
            # (account.move's tax_totals; a domain list, in addons made before domain
            # attributes took expressions): kept as it is, read as it is
            return value
        raise self.bad_value(value, "base64 data")

    def get_description(self, env):
        desc = super().get_description(env)
        # Odoo keeps stored binaries in attachments; computed ones are plain values
        desc["attachment"] = bool(self.attachment and self.store)
        return desc

    def _description_sortable(self) -> bool:
        return False                        # a picture or a file has no order

    def convert_to_read(self, value, record, use_display_name=True):
        if not value:
            return False
        if not isinstance(value, (bytes, str)):
            return value                    # a computed binary's structure (tax totals, a domain)
        if record.env.context.get("bin_size") and "bin_size" not in self.depends_context:
            # (a compute that depends on bin_size gave the size itself: ir.attachment.datas)
            return human_size(len(base64.b64decode(value, validate=False)))
        if isinstance(value, bytes):
            try:
                return value.decode()
            except UnicodeDecodeError:
                # raw bytes (ir.attachment's raw, db_datas): sent as the base64 text they
                # would be written with
                return base64.b64encode(value).decode()
        return value

    def convert_from_column(self, value):
        return bytes(value) if value is not None else None


class Image(Binary):
    """A Binary holding an image: written values are checked and fit within ``max_width`` x
    ``max_height`` (a stored related image of a smaller size gets its own resized copy)."""

    type = "binary"
    max_width = max_height = 0
    verify_resolution = True

    def convert_to_cache(self, value, record, validate=True):
        value = super().convert_to_cache(value, record, validate)
        if not value or not validate or (self.readonly and not (self.max_width or self.max_height)):
            return value
        try:
            raw = base64.b64decode(value, validate=True)
        except ValueError:
            raise UserError(f"{self.model_name}.{self.name}: the image is not encoded in base64.") \
                from None
        processed = image_process(raw, size=(self.max_width, self.max_height),
                                  verify_resolution=self.verify_resolution)
        return value if processed is raw else base64.b64encode(processed)


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
           "Datetime", "Selection", "Binary", "Image", "Json", "Id", "Default",
           "Many2one", "One2many", "Many2many", "Reference", "Many2oneReference"]
