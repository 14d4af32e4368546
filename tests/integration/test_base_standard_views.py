"""Base's standard views, actions and menus under Odoo 17's external ids, extended the way
addons written for Odoo 17 extend them (tests/addons/test_base_views): by the named groups,
pages and divs of Odoo's archs and with ``hasclass()`` in xpaths. Before they existed here,
such an addon stopped the install with "External ID not found: base.view_partner_form"."""
from __future__ import annotations

import pytest

from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def views_registry(make_db):
    return install(make_db, "test_base_views_", ["test_base_views"])


def combined(env, xmlid):
    return env.ref(xmlid)._get_combined_arch()


def test_partner_form_takes_the_extensions_where_odoo_17_would(views_registry):
    with rolled_back_env(views_registry) as env:
        arch = combined(env, "base.view_partner_form")
        box = arch.find(".//div[@name='button_box']")
        assert [b.get("name") for b in box] == ["action_test_box"]
        address = arch.xpath("//div[contains(@class, 'o_address_format')]")[0]
        assert address.getprevious().get("name") == "partner_latitude"
        parent = arch.xpath("//div[@class='o_row']/field[@name='parent_id']")[0]
        assert parent.getnext().get("name") == "barcode"
        assert arch.xpath("//field[@id='individual']")[0].get("placeholder") == "First and last name"
        assert [f.get("name") for f in arch.find(".//group[@name='sale']")][-1] == "date"
        child_form = arch.xpath("//field[@name='child_ids']/form")[0]
        assert child_form.xpath(".//field[@name='function']")[0].getnext().get("name") == "employee"
        pages = [page.get("name") for page in arch.iter("page")]
        assert pages == ["contact_addresses", "sales_purchases", "internal_notes", "test_page"]
        assert arch.find(".//div[@name='warning_company']").getnext().get("name") == "test_warning"


def test_users_sequence_module_and_search_views_take_theirs(views_registry):
    with rolled_back_env(views_registry) as env:
        users = combined(env, "base.view_users_form")
        assert users.xpath("//page[@name='access_rights']/group")[0].get("name") == "test_roles"
        assert [f.get("name") for f in users.find(".//group[@name='messaging']")][-1] == "website"
        prefs = combined(env, "base.view_users_form_simple_modif")
        assert prefs.xpath("//field[@name='tz_offset']")[0].getnext().get("name") == "login"
        sequence = combined(env, "base.sequence_view")
        assert sequence.xpath("//field[@name='use_date_range']")[0].getnext().get("name") == "number_next"
        module = combined(env, "base.module_form")
        assert module.xpath("//group[@name='test_module_facts']")
        search = combined(env, "base.view_res_partner_filter")
        assert search.xpath("//filter[@name='salesperson']")[0].getprevious().get("name") == "group_title"


def test_standard_actions_menus_and_titles_exist(views_registry):
    with rolled_back_env(views_registry) as env:
        assert env.ref("base.action_partner_form").res_model == "res.partner"
        assert env.ref("base.menu_action_res_users").action == env.ref("base.action_res_users")
        assert env.ref("test_base_views.menu_test_apps").parent_id == env.ref("base.menu_management")
        assert env.ref("test_base_views.menu_test_parameters").parent_id == env.ref("base.menu_ir_property")
        assert env.ref("base.menu_ir_sequence_form").action == env.ref("base.ir_sequence_form")
        titles = [env.ref(f"base.res_partner_title_{key}").shortcut for key in ("madam", "miss", "mister")]
        assert titles == ["Mrs.", "Miss", "Mr."]
        # the legend's %%(year)s is a literal %(year)s once loaded, not a reference
        assert "%(range_year)s" in env.ref("base.sequence_view").arch_db


def test_views_open_through_get_views(views_registry):
    with rolled_back_env(views_registry) as env:
        result = env["res.partner"].get_views([(False, "form"), (False, "search"), (False, "kanban")])
        assert "button_box" in result["views"]["form"]["arch"]
        assert "res.partner" in result["models"]


def test_an_addon_extending_a_model_has_its_own_ids_for_it_and_its_fields(views_registry):
    with rolled_back_env(views_registry) as env:
        partner_model = env["ir.model"]._get("res.partner")
        assert env.ref("test_base_views.model_res_partner") == partner_model
        assert env.ref("base.model_res_partner") == partner_model
        assert env.ref("test_base_views.action_test_nickname").binding_model_id == partner_model
        nickname = env.ref("test_base_views.field_res_partner__test_nickname")
        assert (nickname.model, nickname.name) == ("res.partner", "test_nickname")
        function = env.ref("test_base_views.field_res_partner__function")
        assert function == env.ref("base.field_res_partner__function")
        assert env["ir.model.data"].search_count([("module", "=", "test_base_views"),
                                                   ("name", "=", "model_res_users")]) == 0
