"""``onchange()``: what a form client calls when a field changes (Odoo 17 signature).

The record being edited is rebuilt as a new record (``model.new``) from the client's values,
the ``@api.onchange`` methods of the changed fields run on it, computed fields are
re-evaluated in the cache, and the fields whose values moved are sent back. Nothing is
written to the database.
"""
from __future__ import annotations

from .commands import Command


class OnchangeMixin:
    __slots__ = ()

    def onchange(self, values: dict, field_names, fields_spec: dict) -> dict:
        """``{'value': {...}, 'warning': {...}}`` for ``values`` after ``field_names`` changed.

        Called on the record being edited (none for a new one), as Odoo 17's form does over
        RPC: ``onchange([id], values, field_names, fields_spec)``.

        ``field_names`` empty means a new record: defaults are filled in first. The 16.0
        form (``field_name`` as a string, ``field_onchange`` mapping names to flags) works too.
        """
        if isinstance(field_names, str):
            field_names = [field_names]
        field_names = list(field_names or [])
        spec = _normalise_spec(fields_spec)
        self._check_field_names([*values, *field_names])
        values = dict(values)
        if not field_names:
            missing = [name for name in spec if name not in values]
            values.update(self.default_get(missing))
        origin = self[:1] if self._ids and isinstance(self._ids[0], int) else None
        # the record as the client had it before the change, then the change applied to it
        changed_values = {name: values[name] for name in field_names if name in values}
        initial = {name: value for name, value in values.items() if name not in changed_values}
        record = self.new(_cache_values(self, initial), origin=origin)
        # what the client shows before the change: the fields it sent, the others as a new
        # record (or the edited one) has them; only what the change moves is sent back
        before = {name: _snapshot(record, name, spec[name]) for name in spec}
        warnings = []
        if field_names:
            record._invalidate_computed_new(keep=set(initial))
            record._write_new(changed_values)
            # what the client typed is not news to it: only a later change is sent back
            before.update({name: _snapshot(record, name, spec[name]) for name in changed_values
                           if name in spec})
        todo = field_names or [name for name in values if name in type(self)._onchange_methods]
        for name in todo:
            for method in type(self)._onchange_methods.get(name, ()):
                result = method(record)
                if not isinstance(result, dict):
                    continue
                if result.get("value"):
                    # values an onchange method returns are applied to the record, as in Odoo
                    record.update({key: value for key, value in result["value"].items()
                                   if key in record._fields and key != "id"})
                if result.get("warning"):
                    warnings.append(result["warning"])
        after = {name: _snapshot(record, name, spec[name]) for name in spec}
        if field_names:
            changed = {name: value for name, value in after.items()
                       if name not in before or before[name] != value}
        else:
            # a new record: every field of the spec, but no x2many without lines (Odoo's answer)
            changed = {name: value for name, value in after.items()
                       if value != () or record._fields[name].type not in ("one2many", "many2many")}
        result: dict = {"value": {name: _wire(record, name, value, spec[name]) for name, value in changed.items()}}
        if warnings:
            result["warning"] = {
                "title": " / ".join(w.get("title", "") for w in warnings if w.get("title")) or "Warning",
                "message": "\n\n".join(w.get("message", "") for w in warnings),
                "type": warnings[0].get("type", "dialog"),
            }
        return result

    def _invalidate_computed_new(self, keep=frozenset()) -> None:
        """Forget computed values of this new record so that they are recomputed from the cache."""
        self.env.transaction.invalidate(
            [f for f in self._fields.values() if f.compute and f.name not in keep], self._ids[:1])


def _normalise_spec(fields_spec) -> dict:
    spec = {}
    for name, sub in (fields_spec or {}).items():
        if "." in name:
            continue                                   # 16.0 dotted sub-fields
        spec[name] = sub if isinstance(sub, dict) else {}
    return spec


def _computed(model) -> set:
    return {name for name, field in model._fields.items() if field.compute}


def _cache_values(model, values: dict) -> dict:
    """The client's values as ``new()`` takes them (x2many commands are applied there)."""
    return dict(values)


def _snapshot(record, name: str, sub_spec: dict):
    value = record[name]
    field = record._fields[name]
    if field.type == "many2one":
        return value.id or False
    if field.type in ("one2many", "many2many"):
        return tuple(value._ids)
    return value


def _wire(record, name: str, value, sub_spec: dict):
    field = record._fields[name]
    if field.type == "many2one":
        target = record[name]
        if not target:
            return False
        fields = sub_spec.get("fields") if isinstance(sub_spec, dict) else None
        if fields:
            return {"id": target.id, **{k: _wire(target, k, _snapshot(target, k, {}), {}) for k in fields if k != "id"}}
        return {"id": target.id, "display_name": target.display_name}
    if field.type in ("one2many", "many2many"):
        lines = record[name]
        sub_fields = (sub_spec or {}).get("fields") or {}
        commands: list = [(int(Command.CLEAR), 0, 0)] if field.type == "one2many" else []
        for line in lines:
            if isinstance(line._ids[0], int):
                commands.append((int(Command.LINK), line.id, 0))
            else:
                commands.append((int(Command.CREATE), 0, {k: _wire(line, k, _snapshot(line, k, {}), v)
                                                      for k, v in sub_fields.items()}))
        if field.type == "many2many":
            return [(int(Command.SET), 0, [line.id for line in lines if isinstance(line._ids[0], int)])]
        return commands
    return field.convert_to_read(field.convert_to_cache(value, record, validate=False), record)
