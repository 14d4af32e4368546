"""``Form``: fill in a record as the web client's form view would, onchanges included.

::

    with Form(env["sale.order"]) as order:        # a new record: defaults from onchange()
        order.partner_id = partner                 # runs the onchange of partner_id
        with order.order_line.new() as line:       # a one2many line, in its own sub-form
            line.product_id = product
    record = order.record                          # saved when the block ends

The fields are those of the model's form view (``view=`` picks another one); each change
calls the model's ``onchange(values, [name], spec)`` (Odoo 17 signature) and applies the
values it returns. ``readonly``/``required``/``invisible`` view attributes (Python
expressions, or the field's own ``readonly``/``required``) are evaluated on the current
values: writing a readonly field, or saving without a required one, is an AssertionError,
as in Odoo. ``save()`` creates the record, or writes only what changed.
"""
from __future__ import annotations

from lxml import etree

from ..orm.commands import Command
from ..tools.safe_eval import safe_eval

X2MANY = ("one2many", "many2many")


class _View:
    """The fields of one form (or sub-form) view and their modifiers."""

    def __init__(self, model, arch_node, outer: frozenset = frozenset()) -> None:
        self.model = model
        self.fields: dict[str, dict] = {}            # name -> {attribute: expression}
        self.subviews: dict[str, _View] = {}
        #: the models of the views this one is a sub-view of, and its own
        self._outer = outer | {model._name}
        self._collect(arch_node)

    def _collect(self, node) -> None:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "field":
                self._collect(child)
                continue
            name = child.get("name")
            field = self.model._fields.get(name)
            if field is None:
                continue
            attributes = {key: child.get(key) for key in ("readonly", "required", "invisible", "force_save")
                          if child.get(key) is not None}
            if name in self.fields:
                attributes = _combined(self.fields[name], attributes)
            self.fields[name] = attributes
            if field.type in X2MANY and name not in self.subviews:
                comodel = self.model.env[field.comodel_name]
                inline = child.find("form")
                if inline is None:
                    inline = child.find("tree")
                if inline is None:
                    inline = child.find("list")
                if inline is None:
                    # no inline view: the comodel's default form, unless that model is
                    # already open around this one (partner -> tag -> partner...), where
                    # it would recurse without end; its lines are then taken as they are
                    inline = etree.Element("form") if comodel._name in self._outer \
                        else _arch(comodel, None)
                self.subviews[name] = _View(comodel, inline, self._outer)

    def spec(self) -> dict:
        """The ``fields_spec`` of ``onchange()``."""
        return {name: ({"fields": self.subviews[name].spec()} if name in self.subviews else {})
                for name in self.fields}

    def modifier(self, name: str, attribute: str, values: dict, parent: dict | None = None) -> bool:
        """Whether ``attribute`` (readonly/required/invisible) holds for ``name`` now."""
        text = self.fields.get(name, {}).get(attribute)
        if text is None:
            return bool(getattr(self.model._fields[name], attribute, False)) \
                if attribute != "invisible" else False
        text = text.strip()
        if text in ("1", "True", "true"):
            return True
        if text in ("0", "False", "false", ""):
            return False
        names = {key: (value.ids if hasattr(value, "ids") else value) for key, value in values.items()}
        names.update(context=dict(self.model.env.context), uid=self.model.env.uid,
                     parent=_Namespace(parent or {}), id=values.get("id") or False)
        try:
            return bool(safe_eval(text, names))
        except ValueError:
            return False                 # a name this view does not show: not applicable


def _combined(first: dict, second: dict) -> dict:
    """The modifiers of a field shown by two nodes of one view (Odoo 17's partner form shows
    ``name`` twice, one node invisible for companies, the other for persons): invisible or
    readonly when both nodes are, required when one is."""
    result = {}
    for key, joiner in (("invisible", "and"), ("readonly", "and"), ("required", "or")):
        one, two = first.get(key), second.get(key)
        if joiner == "and" and (one is None or two is None):
            continue                     # a node without it: never invisible (or readonly)
        if one is None or two is None:
            result[key] = one if two is None else two
        else:
            result[key] = f"({one}) {joiner} ({two})"
    if first.get("force_save") or second.get("force_save"):
        result["force_save"] = first.get("force_save") or second.get("force_save")
    return result


class _Namespace:
    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str):
        return False


