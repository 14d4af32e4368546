"""``psycopg2.errorcodes``: the SQLSTATE of each error under its upper-case name
(``UNIQUE_VIOLATION == '23505'``), and ``lookup(code)`` giving that name back."""
from __future__ import annotations

import re

import psycopg.errors as _errors

_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _codes() -> dict[str, str]:
    codes = {}
    for name, value in vars(_errors).items():
        state = getattr(value, "sqlstate", None) if isinstance(value, type) else None
        if state:
            codes[_WORD.sub("_", name).upper()] = state
    return codes


_CODES = _codes()
globals().update(_CODES)
_NAMES = {code: name for name, code in _CODES.items()}


def lookup(code: str) -> str:
    """The name of the SQLSTATE ``code`` (KeyError if unknown), as psycopg2's."""
    return _NAMES[code]
