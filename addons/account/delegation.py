"""Records that delegate to an entry (``_inherits = {'account.move': 'move_id'}``): the
payment and the statement line make their entries themselves, in one batch."""
from __future__ import annotations


def drop_inherited_defaults(model, vals: dict) -> dict:
    """``vals`` without the defaults of the entry's fields when the entry is given.

    Odoo's ``_add_missing_default_values`` leaves out the defaults of a parent's fields when
    the parent record is given; the ORM here adds them, and create() would then write them
    onto the entry, one UPDATE per record. The creators pass every value meant for the
    entry to the entry itself, so what is inherited here is only defaults."""
    if not vals.get("move_id"):
        return vals
    return {name: value for name, value in vals.items() if not model._fields[name].inherited}
