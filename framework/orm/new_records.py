"""Records that live only in the cache (``model.new(values)``), used by onchange and precompute."""
from __future__ import annotations

import itertools

from .commands import Command

_counter = itertools.count(1)


class NewId:
    """The id of a record that is not in the database; falsy, like Odoo's."""

    __slots__ = ("origin", "ref", "_serial")

    def __init__(self, origin: int | None = None, ref=None) -> None:
        self.origin = origin
        self.ref = ref
        self._serial = next(_counter)

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other) -> bool:
        if isinstance(other, NewId):
            return self is other or (self.origin is not None and self.origin == other.origin
                                     and self.ref == other.ref)
        return False

    def __hash__(self) -> int:
        return hash(self.origin) if self.origin is not None else self._serial

    def __repr__(self) -> str:
        if self.origin:
            return f"<NewId origin={self.origin!r}>"
        return f"<NewId 0x{self._serial:x}>"


def new_record(model, values: dict, origin=None):
    """A new record of ``model`` whose cache holds ``values`` (write format accepted)."""
    origin_id = origin.id if hasattr(origin, "_ids") else origin
    record = model.browse((NewId(origin_id or None),))
    cache_new_values(record, values)
    return record


def cache_new_values(records, values: dict, after_lines: bool = False) -> None:
    """Put ``values`` (write format) in the cache of the new ``records``, the cache only.

    x2many commands make new lines (``new_lines``); with ``after_lines`` they apply after
    the lines the first record already has (a write on new records), else from none.
    """
    records._check_field_names(values)
    transaction = records.env.transaction
    for name, value in values.items():
        field = records._fields[name]
        if field.type in ("one2many", "many2many") and isinstance(value, (list, tuple)):
            current = transaction.cached_values(field, records.env).get(records._ids[0], ()) \
                if after_lines else ()
            value = new_lines(records, field, [*current, *value])
        values = transaction.cached_values(field, records.env)
        for record_id in records._ids:
            values[record_id] = field.convert_to_cache(value, records, validate=False)


def new_lines(record, field, commands) -> tuple:
    """The linked ids after ``commands``; created or updated lines become new records too,
    so that the parent's computes and onchanges see them (an order's total, say)."""
    comodel = record.env[field.comodel_name]
    inverse = {field.inverse_name: record} if field.type == "one2many" and field.inverse_name else {}
    ids: list = []
    for command in commands:
        if (isinstance(command, int) and not isinstance(command, bool)) or isinstance(command, NewId):
            ids.append(command)                  # an id already linked (a record or a new one)
            continue
        if not isinstance(command, (list, tuple)) or not command:
            raise field.bad_value(command, "an x2many command (code, id, values)")
        code = command[0]
        target = command[1] if len(command) > 1 else 0
        if code == Command.CREATE:
            ids.append(new_record(comodel, {**(command[2] or {}), **inverse})._ids[0])
        elif code == Command.UPDATE:
            line = new_record(comodel, {**(command[2] or {}), **inverse}, origin=target)._ids[0]
            ids = [i for i in ids if i != target] + [line]
        elif code == Command.LINK:
            ids.append(target)
        elif code in (Command.DELETE, Command.UNLINK):
            ids = [i for i in ids if i != target and getattr(i, "origin", None) != target]
        elif code == Command.CLEAR:
            ids = []
        elif code == Command.SET:
            ids = list(command[2] or ())
        else:
            raise field.bad_value(command, "an x2many command with code 0-6")
    return tuple(ids)
