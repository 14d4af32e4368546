"""Published OCA addons (PyPI wheels, pinned in tests/support/data.py, 16.0 and 17.0 lines)
installed with load_registry: foreign XML views, menus, actions, security files and Python
code through the same loaders as our own addons."""
from __future__ import annotations

import pytest

from framework.orm.environment import Environment
from tests.support.data import REAL_ADDONS, ensure_base_views, load


@pytest.fixture(scope="module")
def real_registry(make_db, real_addons_dir):
    db = make_db("test_real_")
    ensure_base_views(load(db, real_addons_dir))
    return load(db, real_addons_dir, install=list(REAL_ADDONS))


@pytest.fixture
def real_env(real_registry):
    cr = real_registry.cursor()
    try:
        yield Environment(cr, 1, {})
    finally:
        cr.rollback()
        cr.close()


def test_every_real_addon_is_installed(real_env):
    modules = real_env["ir.module.module"].search([("name", "in", list(REAL_ADDONS))])
    assert sorted(modules.mapped("state")) == ["installed"] * len(REAL_ADDONS)


def test_kanban_stage_views_actions_and_menus_are_loaded(real_env):
    action = real_env.ref("base_kanban_stage.base_kanban_stage_action")
    menu = real_env.ref("base_kanban_stage.base_kanban_stage_menu")
    assert (action.res_model, menu.action, menu.parent_id.parent_id) == \
        ("base.kanban.stage", action, real_env.ref("base.menu_custom"))
    assert real_env.ref("base_kanban_stage.base_kanban_stage_view_form").type == "form"


def test_kanban_stage_extends_a_base_view_with_a_field_locator(real_env):
    arch = real_env.ref("base.view_model_form")._get_combined_arch()
    names = [node.get("name") for node in arch.iter("field")]
    assert names[names.index("transient") + 1] == "is_kanban"


def test_kanban_stage_extends_a_base_search_view_with_an_element_locator(real_env):
    arch = real_env.ref("base.view_model_search")._get_combined_arch()
    filters = [node.get("name") for node in arch.iter("filter")]
    assert filters[filters.index("base") + 1] == "is_kanban"


def test_kanban_stage_model_works(real_env):
    model = real_env.ref("base.model_res_partner")
    stage = real_env["base.kanban.stage"].create({"name": "Todo", "res_model_id": model.id})
    assert (stage.sequence, stage.fold, stage.res_model_id) == (1, False, model)


def test_sequence_option_menu_hangs_under_base_sequences(real_env):
    menu = real_env.ref("base_sequence_option.menu_ir_sequence_option")
    assert (menu.parent_id, menu.action) == (real_env.ref("base.next_id_5"),
                                             real_env.ref("base_sequence_option.action_ir_sequence_option"))


def test_sequence_option_form_with_subviews_is_served(real_env):
    result = real_env["ir.sequence.option"].get_views([(False, "form")])
    assert "option_ids" in result["models"]["ir.sequence.option"]
    assert "filter_domain" in result["models"]["ir.sequence.option.line"]


def test_server_action_logging_extends_the_server_action_form(real_env):
    arch = real_env.ref("base.view_server_action_form")._get_combined_arch()
    names = [node.get("name") for node in arch.iter("field")]
    assert names[names.index("state") + 1] == "enable_sql_debug"


def test_server_action_logging_wraps_run(real_env):
    model = real_env.ref("base.model_res_partner")
    action = real_env["ir.actions.server"].create({
        "name": "Say hi", "model_id": model.id, "state": "code", "enable_sql_debug": True,
        "code": "action = {'said': 'hi'}"})
    assert action.run() == {"said": "hi"}


def test_technical_user_adds_a_page_to_the_company_form(real_env):
    arch = real_env.ref("base.view_company_form")._get_combined_arch()
    pages = [page.get("name") for page in arch.iter("page")]
    assert pages[:2] == ["general_info", "configuration"]
    assert real_env["res.company"].browse(1).sudo_tech() == real_env["res.company"].browse(1)
