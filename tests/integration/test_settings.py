"""The Settings screen's model (``res.config.settings``) extended by an addon as Odoo addons
do: ``config_parameter`` fields kept in ``ir.config_parameter``, ``group_`` fields adding an
implied group to the employees, ``module_`` fields, a writable related field; saved through
``execute`` and read back by ``default_get``."""
from __future__ import annotations

import pytest

from framework.exceptions import AccessError, UserError
from framework.orm.environment import Environment
from tests.support.data import load, write_addon

SETTINGS_MODEL = '''
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    settings_label = fields.Char(config_parameter="test_settings.label")
    settings_limit = fields.Integer(config_parameter="test_settings.limit", default=7)
    settings_ratio = fields.Float(config_parameter="test_settings.ratio")
    settings_flag = fields.Boolean(config_parameter="test_settings.flag")
    settings_company_id = fields.Many2one("res.company", config_parameter="test_settings.company_id")
    group_settings_feature = fields.Boolean("Feature", implied_group="test_settings.group_feature")
    module_test_settings_other = fields.Boolean("The other addon")
    module_no_such_addon_here = fields.Boolean("An addon nowhere")
    settings_company_name = fields.Char(related="company_id.name", readonly=False)
    default_comment = fields.Char(default_model="res.partner")
'''

GROUPS = '''
<odoo>
    <record id="group_feature" model="res.groups">
        <field name="name">Settings test feature</field>
    </record>
</odoo>
'''


@pytest.fixture(scope="module")
def settings_registry(make_db, tmp_path_factory):
    root = tmp_path_factory.mktemp("settings_addons")
    write_addon(root, "test_settings", {"__init__.py": "from . import models\n",
                                        "models/__init__.py": "from . import settings\n",
                                        "models/settings.py": SETTINGS_MODEL,
                                        "security/groups.xml": GROUPS})
    write_addon(root, "test_settings_other", {})
    return load(make_db("test_settings_"), root, install=["test_settings"])


@pytest.fixture
def env(settings_registry):
    cr = settings_registry.cursor()
    try:
        yield Environment(cr, 1, {})
    finally:
        cr.rollback()
        cr.close()


def screen(env, **values):
    """A settings record as the client makes one: the defaults, overridden by ``values``."""
    settings = env["res.config.settings"]
    return settings.create({**settings.default_get(list(settings._fields)), **values})


def test_base_defines_the_settings_models_view_and_action(env):
    form = env.ref("base.res_config_settings_view_form")
    action = env.ref("base.res_config_setting_act_window")
    assert (form.model, form.type, action.res_model, action.view_mode) == \
        ("res.config.settings", "form", "res.config.settings", "form")
    assert env["res.config.settings"]._transient and env["res.config"]._transient
    assert env["res.config.settings"].default_get(["company_id"])["company_id"] == env.company.id


def test_defaults_read_the_parameters_groups_and_modules(env):
    values = env["res.config.settings"].default_get(list(env["res.config.settings"]._fields))
    assert (values["settings_limit"], values["settings_label"], values["settings_flag"],
            values["group_settings_feature"], values["module_test_settings_other"]) == \
        (7, False, False, False, False)
    assert "module_no_such_addon_here" not in values


def test_execute_keeps_config_parameters_and_default_get_reads_them_back(env):
    company = env.company
    action = screen(env, settings_label="  key with spaces  ", settings_limit=12,
                    settings_ratio=0.5, settings_flag=True, settings_company_id=company.id).execute()
    assert action == {"type": "ir.actions.client", "tag": "reload"}
    params = env["ir.config_parameter"].sudo()
    assert [params.get_param(f"test_settings.{key}") for key in
            ("label", "limit", "ratio", "flag", "company_id")] == \
        ["key with spaces", "12", "0.5", "True", str(company.id)]
    values = env["res.config.settings"].default_get(["settings_label", "settings_limit", "settings_ratio",
                                                     "settings_flag", "settings_company_id"])
    assert values == {"settings_label": "key with spaces", "settings_limit": 12, "settings_ratio": 0.5,
                      "settings_flag": True, "settings_company_id": company.id}
    screen(env, settings_flag=False, settings_label="").execute()
    assert (params.get_param("test_settings.flag"), params.get_param("test_settings.label")) == (False, False)


