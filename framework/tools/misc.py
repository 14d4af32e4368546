"""Small data helpers that Odoo addons import from ``odoo.tools``."""
from __future__ import annotations

import functools
import hmac
import inspect
import itertools
import logging
import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, MutableSet

DEFAULT_SERVER_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_SERVER_TIME_FORMAT = "%H:%M:%S"
DEFAULT_SERVER_DATETIME_FORMAT = f"{DEFAULT_SERVER_DATE_FORMAT} {DEFAULT_SERVER_TIME_FORMAT}"


class frozendict(dict):
    """A dict that refuses changes (contexts are frozendicts, as in Odoo)."""

    def _refuse(self, *args, **kwargs):
        raise NotImplementedError("'frozendict' object is immutable; build a new dict instead")

    __delitem__ = __setitem__ = clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        # computed once: every environment derived from a context is looked up by this hash
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = self.__dict__["_hash"] = hash(frozenset((key, _hash_part(value))
                                                            for key, value in self.items()))
            return value


def _hash_part(value):
    """What a context value adds to the context's hash. A dict adds only that it is one: a
    context may carry a big or still-growing dict (the POS payload being built, in
    ``loaded_data``), and hashing it whole at every environment made would cost its whole
    size each time; equal contexts still hash alike, and equality settles the rest."""
    if isinstance(value, dict):
        return dict
    if isinstance(value, (set, frozenset)):
        return frozenset(_hash_part(v) for v in value)
    if isinstance(value, (list, tuple)):
        return tuple(_hash_part(v) for v in value)
    return value


class OrderedSet(MutableSet):
    """A set that remembers insertion order."""

    __slots__ = ("_map",)

    def __init__(self, elems: Iterable = ()) -> None:
        self._map = dict.fromkeys(elems)

    def __contains__(self, elem) -> bool:
        return elem in self._map

    def __iter__(self) -> Iterator:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def add(self, elem) -> None:
        self._map[elem] = None

    def discard(self, elem) -> None:
        self._map.pop(elem, None)

    def update(self, elems: Iterable) -> None:
        self._map.update(zip(elems, itertools.repeat(None)))

    def difference_update(self, elems: Iterable) -> None:
        for elem in elems:
            self.discard(elem)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._map)!r})"


class LastOrderedSet(OrderedSet):
    """An ordered set where re-adding an element moves it to the end."""

    def add(self, elem) -> None:
        self._map.pop(elem, None)
        self._map[elem] = None


def split_every(n: int, iterable: Iterable, piece_maker=tuple) -> Iterator:
    """Yield pieces of ``n`` items from ``iterable``."""
    iterator = iter(iterable)
    piece = piece_maker(itertools.islice(iterator, n))
    while piece:
        yield piece
        piece = piece_maker(itertools.islice(iterator, n))


def unique(iterable: Iterable) -> Iterator:
    """Yield the items of ``iterable`` once each, in order."""
    seen = set()
    for item in iterable:
        if item not in seen:
            seen.add(item)
            yield item


def groupby(iterable: Iterable, key=None) -> list[tuple]:
    """Group items by key without sorting first; returns ``[(key, [items])]`` in first-seen order."""
    groups: dict = {}
    for item in iterable:
        groups.setdefault(key(item) if key else item, []).append(item)
    return list(groups.items())


def ustr(value, hint_encoding: str = "utf-8", errors: str = "strict") -> str:
    if isinstance(value, bytes):
        return value.decode(hint_encoding, errors)
    return str(value)


def clean_context(context: Mapping) -> dict:
    """The context without its ``default_*`` keys (they must not leak to other models)."""
    return {key: value for key, value in context.items() if not key.startswith("default_")}


def flatten(items: Iterable) -> list:
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out


def is_list_of(values, type_) -> bool:
    return isinstance(values, (list, tuple)) and all(isinstance(v, type_) for v in values)


class Collector(dict):
    """A dict of lists: ``collector[key]`` is a list, ``add`` appends once."""

    def __getitem__(self, key):
        return self.get(key, ())

    def add(self, key, value) -> None:
        values = self.setdefault(key, [])
        if value not in values:
            values.append(value)


def partition(predicate, items: Iterable) -> tuple[list, list]:
    """``(items for which predicate is true, the others)``, each in order."""
    yes, no = [], []
    for item in items:
        (yes if predicate(item) else no).append(item)
    return yes, no


