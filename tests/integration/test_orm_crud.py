"""create, write, unlink, read, copy, default_get and name_create on real tables.

Values are checked in the database (raw SQL after a flush, or a second cursor after a
commit), not only in the record cache.
"""
from __future__ import annotations

import datetime

import psycopg
import pytest

from framework import exceptions
from framework.orm.environment import Environment
from tests.support.orm import count_queries, db_rows, make_order

# -- create -------------------------------------------------------------------------------------

def test_create_with_a_dict_returns_one_record_stored_in_the_table(env):
    tag = env["test.tag"].create({"name": "red", "color": 3})
    assert len(tag) == 1
    assert db_rows(env, "SELECT name, color, active FROM test_tag WHERE id = %s", tag.id) == \
        [("red", 3, True)]


def test_create_with_a_list_returns_records_in_the_given_order(env):
    tags = env["test.tag"].create([{"name": "b"}, {"name": "a"}, {"name": "c"}])
    assert tags.mapped("name") == ["b", "a", "c"]
    assert tags.ids == sorted(tags.ids)


def test_create_of_an_empty_list_returns_an_empty_recordset_without_sql(env):
    with count_queries(env) as queries:
        tags = env["test.tag"].create([])
    assert (tags._name, len(tags), queries()) == ("test.tag", 0, 0)


def test_create_batches_rows_into_one_insert(env):
    env.cr.now()                                   # the transaction time costs one query, once
    with count_queries(env) as queries:
        env["test.tag"].create([{"name": f"tag{i}", "color": i} for i in range(50)])
    assert queries() == 1


def test_a_big_create_copies_its_rows_with_ids_from_the_sequence(env):
    """From COPY_ROWS rows, create() takes the ids first and COPYs the rows: the same values
    land in the table as when the records are created one by one."""
    from framework.orm.model_write import COPY_ROWS
    currency = env["res.currency"].search([], limit=1)
    currency.rounding                   # (read once for the amounts' rounding, not counted)
    def values(i):
        return {"name": f"row {i}", "text": "multi\nline\ttab \\ back", "html": "<p>100%</p>",
                "integer": i, "float_": i / 3, "amount": 2.5, "currency_id": currency.id,
                "flag": i % 2 == 0, "day": datetime.date(2026, 1, 1 + i % 28),
                "moment": datetime.datetime(2026, 5, 4, 3, 2, i % 60), "choice": "x" if i % 2 else False,
                "data": False, "payload": {"i": i, "list": [1, "a"]}, "label": f"étiquette {i}"}
    count = COPY_ROWS + 5
    env.cr.now()
    with count_queries(env) as queries:
        copied = env["test.typed"].create([values(i) for i in range(count)])
    one_by_one = env["test.typed"]
    for i in range(count):
        one_by_one |= env["test.typed"].create(values(i))
    assert queries() == 2                          # the ids, then one COPY
    assert copied.ids == sorted(copied.ids) and len(set(copied.ids)) == count
    columns = ("name, text, html, integer, float_, amount, currency_id, flag, day, moment, choice, "
               "payload, label, create_date, create_uid")

    def rows(records):
        return db_rows(env, f"SELECT {columns} FROM test_typed WHERE id IN %s ORDER BY id", tuple(records.ids))
    assert rows(copied) == rows(one_by_one)
    env.invalidate_all()
    assert (copied[7].payload, copied[7].label, copied[7].day, copied[7].data) == (
        {"i": 7, "list": [1, "a"]}, "étiquette 7", datetime.date(2026, 1, 8), False)
    after = env["test.typed"].create({"name": "next"})
    assert after.id > max(copied.ids + one_by_one.ids)


def reserve(model, count: int) -> list[int]:
    """``count`` new ids of ``model`` drawn and reserved for its next creates."""
    model.env.cr.execute(model._new_ids_query(count))
    ids = [new_id for (new_id,) in model.env.cr.fetchall()]
    model._reserve_ids(ids)
    return ids


