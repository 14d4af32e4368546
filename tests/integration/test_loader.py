"""The module loader on real databases: install, upgrade, auto_install, reflection, errors."""
from __future__ import annotations

import textwrap

import pytest

from framework.modules.registry_loader import load_registry
from framework.orm.environment import Environment
from framework.orm.registry import RegistryError
from tests.support.db import make_config


def write_addon(root, name, manifest: dict, models: str = "", extra_files: dict | None = None):
    addon = root / name
    (addon / "models").mkdir(parents=True, exist_ok=True)
    (addon / "__manifest__.py").write_text(repr(manifest))
    (addon / "__init__.py").write_text("from . import models\n")
    (addon / "models" / "__init__.py").write_text("from . import main\n")
    (addon / "models" / "main.py").write_text(textwrap.dedent(models))
    for path, text in (extra_files or {}).items():
        (addon / path).write_text(textwrap.dedent(text))
    return addon


def config_for(tmp_path):
    return make_config(addons_path=str(tmp_path))


def test_new_database_has_system_and_admin_users(make_db, tmp_path):
    registry = load_registry(make_db(), install=["base"], config=config_for(tmp_path))
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        users = env["res.users"].with_context(active_test=False).search([], order="id")
        assert [(u.id, u.login) for u in users][:2] == [(1, "__system__"), (2, "admin")]
        assert env["res.users"]._login("admin", "admin") == 2
        cr.execute("SELECT password FROM res_users WHERE id = 2")
        assert cr.fetchone()[0].startswith("$pbkdf2-sha512$")


def test_install_records_module_state_and_reflects_models(make_db, orm_registry):
    with orm_registry.cursor() as cr:
        env = Environment(cr, 1, {})
        states = dict(env["ir.module.module"].search([]).mapped(lambda m: (m.name, m.state)))
        assert states["test_orm"] == states["test_orm_ext2"] == states["base"] == "installed"
        model = env.ref("test_orm.model_test_order")
        assert model.model == "test.order"
        field = env.ref("test_orm_ext2.field_test_order__vip")
        assert (field.ttype, field.store) == ("boolean", True)


def test_upgrade_adds_a_column_and_fills_defaults_and_computes(make_db, tmp_path):
    models_v1 = """
        from odoo import fields, models
        class Item(models.Model):
            _name = "upg.item"
            _description = "Item"
            name = fields.Char()
            qty = fields.Integer()
    """
    write_addon(tmp_path, "upg", {"name": "Upg", "version": "1.0", "depends": ["base"]}, models_v1)
    db = make_db()
    registry = load_registry(db, install=["upg"], config=config_for(tmp_path))
    with registry.cursor() as cr:
        Environment(cr, 1, {})["upg.item"].create([{"name": "a", "qty": 2}, {"name": "b", "qty": 3}])
    models_v2 = models_v1 + """
            color = fields.Char(default="red")
            double = fields.Integer(compute="_compute_double", store=True)
            from odoo import api
            @api.depends("qty")
            def _compute_double(self):
                for item in self:
                    item.double = item.qty * 2
    """
    write_addon(tmp_path, "upg", {"name": "Upg", "version": "1.1", "depends": ["base"]}, models_v2)
    # the new class body must be importable under the same module name in this process
    import sys
    for name in [m for m in sys.modules if m.startswith("odoo.addons.upg")]:
        del sys.modules[name]
    from framework.orm.models import MetaModel
    MetaModel.module_to_models.pop("upg", None)
    registry = load_registry(db, update=["upg"], config=config_for(tmp_path))
    with registry.cursor() as cr:
        cr.execute("SELECT name, color, double FROM upg_item ORDER BY name")
        assert cr.fetchall() == [("a", "red", 4), ("b", "red", 6)]
        env = Environment(cr, 1, {})
        assert env["ir.module.module"].search([("name", "=", "upg")]).latest_version == "17.0.1.1"


def test_auto_install_addon_follows_its_dependencies(make_db, tmp_path):
    write_addon(tmp_path, "auto_a", {"name": "A", "depends": ["base"]}, "")
    write_addon(tmp_path, "auto_glue", {"name": "Glue", "depends": ["auto_a"], "auto_install": True}, "")
    registry = load_registry(make_db(), install=["auto_a"], config=config_for(tmp_path))
    assert "auto_glue" in registry.loaded_modules


def test_inherit_of_unknown_model_names_addon_and_file(make_db, tmp_path):
    write_addon(tmp_path, "bad_inherit", {"name": "Bad", "depends": ["base"]}, """
        from odoo import models
        class Nope(models.Model):
            _inherit = "no.such.model"
    """)
    with pytest.raises(RegistryError) as info:
        load_registry(make_db(), install=["bad_inherit"], config=config_for(tmp_path))
    message = str(info.value)
    assert "bad_inherit" in message and "main.py" in message and "no.such.model" in message


def test_failed_install_leaves_the_addon_uninstalled(make_db, tmp_path):
    write_addon(tmp_path, "bad_hook", {"name": "Bad hook", "depends": ["base"],
                                       "post_init_hook": "boom"}, "",
                extra_files={"__init__.py": """
                    from . import models
                    def boom(env):
                        env["res.partner"].create({"name": "half-written"})
                        raise RuntimeError("hook failed")
                """})
    db = make_db()
    load_registry(db, install=["base"], config=config_for(tmp_path))
    with pytest.raises(RuntimeError, match="hook failed"):
        load_registry(db, install=["bad_hook"], config=config_for(tmp_path))
    registry = load_registry(db, config=config_for(tmp_path))
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        assert env["ir.module.module"].search([("name", "=", "bad_hook")]).state == "uninstalled"
        assert not env["res.partner"].search([("name", "=", "half-written")])
