"""XML and CSV data files of test_data_basic / test_data_ext, as installed: every tag and
attribute the loader reads, and the records they give."""
from __future__ import annotations

import base64


def ref(env, xmlid):
    return env.ref(xmlid)


# -- <record> and <field> ------------------------------------------------------------------------

def test_field_text_is_the_value_converted_for_the_field_type(data_env):
    red = ref(data_env, "test_data_basic.tag_red")
    assert (red.name, red.ratio, red.flag, red.kind) == ("Red", 2.5, True, "fancy")


def test_char_text_keeps_its_whitespace(data_env):
    assert ref(data_env, "test_data_basic.tag_red").note == "  keeps its   spaces  "


def test_field_ref_gives_the_id_of_a_bare_or_qualified_external_id(data_env):
    blue = ref(data_env, "test_data_basic.tag_blue")
    assert (blue.parent_id, blue.partner_id) == (ref(data_env, "test_data_basic.tag_red"),
                                                 ref(data_env, "base.main_partner"))


def test_field_eval_is_evaluated_with_ref_and_command(data_env):
    blue = ref(data_env, "test_data_basic.tag_blue")
    assert (blue.color, blue.flag) == (6, False)
    assert set(blue.friend_ids.mapped("name")) == {"Red", "CSV root"}


def test_field_types_int_and_float(data_env):
    blue = ref(data_env, "test_data_basic.tag_blue")
    assert (blue.sequence, blue.ratio) == (7, 0.25)


def test_field_ref_on_a_reference_field_gives_model_comma_id(data_env):
    blue = ref(data_env, "test_data_basic.tag_blue")
    assert blue.link == ref(data_env, "test_data_basic.tag_red")


def test_type_html_serialises_children_and_substitutes_xmlids(data_env):
    red = ref(data_env, "test_data_basic.tag_red")
    assert ref(data_env, "test_data_basic.tag_blue").body == f"<p>Hello <b>world</b> of {red.id}</p>"


def test_type_xml_serialises_children_with_a_declaration(data_env):
    red = ref(data_env, "test_data_basic.tag_red")
    assert ref(data_env, "test_data_basic.tag_blue").note == \
        f'<?xml version="1.0"?>\n<root><child id="{red.id}"/></root>'


def test_type_base64_with_file_reads_the_file(data_env):
    picture = ref(data_env, "test_data_basic.tag_blue").picture
    assert base64.b64decode(picture) == b"PNGDATA"


def test_field_search_takes_the_first_match_or_all_for_many2many(data_env):
    searched = ref(data_env, "test_data_basic.tag_searched")
    assert searched.parent_id == ref(data_env, "test_data_basic.tag_blue")
    assert set(searched.friend_ids.mapped("name")) >= {"Red", "Blue", "CSV root"}


def test_eval_can_call_context_functions_and_builtins(data_env):
    assert ref(data_env, "test_data_basic.tag_char").color == 3


def test_nested_records_in_a_one2many_field_get_the_parent(data_env):
    item = ref(data_env, "test_data_basic.item_one")
    assert item.line_ids.mapped("name") == ["first line", "second line"]
    assert ref(data_env, "test_data_basic.line_one_b").item_id == item


def test_x2many_eval_commands_are_passed_to_the_orm(data_env):
    item = ref(data_env, "test_data_basic.item_two")
    assert sorted(item.line_ids.mapped("qty")) == [1, 9]


def test_record_context_attribute_reaches_the_create(data_env):
    assert ref(data_env, "test_data_basic.tag_context").color == 11


def test_external_ids_are_stored_as_module_and_name(data_env):
    rows = data_env["ir.model.data"].search_read(
        [("module", "=", "test_data_basic"), ("name", "=", "tag_red")], ["model", "res_id", "noupdate"])
    assert rows == [{"id": rows[0]["id"], "model": "test.data.tag",
                     "res_id": ref(data_env, "test_data_basic.tag_red").id, "noupdate": False}]


def test_noupdate_data_block_marks_its_external_ids(data_env):
    row = data_env["ir.model.data"].search([("module", "=", "test_data_basic"), ("name", "=", "tag_kept")])
    assert row.noupdate is True


def test_a_record_of_another_addon_is_updated_by_its_qualified_id(data_env):
    tag = ref(data_env, "test_data_basic.tag_char")
    assert tag.note == "touched by test_data_ext"
    assert not data_env["ir.model.data"].search([("module", "=", "test_data_ext"), ("name", "=", "tag_char")])


