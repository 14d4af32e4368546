"""Many2one, One2many and Many2many values, and the x2many commands 0-6 (Command)."""
from __future__ import annotations

import pytest

from framework.orm.commands import Command
from tests.support.orm import db_rows, make_order


def linked_tags(env, order) -> list[int]:
    return [row[0] for row in db_rows(
        env, "SELECT test_tag_id FROM test_order_test_tag_rel WHERE test_order_id = %s ORDER BY 1",
        order.id)]


def line_rows(env, order) -> list[str]:
    return [row[0] for row in db_rows(
        env, "SELECT product FROM test_order_line WHERE order_id = %s ORDER BY id", order.id)]


@pytest.fixture
def tags(env):
    return env["test.tag"].create([{"name": "a"}, {"name": "b"}, {"name": "c"}])


# -- Command helpers ----------------------------------------------------------------------------

def test_command_helpers_build_odoo_triples():
    assert [Command.create({"x": 1}), Command.update(3, {"x": 2}), Command.delete(4),
            Command.unlink(5), Command.link(6), Command.clear(), Command.set([7, 8])] == \
        [(0, 0, {"x": 1}), (1, 3, {"x": 2}), (2, 4, 0), (3, 5, 0), (4, 6, 0), (5, 0, 0), (6, 0, [7, 8])]


# -- many2many ----------------------------------------------------------------------------------

def test_many2many_default_relation_table_and_columns(env, tags):
    field = env["test.order"]._fields["tag_ids"]
    assert (field.relation, field.column1, field.column2) == \
        ("test_order_test_tag_rel", "test_order_id", "test_tag_id")
    order = env["test.order"].create({"name": "M", "tag_ids": [Command.set(tags[:2].ids)]})
    assert linked_tags(env, order) == tags[:2].ids


def test_many2many_explicit_relation_table_and_columns(env, tags):
    record = env["test.compute"].create({"tag_ids": [Command.link(tags[2].id)]})
    assert db_rows(env, "SELECT compute_id, tag_id FROM test_compute_tag_rel WHERE compute_id = %s",
                   record.id) == [(record.id, tags[2].id)]
    assert env["test.compute"].search([("tag_ids.name", "=", "c")]) == record


def test_many2many_commands(env, tags):
    a, b, c = tags
    order = env["test.order"].create({"name": "M", "tag_ids": [Command.set([a.id, b.id])]})
    order.write({"tag_ids": [Command.unlink(a.id)]})
    assert linked_tags(env, order) == [b.id]
    order.write({"tag_ids": [Command.link(c.id), Command.link(b.id)]})
    assert linked_tags(env, order) == [b.id, c.id]
    order.write({"tag_ids": [Command.clear()]})
    assert linked_tags(env, order) == []
    order.write({"tag_ids": [Command.create({"name": "new"})]})
    assert order.tag_ids.mapped("name") == ["new"]
    order.write({"tag_ids": [Command.update(order.tag_ids.id, {"name": "renamed"})]})
    assert db_rows(env, "SELECT name FROM test_tag WHERE id = %s", order.tag_ids.id) == [("renamed",)]
    created = order.tag_ids
    order.write({"tag_ids": [Command.delete(created.id)]})
    assert not created.exists()
    assert linked_tags(env, order) == []


def test_many2many_accepts_plain_ids_and_recordsets(env, tags):
    order = env["test.order"].create({"name": "M", "tag_ids": tags[:2].ids})
    assert order.tag_ids == tags[:2]
    order.tag_ids = tags[2]
    assert linked_tags(env, order) == [tags[2].id]
    order.tag_ids = False
    assert linked_tags(env, order) == []


def test_many2many_value_follows_the_comodel_order(env):
    zed, amy = env["test.tag"].create([{"name": "zed"}, {"name": "amy"}])
    order = env["test.order"].create({"name": "M", "tag_ids": [Command.set([zed.id, amy.id])]})
    env.invalidate_all()
    assert order.tag_ids.mapped("name") == ["amy", "zed"]           # test.tag: _order = "name"


def test_x2many_hides_archived_records_unless_active_test_is_off(env, tags):
    order = env["test.order"].create({"name": "M", "tag_ids": [Command.set(tags.ids)]})
    tags[2].active = False
    env.invalidate_all()
    assert order.tag_ids == tags[:2]
    assert order.with_context(active_test=False).tag_ids == tags
    assert order.read(["tag_ids"])[0]["tag_ids"] == tags[:2].ids
    env.invalidate_all()                   # the other order of reading gives the same answers
    assert order.with_context(active_test=False).tag_ids == tags
    assert order.tag_ids == tags[:2]


