"""Custom models and fields: the rows of ``ir_model`` and ``ir_model_fields`` whose state is
``manual`` (made from the interface or by ``env['ir.model'].create``), as Odoo 17's
``_add_manual_models`` / ``_add_manual_fields``.

They have no Python class in an addon: each setup of the registry (``Registry.setup_models``)
drops the custom models it holds and builds them again from the rows the cursor sees, and adds
the custom fields to every model after its own fields. A transaction that created some (a test)
and was rolled back leaves none behind at the next setup.
"""
from __future__ import annotations

from ..tools.sql import SQL
from . import fields as fields_module
from .fields_base import Field
from .models import Model, TransientModel

#: ``ir.model.fields.ttype`` -> the field class a custom field of that type is made of
FIELD_TYPES: dict[str, type[Field]] = {
    "boolean": fields_module.Boolean, "integer": fields_module.Integer,
    "float": fields_module.Float, "monetary": fields_module.Monetary,
    "char": fields_module.Char, "text": fields_module.Text, "html": fields_module.Html,
    "date": fields_module.Date, "datetime": fields_module.Datetime,
    "selection": fields_module.Selection, "binary": fields_module.Binary,
    "many2one": fields_module.Many2one, "one2many": fields_module.One2many,
    "many2many": fields_module.Many2many,
}


def add_manual_models(registry, cr) -> list[str]:
    """Drop the registry's custom models, then build one per ``manual`` row of ``ir_model``;
    returns their names."""
    for name, model_class in list(registry.models.items()):
        if model_class._custom:
            del registry.models[name]
            for other in registry.models.values():
                other._inherit_children.discard(name)
                other._inherits_children.discard(name)
    cr.execute(SQL('SELECT model, name->>\'en_US\', info, transient, "order" FROM ir_model '
                   "WHERE state = 'manual' ORDER BY id"))
    names = []
    for name, description, info, transient, order in cr.fetchall():
        if name in registry.models:
            continue                              # an addon's model reflected as manual: keep it
        registry.build_model(_custom_class(name, description, info, transient, order))
        names.append(name)
    return names


def _custom_class(name: str, description, info, transient, order) -> type:
    """A definition class for one custom model (``_custom``; no addon: ``_module`` None)."""
    base = TransientModel if transient else Model
    return type("CustomModel", (base,), {
        "_name": name, "_description": description or name, "_custom": True,
        "_register": False, "_module": None, "_inherit": [], "_order": order or "id",
        "__doc__": info or None, "__module__": __name__,
    })


def add_manual_fields(registry, cr) -> None:
    """Add every ``manual`` row of ``ir_model_fields`` to its model's ``_fields`` (after the
    fields of its classes: a custom field never replaces one of theirs)."""
    cr.execute(SQL(
        "SELECT model, name, field_description->>'en_US', help->>'en_US', ttype, relation, "
        "relation_field, relation_table, column1, column2, related, required, readonly, "
        "index, translate, store, copied, on_delete FROM ir_model_fields "
        "WHERE state = 'manual' ORDER BY id"))
    for (model_name, name, string, help_text, ttype, relation, relation_field, relation_table,
         column1, column2, related, required, readonly, index, translate, store, copied,
         on_delete) in cr.fetchall():
        model_class = registry.models.get(model_name)
        field_class = FIELD_TYPES.get(ttype)
        if model_class is None or field_class is None or name in model_class._fields:
            continue
        args = {"string": string or name, "required": bool(required),
                "readonly": bool(readonly), "index": bool(index), "copy": bool(copied),
                "manual": True}
        if help_text:
            args["help"] = help_text
        if related:
            args["related"] = related
        elif not store:
            args["store"] = False
        if translate and ttype in ("char", "text", "html"):
            args["translate"] = True
        if ttype in ("many2one", "one2many", "many2many"):
            args["comodel_name"] = relation
        if ttype == "many2one" and on_delete:
            args["ondelete"] = on_delete
        if ttype == "one2many":
            args["inverse_name"] = relation_field
        if ttype == "many2many" and relation_table:
            args.update(relation=relation_table, column1=column1, column2=column2)
        field = field_class(**args).new_for_model(model_name, name, args)
        field._module, field._modules = None, ()
        setattr(model_class, name, field)
        model_class._fields[name] = field
