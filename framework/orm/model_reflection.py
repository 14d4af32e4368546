"""Reflect models into the database: ``ir.model`` and ``ir.model.fields`` rows and their
external ids (``model_<model>``, ``field_<model>__<field>``), for ``Registry.init_models``.

Runs with plain SQL upserts, in a fixed number of queries, because it touches every model
at every install.
"""
from __future__ import annotations

from psycopg.types.json import Jsonb

from ..tools.sql import SQL


def english_only(table: str, column: str) -> SQL:
    """The value an upsert gives the translated (jsonb) ``column`` of ``table``: the source
    text of the row proposed (``en_US``) over the row's existing value, so that the other
    languages (loaded by ``--load-language`` or typed in) survive an update of the addon, as
    Odoo's reflection keeps them. A NULL proposed (no help any more) still clears it."""
    return SQL("COALESCE(%s, '{}'::jsonb) || EXCLUDED.%s", SQL.identifier(table, column),
               SQL.identifier(column))


def reflect_models(env, model_names=None) -> None:
    """Upsert ``ir.model`` and ``ir.model.fields`` rows for ``model_names`` (default: every
    model), with their xmlids."""
    cr, registry = env.cr, env.registry
    names = registry.models if model_names is None else model_names
    models = [registry.models[name] for name in names]
    rows = [SQL("(%s, %s, %s, %s, %s, 'base')", m._name, Jsonb({"en_US": m._description or m._name}),
                (m.__doc__ or "").strip() or None, bool(m._transient), m._order or "id") for m in models]
    cr.execute(SQL(
        'INSERT INTO ir_model (model, name, info, transient, "order", state) VALUES %s '
        'ON CONFLICT (model) DO UPDATE SET name = %s, info = EXCLUDED.info, '
        'transient = EXCLUDED.transient, "order" = EXCLUDED."order" RETURNING id, model',
        SQL.join(", ", rows), english_only("ir_model", "name")))
    model_ids = {name: model_id for model_id, name in cr.fetchall()}
    field_rows = []
    for model in models:
        for field in model._fields.values():
            field_rows.append(SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'base')",
                model_ids[model._name], model._name, field.name,
                Jsonb({"en_US": field.string or field.name}), field.type,
                getattr(field, "comodel_name", None), getattr(field, "inverse_name", None),
                bool(field.required), bool(field.readonly), bool(field.store), bool(field.index),
                bool(getattr(field, "translate", False)), bool(field.copy),
                field.related if isinstance(field.related, str) else None,
                getattr(field, "ondelete", None) if field.type == "many2one" else None,
                getattr(field, "relation", None) if field.type == "many2many" else None,
                Jsonb({"en_US": field.help}) if field.help else None))
    for chunk_start in range(0, len(field_rows), 500):
        cr.execute(SQL(
            "INSERT INTO ir_model_fields (model_id, model, name, field_description, ttype, relation, "
            "relation_field, required, readonly, store, index, translate, copied, related, on_delete, "
            "relation_table, help, state) VALUES %s ON CONFLICT (model, name) DO UPDATE SET "
            "field_description = %s, ttype = EXCLUDED.ttype, "
            "relation = EXCLUDED.relation, relation_field = EXCLUDED.relation_field, "
            "required = EXCLUDED.required, readonly = EXCLUDED.readonly, store = EXCLUDED.store, "
            "index = EXCLUDED.index, translate = EXCLUDED.translate, copied = EXCLUDED.copied, "
            "related = EXCLUDED.related, on_delete = EXCLUDED.on_delete, "
            "relation_table = EXCLUDED.relation_table, help = %s",
            SQL.join(", ", field_rows[chunk_start:chunk_start + 500]),
            english_only("ir_model_fields", "field_description"),
            english_only("ir_model_fields", "help")))
    _reflect_xmlids(env, models, model_ids)
    env.transaction.invalidate()


def _model_modules(model) -> list[str]:
    """The addons of the classes that define or extend ``model`` (a registry class), the
    defining one first."""
    modules = [model._original_module or model._module]
    for base in model.__mro__:
        if getattr(base, "_name", None) == model._name and not base.__dict__.get("_is_registry_class") \
                and base.__dict__.get("_module"):
            modules.append(base.__dict__["_module"])
    return list(dict.fromkeys(m for m in modules if m))


def _reflect_xmlids(env, models, model_ids: dict) -> None:
    """``model_<model>`` and ``field_<model>__<field>`` in the addon defining each; custom
    models and fields (no addon) have none, as in Odoo."""
    cr = env.cr
    models = [model for model in models if not model._custom]
    if not models:
        return
    rows = []
    for model in models:
        # as on Odoo, every addon defining or extending the model has its own id for it
        # (``other_addon.model_res_partner``: an addon's data may refer to the model so)
        name = "model_" + model._name.replace(".", "_")
        for module in _model_modules(model):
            rows.append(SQL("(%s, %s, 'ir.model', %s, TRUE)", module, name, model_ids[model._name]))
    cr.execute(SQL("INSERT INTO ir_model_data (module, name, model, res_id, noupdate) VALUES %s "
                   "ON CONFLICT (module, name) DO UPDATE SET res_id = EXCLUDED.res_id",
                   SQL.join(", ", rows)))
    cr.execute("SELECT id, model, name FROM ir_model_fields")
    field_ids = {(model, name): fid for fid, model, name in cr.fetchall()}
    rows = []
    for model in models:
        for field in model._fields.values():
            if field.manual:
                continue
            key = f"field_{model._name.replace('.', '_')}__{field.name}"
            modules = dict.fromkeys((field._module or model._original_module or model._module,
                                     *getattr(field, "_modules", ())))
            for module in modules:
                rows.append(SQL("(%s, %s, 'ir.model.fields', %s, TRUE)", module, key,
                                field_ids[(model._name, field.name)]))
    for start in range(0, len(rows), 1000):
        cr.execute(SQL("INSERT INTO ir_model_data (module, name, model, res_id, noupdate) VALUES %s "
                       "ON CONFLICT (module, name) DO UPDATE SET res_id = EXCLUDED.res_id",
                       SQL.join(", ", rows[start:start + 1000])))
