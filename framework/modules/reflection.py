"""Reflect addons into the database: ``ir.module.module`` and the module categories; the
models are reflected by ``Registry.init_models`` (``orm/model_reflection.py``).

Runs with plain SQL upserts, in a fixed number of queries per addon.
"""
from __future__ import annotations

from psycopg.types.json import Jsonb

from ..orm.model_reflection import english_only
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
            "ON CONFLICT (name) DO UPDATE SET shortdesc = %s, summary = EXCLUDED.summary, "
            "author = EXCLUDED.author, website = EXCLUDED.website, application = EXCLUDED.application, "
            "auto_install = EXCLUDED.auto_install, license = EXCLUDED.license, "
            "category_name = EXCLUDED.category_name",
            SQL.join(", ", rows), english_only("ir_module_module", "shortdesc")))
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