# -- <function> and <delete> ---------------------------------------------------------------------

def test_function_with_eval_args_calls_a_model_method(data_env):
    assert data_env["test.data.tag"].search([("name", "=", "Made by function")]).color == 5


def test_function_with_value_children_passes_positional_and_keyword_args(data_env):
    assert data_env["test.data.tag"].search([("name", "=", "Made with values")]).color == 8


def test_function_on_a_record_method_takes_ids_first(data_env):
    assert ref(data_env, "test_data_basic.tag_red").color == 42


def test_delete_by_id_and_by_search_removes_records_and_their_ids(data_env):
    tags = data_env["test.data.tag"].with_context(active_test=False)
    assert not tags.search([("name", "in", ["Deleted by id", "Deleted by search"])])
    assert not data_env.ref("test_data_basic.tag_gone", raise_if_not_found=False)


# -- CSV --------------------------------------------------------------------------------------------

def test_csv_rows_get_external_ids_and_converted_values(data_env):
    root = ref(data_env, "test_data_basic.csv_root")
    assert (root.name, root.color, root.ratio, root.flag, root.kind) == ("CSV root", 1, 0.5, True, "fancy")


def test_csv_references_by_colon_id_slash_id_and_by_name(data_env):
    child = ref(data_env, "test_data_basic.csv_child")
    root = ref(data_env, "test_data_basic.csv_root")
    assert (child.name, child.parent_id, child.friend_ids, child.partner_id, child.kind) == \
        ("CSV child, quoted", root, root, ref(data_env, "base.main_partner"), "plain")


# -- demo ------------------------------------------------------------------------------------------

def test_demo_files_load_after_data_and_as_noupdate(data_env):
    tag = ref(data_env, "test_data_basic.tag_demo")
    row = data_env["ir.model.data"].search([("module", "=", "test_data_basic"), ("name", "=", "tag_demo")])
    assert (tag.name, row.noupdate) == ("Demo tag", True)


# -- menus, actions, templates ------------------------------------------------------------------

def test_menuitems_nest_take_parent_sequence_and_the_action_name(data_env):
    tags = ref(data_env, "test_data_basic.menu_tags")
    action = ref(data_env, "test_data_basic.tag_action")
    assert (tags.name, tags.parent_id, tags.sequence, tags.action) == \
        ("Tags", ref(data_env, "test_data_basic.menu_root"), 2, action)
    assert ref(data_env, "test_data_basic.menu_docs").parent_id == ref(data_env, "test_data_basic.menu_root")


def test_menuitem_groups_become_groups_id(data_env):
    assert ref(data_env, "test_data_basic.menu_items").groups_id == ref(data_env, "base.group_system")


def test_act_window_tag_creates_a_bound_window_action(data_env):
    action = ref(data_env, "test_data_basic.item_action_old")
    assert (action._name, action.res_model, action.view_mode, action.target,
            action.binding_model_id.model) == ("ir.actions.act_window", "test.data.item",
                                               "form,tree", "new", "test.data.tag")


def test_template_is_a_qweb_view_with_its_full_key(data_env):
    view = ref(data_env, "test_data_basic.greeting")
    assert (view.type, view.key, view.mode, view.name) == ("qweb", "test_data_basic.greeting",
                                                           "primary", "Greeting")
    assert 't-name="test_data_basic.greeting"' in view.arch


def test_template_inherit_id_makes_an_extension_applied_to_the_combined_arch(data_env):
    from lxml import etree
    view = ref(data_env, "test_data_basic.greeting")
    extension = ref(data_env, "test_data_basic.greeting_more")
    combined = etree.tostring(view._get_combined_arch(), encoding="unicode")
    assert (extension.mode, extension.inherit_id) == ("extension", view)
    assert "<em>, welcome</em>" in combined


def test_template_primary_copies_the_parent_under_its_own_name(data_env):
    from lxml import etree
    copy = ref(data_env, "test_data_basic.greeting_copy")
    combined = copy._get_combined_arch()
    assert (copy.mode, combined.get("t-name"), combined[0].get("class")) == \
        ("primary", "test_data_basic.greeting_copy", "greeting copy")
    assert etree.tostring(combined).count(b"welcome") == 1
