"""JSON text of answers, as Odoo writes it: orjson, with Odoo's ``json_default`` for the rest
(``tools/date_utils.py``, where addons find it too).

Shared by the JSON-RPC envelope (``jsonrpc``) and ``Request.make_json_response``; it imports
nothing of the HTTP layer, so neither depends on the other for it.
"""
from __future__ import annotations

import orjson

from ..tools.date_utils import json_default

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def dumps(value: object) -> bytes:
    try:
        return orjson.dumps(value, default=json_default, option=_OPTIONS)
    except TypeError:                  # ints beyond 64 bits and such: the stdlib copes
        import json
        return json.dumps(value, default=json_default).encode()
