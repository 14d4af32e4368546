"""JSON text of answers, as Odoo writes it: orjson, with Odoo's ``json_default`` for the rest.

Shared by the JSON-RPC envelope (``jsonrpc``) and ``Request.make_json_response``; it imports
nothing of the HTTP layer, so neither depends on the other for it.
"""
from __future__ import annotations

import datetime
from collections.abc import Mapping

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def json_default(value: object) -> object:
    """What orjson does not serialise itself, as Odoo's ``json_default`` does."""
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


def dumps(value: object) -> bytes:
    try:
        return orjson.dumps(value, default=json_default, option=_OPTIONS)
    except TypeError:                  # ints beyond 64 bits and such: the stdlib copes
        import json
        return json.dumps(value, default=json_default).encode()
