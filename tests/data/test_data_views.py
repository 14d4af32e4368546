"""Views, actions and menus as installed by test_data_basic / test_data_ext: combined archs,
the view API (get_views, get_view, fields_view_get, load_views), actions and menus."""
from __future__ import annotations

import pytest
from lxml import etree

from framework.exceptions import UserError


def combined(env, xmlid):
    return env.ref(xmlid)._get_combined_arch()


def field_names(arch):
    return [node.get("name") for node in arch.iter("field")]


# -- inheritance, as installed ---------------------------------------------------------------------

def test_field_locator_after_and_before(data_env):
    names = field_names(combined(data_env, "test_data_basic.tag_view_form"))
    assert names[:4] == ["name", "flag", "color", "kind"]


def test_group_name_locator_inside_appends(data_env):
    arch = combined(data_env, "test_data_basic.tag_view_form")
    assert field_names(arch.find(".//group[@name='extra']")) == ["partner_id"]


def test_xpath_attributes_sets_and_adds_with_a_separator(data_env):
    kind = combined(data_env, "test_data_basic.tag_view_form").find(".//field[@name='kind']")
    assert (kind.get("string"), kind.get("class")) == ("Kind of tag", "wide bold")


def test_attrs_and_modifiers_are_kept_as_written(data_env):
    arch = combined(data_env, "test_data_basic.tag_view_form")
    assert arch.find(".//field[@name='kind']").get("attrs") == "{'readonly': [('active', '=', False)]}"
    assert arch.find(".//field[@name='color']").get("invisible") == "not flag"


def test_div_replace_with_placeholder_keeps_the_original_inside(data_env):
    div = combined(data_env, "test_data_basic.tag_view_form").find(".//div[@name='buttons']")
    assert (div.get("class"), div[0].get("class")) == ("box replaced", "box")


def test_move_takes_the_node_from_where_it_was(data_env):
    sheet = combined(data_env, "test_data_basic.tag_view_form").find("sheet")
    tags = [(child.tag, child.get("name")) for child in sheet]
    assert tags[:3] == [("group", "main"), ("field", "parent_id"), ("group", "extra")]


def test_later_extension_sees_earlier_ones_and_replace_removes(data_env):
    assert "ratio" not in field_names(combined(data_env, "test_data_basic.tag_view_form"))


def test_primary_inheriting_view_combines_parent_extensions_then_its_own(data_env):
    arch = combined(data_env, "test_data_ext.tag_view_form_primary")
    assert field_names(arch.find("sheet"))[-1] == "note" and "flag" in field_names(arch)
    assert "note" not in field_names(combined(data_env, "test_data_basic.tag_view_form"))


def test_archived_extension_is_not_applied(data_env):
    data_env.ref("test_data_ext.tag_view_form_ext2").active = False
    assert "ratio" in field_names(combined(data_env, "test_data_basic.tag_view_form"))


def test_inheriting_view_gets_extension_mode_and_the_parent_type(data_env):
    view = data_env.ref("test_data_ext.tag_view_form_ext")
    assert (view.mode, view.type) == ("extension", "form")


def test_writing_a_broken_extension_is_refused(data_env):
    from framework.exceptions import ValidationError
    with pytest.raises(ValidationError, match="cannot be located in parent view"):
        data_env["ir.ui.view"].create({
            "name": "broken", "model": "test.data.tag",
            "inherit_id": data_env.ref("test_data_basic.tag_view_form").id,
            "arch": "<field name='nope' position='after'><field name='color'/></field>"})


# -- get_views / get_view / fields_view_get / load_views -------------------------------------------

def test_get_views_returns_archs_by_type_and_the_fields_they_show(data_env):
    result = data_env["test.data.tag"].get_views([(False, "form"), (False, "list")])
    assert set(result["views"]) == {"form", "list"}
    assert result["views"]["form"]["id"] == data_env.ref("test_data_basic.tag_view_form").id
    assert {"name", "flag", "kind", "child_ids", "partner_id"} <= set(result["models"]["test.data.tag"])
    assert result["models"]["test.data.tag"]["kind"]["type"] == "selection"


