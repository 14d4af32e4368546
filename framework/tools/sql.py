"""SQL fragments that carry their parameters, and identifier quoting.

This is the one place where identifiers are quoted. Values never enter the SQL text: they
travel beside it in ``params`` and are bound by the driver. Addons reach it as
``odoo.tools.SQL`` (Odoo 17's name).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


class SQL:
    """A piece of SQL text plus its parameters.

    ``SQL("a = %s AND %s", 5, SQL("b IS NULL"))`` inlines nested fragments (text and params)
    and keeps plain values as ``%s`` placeholders. Named placeholders work too:
    ``SQL("a = %(x)s", x=5)``. A literal ``%`` in the text is written ``%%``.
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str = "", *args: object, **kwargs: object) -> None:
        if isinstance(code, SQL):
            if args or kwargs:
                raise TypeError("SQL(SQL(...)) takes no further arguments")
            self.code, self.params = code.code, code.params
            return
        if args and kwargs:
            raise TypeError("SQL() takes positional or named arguments, not both")
        if kwargs:
            args = _named_to_positional(code, kwargs)
            code = re.sub(r"%\((\w+)\)s", "%s", code)
        chunks = code.replace("%%", "\0").split("%s")
        if len(chunks) != len(args) + 1:
            raise TypeError(f"{code!r} has {len(chunks) - 1} placeholder(s) but got {len(args)} argument(s)")
        text, params = [chunks[0]], []
        for arg, chunk in zip(args, chunks[1:]):
            _add(arg, text, params)
            text.append(chunk)
        self.code = "".join(text).replace("\0", "%%")
        self.params = tuple(params)

    @classmethod
    def identifier(cls, name: str, subname: str | None = None) -> SQL:
        """``"name"`` or ``"name"."subname"``; refuses anything that is not a plain identifier."""
        return cls._raw(_quoted(name, subname))

    @classmethod
    def join(cls, separator: str | SQL, items: Iterable[SQL | object]) -> SQL:
        """Join fragments (or values, which become parameters) with ``separator``."""
        if isinstance(separator, SQL):
            sep, sep_params = separator.code, separator.params
        else:
            sep, sep_params = separator.replace("%", "%%"), ()
        codes: list[str] = []
        params: list = []
        for item in items:
            if codes and sep_params:
                params.extend(sep_params)
            _add(item, codes, params)
        return cls._raw(sep.join(codes), tuple(params))

    @classmethod
    def _raw(cls, code: str, params: tuple = ()) -> SQL:
        self = object.__new__(cls)
        self.code, self.params = code, params
        return self

    def __bool__(self) -> bool:
        return bool(self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SQL) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash((self.code, self.params))

    def __repr__(self) -> str:
        return f"SQL({self.code!r}{''.join(', ' + repr(p) for p in self.params)})"

    def __iter__(self):
        """``cr.execute(*sql)`` style unpacking: yields code then params."""
        yield self.code
        yield self.params


def _add(item: object, codes: list[str], params: list) -> None:
    """An SQL fragment adds its text and parameters; any other value becomes a ``%s``."""
    if isinstance(item, SQL):
        codes.append(item.code)
        params.extend(item.params)
    else:
        codes.append("%s")
        params.append(item)


@functools.lru_cache(maxsize=4096)
def _quoted(name: str, subname: str | None) -> str:
    code = quote_identifier(name)
    return code if subname is None else f"{code}.{quote_identifier(subname)}"


def quote_identifier(name: str) -> str:
    """Double-quote a table, column or constraint name; refuse anything suspicious."""
    if not isinstance(name, str) or not _IDENT.fullmatch(name) or len(name) > 63:
        raise ValueError(f"refusing to quote suspicious SQL identifier {name!r}")
    return f'"{name}"'


def _named_to_positional(code: str, kwargs: dict) -> tuple:
    names = re.findall(r"%\((\w+)\)s", code)
    missing = [n for n in names if n not in kwargs]
    if missing:
        raise TypeError(f"{code!r} needs named argument(s) {missing}")
    return tuple(kwargs[n] for n in names)
