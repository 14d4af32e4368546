"""Published OCA addons of the Point of Sale (17.0 wheels, tests/support/data.py) install on
our point_of_sale unmodified: their views inherit ours by Odoo's external ids and find the
hooks they target, their menus hang under ours, their models extend ours."""
from __future__ import annotations

import pytest

from framework.orm.environment import Environment
from tests.support.data import REAL_POS_ADDONS, load, real_addons


@pytest.fixture(scope="module")
def pos_env(make_db):
    addons = real_addons(REAL_POS_ADDONS, "real_pos_addons")
    registry = load(make_db("test_real_pos_"), addons, install=["point_of_sale", *REAL_POS_ADDONS])
    cr = registry.cursor()
    try:
        yield Environment(cr, 1, {})
    finally:
        cr.rollback()
        cr.close()


def combined(env, xmlid: str) -> str:
    from lxml import etree
    return etree.tostring(env.ref(xmlid)._get_combined_arch(), encoding="unicode")


def test_every_addon_is_installed(pos_env):
    modules = pos_env["ir.module.module"].search([("name", "in", list(REAL_POS_ADDONS))])
    assert sorted(modules.mapped("state")) == ["installed"] * len(REAL_POS_ADDONS)


def test_cash_move_reasons_extend_the_session_form_and_the_configuration_menu(pos_env):
    arch = combined(pos_env, "point_of_sale.view_pos_session_form")
    assert 'name="button_move_income"' in arch and 'name="button_box"' in arch
    menu = pos_env.ref("pos_cash_move_reason.menu_pos_move_reason")
    assert menu.parent_id == pos_env.ref("point_of_sale.menu_point_config_product")
    reason = pos_env["pos.move.reason"].create({"name": "Petty cash"})
    session = pos_env["pos.session"].search([], limit=1) or pos_env["pos.session"]
    assert reason.is_income_reason and reason.is_expense_reason
    assert "display_move_reason_income" in session._fields


def test_a_terminal_driver_adds_itself_to_the_payment_method(pos_env):
    method = pos_env["pos.payment.method"]
    assert ("cashdro", "Cashdro") in method._get_payment_terminal_selection()
    assert 'name="cashdro_host"' in combined(pos_env, "point_of_sale.pos_payment_method_view_form")


def test_a_payment_change_button_lands_before_the_refund_button(pos_env):
    arch = combined(pos_env, "point_of_sale.view_pos_pos_form")
    assert arch.index('string="Change Payments"') < arch.index('name="refund"')
    assert "payment_change_policy" in pos_env["pos.config"]._fields


def test_the_cost_setting_lands_before_margin_and_cost(pos_env):
    from lxml import etree
    arch = etree.fromstring(pos_env["res.config.settings"].get_view(
        pos_env.ref("base.res_config_settings_view_form").id, "form")["arch"])
    ids = [node.get("id") for node in arch.iter("setting")]
    assert ids[ids.index("margin_and_cost") - 1] == "margin_and_cost_admin"
    [setting] = arch.xpath("//setting[@id='margin_and_cost']")
    assert setting.get("string") == "Margins & Costs (every user)"
