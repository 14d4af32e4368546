"""Reflect addons and models into the database: ``ir.module.module``, ``ir.model``,
``ir.model.fields`` and their external ids (``model_<model>``, ``field_<model>__<field>``).

Runs with plain SQL upserts, in a fixed number of queries per addon, because it touches
every model at every install.
"""
from __future__ import annotations

from psycopg.types.json import Jsonb

from ..tools.sql import SQL


def installed_modules(cr) -> set[str] | None:
    """Names of installed addons, or None on a database without ``base``."""
    cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
    if not cr.fetchone()[0]:
        return None
    cr.execute("SELECT name FROM ir_module_module WHERE state IN ('installed', 'to upgrade')")
    return {row[0] for row in cr.fetchall()}


def bootstrap_module_list(env, manifests: dict) -> None:
    """One ``ir.module.module`` row per addon found on the addons path."""
    update_module_list(env, manifests)


def update_module_list(env, manifests: dict) -> int:
    """Add rows for newly found addons and refresh the others' descriptions; returns how many are new."""
    cr = env.cr
    cr.execute("SELECT name FROM ir_module_module")
    known = {row[0] for row in cr.fetchall()}
    rows = []
    for name, manifest in manifests.items():
        state = "uninstalled" if manifest.installable else "uninstallable"
        rows.append(SQL("(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", name,
                        Jsonb({"en_US": manifest.label}), manifest.summary or None,
                        manifest.author or None, manifest.website or None, manifest.version,
                        state, bool(manifest.application), manifest.auto_install is not None,
                        manifest.license, manifest.category or None, int(manifest.sequence or 100)))
    if rows:
        cr.execute(SQL(
            "INSERT INTO ir_module_module (name, shortdesc, summary, author, website, latest_version, "
            "state, application, auto_install, license, category_name, sequence) VALUES %s "
            "ON CONFLICT (name) DO UPDATE SET shortdesc = EXCLUDED.shortdesc, summary = EXCLUDED.summary, "
            "author = EXCLUDED.author, website = EXCLUDED.website, application = EXCLUDED.application, "
            "auto_install = EXCLUDED.auto_install, license = EXCLUDED.license, "
            "category_name = EXCLUDED.category_name",
            SQL.join(", ", rows)))
    create_module_categories(cr, {manifest.category for manifest in manifests.values()}
                             | set(STANDARD_CATEGORIES))
    cr.execute("DELETE FROM ir_module_module_dependency")
    deps = [SQL("((SELECT id FROM ir_module_module WHERE name = %s), %s)", name, dep)
            for name, manifest in manifests.items() for dep in manifest.depends]
    if deps:
        cr.execute(SQL("INSERT INTO ir_module_module_dependency (module_id, name) VALUES %s",
                       SQL.join(", ", deps)))
    env.transaction.invalidate()
    return len(set(manifests) - known)


#: the manifest categories of Odoo's own applications: an Odoo database lists every addon of
#: its source tree, so their ``base.module_category_*`` ids exist before those addons are
#: installed, and addons' data refers to them (a group in "Inventory / Inventory")
STANDARD_CATEGORIES = ("Accounting/Accounting", "Sales/Sales", "Sales/Point of Sale", "Sales/CRM",
                       "Inventory/Inventory", "Inventory/Purchase", "Manufacturing/Manufacturing",
                       "Human Resources/Employees", "Services/Project", "Website/Website")


def category_xmlid(path: list[str]) -> str:
    """The external id (in ``base``) of a manifest category path: ["Sales", "Point of Sale"]
    -> ``module_category_sales_point_of_sale`` (Odoo's names, which addons' data refers to)."""
    slug = "_".join(part.lower() for part in path).replace("&", "and").replace(" ", "_")
    return f"module_category_{slug}"


def create_module_categories(cr, categories: set[str]) -> None:
    """One ``ir.module.category`` per level of each manifest category ("Sales/Point of Sale"
    gives Sales and its child Point of Sale), each with its ``base.module_category_*`` id, as
    Odoo makes them when it lists the addons; existing ones are left as they are."""
    for category in sorted(c for c in categories if c):
        parent_id = None
        path: list[str] = []
        for name in (part.strip() for part in category.split("/")):
            path.append(name)
            xmlid = category_xmlid(path)
            cr.execute(SQL("SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = %s "
                           "AND model = 'ir.module.category'", xmlid))
            row = cr.fetchone()
            if row:
                parent_id = row[0]
                continue
            cr.execute(SQL("INSERT INTO ir_module_category (name, parent_id, visible) "
                           "VALUES (%s, %s, true) RETURNING id", Jsonb({"en_US": name}), parent_id))
            parent_id = cr.fetchone()[0]
            cr.execute(SQL("INSERT INTO ir_model_data (module, name, model, res_id, noupdate) "
                           "VALUES ('base', %s, 'ir.module.category', %s, true)", xmlid, parent_id))


def mark_installed(env, addon: str, manifest, demo: bool = False) -> None:
    """The addon is installed (or updated); ``demo``: whether its demo data is loaded."""
    cr = env.cr
    cr.execute(SQL("SELECT 1 FROM ir_module_module WHERE name = %s", addon))
    if not cr.fetchone():
        update_module_list(env, {addon: manifest})
    cr.execute(SQL("UPDATE ir_module_module SET state = 'installed', latest_version = %s, "
                   "demo = %s, write_date = now() AT TIME ZONE 'UTC' WHERE name = %s", manifest.version,
                   demo, addon))
    env.transaction.invalidate()


def reflect_models(env, addon: str) -> None:
    """Upsert ``ir.model`` and ``ir.model.fields`` rows for every model, with their xmlids."""
    cr, registry = env.cr, env.registry
    models = [m for m in registry.models.values()]
    rows = [SQL("(%s, %s, %s, %s, %s, 'base')", m._name, Jsonb({"en_US": m._description or m._name}),
                (m.__doc__ or "").strip() or None, bool(m._transient), m._order or "id") for m in models]
    cr.execute(SQL(
        'INSERT INTO ir_model (model, name, info, transient, "order", state) VALUES %s '
        'ON CONFLICT (model) DO UPDATE SET name = EXCLUDED.name, info = EXCLUDED.info, '
        'transient = EXCLUDED.transient, "order" = EXCLUDED."order" RETURNING id, model',
        SQL.join(", ", rows)))
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
            "field_description = EXCLUDED.field_description, ttype = EXCLUDED.ttype, "
            "relation = EXCLUDED.relation, relation_field = EXCLUDED.relation_field, "
            "required = EXCLUDED.required, readonly = EXCLUDED.readonly, store = EXCLUDED.store, "
            "index = EXCLUDED.index, translate = EXCLUDED.translate, copied = EXCLUDED.copied, "
            "related = EXCLUDED.related, on_delete = EXCLUDED.on_delete, "
            "relation_table = EXCLUDED.relation_table, help = EXCLUDED.help",
            SQL.join(", ", field_rows[chunk_start:chunk_start + 500])))
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
    cr = env.cr
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
