"""Helpers of Odoo 17's models and fields that addons (and their tests) call, found missing
by running OCA 17.0 addons here: ``Field.relational``, ``_convert_to_write``,
``_get_fields_spec``, res.partner's ``onchange_company_type`` and
``_complete_name_displayed_types``, ``ir.model.fields.domain``, and the test ``Form`` on
views whose x2many fields open each other's default forms."""
from __future__ import annotations

import datetime

from framework.testing.form import Form


def test_fields_say_whether_they_are_relational(env):
    partner_fields = env["res.partner"]._fields
    assert [partner_fields[name].relational for name in ("parent_id", "child_ids", "category_id")] == [True] * 3
    assert [partner_fields[name].relational for name in ("name", "date", "company_type")] == [False] * 3


def test_convert_to_write_gives_ids_and_strings(env):
    partner = env["res.partner"].create({"name": "Ann", "date": "2020-02-03",
                                         "category_id": [(0, 0, {"name": "Tag A"})]})
    values = partner._convert_to_write({"parent_id": partner.parent_id, "country_id": env.ref("base.be"),
                                        "date": partner.date, "name": partner.name, "unknown": 4})
    assert values == {"parent_id": False, "country_id": env.ref("base.be").id,
                      "date": datetime.date(2020, 2, 3), "name": "Ann", "unknown": 4}
    tags = partner._convert_to_write({"category_id": partner.category_id})["category_id"]
    assert tags == [(6, 0, partner.category_id.ids)]


def test_fields_spec_of_the_default_form_view(env):
    spec = env["res.partner"]._get_fields_spec()
    assert spec["parent_id"] == {"fields": {"display_name": {}}}
    assert spec["name"] == {}
    children = spec["child_ids"]["fields"]
    assert "parent_id" not in children              # the one2many's inverse is left out
    assert children["state_id"] == {"fields": {"display_name": {}}}
    spec = env["res.partner"]._get_fields_spec(env["res.partner"].get_view(view_type="tree"))
    assert "phone" in spec and "child_ids" not in spec


def test_company_type_onchange_sets_is_company(env):
    result = env["res.partner"].onchange({"company_type": "company", "is_company": False},
                                         ["company_type"], {"company_type": {}, "is_company": {}})
    assert result["value"] == {"is_company": True}


def test_address_types_shown_for_a_nameless_contact_are_a_hook(env):
    partner = env["res.partner"]
    assert partner._complete_name_displayed_types == ("invoice", "delivery", "other")
    company = partner.create({"name": "Acme", "is_company": True})
    invoice = partner.create({"parent_id": company.id, "type": "invoice"})
    assert invoice.complete_name == "Acme, Invoice Address"


def test_model_fields_have_a_domain_column(env):
    field = env["ir.model.fields"]._get("res.partner", "parent_id")
    assert field.domain in (False, "[]")
    assert env["ir.model.fields"].default_get(["domain"]) == {"domain": "[]"}


def test_form_on_views_opening_each_other_stops_at_a_model_already_open(env):
    # a tag form listing partners without an inline view: the partner form opens the tag
    # form, whose partners would open the partner form again, and so on
    env["ir.ui.view"].create({"name": "tags with partners", "model": "res.partner.category", "priority": 1,
                              "arch_db": '<form><field name="name"/><field name="partner_ids"/></form>'})
    form = Form(env["res.partner"])
    form.name = "Loop-free"
    partner = form.save()
    assert partner.name == "Loop-free"


def test_saved_export_lists_keep_their_field_paths(env):
    export = env["ir.exports"].create({"name": "Contacts", "resource": "res.partner", "export_fields": [
        (0, 0, {"name": "name"}), (0, 0, {"name": "country_id/code"})]})
    assert export.export_fields.mapped("name") == ["name", "country_id/code"]
    copied = export.copy()
    assert copied.export_fields.mapped("name") == ["name", "country_id/code"]
    (export | copied).unlink()
    assert not env["ir.exports.line"].search([("name", "=", "country_id/code")])


def test_a_model_lists_the_models_it_extends_by_delegation(env):
    users = env["ir.model"]._get("res.users")
    assert users.inherited_model_ids == env["ir.model"]._get("res.partner")
    assert not env["ir.model"]._get("res.partner").inherited_model_ids