def test_a_create_with_reserved_ids_queues_its_rows_under_them(env):
    """Ids reserved: the orders, their lines and their tags' links are queued, sent by the
    next query, and the lines take their own reserved ids."""
    cr = env.cr
    tags = env["test.tag"].create([{"name": "a"}, {"name": "b"}])
    order_ids, line_ids = reserve(env["test.order"], 3), reserve(env["test.order.line"], 7)
    cr.now()
    trips = cr.round_trips
    orders = env["test.order"].create([
        {"name": f"reserved {i}", "tag_ids": [(6, 0, tags.ids)],
         "line_ids": [(0, 0, {"product": "p", "qty": 2, "price": i}), (0, 0, {"product": "q", "price": 1})]}
        for i in range(3)])
    assert cr.round_trips == trips                  # nothing sent yet
    assert orders.ids == order_ids
    assert sorted(orders.line_ids.ids) == line_ids[:6]
    assert list(env.transaction.reserved_ids.get("test_order_line")) == line_ids[6:]
    assert env.transaction.reserved_ids.get("test_order") is None      # all taken
    env.flush_all()
    assert db_rows(env, "SELECT id, name, amount_total, line_count FROM test_order WHERE id IN %s ORDER BY id",
                   tuple(order_ids)) == [(order_ids[i], f"reserved {i}", 2.0 * i + 1, 2) for i in range(3)]
    assert cr.round_trips == trips + 1              # the rows went with that read
    env.invalidate_all()
    assert [order.tag_ids for order in orders] == [tags] * 3
    orders[0]._drop_reserved_ids()
    env["test.order.line"]._drop_reserved_ids()
    assert env.transaction.reserved_ids == {}


def test_a_create_with_reserved_ids_caches_what_a_plain_create_caches(env):
    env.cr.now()
    values = {"name": "cached", "color": 4}
    plain = env["test.tag"].create(values)
    [reserved_id] = reserve(env["test.tag"], 1)
    reserved = env["test.tag"].create(values)
    assert reserved.id == reserved_id

    def cached(record):
        return {name: env.transaction.cache[field].get(record.id, "absent")
                for name, field in record._fields.items() if name != "id"}
    assert cached(reserved) == cached(plain)


def test_a_big_create_with_reserved_ids_copies_its_rows_without_asking_the_sequence(env):
    from framework.orm.model_write import COPY_ROWS
    ids = reserve(env["test.tag"], COPY_ROWS + 2)
    env.cr.now()
    with count_queries(env) as queries:
        tags = env["test.tag"].create([{"name": f"copied {i}", "color": i} for i in range(COPY_ROWS + 2)])
    assert queries() == 1                           # the COPY alone
    assert tags.ids == ids
    assert db_rows(env, "SELECT count(*), sum(color) FROM test_tag WHERE id IN %s", tuple(ids)) == \
        [(COPY_ROWS + 2, sum(range(COPY_ROWS + 2)))]


def test_a_create_of_more_rows_than_reserved_leaves_the_reservation(env):
    ids = reserve(env["test.tag"], 1)
    tags = env["test.tag"].create([{"name": "one"}, {"name": "two"}])
    assert not set(tags.ids) & set(ids)
    assert list(env.transaction.reserved_ids["test_tag"]) == ids
    assert env["test.tag"].create({"name": "three"}).id == ids[0]


def test_a_queued_row_the_database_refuses_fails_inside_its_savepoint(env):
    env["test.order"].create({"name": "taken"})
    reserve(env["test.order"], 2)
    with pytest.raises(psycopg.errors.UniqueViolation), env.cr.savepoint():
        env["test.order"].create({"name": "taken"})      # queued: refused at the release
    assert db_rows(env, "SELECT count(*) FROM test_order WHERE name = 'taken'") == [(1,)]
    assert env.transaction.reserved_ids == {}            # the one left: dropped by the rollback


def test_create_of_orders_with_lines_inserts_all_lines_at_once(env):
    env.cr.now()
    with count_queries(env) as queries:
        orders = env["test.order"].create([
            {"name": f"batch{i}", "line_ids": [(0, 0, {"product": "p", "qty": 1, "price": i}),
                                               (0, 0, {"product": "q", "qty": 2, "price": i})]}
            for i in range(20)])
    assert queries() == 2                          # one INSERT of orders, one of lines
    assert db_rows(env, "SELECT count(*) FROM test_order_line WHERE order_id IN %s",
                   tuple(orders.ids)) == [(40,)]