def test_deleting_a_tag_removes_the_links(env, tags):
    order = env["test.order"].create({"name": "M", "tag_ids": [Command.set(tags.ids)]})
    tags[0].unlink()
    assert order.tag_ids == tags[1:]
    assert linked_tags(env, order) == tags[1:].ids


# -- one2many -----------------------------------------------------------------------------------

def test_one2many_create_update_and_delete(env):
    order = make_order(env, "O", [("a", 1, 1), ("b", 1, 2), ("c", 1, 3)])
    a, b, c = order.line_ids
    order.write({"line_ids": [Command.update(a.id, {"price": 10}), Command.delete(b.id),
                              Command.create({"product": "d", "price": 4})]})
    assert line_rows(env, order) == ["a", "c", "d"]
    assert a.price == 10
    assert not b.exists()
    assert order.amount_total == 17.0


def test_one2many_unlink_deletes_lines_whose_link_cascades(env):
    order = make_order(env, "O", [("a", 1, 1), ("b", 1, 1)])
    line = order.line_ids[0]
    order.write({"line_ids": [Command.unlink(line.id)]})
    assert not line.exists()                    # order_id is required, ondelete cascade


def test_one2many_unlink_clears_a_nullable_link(env):
    parent = env["test.thing"].create({"name": "parent"})
    child = env["test.thing"].create({"name": "child", "parent_id": parent.id})
    parent.write({"child_ids": [Command.unlink(child.id)]})
    assert child.exists()
    assert db_rows(env, "SELECT parent_id FROM test_thing WHERE id = %s", child.id) == [(None,)]


def test_one2many_link_moves_a_record(env):
    first = env["test.thing"].create({"name": "first"})
    second = env["test.thing"].create({"name": "second"})
    child = env["test.thing"].create({"name": "child", "parent_id": first.id})
    second.write({"child_ids": [Command.link(child.id)]})
    assert (first.child_ids, second.child_ids) == (env["test.thing"], child)


def test_one2many_set_and_clear(env):
    parent = env["test.thing"].create({"name": "parent"})
    kids = env["test.thing"].create([{"name": f"kid{i}", "parent_id": parent.id} for i in range(3)])
    parent.write({"child_ids": [Command.set([kids[0].id])]})
    assert parent.child_ids == kids[0]
    assert kids[1:].mapped("parent_id") == env["test.thing"]
    parent.write({"child_ids": [Command.clear()]})
    assert parent.child_ids == env["test.thing"]
    assert kids.exists() == kids


def test_one2many_set_deletes_cascading_lines(env):
    order = make_order(env, "O", [("a", 1, 1), ("b", 1, 1)])
    keep, drop = order.line_ids
    order.write({"line_ids": [Command.set([keep.id])]})
    assert (order.line_ids, drop.exists()) == (keep, env["test.order.line"])


def test_one2many_value_follows_the_comodel_order(env):
    order = make_order(env, "O", [("late", 1, 1), ("early", 1, 1)])
    order.line_ids[1].sequence = 1
    env.invalidate_all()
    assert order.line_ids.mapped("product") == ["early", "late"]


def test_writing_the_many2one_updates_the_one2many_on_both_sides(env):
    source = make_order(env, "S", [("moved", 1, 1)])
    target = make_order(env, "T", [])
    assert source.line_ids and not target.line_ids            # both cached now
    source.line_ids.order_id = target
    assert (source.line_ids.mapped("product"), target.line_ids.mapped("product")) == ([], ["moved"])


def test_creating_a_line_shows_in_a_cached_one2many(env):
    order = make_order(env, "O", [("a", 1, 1)])
    assert len(order.line_ids) == 1
    env["test.order.line"].create({"order_id": order.id, "product": "b"})
    assert order.line_ids.mapped("product") == ["a", "b"]


# -- many2one -----------------------------------------------------------------------------------

def test_many2one_accepts_ids_records_and_false(env):
    partner = env["res.partner"].create({"name": "P"})
    order = env["test.order"].create({"name": "O", "partner_id": partner})
    assert order.partner_id == partner
    order.partner_id = partner.id
    assert order.partner_id == partner
    order.partner_id = False
    assert (order.partner_id, bool(order.partner_id)) == (env["res.partner"], False)