def test_the_registry_is_a_mapping_of_models_with_get(env):
    from framework.orm.registry import Registry
    registry = env.registry
    assert Registry.get(env.cr.dbname) is registry          # the class: a database's registry
    assert registry.get("res.partner") is registry["res.partner"]
    assert registry.get("no.such.model") is None
    assert registry.get("no.such.model", "fallback") == "fallback"
    assert env["res.partner"].pool.get("res.users") is registry["res.users"]


def test_the_per_group_field_names_of_the_user_form_are_built_and_parsed_as_on_odoo():
    from odoo.addons.base.models import res_users
    assert res_users.name_boolean_group(7) == "in_group_7"
    assert res_users.name_selection_groups([9, 3]) == "sel_groups_3_9"
    assert res_users.get_boolean_group("in_group_12") == 12
    assert res_users.get_selection_groups("sel_groups_3_9") == [3, 9]
    assert res_users.is_reified_group("sel_groups_1") and not res_users.is_reified_group("groups_id")
    assert res_users.Groups._name == "res.groups"


def test_convert_to_read_takes_record_values_as_odoo_s_signature_has_it(env):
    # auditlog snapshots field.convert_to_read(record[name], record)
    company = env["res.partner"].create({"name": "Parent Co", "is_company": True})
    person = env["res.partner"].create({"name": "Kid", "parent_id": company.id,
                                        "category_id": [(0, 0, {"name": "T1"})]})
    fields = person._fields
    assert fields["parent_id"].convert_to_read(person.parent_id, person) == (company.id, "Parent Co")
    assert fields["parent_id"].convert_to_read(company.parent_id, company) is False
    assert fields["category_id"].convert_to_read(person.category_id, person) == person.category_id.ids
    assert fields["parent_id"].convert_to_read(company.id, person, use_display_name=False) == company.id


def test_many2one_ondelete_is_taken_in_any_case():
    from framework.orm import fields
    field = fields.Many2one("res.partner", ondelete="CASCADE")
    field.setup_attrs(field.args)
    assert field.ondelete == "cascade"


def test_admin_user_id_of_odoo_tests_common_is_the_superuser():
    from odoo.tests import common
    assert common.ADMIN_USER_ID == 1


def test_saved_filters_per_user_and_action(env):
    filters = env["ir.filters"]
    admin = env.ref("base.user_admin")
    action = env.ref("base.action_partner_form")
    mine = filters.with_user(admin).create_or_replace({
        "name": "Belgians", "model_id": "res.partner", "user_id": admin.id,
        "domain": "[('country_id.code', '=', 'BE')]", "is_default": True})
    shared = filters.create({"name": "Companies", "model_id": "res.partner", "user_id": False,
                             "domain": "[('is_company', '=', True)]", "action_id": action.id})
    filters.create({"name": "Someone else's", "model_id": "res.partner", "user_id": env.ref("base.user_root").id})
    names = [f["name"] for f in filters.with_user(admin).get_filters("res.partner")]
    assert names == ["Belgians"]
    names = sorted(f["name"] for f in filters.with_user(admin).get_filters("res.partner", action.id))
    assert names == ["Belgians", "Companies"]
    again = filters.with_user(admin).create_or_replace({
        "name": "belgians", "model_id": "res.partner", "user_id": admin.id, "domain": "[]"})
    assert again == mine and mine.domain == "[]"
    assert mine._get_eval_domain() == [] and shared._get_eval_domain() == [("is_company", "=", True)]
    assert env.ref("base.menu_ir_filters").action == env.ref("base.actions_ir_filters_view")


def test_web_has_a_favicon_file():
    from odoo.tools.misc import file_path
    with open(file_path("web/static/img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"          # an ICO file's header


def test_a_many2one_to_actions_takes_any_kind_of_action(env):
    # window actions live in ir_act_window (inheriting ir_actions): no foreign key may refuse them
    admin = env.ref("base.user_admin")
    admin.action_id = env.ref("base.action_partner_form").id
    env.flush_all()
    assert admin.action_id.type == "ir.actions.act_window"
