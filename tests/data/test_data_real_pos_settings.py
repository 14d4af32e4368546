"""Published OCA addons that extend the Point of Sale page of the Settings screen (17.0
wheels, pinned here, downloaded by pip once): their ``res.config.settings`` fields related to
the till and their views placed on Odoo 17's hook points of point_of_sale's settings form.

pos_margin also extends the order list (``point_of_sale.view_pos_order_tree``), the order's
margin and the sales analysis (``report.pos.order``, through ``_select``/``_group_by``).
"""
from __future__ import annotations

import pytest
from lxml import etree

from framework.orm.environment import Environment
from tests.support.data import load, real_addons

#: the addons and their wheels
SETTINGS_ADDONS = {
    "pos_margin": "odoo-addon-pos-margin==17.0.1.1.0",
    "pos_product_template": "odoo-addon-pos-product-template==17.0.1.0.0.5",
}


@pytest.fixture(scope="module")
def settings_addons_dir():
    return real_addons(SETTINGS_ADDONS, "real_settings_addons")


def installed_env(make_db, addons_dir, addon):
    registry = load(make_db("test_real_settings_"), addons_dir, install=[addon])
    return Environment(registry.cursor(), 1, {})


@pytest.fixture(scope="module")
def template_env(make_db, settings_addons_dir):
    env = installed_env(make_db, settings_addons_dir, "pos_product_template")
    try:
        yield env
    finally:
        env.cr.rollback()
        env.cr.close()


def settings_arch(env):
    return etree.fromstring(env["res.config.settings"].get_view(
        env.ref("base.res_config_settings_view_form").id, "form")["arch"])


def save_settings(env, till, **values):
    settings = env["res.config.settings"]
    settings.create({**settings.default_get(list(settings._fields)), "pos_config_id": till.id,
                     **values}).execute()


def test_pos_product_template_places_its_setting_after_margin_and_cost(template_env):
    module = template_env["ir.module.module"]._get("pos_product_template")
    assert module.state == "installed"
    ids = [node.get("id") for node in settings_arch(template_env).iter("setting")]
    assert ids[ids.index("margin_and_cost") + 1] == "iface_product_template_show_variants"


def test_pos_product_template_setting_is_saved_to_the_till(template_env):
    till = template_env["pos.config"].create({"name": "Settings Till"})
    assert till.iface_product_template_show_variants is True
    save_settings(template_env, till, iface_product_template_show_variants=False)
    assert till.iface_product_template_show_variants is False
    save_settings(template_env, till, iface_product_template_show_variants=True)
    assert till.iface_product_template_show_variants is True


def test_pos_margin_adds_its_setting_after_the_pricing_block_and_saves_it(make_db, settings_addons_dir):
    env = installed_env(make_db, settings_addons_dir, "pos_margin")
    try:
        arch = settings_arch(env)
        pricing = arch.xpath("//block[@id='pos_pricing_section']")[0]
        assert pricing.getnext().get("id") == "order_margin"
        till = env["pos.config"].create({"name": "Margin Till"})
        assert till.iface_display_margin is True
        save_settings(env, till, pos_iface_display_margin=False)
        assert till.iface_display_margin is False
        # its column of the sales analysis, through the report's query hooks
        assert "margin_rate" in env["report.pos.order"]._fields
        env.cr.execute("SELECT margin_rate FROM report_pos_order LIMIT 1")
        tree = etree.tostring(env.ref("point_of_sale.view_pos_order_tree")._get_combined_arch(), encoding="unicode")
        assert tree.index('name="margin"') < tree.index('name="amount_total"')
    finally:
        env.cr.rollback()
        env.cr.close()