def _arch(model, view):
    view_id = view
    if isinstance(view, str):
        view_id = model.env.ref(view).id
    elif hasattr(view, "_ids"):
        view_id = view.id
    return etree.fromstring(model.get_view(view_id or None, "form")["arch"])


class _Line:
    """One line of a one2many in the form: its id (None when new) and its values."""

    def __init__(self, record_id, values: dict) -> None:
        self.id, self.values, self.changed = record_id, values, set()


class Form:
    """See the module docstring."""

    def __init__(self, record, view=None) -> None:
        model = record.browse() if not record else record
        if len(record) > 1:
            raise ValueError(f"Form() edits one record, got {record!r}")
        view_node = _arch(model, view)
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_view", _View(model, view_node))
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "_changed", set())
        object.__setattr__(self, "_values", {})
        if record:
            self._values.update(_read(record, self._view))
        else:
            result = model.onchange({}, [], self._view.spec())
            self._apply(result.get("value", {}))

    # -- the record -------------------------------------------------------------------------

    @property
    def record(self):
        """The saved record (empty before ``save()`` for a new one)."""
        return self._record

    def __enter__(self) -> Form:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.save()

    def save(self):
        """Create or write the record; returns it. AssertionError when a required field is empty."""
        values = self._values_to_save()
        if self._record:
            if values:
                self._record.write(values)
        else:
            object.__setattr__(self, "_record", self._model.create(values))
        self._changed.clear()
        self._values.clear()
        self._values.update(_read(self._record, self._view))
        return self._record

    def _values_to_save(self) -> dict:
        view, values, result = self._view, self._values, {}
        for name in view.fields:
            field = self._model._fields[name]
            if view.modifier(name, "required", values) and _is_empty(field, values.get(name)) \
                    and not view.modifier(name, "invisible", values):
                raise AssertionError(f"{name} is a required field ({view.fields[name]})")
            if self._record and name not in self._changed:
                continue
            readonly = view.modifier(name, "readonly", values)
            if readonly and not view.fields[name].get("force_save"):
                continue
            if name in values:
                result[name] = _to_command(field, values[name], view.subviews.get(name), for_save=True)
            if field.type == "one2many" and self._record and name in result:
                kept = {line.id for line in values[name] if line.id}
                result[name] += [Command.delete(line_id) for line_id in self._record[name].ids
                                 if line_id not in kept]
        return result

    # -- field access ---------------------------------------------------------------------

    def __getattr__(self, name: str):
        view = object.__getattribute__(self, "_view")
        if name not in view.fields:
            raise AttributeError(f"{view.model._name}.{name} is not a field of the form view; "
                                 f"add it to the view or pass view= to Form()")
        field = view.model._fields[name]
        value = self._values.get(name, False)
        if field.type == "many2one":
            return _to_records(view.model, field, value)
        if field.type == "many2many":
            return M2MProxy(self, name)
        if field.type == "one2many":
            return O2MProxy(self, name)
        return value

    def __setattr__(self, name: str, value) -> None:
        view = self._view
        if name not in view.fields:
            raise AttributeError(f"{view.model._name}.{name} is not a field of the form view")
        if view.modifier(name, "readonly", self._values):
            raise AssertionError(f"can't write on readonly field {name}")
        if view.modifier(name, "invisible", self._values):
            raise AssertionError(f"can't write on invisible field {name}")
        self._values[name] = _from_records(view.model._fields[name], value)
        self._changed_field(name)

    def _changed_field(self, name: str) -> None:
        """Record the change and apply the onchange's answer."""
        self._changed.add(name)
        view = self._view
        wire = {key: _to_command(view.model._fields[key], value, view.subviews.get(key))
                for key, value in self._values.items() if key in view.fields}
        target = self._record if self._record else self._model
        result = target.onchange(wire, [name], view.spec())
        changed = self._apply(result.get("value", {}))
        self._changed.update(changed)

    def _apply(self, values: dict) -> set:
        for name, value in values.items():
            if name not in self._view.fields:
                continue
            self._values[name] = _from_wire(self._model._fields[name], value,
                                            self._values.get(name), self._view.subviews.get(name))
        return set(values)