def test_many2one_ondelete_attributes(env):
    order_fields = env["test.order"]._fields
    assert order_fields["partner_id"].ondelete == "restrict"
    assert env["test.order.line"]._fields["order_id"].ondelete == "cascade"
    assert env["test.thing"]._fields["parent_id"].ondelete == "set null"
    assert db_rows(env, "SELECT confdeltype FROM pg_constraint WHERE conname IN "
                        "('test_order_partner_id_fkey', 'test_order_line_order_id_fkey', "
                        "'test_thing_parent_id_fkey') ORDER BY conname") == [("c",), ("r",), ("n",)]


def test_many2one_path_values_chain(env):
    parent = env["res.partner"].create({"name": "Parent", "city": "Gent"})
    child = env["res.partner"].create({"name": "Child", "parent_id": parent.id})
    order = env["test.order"].create({"name": "O", "partner_id": child.id})
    assert order.partner_id.parent_id.city == "Gent"
    assert order.mapped("partner_id.parent_id") == parent


def test_bad_command_names_the_field(env):
    order = env["test.order"].create({"name": "O"})
    with pytest.raises(ValueError, match=r"test\.order\.tag_ids: .*command"):
        order.write({"tag_ids": [(9, 0, 0)]})


# -- computed x2many fields written through their inverse methods --------------------------------

def test_a_computed_one2many_without_inverse_field_takes_commands(env):
    order = make_order(env, "Through", [("old", 1, 10)])
    # a record being created starts from no lines (as Odoo): the order gets the lines given
    record = env["test.editable"].create({
        "order_id": order.id, "line_ids": [Command.create({"product": "first", "price": 10})]})
    assert order.line_ids.mapped("product") == ["first"]
    record.write({"line_ids": [Command.create({"product": "given", "price": 5})]})
    record.write({"line_ids": [Command.create({"product": "more", "qty": 2, "price": 1})]})
    assert sorted(record.line_ids.mapped("product")) == ["first", "given", "more"]
    assert order.amount_total == 17.0
    first = order.line_ids.filtered(lambda line: line.product == "first")
    record.write({"line_ids": [Command.unlink(first.id)]})
    assert sorted(order.line_ids.mapped("product")) == ["given", "more"]
    assert not first.exists()                   # its order is required: the line goes


def test_a_computed_many2many_with_an_inverse_takes_commands(env):
    red, blue = env["test.tag"].create([{"name": "red"}, {"name": "blue"}])
    order = make_order(env, "Tagged")
    record = env["test.editable"].create({"order_id": order.id, "tag_ids": [Command.link(red.id)]})
    assert order.tag_ids == red
    record.write({"tag_ids": [Command.link(blue.id)]})
    assert order.tag_ids == red | blue
    record.tag_ids = [Command.set([blue.id])]
    assert (order.tag_ids, record.tag_ids) == (blue, blue)


def test_a_stored_editable_computed_many2many_is_written_and_kept(env):
    red, blue = env["test.tag"].create([{"name": "red"}, {"name": "blue"}])
    order = make_order(env, "Stored tags", tag_ids=[Command.set([red.id])])
    record = env["test.editable"].create({"order_id": order.id})
    assert record.stored_tag_ids == red
    record.write({"stored_tag_ids": [Command.link(blue.id)]})
    kept = env["test.editable"].create({"order_id": order.id, "stored_tag_ids": [Command.set([blue.id])]})
    assert db_rows(env, "SELECT editable_id, tag_id FROM test_editable_tag_rel WHERE editable_id IN %s "
                        "ORDER BY editable_id, tag_id", (record.id, kept.id)) == \
        [(record.id, red.id), (record.id, blue.id), (kept.id, blue.id)]


# -- one create() call for many records -------------------------------------------------------------

def test_one_create_call_applies_each_records_one2many_commands(env):
    # the first record's lines are all CREATE commands, the second's a LINK: each record
    # gets what its own commands say (CREATE-only batching must not drop the LINK)
    donor = make_order(env, "D", [("x", 1, 1)])
    first, second = env["test.order"].create([
        {"name": "A", "line_ids": [Command.create({"product": "a", "qty": 1, "price": 1})]},
        {"name": "B", "line_ids": [Command.link(donor.line_ids.id)]}])
    assert line_rows(env, first) == ["a"]
    assert line_rows(env, second) == ["x"]
    assert line_rows(env, donor) == []


