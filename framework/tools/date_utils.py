"""Date helpers addons reach as ``odoo.tools.date_utils``; here, Odoo's ``json_default``."""
from __future__ import annotations

import datetime
from collections.abc import Mapping


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