class M2MProxy:
    """``form.tag_ids``: ``add``, ``remove``, ``clear``, ``set`` and read access to the ids."""

    def __init__(self, form: Form, name: str) -> None:
        self._form, self._name = form, name

    @property
    def _ids(self) -> list[int]:
        return list(self._form._values.get(self._name) or [])

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self):
        comodel = self._form._model._fields[self._name].comodel_name
        return iter(self._form._model.env[comodel].browse(self._ids))

    def __getitem__(self, index: int):
        comodel = self._form._model._fields[self._name].comodel_name
        return self._form._model.env[comodel].browse(self._ids[index])

    @property
    def ids(self) -> list[int]:
        return self._ids

    def add(self, record) -> None:
        self._update(self._ids + [record.id])

    def remove(self, id=None, index=None) -> None:
        ids = self._ids
        ids.pop(index if index is not None else ids.index(getattr(id, "id", id)))
        self._update(ids)

    def clear(self) -> None:
        self._update([])

    def set(self, records) -> None:
        self._update(list(records.ids))

    def _update(self, ids: list[int]) -> None:
        setattr(self._form, self._name, ids)


class O2MProxy:
    """``form.line_ids``: ``new()`` and ``edit(index)`` open a sub-form; ``remove(index)``."""

    def __init__(self, form: Form, name: str) -> None:
        self._form, self._name = form, name

    @property
    def _lines(self) -> list[_Line]:
        return self._form._values.setdefault(self._name, [])

    def __len__(self) -> int:
        return len(self._lines)

    def new(self) -> O2MForm:
        subview = self._form._view.subviews[self._name]
        field = self._form._model._fields[self._name]
        defaults = {}
        if field.inverse_name:
            defaults[f"default_{field.inverse_name}"] = self._form._record.id or False
        model = subview.model.with_context(**defaults)
        result = model.onchange({}, [], subview.spec())
        line = _Line(None, {})
        for name, value in result.get("value", {}).items():
            line.values[name] = _from_wire(subview.model._fields[name], value, None,
                                           subview.subviews.get(name))
        line.changed.update(line.values)
        return O2MForm(self, line, new=True)

    def edit(self, index: int) -> O2MForm:
        return O2MForm(self, self._lines[index], new=False)

    def remove(self, index: int) -> None:
        del self._lines[index]
        self._form._changed_field(self._name)

    def _saved(self, line: _Line, new: bool) -> None:
        if new:
            self._lines.append(line)
        self._form._changed_field(self._name)