def topological_sort(elems: Mapping) -> list:
    """The keys of ``elems`` (``{item: items it depends on}``) ordered so that each comes
    after what it depends on (dependencies outside ``elems`` are ignored)."""
    result, visited = [], set()

    def visit(node) -> None:
        if node in visited:
            return
        visited.add(node)
        for dependency in elems.get(node, ()):
            if dependency in elems:
                visit(dependency)
        result.append(node)

    for node in elems:
        visit(node)
    return result


def str2bool(value, default=None) -> bool:
    """``"yes"``, ``"1"``, ``"true"``, ``"on"``... as True, ``"no"``, ``"0"``, ``"false"``,
    ``"off"``... as False; anything else is ``default``, or a ValueError without one."""
    text = str(value).strip().lower()
    if text in ("y", "yes", "1", "true", "t", "on"):
        return True
    if text in ("n", "no", "0", "false", "f", "off"):
        return False
    if default is None:
        raise ValueError(f"{value!r} is not a boolean; write yes/no, true/false, on/off or 1/0")
    return default


def human_size(size) -> str | bool:
    """A byte count as people read it: ``"1.50 Kb"``, ``"3.00 Mb"``; False for nothing."""
    if not size:
        return False
    if isinstance(size, (str, bytes)):
        size = len(size)
    units = ("bytes", "Kb", "Mb", "Gb", "Tb")
    value, index = float(size), 0
    while value >= 1024 and index < len(units) - 1:
        value /= 1024
        index += 1
    return f"{value:.2f} {units[index]}"


def format_duration(value: float) -> str:
    """Hours as a float shown as ``"hh:mm"`` (``1.5`` -> ``"01:30"``, ``-0.25`` -> ``"-00:15"``)."""
    hours, minutes = divmod(round(abs(value) * 60), 60)
    return f"{'-' if value < 0 else ''}{hours:02d}:{minutes:02d}"


def exception_to_unicode(exception: BaseException) -> str:
    """The message of ``exception``: its arguments one per line, else its text."""
    if getattr(exception, "args", ()):
        return "\n".join(str(arg) for arg in exception.args)
    try:
        return str(exception)
    except Exception:
        return "Unknown message"


def consteq(first, second) -> bool:
    """Compare two secrets in a time that does not tell how much of them matched."""
    return hmac.compare_digest(first, second)


class lazy_property(functools.cached_property):
    """A property computed on first access and kept on the instance (``reset_all`` forgets
    every one of an object)."""

    @staticmethod
    def reset_all(instance) -> None:
        for name, member in inspect.getmembers(type(instance)):
            if isinstance(member, functools.cached_property):
                instance.__dict__.pop(name, None)


def remove_accents(text: str) -> str:
    """``text`` without its accents (``"Élan café"`` -> ``"Elan cafe"``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class mute_logger(logging.Handler):
    """Silence the named loggers inside a ``with`` block or a decorated function (tests
    that provoke an error on purpose)."""

    def __init__(self, *loggers: str) -> None:
        super().__init__()
        self.loggers = loggers
        self._saved: list = []

    def __enter__(self):
        for name in self.loggers:
            logger = logging.getLogger(name)
            self._saved.append((logger, logger.propagate, list(logger.handlers)))
            logger.propagate = False
            logger.handlers = [self]
        return self

    def __exit__(self, *exc_info) -> None:
        while self._saved:
            logger, propagate, handlers = self._saved.pop()
            logger.propagate = propagate
            logger.handlers = handlers

    def __call__(self, function):
        @functools.wraps(function)
        def muted(*args, **kwargs):
            with mute_logger(*self.loggers):
                return function(*args, **kwargs)
        return muted

    def emit(self, record) -> None:
        pass


# -- addons' files ---------------------------------------------------------------------------

def _addons_roots() -> list[str]:
    """The addons directories, in order: those ``odoo.addons`` searches, else the configured
    ones (read here without importing the module loader, a higher layer)."""
    addons = sys.modules.get("odoo.addons")
    paths = list(getattr(addons, "__path__", None) or [])
    if not paths:
        from framework.config import config
        paths = config.addons_paths()
    return list(dict.fromkeys(os.path.abspath(path) for path in paths))


def file_path(file_path: str, filter_ext: tuple = ("",), env=None) -> str:
    """The absolute path of an addon's file, named ``"addon/dir/file.ext"`` (or by an
    absolute path inside an addons directory). FileNotFoundError when there is no such file
    in an addon, ValueError when its extension is not one of ``filter_ext``."""
    if not file_path.endswith(tuple(filter_ext)):
        raise ValueError(f"{file_path!r}: only files ending with {', '.join(filter_ext)} may be opened")
    roots = _addons_roots()
    candidates = [file_path] if os.path.isabs(file_path) else \
        [os.path.join(root, os.path.normpath(file_path)) for root in roots]
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if os.path.isfile(real) and any(real.startswith(os.path.realpath(root) + os.sep) for root in roots):
            return real
    raise FileNotFoundError(f"file not found in any addon: {file_path!r} (addons directories: "
                            f"{', '.join(roots) or 'none'})")


def file_open(name: str, mode: str = "r", filter_ext: tuple | None = None, env=None):
    """Open an addon's file (see ``file_path``): text modes read UTF-8."""
    path = file_path(name, filter_ext or ("",), env)
    if "b" in mode:
        return open(path, mode)
    return open(path, mode, encoding="utf-8")