def test_get_views_includes_fields_read_by_modifiers(data_env):
    fields = data_env["test.data.tag"].get_views([(False, "form")])["models"]["test.data.tag"]
    assert "active" in fields                      # from attrs="{'readonly': [('active', ...)]}"


def test_get_views_with_toolbar_lists_the_bound_actions(data_env):
    views = data_env["test.data.tag"].get_views([(False, "list")], {"toolbar": True})["views"]
    names = [action["name"] for action in views["list"]["toolbar"]["action"]]
    assert names == ["Items (old style)", "Paint tags"]


def test_get_view_drops_nodes_of_groups_the_user_lacks(data_env):
    admin_env = data_env(user=data_env.ref("base.user_admin").id)
    arch = etree.fromstring(admin_env["test.data.item"].get_view(view_type="form")["arch"])
    assert "tag_id" in field_names(arch)           # groups="base.group_system": admin has it
    portal = data_env["res.users"].create({"name": "Portal", "login": "portal_views",
                                           "groups_id": [(6, 0, [data_env.ref("base.group_portal").id])]})
    arch = etree.fromstring(data_env(user=portal.id)["test.data.item"].get_view(view_type="form")["arch"])
    assert "tag_id" not in field_names(arch) and "secret" not in field_names(arch)
    assert arch.find(".//field[@name='state']").get("groups") is None


def test_get_view_subview_fields_are_reported_for_the_comodel(data_env):
    models = data_env["test.data.item"].get_view(view_type="form")["models"]
    assert set(models["test.data.line"]) == {"name", "qty"}


def test_get_view_falls_back_on_a_default_arch(data_env):
    result = data_env["test.data.line"].get_view(view_type="tree")
    assert (result["id"], result["arch"]) == (False, '<tree string="Data test line"><field name="name"/></tree>')
    form = etree.fromstring(data_env["test.data.line"].get_view(view_type="form")["arch"])
    assert {"item_id", "name", "qty"} <= set(field_names(form))


def test_get_view_of_a_type_without_default_is_an_error(data_env):
    with pytest.raises(UserError, match="No default view of type 'kanban'"):
        data_env["test.data.line"].get_view(view_type="kanban")


def test_view_ref_in_context_picks_the_view(data_env):
    model = data_env["test.data.tag"].with_context(form_view_ref="test_data_ext.tag_view_form_primary")
    assert model.get_view(view_type="form")["id"] == data_env.ref("test_data_ext.tag_view_form_primary").id


def test_fields_view_get_gives_the_pre_16_shape(data_env):
    result = data_env["test.data.tag"].fields_view_get(view_type="tree", toolbar=True)
    assert (result["name"], result["type"], result["model"], sorted(result["fields"])) == \
        ("test.data.tag.tree", "tree", "test.data.tag", ["name", "sequence"])
    assert "toolbar" in result and result["view_id"] == data_env.ref("test_data_basic.tag_view_tree").id


def test_load_views_gives_fields_views_and_all_fields(data_env):
    result = data_env["test.data.tag"].load_views([(False, "form")])
    assert "form" in result["fields_views"] and "friend_ids" in result["fields"]


# -- actions ----------------------------------------------------------------------------------------

def test_action_ids_are_unique_across_action_kinds(data_env):
    actions = data_env["ir.actions.actions"].search([])
    kinds = {action.type for action in actions}
    assert {"ir.actions.act_window", "ir.actions.act_url", "ir.actions.server"} <= kinds
    url = data_env.ref("test_data_basic.tag_url")
    assert data_env["ir.actions.actions"].browse(url.id).type == "ir.actions.act_url"


def test_for_xml_id_reads_the_action_as_a_dict(data_env):
    action = data_env["ir.actions.actions"]._for_xml_id("test_data_basic.tag_action")
    assert (action["type"], action["res_model"], action["domain"], action["context"]) == \
        ("ir.actions.act_window", "test.data.tag", "[('active', '=', True)]", "{'default_color': 1}")
    assert action["views"] == [[False, "tree"], [False, "form"]]