class O2MForm:
    """A sub-form on one line of a one2many; saved into the parent form when the block ends."""

    def __init__(self, proxy: O2MProxy, line: _Line, new: bool) -> None:
        object.__setattr__(self, "_proxy", proxy)
        object.__setattr__(self, "_line", line)
        object.__setattr__(self, "_new", new)
        object.__setattr__(self, "_view", proxy._form._view.subviews[proxy._name])

    def __enter__(self) -> O2MForm:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.save()

    def save(self) -> None:
        view, values = self._view, self._line.values
        parent = self._proxy._form._values
        for name in view.fields:
            if view.modifier(name, "required", values, parent) \
                    and _is_empty(view.model._fields[name], values.get(name)) \
                    and name != self._proxy._form._model._fields[self._proxy._name].inverse_name:
                raise AssertionError(f"{name} is a required field ({view.fields[name]})")
        self._proxy._saved(self._line, self._new)
        object.__setattr__(self, "_new", False)

    def __getattr__(self, name: str):
        view = object.__getattribute__(self, "_view")
        if name not in view.fields:
            raise AttributeError(f"{view.model._name}.{name} is not a field of the sub-view")
        field = view.model._fields[name]
        value = self._line.values.get(name, False)
        if field.type in ("many2one", "many2many"):
            return _to_records(view.model, field, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        view, line = self._view, self._line
        if name not in view.fields:
            raise AttributeError(f"{view.model._name}.{name} is not a field of the sub-view")
        if view.modifier(name, "readonly", line.values, self._proxy._form._values):
            raise AssertionError(f"can't write on readonly field {name}")
        line.values[name] = _from_records(view.model._fields[name], value)
        line.changed.add(name)
        wire = {key: _to_command(view.model._fields[key], val, view.subviews.get(key))
                for key, val in line.values.items() if key in view.fields}
        target = view.model.browse(line.id) if line.id else view.model
        result = target.onchange(wire, [name], view.spec())
        for key, val in result.get("value", {}).items():
            if key in view.fields:
                line.values[key] = _from_wire(view.model._fields[key], val, line.values.get(key),
                                              view.subviews.get(key))
                line.changed.add(key)


# -- values between the form, onchange() and create()/write() ------------------------------------

def _read(record, view: _View) -> dict:
    """The form's values of a saved record."""
    values = {}
    for name in view.fields:
        field = record._fields[name]
        value = record[name]
        if field.type in ("many2one", "many2many"):
            values[name] = _from_records(field, value)
        elif field.type == "one2many":
            subview = view.subviews[name]
            values[name] = [_Line(line.id, _read(line, subview)) for line in value]
        else:
            values[name] = field.convert_to_read(value, record) if hasattr(field, "convert_to_read") \
                else value
    return values


def _from_records(field, value):
    """A value given to the form (a recordset, ids or False) as the form keeps it: a many2one
    as an id or False, a many2many as a list of ids; other fields' values as they are."""
    if field.type == "many2one":
        return (value.id if hasattr(value, "_ids") else value) or False
    if field.type == "many2many":
        return list(value.ids if hasattr(value, "_ids") else value or [])
    return value


def _to_records(model, field, value):
    """The recordset of a relational value the form keeps (an id, a list of ids or False)."""
    return model.env[field.comodel_name].browse(value or ())


def _is_empty(field, value) -> bool:
    if field.type in ("boolean", "integer", "float", "monetary"):
        return False
    return value in (None, False, "", [])


def _to_command(field, value, subview: _View | None, for_save: bool = False):
    """A form value as ``onchange()``/``create()`` expect it."""
    if field.type == "many2many":
        return [Command.set(list(value or []))]
    if field.type == "one2many":
        commands = []
        for line in value or []:
            if line.id is None:
                commands.append(Command.create(_line_values(line, subview, for_save, all_values=True)))
            elif line.changed:
                commands.append(Command.update(line.id, _line_values(line, subview, for_save)))
            elif not for_save:
                commands.append(Command.link(line.id))
        return commands
    return value


def _line_values(line: _Line, subview: _View, for_save: bool, all_values: bool = False) -> dict:
    names = line.values if all_values else line.changed
    result = {}
    for name in names:
        if name not in subview.fields or name not in line.values:
            continue
        if for_save and subview.modifier(name, "readonly", line.values) \
                and not subview.fields[name].get("force_save"):
            continue
        result[name] = _to_command(subview.model._fields[name], line.values[name],
                                   subview.subviews.get(name), for_save)
    return result


def _from_wire(field, value, previous, subview: _View | None):
    """An ``onchange()`` value as the form keeps it."""
    if field.type == "many2one":
        if isinstance(value, dict):
            return value.get("id") or False
        if isinstance(value, (list, tuple)):
            return value[0] if value else False
        return value or False
    if field.type == "many2many":
        ids = list(previous or [])
        for command in value or []:
            ids = _apply_m2m_command(ids, command)
        return ids
    if field.type == "one2many":
        return _apply_o2m_commands(list(previous or []), value or [], subview)
    return value


def _apply_m2m_command(ids: list, command) -> list:
    if isinstance(command, int):
        return ids + [command]
    code = command[0]
    if code == Command.SET:
        return list(command[2])
    if code == Command.CLEAR:
        return []
    if code == Command.LINK and command[1] not in ids:
        return ids + [command[1]]
    if code in (Command.UNLINK, Command.DELETE):
        return [i for i in ids if i != command[1]]
    return ids


def _apply_o2m_commands(lines: list[_Line], commands, subview: _View) -> list[_Line]:
    by_id = {line.id: line for line in lines if line.id}
    result = list(lines)
    for command in commands:
        code = command[0]
        if code == Command.CLEAR:
            result = []
        elif code == Command.LINK:
            line = by_id.get(command[1])
            if line is None:
                record = subview.model.browse(command[1])
                line = _Line(command[1], _read(record, subview))
            result.append(line)
        elif code == Command.CREATE:
            line = _Line(None, {})
            for name, value in (command[2] or {}).items():
                if name in subview.model._fields:
                    line.values[name] = _from_wire(subview.model._fields[name], value, None,
                                                   subview.subviews.get(name))
            line.changed.update(line.values)
            result.append(line)
        elif code == Command.UPDATE:
            line = by_id.get(command[1])
            if line is not None:
                for name, value in (command[2] or {}).items():
                    line.values[name] = _from_wire(subview.model._fields[name], value,
                                                   line.values.get(name), subview.subviews.get(name))
                if line not in result:
                    result.append(line)
        elif code in (Command.DELETE, Command.UNLINK):
            result = [line for line in result if line.id != command[1]]
    return result
