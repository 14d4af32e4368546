"""The three inheritance modes across addons (test_orm < test_orm_ext < test_orm_ext2), mixins,
field overrides, selection_add, and the class attributes that shape a table."""
from __future__ import annotations

import pytest

from framework import exceptions
from tests.support.orm import db_rows, make_order

# -- classic extension (_inherit = same model) --------------------------------------------------

def test_super_chain_runs_newest_addon_first(env):
    order = env["test.order"].create({"name": "S"})
    assert order.action_pay() is True
    assert (order.trace, order.state) == ("ext2>ext1>", "paid")


def test_registry_class_stacks_definitions_in_load_order(env):
    modules = [cls.__module__ for cls in type(env["test.order"]).__mro__
               if cls.__module__.startswith("odoo.addons.test_orm")]
    assert modules[1:] == ["odoo.addons.test_orm_ext2.models.order",
                           "odoo.addons.test_orm_ext.models.order",
                           "odoo.addons.test_orm.models.order"]


def test_extensions_add_fields_and_columns(env):
    order = env["test.order"].create({"name": "F"})
    assert {"priority", "vip"} <= set(order._fields)
    assert db_rows(env, "SELECT priority, vip FROM test_order WHERE id = %s", order.id) == [(5, False)]


def test_field_override_merges_attributes(env):
    name = env["test.order"]._fields["name"]
    assert (name.string, name.required, name.default) == ("Reference", True, "/")


def test_later_default_wins(env):
    # test_orm_ext says priority defaults to 1, test_orm_ext2 (loaded later) to 5
    assert env["test.order"].create({"name": "P"}).priority == 5


def test_extension_of_a_stored_compute_depends_on_fields_of_several_addons(env):
    order = make_order(env, "V", [("p", 1, 150)])
    assert order.vip is True                         # priority 5 > 3 and amount 150 > 100
    order.priority = 1
    assert order.vip is False


# -- selection_add ------------------------------------------------------------------------------

def test_selection_add_inserts_values_in_order(env):
    field = env["test.order"]._fields["state"]
    assert field.selection == [("draft", "New"), ("sent", "Sent"), ("paid", "Paid")]
    assert env["test.order"].fields_get(["state"])["state"]["selection"] == \
        [["draft", "New"], ["sent", "Sent"], ["paid", "Paid"]]


def test_selection_add_keeps_the_ondelete_policy(env):
    assert env["test.order"]._fields["state"].ondelete == {"sent": "set default"}


def test_added_selection_value_can_be_stored(env):
    order = env["test.order"].create({"name": "Sent", "state": "sent"})
    assert db_rows(env, "SELECT state FROM test_order WHERE id = %s", order.id) == [("sent",)]


def test_selection_refuses_values_no_addon_declared(env):
    with pytest.raises(ValueError, match=r"Wrong value for test\.order\.state: 'lost'"):
        env["test.order"].create({"name": "Lost", "state": "lost"})


# -- mixins (AbstractModel in _inherit) ---------------------------------------------------------

def test_mixin_gives_fields_defaults_and_methods(env):
    thing = env["test.thing"].create({"name": "t"})
    assert thing.code == "MIX"
    assert thing.describe() == "thing>mixin:MIX"
    assert db_rows(env, "SELECT code FROM test_thing WHERE id = %s", thing.id) == [("MIX",)]


def test_abstract_model_has_no_table_and_cannot_be_searched(env):
    assert db_rows(env, "SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'test_mixin'") == [(0,)]
    with pytest.raises(exceptions.UserError, match=r"test\.mixin is an abstract model"):
        env["test.mixin"].search([])


def test_every_model_inherits_from_base(env):
    base = type(env["base"])
    assert all(issubclass(type(env[name]), base) for name in ("test.order", "test.tag", "res.partner"))


# -- prototype inheritance (new _name, _inherit another model) ----------------------------------

def test_prototype_copies_fields_into_its_own_table(env):
    record = env["test.thing.copy"].create({"name": "c", "extra": "e", "weight": 2.0})
    assert record._table == "test_thing_copy"
    # fields of test.thing, of its mixin, and of test.thing's later extension (test_orm_ext)
    assert db_rows(env, "SELECT name, extra, weight, code FROM test_thing_copy WHERE id = %s",
                   record.id) == [("c", "e", 2.0, "MIX")]
    assert "extra" not in env["test.thing"]._fields


def test_prototype_inherits_methods(env):
    assert env["test.thing.copy"].create({"name": "d"}).describe() == "thing>mixin:MIX"


def test_prototype_relations_keep_their_targets(env):
    parent = env["test.thing"].create({"name": "p"})
    record = env["test.thing.copy"].create({"name": "c", "parent_id": parent.id})
    assert record.parent_id == parent


# -- delegation (_inherits) ---------------------------------------------------------------------

