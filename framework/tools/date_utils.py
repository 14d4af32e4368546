"""Date helpers addons reach as ``odoo.tools.date_utils`` (and ``odoo.tools``): periods
(``start_of``/``end_of``, months, quarters, fiscal years), arithmetic with relativedelta,
ranges, and ``json_default``. Each keeps the type it is given: a date gives dates, a
datetime datetimes."""
from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Iterator, Mapping

from dateutil.relativedelta import relativedelta

GRANULARITIES = ("year", "quarter", "month", "week", "day", "hour")
ONE_MONTH = relativedelta(months=1)


def _same_type(value, year: int, month: int, day: int):
    return type(value)(year, month, day)


def _month_last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def get_month(date):
    """``(first day, last day)`` of the month of ``date``."""
    return (_same_type(date, date.year, date.month, 1),
            _same_type(date, date.year, date.month, _month_last_day(date.year, date.month)))


def get_quarter_number(date) -> int:
    """The quarter (1 to 4) ``date`` falls in."""
    return math.ceil(date.month / 3)


def get_quarter(date):
    """``(first day, last day)`` of the quarter of ``date``."""
    first_month = (get_quarter_number(date) - 1) * 3 + 1
    last_month = first_month + 2
    return (_same_type(date, date.year, first_month, 1),
            _same_type(date, date.year, last_month, _month_last_day(date.year, last_month)))


def _fiscal_year_end(value, year: int, month: int, day: int):
    last = _month_last_day(year, month)
    if month == 2 and day == 28 and last == 29:
        day = 29                # a year ending on 28 February ends on the 29th in a leap year
    return _same_type(value, year, month, min(day, last))


def get_fiscal_year(date, day: int = 31, month: int = 12):
    """``(first day, last day)`` of the fiscal year ``date`` falls in, for a fiscal year that
    ends on ``day``/``month`` (the calendar year by default)."""
    date_to = _fiscal_year_end(date, date.year, month, day)
    if date <= date_to:
        return _fiscal_year_end(date, date.year - 1, month, day) + datetime.timedelta(days=1), date_to
    return date_to + datetime.timedelta(days=1), _fiscal_year_end(date, date.year + 1, month, day)


def get_timedelta(qty: int, granularity: str) -> relativedelta:
    """``qty`` units of ``granularity`` (day, week, month or year) as a relativedelta."""
    units = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
    if granularity not in units:
        raise ValueError(f"granularity must be one of {', '.join(units)}, not {granularity!r}")
    return relativedelta(**{units[granularity]: qty})


def _period(value, granularity: str) -> tuple:
    """``(first day, last day)`` of the year, quarter, month, week (from Monday) or day of
    ``value``, of its type."""
    if granularity == "year":
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    if granularity == "quarter":
        return get_quarter(value)
    if granularity == "month":
        return value.replace(day=1), value + relativedelta(day=1, months=1, days=-1)
    if granularity == "week":
        return value - relativedelta(days=value.weekday()), value + relativedelta(days=6 - value.weekday())
    if granularity == "day":
        return value, value
    raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")


def start_of(value, granularity: str):
    """The first moment of the ``granularity`` (year, quarter, month, week — from Monday —,
    day or hour) that ``value`` falls in."""
    if granularity == "hour":
        return _hour(value).replace(minute=0, second=0, microsecond=0)
    first = _period(value, granularity)[0]
    if isinstance(value, datetime.datetime):
        return datetime.datetime.combine(first, datetime.time.min, tzinfo=value.tzinfo)
    return first


def end_of(value, granularity: str):
    """The last moment of the ``granularity`` that ``value`` falls in (23:59:59.999999 of
    its last day for a datetime)."""
    if granularity == "hour":
        return _hour(value).replace(minute=59, second=59, microsecond=999999)
    last = _period(value, granularity)[1]
    if isinstance(value, datetime.datetime):
        return datetime.datetime.combine(last, datetime.time.max, tzinfo=value.tzinfo)
    return last


def _hour(value):
    if not isinstance(value, datetime.datetime):
        raise ValueError("granularity 'hour' needs a datetime, not a date")
    return value


def add(value, *args, **kwargs):
    """``value + relativedelta(*args, **kwargs)``."""
    return value + relativedelta(*args, **kwargs)


def subtract(value, *args, **kwargs):
    """``value - relativedelta(*args, **kwargs)``."""
    return value - relativedelta(*args, **kwargs)


def date_range(start, end, step: relativedelta = ONE_MONTH) -> Iterator:
    """``start``, ``start + step``... up to ``end`` included (dates, or datetimes of one
    time zone)."""
    if isinstance(start, datetime.datetime) != isinstance(end, datetime.datetime):
        raise ValueError("date_range needs two dates or two datetimes")
    if isinstance(start, datetime.datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        raise ValueError("date_range needs two naive datetimes or two aware ones")
    if start > end:
        raise ValueError("date_range: the start must come before the end")
    if start + step <= start:
        raise ValueError("date_range: the step must move forward")
    current = start
    while current <= end:
        yield current
        current += step


def json_default(value: object) -> object:
    """What JSON does not serialise itself, as Odoo writes it (dates as ``%Y-%m-%d %H:%M:%S``)."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)