# -- locale formatting (Odoo's odoo.tools.misc helpers; dates through babel) -------------------

def get_lang(env, lang_code: str | None = None):
    """The active ``res.lang`` record for ``lang_code``, the context language, or English."""
    Lang = env["res.lang"].sudo()
    for code in (lang_code, env.context.get("lang"), "en_US"):
        if code:
            lang = Lang.with_context(active_test=True).search([("code", "=", code)], limit=1)
            if lang:
                return lang
    return Lang.with_context(active_test=False).search([("code", "=", "en_US")], limit=1)


def _group_digits(integer: str, separator: str) -> str:
    sign = "-" if integer.startswith("-") else ""
    digits = integer.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + separator.join(groups)


def formatLang(env, value, digits: int | None = None, grouping: bool = True, monetary: bool = False,
               dp: str | None = None, currency_obj=None, rounding_method: str = "HALF-EVEN",
               rounding_unit: str = "decimals") -> str:
    """``value`` as the user's language writes numbers (and with the currency symbol if given)."""
    if value in ("", None):
        return ""
    if digits is None:
        digits = 2
        if dp:
            digits = env["decimal.precision"].precision_get(dp)
        elif currency_obj:
            digits = currency_obj.decimal_places
    lang = get_lang(env)
    text = f"{float(value):.{digits}f}"
    integer, _, decimals = text.partition(".")
    if grouping:
        integer = _group_digits(integer, lang.thousands_sep or "")
    result = integer + ((lang.decimal_point or ".") + decimals if decimals else "")
    if currency_obj and currency_obj.symbol:
        if currency_obj.position == "after":
            result = f"{result}\N{NO-BREAK SPACE}{currency_obj.symbol}"
        else:
            result = f"{currency_obj.symbol}\N{NO-BREAK SPACE}{result}"
    return result


def format_amount(env, amount, currency, lang_code: str | None = None) -> str:
    return formatLang(env.with_context(lang=lang_code) if lang_code and hasattr(env, "with_context")
                      else env, amount, currency_obj=currency)


def format_date(env, value, lang_code: str | None = None, date_format: str | None = None) -> str:
    """A date in the language's format (Odoo's strftime-style pattern from res.lang)."""
    import datetime as _dt
    if not value:
        return ""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    elif isinstance(value, _dt.datetime):
        value = value.date()
    lang = get_lang(env, lang_code)
    if date_format:
        from babel.dates import format_date as babel_format
        return babel_format(value, format=date_format, locale=lang.code or "en_US")
    return value.strftime(lang.date_format or DEFAULT_SERVER_DATE_FORMAT)


def format_datetime(env, value, tz: str | None = None, dt_format: str = "medium",
                    lang_code: str | None = None) -> str:
    """A UTC datetime shown in ``tz`` (or the user's) with babel's locale patterns."""
    import datetime as _dt
    import zoneinfo

    from babel.dates import format_datetime as babel_format
    if not value:
        return ""
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value)
    zone_name = tz or env.context.get("tz") or "UTC"
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = value.replace(tzinfo=_dt.UTC).astimezone(zone)
    lang = get_lang(env, lang_code)
    return babel_format(local, format=dt_format, locale=lang.code or "en_US")


class unquote(str):
    """A string whose repr() is itself: an expression kept as code inside a domain written
    for the web client (``[('company_id', 'in', [company_id] + [False])]``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return self