def test_server_action_code_runs_on_active_ids_and_returns_action(data_env):
    tags = data_env.ref("test_data_basic.tag_red") | data_env.ref("test_data_basic.tag_blue")
    action = data_env.ref("test_data_basic.tag_server_action")
    result = action.with_context(active_model="test.data.tag", active_ids=tags.ids,
                                 active_id=tags.ids[0]).run()
    assert tags.mapped("color") == [77, 77]
    assert result == {"type": "ir.actions.act_window_close", "painted": 2}


def test_server_action_code_is_checked_when_saved(data_env):
    from framework.exceptions import ValidationError
    with pytest.raises(ValidationError, match="import"):
        data_env["ir.actions.server"].create({
            "name": "bad", "model_id": data_env.ref("test_data_basic.model_test_data_tag").id,
            "state": "code", "code": "import os"})


def test_window_action_on_an_unknown_model_is_refused(data_env):
    from framework.exceptions import ValidationError
    with pytest.raises(ValidationError, match="Invalid model name 'no.model'"):
        data_env["ir.actions.act_window"].create({"name": "x", "res_model": "no.model"})


# -- menus ------------------------------------------------------------------------------------------

def test_load_menus_gives_the_visible_tree_with_children_and_apps(data_env):
    menus = data_env["ir.ui.menu"].load_menus()
    root = data_env.ref("test_data_basic.menu_root").id
    tags = data_env.ref("test_data_basic.menu_tags").id
    assert root in menus["root"]["children"]
    assert (menus[tags]["appID"], menus[tags]["xmlid"], menus[tags]["actionModel"]) == \
        (root, "test_data_basic.menu_tags", "ir.actions.act_window")
    assert data_env.ref("test_data_basic.menu_hidden").id not in menus    # portal group only


def test_menus_are_ordered_by_sequence_in_load_menus(data_env):
    menus = data_env["ir.ui.menu"].load_menus()
    children = menus[data_env.ref("test_data_basic.menu_root").id]["children"]
    names = [menus[child]["name"] for child in children]
    assert names.index("Items") < names.index("Tags") < names.index("Docs")


def test_url_and_client_actions_read_as_dicts(data_env):
    url = data_env["ir.actions.actions"]._for_xml_id("test_data_basic.tag_url")
    assert (url["type"], url["url"], url["target"]) == ("ir.actions.act_url", "https://example.com/docs", "new")
    client = data_env["ir.actions.client"].create({"name": "Dashboard", "tag": "my_dashboard",
                                                   "params": {"menu": 3}})
    values = data_env["ir.actions.actions"].browse(client.id).read(["type"])[0]
    assert values["type"] == "ir.actions.client"
    assert client.read(["tag", "params", "context"])[0]["params"] == {"menu": 3}


def test_a_menu_shows_only_when_its_action_model_is_readable_and_folders_only_when_they_lead_somewhere(data_env):
    env = data_env
    Menu, Window = env["ir.ui.menu"], env["ir.actions.act_window"]

    def window(model):
        return f"ir.actions.act_window,{Window.create({'name': model, 'res_model': model}).id}"

    folder = Menu.create({"name": "Ops folder"})
    crons = Menu.create({"name": "Jobs", "parent_id": folder.id, "action": window("ir.cron")})
    open_folder = Menu.create({"name": "Open folder"})
    partners = Menu.create({"name": "People", "parent_id": open_folder.id,
                            "action": window("res.partner")})
    dangling = Menu.create({"name": "Dangling", "action": window("res.partner")})
    gone = dangling.action
    gone.unlink()
    clerk = env["res.users"].create({"name": "Menu Clerk", "login": "menu_clerk",
                                     "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
    seen = Menu.with_user(clerk)._visible_menu_ids()
    # ir.cron is for Settings administrators: its menu, and the folder leading only to it, hide
    assert (crons.id in seen, folder.id in seen) == (False, False)
    assert (partners.id in seen, open_folder.id in seen) == (True, True)
    assert dangling.id not in seen              # an action since deleted: an empty folder
    admin_seen = Menu.with_user(env.ref("base.user_admin"))._visible_menu_ids()
    assert {crons.id, folder.id, partners.id} <= admin_seen