def test_delegation_creates_the_parent_and_stores_fields_there(env):
    record = env["test.delegating"].create({"name": "Del", "email": "d@example.com", "badge": "B"})
    partner = record.partner_id
    assert db_rows(env, "SELECT name, email FROM res_partner WHERE id = %s", partner.id) == \
        [("Del", "d@example.com")]
    assert db_rows(env, "SELECT badge, partner_id FROM test_delegating WHERE id = %s", record.id) == \
        [("B", partner.id)]
    assert (record.name, record.email) == ("Del", "d@example.com")


def test_delegation_can_reuse_an_existing_parent(env):
    partner = env["res.partner"].create({"name": "Existing"})
    record = env["test.delegating"].create({"partner_id": partner.id, "badge": "X"})
    assert record.name == "Existing"


def test_an_existing_parent_keeps_its_values_over_the_parents_defaults(env):
    partner = env["res.partner"].create({"name": "Kept", "type": "invoice", "color": 4})
    record = env["test.delegating"].create({"partner_id": partner.id, "badge": "X"})
    assert (record.type, record.color) == ("invoice", 4)
    assert db_rows(env, "SELECT type, color FROM res_partner WHERE id = %s", partner.id) == [("invoice", 4)]
    # a new parent still gets the defaults, and a default from the context
    other = env["test.delegating"].with_context(default_color=7).create({"name": "New"})
    assert (other.type, other.color) == ("contact", 7)


def test_delegated_fields_are_written_on_the_parent(env):
    record = env["test.delegating"].create({"name": "Before"})
    record.write({"name": "After", "city": "Nice", "badge": "B2"})
    assert db_rows(env, "SELECT name, city FROM res_partner WHERE id = %s", record.partner_id.id) == \
        [("After", "Nice")]


def test_delegated_fields_can_be_searched_and_read(env):
    record = env["test.delegating"].create({"name": "Findme", "city": "Lyon"})
    found = env["test.delegating"].search([("name", "=", "Findme")])
    assert found == record
    assert found.read(["name", "city", "badge"]) == \
        [{"id": record.id, "name": "Findme", "city": "Lyon", "badge": False}]


def test_delegation_link_is_a_required_cascading_many2one(env):
    link = env["test.delegating"]._fields["partner_id"]
    assert (link.required, link.ondelete, link.delegate) == (True, "cascade", True)


def test_delegation_does_not_inherit_methods(env):
    assert hasattr(env["res.partner"], "_compute_complete_name")
    assert not hasattr(type(env["test.delegating"]), "_compute_complete_name")


# -- class attributes ---------------------------------------------------------------------------

def test_table_name_defaults_from_the_model_name_or_is_given(env):
    assert env["test.order.line"]._table == "test_order_line"
    assert env["test.plain"]._table == "test_plain_custom"
    assert db_rows(env, "SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'test_plain_custom'") == [(1,)]


def test_description_and_rec_name(env):
    assert env["test.order"]._description == "Test Order"
    assert env["test.plain"]._rec_name == "code"
    assert env["test.order.line"]._rec_name is None


def test_log_access_adds_magic_fields_only_when_on(env):
    assert {"create_uid", "create_date", "write_uid", "write_date"} <= set(env["test.order"]._fields)
    assert not {"create_uid", "write_date"} & set(env["test.plain"]._fields)


def test_sql_constraints_exist_in_the_database(env):
    assert db_rows(env, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conname = 'test_order_name_uniq'") == [("UNIQUE (name)",)]


def test_parent_store_maintains_parent_path(env):
    category = env["test.category"]
    root = category.create({"name": "root"})
    mid = category.create({"name": "mid", "parent_id": root.id})
    leaf = category.create({"name": "leaf", "parent_id": mid.id})
    other = category.create({"name": "other"})
    assert (mid.parent_path, leaf.parent_path) == (f"{root.id}/{mid.id}/", f"{root.id}/{mid.id}/{leaf.id}/")
    mid.parent_id = other
    env.invalidate_all()
    assert leaf.parent_path == f"{other.id}/{mid.id}/{leaf.id}/"


def test_parent_store_refuses_cycles(env):
    category = env["test.category"]
    root = category.create({"name": "root"})
    child = category.create({"name": "child", "parent_id": root.id})
    with pytest.raises(exceptions.UserError, match="Recursion"):
        root.parent_id = child


def test_parent_store_cascade_deletes_the_subtree(env):
    category = env["test.category"]
    root = category.create({"name": "root"})
    child = category.create({"name": "child", "parent_id": root.id})
    root.unlink()
    assert not child.exists()


def test_model_order_is_used_for_search_and_one2many(env):
    order = make_order(env, "O", [("late", 1, 1), ("early", 1, 1)])
    order.line_ids[0].sequence = 20
    env.invalidate_all()
    assert order.line_ids.mapped("product") == ["early", "late"]       # _order = "sequence, id"



def test_callable_depends_may_call_a_model_method(env):
    field = env["test.order"]._fields["priority_label"]
    assert field.depends == ("priority",)
    order = env["test.order"].create({"name": "L"})
    assert order.priority_label == "P5"
    order.priority = 2
    assert order.priority_label == "P2"