def test_many2many_links_of_records_created_together(env, tags):
    orders = env["test.order"].create([{"name": f"M{i}", "tag_ids": [Command.set(tags.ids[:i])]}
                                       for i in range(4)] + [{"name": "ids", "tag_ids": tags[1:].ids}])
    assert [linked_tags(env, order) for order in orders] == \
        [[], tags[:1].ids, tags[:2].ids, tags.ids, tags[1:].ids]
    assert [order.tag_ids for order in orders] == [tags[:0], tags[:1], tags[:2], tags, tags[1:]]


def test_stored_related_of_lines_created_together_follows_each_ones_order(env):
    rome, oslo = env["res.partner"].create([{"name": "Rome"}, {"name": "Oslo"}])
    orders = env["test.order"].create([{"name": "A", "partner_id": rome.id},
                                       {"name": "B", "partner_id": oslo.id}, {"name": "C"}])
    # the second line of A is given a partner its path does not give: recomputed
    lines = env["test.order.line"].create(
        [{"order_id": orders[0].id, "product": "a", "order_partner_id": rome.id},
         {"order_id": orders[0].id, "product": "b", "order_partner_id": oslo.id}] +
        [{"order_id": order.id, "product": "c"} for order in orders[1:]])
    env.flush_all()
    expected = [rome.id, rome.id, oslo.id, None]
    assert [line.order_partner_id.id or None for line in lines] == expected
    assert db_rows(env, "SELECT order_partner_id FROM test_order_line WHERE id IN %s ORDER BY id",
                   tuple(lines.ids)) == [(value,) for value in expected]


def test_numbers_of_records_created_together(env):
    orders = env["test.order"].create([{"name": "A"}, {"name": "B"}])
    lines = env["test.order.line"].create([{"order_id": orders[i % 2].id, "product": "p", "qty": qty,
                                            "price": price}
                                           for i, (qty, price) in enumerate([(1, 1.005), (2, 1.005), (1, 2.5)])])
    assert lines.mapped("qty") == [1.0, 2.0, 1.0]
    assert lines.mapped("price") == [1.005, 1.005, 2.5]
    assert orders.mapped("amount_total") == pytest.approx([3.51, 2.01], abs=1e-9)    # 2 digits each


def test_a_created_line_joins_its_parents_cached_one2many(env):
    order = make_order(env, "O2M cache", [("p", 1, 1)])
    first = order.line_ids
    line = env["test.order.line"].create({"order_id": order.id, "product": "q"})
    assert order.line_ids.ids == [*first.ids, line.id]


def test_the_one2many_mirrors_of_a_many2one_follow_the_comodel_fields(env, monkeypatch):
    """A create looks the one2many fields mirroring its many2ones up once per model; a field
    added to the comodel afterwards is found."""
    from types import SimpleNamespace
    lines = env["test.order.line"]
    orders = type(env["test.order"])
    assert lines._one2many_mirrors("order_id") == (orders._fields["line_ids"],)
    extra = SimpleNamespace(type="one2many", inverse_name="order_id", comodel_name="test.order.line")
    monkeypatch.setitem(orders._fields, "extra_line_ids", extra)
    assert lines._one2many_mirrors("order_id") == (orders._fields["line_ids"], extra)
    assert lines._one2many_mirrors("order_partner_id") == ()


def test_a_related_many2one_path_read_as_ids_matches_its_records(env):
    """``_related_many2one_ids`` gives the ids ``_related_values`` gives as records, the
    broken paths included; a path that is not plain many2ones is left to it."""
    from framework.orm.model_read import convert_distinct
    partner = env["res.partner"].create({"name": "Related buyer"})
    with_partner = make_order(env, "Rel 1", [("p", 1, 1)], partner_id=partner.id)
    without = make_order(env, "Rel 2", [("p", 1, 1)])
    lines = (with_partner | without).line_ids
    field = lines._fields["order_partner_id"]
    ids = lines._related_many2one_ids(field)
    assert ids == convert_distinct(field, lines, lines._related_values(field)) == [partner.id, None]
    assert lines._related_many2one_ids(lines._fields["order_state"]) is None


def test_a_callable_field_domain_is_called_on_the_model_holding_the_field(env):
    tags = env["test.tag"].create([{"name": "test.compute"}, {"name": "test.tag"}])
    record = env["test.compute"].create({"named_tag_ids": [(6, 0, tags.ids)]})
    record.invalidate_recordset()
    assert record.named_tag_ids.mapped("name") == ["test.compute"]
