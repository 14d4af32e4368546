"""search and friends: offset, limit, order (validated), counts, search_read, search_fetch,
name_search, display_name."""
from __future__ import annotations

import pytest

from framework.exceptions import UserError
from tests.support.orm import count_queries


@pytest.fixture
def orders(env):
    ann, bob = env["res.partner"].create([{"name": "Ann"}, {"name": "Bob"}])
    return env["test.order"].create([
        {"name": "N3", "partner_id": bob.id, "date": "2024-01-02", "sequence": 2},
        {"name": "N1", "partner_id": ann.id, "date": "2024-01-03", "sequence": 2},
        {"name": "N2", "partner_id": bob.id, "date": "2024-01-01", "sequence": 1},
        {"name": "N4", "date": "2024-01-03", "sequence": 3},
    ])


def names(records) -> list[str]:
    return records.mapped("name")


def search(env, orders, **kwargs):
    return env["test.order"].search([("id", "in", orders.ids)], **kwargs)


# -- order --------------------------------------------------------------------------------------

def test_default_order_is_the_model_order(env, orders):
    # test.order: _order = "date desc, id desc"
    assert names(search(env, orders)) == ["N4", "N1", "N3", "N2"]


def test_order_by_fields_and_directions(env, orders):
    assert names(search(env, orders, order="name")) == ["N1", "N2", "N3", "N4"]
    assert names(search(env, orders, order="name desc")) == ["N4", "N3", "N2", "N1"]
    assert names(search(env, orders, order="sequence desc, name asc")) == ["N4", "N1", "N3", "N2"]
    assert names(search(env, orders, order="  sequence  ASC ,name DESC ")) == ["N2", "N3", "N1", "N4"]


def test_order_by_many2one_follows_the_comodel_order(env, orders):
    # res.partner sorts by complete_name: Ann before Bob; no partner last (NULLs last when ASC)
    assert names(search(env, orders, order="partner_id, name")) == ["N1", "N2", "N3", "N4"]


def test_order_with_nulls_placement(env, orders):
    assert names(search(env, orders, order="partner_id desc nulls last, name")) == ["N2", "N3", "N1", "N4"]


def test_order_by_display_name_uses_the_rec_name(env, orders):
    assert names(search(env, orders, order="display_name desc")) == ["N4", "N3", "N2", "N1"]


def test_order_by_a_delegated_field(env):
    records = env["test.delegating"].create([{"name": "Zoe"}, {"name": "Abe"}])
    found = env["test.delegating"].search([("id", "in", records.ids)], order="name")
    assert found.mapped("name") == ["Abe", "Zoe"]


@pytest.mark.parametrize("order", [
    "name; DELETE FROM test_order",
    "name desc, (SELECT 1)",
    '"name" desc',
    "name sideways",
    "name desc nulls",
    "id, pg_sleep(1)",
    "name--",
])
def test_order_strings_other_than_field_names_and_directions_are_refused(env, order):
    with pytest.raises(UserError, match=r'Invalid "order" specified'):    # fault 2, as Odoo
        env["test.order"].search([], order=order)


def test_order_on_an_unknown_field_names_it(env):
    with pytest.raises(ValueError, match=r"Invalid field 'nope' on model 'test\.order'"):
        env["test.order"].search([], order="nope")


def test_order_on_a_non_stored_field_is_refused(env):
    with pytest.raises(ValueError, match=r"'amount_doubled' of test\.order is not stored"):
        env["test.order"].search([], order="amount_doubled")


# -- offset, limit, count -----------------------------------------------------------------------

def test_offset_and_limit(env, orders):
    assert names(search(env, orders, order="name", limit=2)) == ["N1", "N2"]
    assert names(search(env, orders, order="name", offset=1, limit=2)) == ["N2", "N3"]
    assert names(search(env, orders, order="name", offset=3)) == ["N4"]
    assert names(search(env, orders, order="name", offset=10)) == []


def test_search_count(env, orders):
    order = env["test.order"]
    assert order.search_count([("id", "in", orders.ids)]) == 4
    assert order.search_count([("id", "in", orders.ids), ("partner_id", "=", False)]) == 1
    assert order.search_count([("id", "in", orders.ids)], limit=2) == 2


def test_search_count_is_one_query(env, orders):
    env.flush_all()
    with count_queries(env) as queries:
        env["test.order"].search_count([("id", "in", orders.ids)])
    assert queries() == 1


# -- search_read, search_fetch ------------------------------------------------------------------

def test_search_read_returns_dicts_in_order(env, orders):
    rows = env["test.order"].search_read([("id", "in", orders.ids)], ["name", "partner_id"],
                                         order="name", limit=2)
    ann = orders[1].partner_id
    assert rows == [{"id": orders[1].id, "name": "N1", "partner_id": (ann.id, "Ann")},
                    {"id": orders[2].id, "name": "N2", "partner_id": (orders[2].partner_id.id, "Bob")}]


def test_search_read_with_nothing_found_is_an_empty_list(env):
    assert env["test.order"].search_read([("name", "=", "no such order")], ["name"]) == []


def test_search_fetch_loads_the_fields_with_the_search(env, orders):
    env.invalidate_all()
    with count_queries(env) as queries:
        found = env["test.order"].search_fetch([("id", "in", orders.ids)], ["name", "sequence"],
                                               order="name")
        values = [(order.name, order.sequence) for order in found]
    assert values == [("N1", 2), ("N2", 1), ("N3", 2), ("N4", 3)]
    assert queries() == 1                  # the fields come with the search


# -- names --------------------------------------------------------------------------------------

def test_display_name_is_the_rec_name(env, orders):
    assert orders[0].display_name == "N3"
    plain = env["test.plain"].create({"code": "P-7"})
    assert plain.display_name == "P-7"


def test_display_name_of_a_model_without_name_field(env):
    line = env["test.order.line"].create({"order_id": env["test.order"].create({"name": "L"}).id,
                                          "product": "p"})
    assert line.display_name == f"test.order.line,{line.id}"


def test_name_search_matches_with_ilike_and_respects_limit_and_args(env, orders):
    order = env["test.order"]
    ids = orders.ids
    assert order.name_search("n", args=[("id", "in", ids)], limit=2) == \
        [(orders[3].id, "N4"), (orders[1].id, "N1")]
    assert order.name_search("N1", args=[("id", "in", ids)], operator="=") == [(orders[1].id, "N1")]
    assert order.name_search("", args=[("id", "in", ids), ("partner_id", "=", False)]) == \
        [(orders[3].id, "N4")]


def test_name_search_on_a_custom_rec_name(env):
    plain = env["test.plain"].create([{"code": "alpha"}, {"code": "beta"}])
    assert env["test.plain"].name_search("ALP") == [(plain[0].id, "alpha")]


def test_search_on_display_name_searches_the_rec_name(env, orders):
    found = env["test.order"].search([("id", "in", orders.ids), ("display_name", "ilike", "n2")])
    assert found == orders[2]
