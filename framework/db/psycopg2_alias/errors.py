"""``psycopg2.errors``: one class per SQLSTATE, the same names in psycopg 3 (``UniqueViolation``,
``LockNotAvailable``, ``SerializationFailure``...), and ``lookup(code)``."""
from __future__ import annotations

import psycopg.errors as _errors
from psycopg.errors import lookup as lookup


def _classes() -> dict[str, type]:
    return {name: value for name, value in vars(_errors).items()
            if isinstance(value, type) and issubclass(value, _errors.Error)}


globals().update(_classes())
