"""Records that live only in the cache (``model.new(values)``), used by onchange and precompute."""
from __future__ import annotations

import itertools

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
    cache = model.env.transaction.cache
    for name, value in values.items():
        field = model._fields.get(name)
        if field is None:
            raise ValueError(f"Invalid field {name!r} on model {model._name!r}")
        if field.type in ("one2many", "many2many") and isinstance(value, (list, tuple)):
            from .fields_relational import apply_commands_to_ids
            value = tuple(i for i in apply_commands_to_ids(field, (), value, record) if i)
        cache[field][record._ids[0]] = field.convert_to_cache(value, record, validate=False)
    return record