def test_a_broken_parameter_reads_as_empty(env):
    env["ir.config_parameter"].sudo().set_param("test_settings.limit", "many")
    env["ir.config_parameter"].sudo().set_param("test_settings.company_id", "999999")
    values = env["res.config.settings"].default_get(["settings_limit", "settings_company_id"])
    assert values == {"settings_limit": 0, "settings_company_id": False}


def test_group_field_adds_and_removes_the_implied_group(env):
    employees = env.ref("base.group_user")
    feature = env.ref("test_settings.group_feature")
    admin = env.ref("base.user_admin")
    screen(env, group_settings_feature=True).execute()
    assert feature in employees.implied_ids and admin in feature.users
    assert env["res.config.settings"].default_get(["group_settings_feature"]) == {"group_settings_feature": True}
    screen(env, group_settings_feature=False).execute()
    assert feature not in employees.implied_ids and admin not in feature.users
    assert env["res.config.settings"].default_get(["group_settings_feature"]) == {"group_settings_feature": False}


def test_removing_the_group_keeps_users_who_get_it_otherwise(env):
    feature = env.ref("test_settings.group_feature")
    other = env["res.groups"].create({"name": "Settings test other", "implied_ids": [(4, feature.id)]})
    admin = env.ref("base.user_admin")
    admin.write({"groups_id": [(4, other.id)]})
    screen(env, group_settings_feature=True).execute()
    screen(env, group_settings_feature=False).execute()
    assert admin in feature.users


def test_related_field_of_an_extension_writes_through(env):
    screen(env, settings_company_name="Renamed Company").execute()
    assert env.company.name == "Renamed Company"
    assert screen(env).settings_company_name == "Renamed Company"


def test_unchanged_related_values_are_not_written(env):
    settings = env["res.config.settings"]
    vals = [{"company_id": env.company.id, "settings_company_name": env.company.name}]
    settings._drop_unchanged_related(vals)
    assert vals == [{"company_id": env.company.id}]


def test_ticking_a_module_field_refuses_with_the_command_to_run(env):
    with pytest.raises(UserError, match="odoo-bin -d .* -i test_settings_other"):
        screen(env, module_test_settings_other=True).execute()
    with pytest.raises(UserError, match="no_such_addon_here are not available"):
        screen(env, module_no_such_addon_here=True).execute()


def test_unticking_an_installed_module_field_is_refused(env):
    env["ir.module.module"]._get("test_settings_other").write({"state": "installed"})
    assert env["res.config.settings"].default_get(["module_test_settings_other"]) == \
        {"module_test_settings_other": True}
    with pytest.raises(UserError, match="cannot uninstall addons"):
        screen(env, module_test_settings_other=False).execute()


def test_only_administrators_save_settings(env):
    user = env["res.users"].create({"name": "Settings clerk", "login": "settings_clerk",
                                    "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
    settings = screen(env)
    with pytest.raises(AccessError, match="Only administrators"):
        settings.with_user(user).execute()


def test_settings_cannot_be_copied_and_res_config_steps_reload(env):
    with pytest.raises(UserError, match="Cannot duplicate configuration"):
        screen(env).copy()
    assert env["res.config"].action_skip() == {"type": "ir.actions.client", "tag": "reload"}
    cancel = screen(env).cancel()
    assert cancel["res_model"] == "res.config.settings"


def test_a_default_field_is_kept_in_ir_default_and_read_back(env):
    assert env["ir.default"]._get("res.partner", "comment") is None
    screen(env, settings_flag=True).execute()     # the first save stores the empty default
    assert env["ir.default"]._get("res.partner", "comment") is False
    screen(env, default_comment="Hello").execute()
    assert env["ir.default"]._get("res.partner", "comment") == "Hello"
    assert screen(env).default_comment == "Hello"
    assert env["res.partner"].create({"name": "Defaulted"}).comment == "Hello"
    # saving the screen unchanged leaves the row alone; clearing the field stores the empty value
    row = env["ir.default"].search([("field_id.name", "=", "comment"), ("field_id.model", "=", "res.partner")])
    screen(env).execute()
    assert row.exists() and row.json_value == '"Hello"'
    screen(env, default_comment=False).execute()
    assert screen(env).default_comment is False
    assert not env["res.partner"].create({"name": "Not defaulted"}).comment