def test_create_fills_defaults_plain_and_callable(env):
    order = env["test.order"].create({"name": "D"})
    assert (order.state, order.sequence, order.date) == ("draft", 10, datetime.date.today())


def test_create_takes_defaults_from_the_context(env):
    order = env["test.order"].with_context(default_note="from context").create({"name": "C"})
    assert db_rows(env, "SELECT note FROM test_order WHERE id = %s", order.id) == [("from context",)]


def test_create_gives_explicit_values_precedence_over_context_defaults(env):
    order = env["test.order"].with_context(default_note="ctx").create({"name": "E", "note": "mine"})
    assert order.note == "mine"


def test_callable_default_receives_the_model_of_the_current_user(env):
    record = env["test.compute"].with_user(2).create({})
    assert record.name == "C2"


def test_create_sets_log_access_columns(env):
    order = env["test.order"].with_user(2).create({"name": "L"})
    ((create_uid, write_uid, create_date, write_date),) = db_rows(
        env, "SELECT create_uid, write_uid, create_date, write_date FROM test_order WHERE id = %s",
        order.id)
    assert (create_uid, write_uid) == (2, 2)
    assert create_date == write_date == env.cr.now()


def test_model_without_log_access_has_no_log_columns(env):
    env["test.plain"].create({"code": "x"})
    columns = {row[0] for row in db_rows(
        env, "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        "test_plain_custom")}
    assert columns == {"id", "code", "amount", "day", "moment", "category_id"}


def test_model_create_multi_override_gets_one_list_for_a_dict_too(env):
    single = env["test.compute"].create({"value": 1})
    several = env["test.compute"].create([{"value": 1}, {"value": 2}, {"value": 3}])
    assert single.note == "batch of 1"
    assert several.mapped("note") == ["batch of 3"] * 3


def test_abstract_model_cannot_create_records(env):
    with pytest.raises(exceptions.UserError, match=r"test\.mixin is an abstract model"):
        env["test.mixin"].create({"code": "x"})


def test_transient_model_stores_records_and_runs_methods(env):
    order = env["test.order"].create({"name": "W"})
    wizard = env["test.wizard"].create({"order_id": order.id, "note": "set by wizard"})
    wizard.action_apply()
    assert type(wizard)._transient is True
    assert db_rows(env, "SELECT note FROM test_order WHERE id = %s", order.id) == [("set by wizard",)]


def test_create_asks_an_overridden_default_get_for_fields_without_defaults(env):
    # as Odoo: create() asks default_get for every missing field, so that a wizard's
    # override fills order_id (which has no default) from the action's active_id
    order = env["test.order"].create({"name": "Active"})
    wizard = env["test.wizard"].with_context(active_model="test.order", active_id=order.id).create({})
    assert wizard.order_id == order
    assert env["test.wizard"].with_context(active_model="test.order", active_id=order.id).create(
        {"order_id": False}).order_id.id is False        # a given value still wins


def test_register_hook_runs_once_per_model_when_the_registry_is_loaded(env):
    assert type(env["test.tag"])._register_hook_calls == 1
    assert env["test.order"]._register_hook() is None          # the default does nothing


def test_odoo_registry_gives_the_loaded_registry_and_its_cursors(orm_registry):
    # `with odoo.registry(cr.dbname).cursor() as cr2:` (a side transaction, as addons open)
    from framework import compat
    registry = compat.registry(orm_registry.db_name)
    assert registry is orm_registry
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM ir_model WHERE model = 'test.order'")
        assert cr.fetchone() == (1,)


def test_created_records_are_visible_to_another_cursor_after_commit(orm_registry):
    cr = orm_registry.cursor()
    try:
        env = Environment(cr, 1, {})
        tag = env["test.tag"].create({"name": "committed tag"})
        cr.commit()
        other = orm_registry.cursor()
        try:
            other.execute("SELECT name FROM test_tag WHERE id = %s", [tag.id])
            assert other.fetchall() == [("committed tag",)]
        finally:
            other.close()
        tag.unlink()
        cr.commit()
    finally:
        cr.close()


# -- write --------------------------------------------------------------------------------------

def test_write_updates_all_records_with_one_update(env):
    orders = env["test.order"].create([{"name": f"w{i}"} for i in range(5)])
    env.flush_all()                                 # the computes queued by create() are done
    with count_queries(env) as queries:
        orders.write({"note": "same", "sequence": 7})
    assert queries() == 1
    assert db_rows(env, "SELECT DISTINCT note, sequence FROM test_order WHERE id IN %s",
                   tuple(orders.ids)) == [("same", 7)]


def test_write_sets_write_uid(env):
    order = env["test.order"].create({"name": "U"})
    order.with_user(2).write({"note": "by admin"})
    assert db_rows(env, "SELECT create_uid, write_uid FROM test_order WHERE id = %s", order.id) == \
        [(1, 2)]


def test_assigning_an_attribute_writes_the_record(env):
    order = env["test.order"].create({"name": "A"})
    order.note = "assigned"
    env.invalidate_all()
    assert order.note == "assigned"


def test_update_assigns_values_on_every_record(env):
    orders = env["test.order"].create([{"name": "u1"}, {"name": "u2"}])
    orders.update({"note": "updated"})
    assert db_rows(env, "SELECT note FROM test_order WHERE id IN %s", tuple(orders.ids)) == \
        [("updated",), ("updated",)]


def test_write_on_an_empty_recordset_does_nothing(env):
    with count_queries(env) as queries:
        assert env["test.order"].write({"note": "x"}) is True
    assert queries() == 0


def test_write_false_clears_a_value(env):
    order = env["test.order"].create({"name": "F", "note": "something"})
    order.write({"note": False})
    assert db_rows(env, "SELECT note FROM test_order WHERE id = %s", order.id) == [(None,)]
    assert order.note is False


# -- unlink -------------------------------------------------------------------------------------

def test_unlink_deletes_rows(env):
    tags = env["test.tag"].create([{"name": "x"}, {"name": "y"}])
    tags.unlink()
    assert db_rows(env, "SELECT count(*) FROM test_tag WHERE id IN %s", tuple(tags.ids)) == [(0,)]
    assert not tags.exists()


def test_unlink_cascades_to_lines(env):
    order = make_order(env, "K", [("p", 1, 1), ("q", 1, 1)])
    line_ids = tuple(order.line_ids.ids)
    order.unlink()
    assert db_rows(env, "SELECT count(*) FROM test_order_line WHERE id IN %s", line_ids) == [(0,)]


def test_unlink_of_a_restricted_target_fails_in_the_database(env):
    partner = env["res.partner"].create({"name": "Restricted"})
    env["test.order"].create({"name": "R", "partner_id": partner.id})
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="test_order_partner_id_fkey"):
        with env.cr.savepoint():
            partner.unlink()


def test_unlink_sets_null_on_set_null_links(env):
    parent = env["test.thing"].create({"name": "parent"})
    child = env["test.thing"].create({"name": "child", "parent_id": parent.id})
    parent.unlink()
    assert child.parent_id.id is False
    assert db_rows(env, "SELECT parent_id FROM test_thing WHERE id = %s", child.id) == [(None,)]


def test_unlink_runs_ondelete_methods(env):
    order = env["test.order"].create({"name": "P"})
    order.action_pay()
    with pytest.raises(exceptions.UserError, match="Paid orders cannot be deleted"):
        order.unlink()
    assert order.exists()


def test_unlink_of_a_delegating_record_keeps_its_parent(env):
    record = env["test.delegating"].create({"name": "Kept partner"})
    partner = record.partner_id
    record.unlink()
    assert partner.exists()


def test_unlinking_the_parent_cascades_to_the_delegating_record(env):
    record = env["test.delegating"].create({"name": "Gone"})
    record.partner_id.unlink()
    assert not record.exists()


# -- read ---------------------------------------------------------------------------------------

def test_read_returns_dicts_of_plain_values(env):
    partner = env["res.partner"].create({"name": "Reader"})
    tag = env["test.tag"].create({"name": "t"})
    order = make_order(env, "R1", [("p", 2, 5)], partner_id=partner.id, tag_ids=[(6, 0, tag.ids)],
                       date="2024-03-05")
    [row] = order.read(["name", "partner_id", "tag_ids", "line_ids", "date", "amount_total", "note"])
    assert row == {"id": order.id, "name": "R1", "partner_id": (partner.id, "Reader"),
                   "tag_ids": tag.ids, "line_ids": order.line_ids.ids,
                   "date": datetime.date(2024, 3, 5), "amount_total": 10.0, "note": False}


def test_read_with_load_none_gives_bare_many2one_ids(env):
    partner = env["res.partner"].create({"name": "Bare"})
    order = env["test.order"].create({"name": "R2", "partner_id": partner.id})
    assert order.read(["partner_id"], load=None) == [{"id": order.id, "partner_id": partner.id}]


def test_read_without_fields_returns_every_field(env):
    order = env["test.order"].create({"name": "R3"})
    [row] = order.read()
    assert set(row) == set(env["test.order"]._fields)


def test_read_skips_deleted_records(env):
    tags = env["test.tag"].create([{"name": "keep"}, {"name": "drop"}])
    env.cr.execute("DELETE FROM test_tag WHERE id = %s", [tags[1].id])
    env.invalidate_all()
    assert tags.read(["name"]) == [{"id": tags[0].id, "name": "keep"}]


def test_read_of_an_unknown_field_names_model_and_field(env):
    order = env["test.order"].create({"name": "R4"})
    with pytest.raises(ValueError, match=r"Invalid field 'nope' on model 'test\.order'"):
        order.read(["nope"])


# -- copy ---------------------------------------------------------------------------------------

def test_copy_duplicates_copyable_fields_and_many2many_but_not_lines(env):
    tags = env["test.tag"].create([{"name": "c1"}, {"name": "c2"}])
    order = make_order(env, "Original", [("p", 1, 4)], note="n", tag_ids=[(6, 0, tags.ids)])
    copy = order.copy({"name": "Copy"})
    assert copy != order
    assert (copy.name, copy.note, copy.tag_ids, copy.line_ids) == ("Copy", "n", tags, env["test.order.line"])
    assert copy.amount_total == 0.0                    # computed again, not copied


def test_copy_leaves_out_fields_with_copy_false(env):
    record = env["test.compute"].create({"value": 2, "sequence": 9})
    copy = record.copy()
    assert (copy.value, copy.sequence) == (2, 0)


def test_copy_of_a_unique_name_violates_the_sql_constraint(env):
    order = env["test.order"].create({"name": "Unique"})
    with pytest.raises(psycopg.errors.UniqueViolation, match="test_order_name_uniq"):
        with env.cr.savepoint():
            order.copy()


def test_copy_is_declared_to_return_records_of_the_model(env):
    assert env["test.order"].copy._returns[0] == "self"


# -- defaults and names -------------------------------------------------------------------------

def test_default_get_returns_only_fields_with_defaults(env):
    defaults = env["test.order"].default_get(["name", "state", "priority", "note", "date"])
    assert defaults == {"name": "/", "state": "draft", "priority": 5, "date": datetime.date.today()}


def test_default_get_prefers_context_defaults(env):
    defaults = env["test.order"].with_context(default_state="paid").default_get(["state"])
    assert defaults == {"state": "paid"}


def test_name_create_creates_from_the_rec_name(env):
    tag_id, name = env["test.tag"].name_create("named")
    assert (env["test.tag"].browse(tag_id).name, name) == ("named", "named")


def test_name_create_uses_a_custom_rec_name(env):
    record_id, name = env["test.plain"].name_create("CODE-1")
    assert db_rows(env, "SELECT code FROM test_plain_custom WHERE id = %s", record_id) == [("CODE-1",)]
    assert name == "CODE-1"


def test_one_environment_per_context_holding_a_growing_dict(env):
    payload: dict = {}
    building = env(context=dict(env.context, loaded_data=payload))
    payload["res.partner"] = list(range(10_000))
    assert env(context=dict(env.context, loaded_data=payload)) is building


def test_exists_on_an_abstract_model_finds_nothing_and_asks_no_table(env):
    abstract = next(name for name, cls in sorted(env.registry.models.items()) if cls._abstract)
    assert not env[abstract].browse([1, 2]).exists()


def test_a_copy_starts_in_the_default_state_unless_given_one(env):
    order = env["test.order"].create({"name": "Paid"})
    order.state = "paid"
    assert order.copy({"name": "Copy"}).state == "draft"
    assert order.copy({"name": "Paid copy", "state": "paid"}).state == "paid"
