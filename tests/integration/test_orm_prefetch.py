"""The per-transaction cache and prefetching, measured with ``cr.sql_log_count``.

Reading a field on one record loads it for the whole prefetch set in one query; following a
relation prefetches the targets of every record of the set; nothing is read twice.
"""
from __future__ import annotations

import pytest

from tests.support.orm import count_queries


@pytest.fixture
def orders(env):
    partners = env["res.partner"].create([{"name": f"P{i}", "city": f"C{i}"} for i in range(3)])
    tags = env["test.tag"].create([{"name": f"T{i}"} for i in range(2)])
    orders = env["test.order"].create([
        {"name": f"N{i}", "partner_id": partners[i % 3].id, "tag_ids": [(6, 0, tags.ids)],
         "line_ids": [(0, 0, {"product": f"p{i}", "qty": 1, "price": i}),
                      (0, 0, {"product": f"q{i}", "qty": 2, "price": i})]}
        for i in range(12)])
    env.flush_all()
    env.invalidate_all()
    return env["test.order"].browse(orders.ids)


def test_reading_one_field_of_one_record_loads_it_for_the_whole_set(env, orders):
    with count_queries(env) as queries:
        names = [order.name for order in orders]
    assert names == [f"N{i}" for i in range(12)]
    assert queries() == 1


def test_other_columns_come_with_the_first_read(env, orders):
    orders[0].name
    with count_queries(env) as queries:
        [(order.note, order.sequence, order.state, order.date) for order in orders]
    assert queries() == 0


def test_cached_values_are_not_read_again(env, orders):
    [order.name for order in orders]
    with count_queries(env) as queries:
        [order.name for order in orders]
        orders.mapped("name")
        orders.read(["name", "sequence"])
    assert queries() == 0


def test_many2one_targets_are_prefetched_together(env, orders):
    with count_queries(env) as queries:
        cities = [order.partner_id.city for order in orders]
    assert cities == [f"C{i % 3}" for i in range(12)]
    assert queries() == 2                          # the orders, then the three partners


def test_one2many_of_the_whole_set_in_one_query(env, orders):
    orders[0].name
    with count_queries(env) as queries:
        counts = [len(order.line_ids) for order in orders]
    assert counts == [2] * 12
    assert queries() == 1


def test_one2many_targets_are_prefetched_together(env, orders):
    with count_queries(env) as queries:
        products = [line.product for order in orders for line in order.line_ids]
    assert len(products) == 24
    assert queries() == 2                          # the lines of all orders, then their columns


def test_many2many_of_the_whole_set_in_one_query(env, orders):
    orders[0].name
    with count_queries(env) as queries:
        names = [order.tag_ids.mapped("name") for order in orders]
    assert names == [["T0", "T1"]] * 12
    assert queries() == 2                          # the links, then the tags


def test_mapped_path_is_not_n_plus_one(env, orders):
    with count_queries(env) as queries:
        subtotals = orders.mapped("line_ids.subtotal")
    assert len(subtotals) == 24
    assert queries() == 2


def test_search_then_iterate_prefetches_the_result(env, orders):
    with count_queries(env) as queries:
        found = env["test.order"].search([("id", "in", orders.ids)])
        [(order.name, order.partner_id.name) for order in found]
    assert queries() == 3                          # search, orders, partners


def test_filtered_and_sorted_keep_the_prefetch_set(env, orders):
    with count_queries(env) as queries:
        cheap = orders.filtered(lambda order: order.sequence == 10)
        [order.partner_id.city for order in cheap.sorted("name")]
    assert queries() == 2


def test_read_is_one_query_per_model(env, orders):
    with count_queries(env) as queries:
        rows = orders.read(["name", "partner_id", "line_ids", "tag_ids"])
    assert len(rows) == 12
    # orders, lines (one2many), tag links, the tags' active flags (archived ones are hidden),
    # the partners' names for the (id, name) pairs
    assert queries() == 5


def test_search_read_of_many_records_is_not_n_plus_one(env, orders):
    with count_queries(env) as queries:
        env["test.order"].search_read([("id", "in", orders.ids)], ["name", "partner_id"])
    assert queries() == 2                          # orders with the search, partners


def test_non_stored_compute_runs_once_for_the_set(env, orders):
    with count_queries(env) as queries:
        doubled = [order.amount_doubled for order in orders]
    assert doubled == [6.0 * i for i in range(12)]          # lines: 1 x i + 2 x i, doubled
    assert queries() == 1                                   # amount_total comes with the orders


def test_invalidate_recordset_forgets_only_what_it_names(env, orders):
    [order.name for order in orders]
    orders.invalidate_recordset(["note"])
    with count_queries(env) as queries:
        [order.name for order in orders]
    assert queries() == 0
    with count_queries(env) as queries:
        [order.note for order in orders]
    assert queries() == 1


def test_invalidate_all_forgets_everything(env, orders):
    [order.name for order in orders]
    env.invalidate_all()
    with count_queries(env) as queries:
        [order.name for order in orders]
    assert queries() == 1


def test_prefetch_of_a_browse_is_its_ids(env, orders):
    first_half = env["test.order"].browse(orders.ids[:6])
    with count_queries(env) as queries:
        [order.name for order in first_half]
        [order.name for order in env["test.order"].browse(orders.ids[6:])]
    assert queries() == 2


def test_binary_fields_are_not_prefetched_with_the_others(env):
    records = env["test.typed"].create([{"name": "a", "data": b"aGVsbG8="}, {"name": "b"}])
    env.invalidate_all()
    records = env["test.typed"].browse(records.ids)
    records[0].name
    with count_queries(env) as queries:
        records[0].data
    assert queries() == 1


def test_write_updates_the_cache_without_reading_back(env, orders):
    [order.name for order in orders]
    orders.write({"note": "n"})
    with count_queries(env) as queries:
        notes = {order.note for order in orders}
    assert (notes, queries()) == ({"n"}, 0)


def test_create_fills_the_cache(env):
    tag = env["test.tag"].create({"name": "fresh", "color": 4})
    with count_queries(env) as queries:
        values = (tag.name, tag.color, tag.active)
    assert (values, queries()) == (("fresh", 4, True), 0)
