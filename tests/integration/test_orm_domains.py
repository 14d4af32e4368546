"""Domains on real tables: every operator, Odoo's False semantics, dotted paths, hierarchies."""
from __future__ import annotations

import datetime
import logging

import pytest

from framework.orm.domains import DomainError


@pytest.fixture
def data(env):
    """Four orders: A (Ann, red, apple), B (Ben, red+blue, pear+apple), C (none), D (Kid)."""
    tag = env["test.tag"]
    red, blue = tag.create([{"name": "red"}, {"name": "blue"}])
    partner = env["res.partner"]
    ann = partner.create({"name": "Ann", "city": "Paris"})
    ben = partner.create({"name": "Ben", "city": "Oslo"})
    # an "other" address: a plain contact would take Ann's city (Odoo's address sync)
    kid = partner.create({"name": "Kid", "parent_id": ann.id, "type": "other"})
    order = env["test.order"]
    orders = order.create([
        {"name": "A", "partner_id": ann.id, "tag_ids": [(6, 0, red.ids)], "note": "x",
         "sequence": 1, "line_ids": [(0, 0, {"product": "apple", "qty": 1, "price": 3})]},
        {"name": "B", "partner_id": ben.id, "tag_ids": [(6, 0, (red | blue).ids)], "sequence": 2,
         "line_ids": [(0, 0, {"product": "pear", "qty": 5, "price": 1}),
                      (0, 0, {"product": "apple", "qty": 1, "price": 1})]},
        {"name": "C", "date": "2020-01-01", "sequence": 3},
        {"name": "D", "partner_id": kid.id, "date": False, "sequence": 4},
    ])
    return {"orders": orders, "red": red, "blue": blue, "ann": ann, "ben": ben, "kid": kid}


def names(env, data, domain) -> list[str]:
    """Names of the test orders matching ``domain`` (other orders of the database excluded)."""
    orders = env["test.order"].search([("id", "in", data["orders"].ids)] + domain, order="name")
    return orders.mapped("name")


# -- comparison operators -----------------------------------------------------------------------

@pytest.mark.parametrize(("domain", "expected"), [
    ([("name", "=", "A")], ["A"]),
    ([("name", "!=", "A")], ["B", "C", "D"]),
    ([("name", "<>", "A")], ["B", "C", "D"]),
    ([("sequence", "<", 2)], ["A"]),
    ([("sequence", "<=", 2)], ["A", "B"]),
    ([("sequence", ">", 2)], ["C", "D"]),
    ([("sequence", ">=", 2)], ["B", "C", "D"]),
    ([("name", "in", ["A", "C"])], ["A", "C"]),
    ([("name", "not in", ["A", "C"])], ["B", "D"]),
    ([("name", "=", ["A", "B"])], ["A", "B"]),
    ([("id", "in", [])], []),
    ([("id", "not in", [])], ["A", "B", "C", "D"]),
])
def test_comparison_operators(env, data, domain, expected):
    assert names(env, data, domain) == expected


@pytest.mark.parametrize(("domain", "expected"), [
    ([("name", "like", "A")], ["A"]),
    ([("name", "ilike", "a")], ["A"]),
    ([("name", "not like", "A")], ["B", "C", "D"]),
    ([("name", "not ilike", "a")], ["B", "C", "D"]),
    ([("name", "=like", "_")], ["A", "B", "C", "D"]),
    ([("name", "=ilike", "a")], ["A"]),
    ([("name", "=like", "a")], []),
    ([("note", "ilike", "X")], ["A"]),
    ([("note", "not ilike", "x")], ["B", "C", "D"]),        # NULL is "not like" anything
    ([("note", "ilike", "")], ["A", "B", "C", "D"]),         # an empty pattern matches NULL too
    ([("name", "like", "%")], ["A", "B", "C", "D"]),         # wildcards are not escaped, as Odoo
])
def test_like_operators(env, data, domain, expected):
    assert names(env, data, domain) == expected


# -- False semantics ----------------------------------------------------------------------------

@pytest.mark.parametrize(("domain", "expected"), [
    ([("note", "=", False)], ["B", "C", "D"]),
    ([("note", "!=", False)], ["A"]),
    ([("partner_id", "=", False)], ["C"]),
    ([("partner_id", "!=", False)], ["A", "B", "D"]),
    ([("date", "=", False)], ["D"]),
    ([("note", "in", [False, "x"])], ["A", "B", "C", "D"]),
    ([("note", "not in", [False])], ["A"]),
    ([("note", "not in", ["x"])], ["B", "C", "D"]),
    ([("note", "!=", "x")], ["B", "C", "D"]),
    ([("partner_id", "not in", [])], ["A", "B", "C", "D"]),
    ([("id", "=", False)], []),
])
def test_false_matches_null(env, data, domain, expected):
    assert names(env, data, domain) == expected


def test_boolean_false_matches_null_and_false(env):
    tags = env["test.tag"].create([{"name": "on", "active": True}, {"name": "off", "active": False}])
    env.cr.execute("UPDATE test_tag SET active = NULL WHERE id = %s", [tags[1].id])
    found = env["test.tag"].with_context(active_test=False).search(
        [("id", "in", tags.ids), ("active", "=", False)])
    assert found == tags[1]


def test_conditional_equality_ignores_false(env, data):
    assert names(env, data, [("partner_id", "=?", False)]) == ["A", "B", "C", "D"]
    assert names(env, data, [("partner_id", "=?", data["ben"].id)]) == ["B"]


# -- values of other types ----------------------------------------------------------------------

def test_records_and_ids_are_interchangeable_values(env, data):
    ann, ben = data["ann"], data["ben"]
    assert names(env, data, [("partner_id", "=", ann)]) == ["A"]
    assert names(env, data, [("partner_id", "in", ann | ben)]) == ["A", "B"]
    assert names(env, data, [("partner_id", "=", ann.id)]) == ["A"]


def test_a_query_is_a_value_for_in_and_not_in(env, data):
    # Odoo 17's sub-SELECT idiom: ('partner_id', 'in', Partner._search([...]))
    partners = env["res.partner"]._search([("city", "=", "Paris")])
    assert names(env, data, [("partner_id", "in", partners)]) == ["A"]
    assert names(env, data, [("partner_id", "not in", partners)]) == ["B", "C", "D"]
    orders = env["test.order"]._search([("name", "in", ["A", "C"])])
    assert names(env, data, [("id", "in", orders)]) == ["A", "C"]
    assert names(env, data, [("tag_ids", "in", env["test.tag"]._search([("name", "=", "blue")]))]) == ["B"]
    assert names(env, data, [("tag_ids", "not in", env["test.tag"]._search([("name", "=", "blue")]))]) == \
        ["A", "C", "D"]


def test_dates_compare_as_dates(env, data):
    assert names(env, data, [("date", "=", datetime.date(2020, 1, 1))]) == ["C"]
    assert names(env, data, [("date", "<", "2021-01-01")]) == ["C"]


def test_a_date_for_a_datetime_means_the_whole_day(env):
    record = env["test.typed"].create({"moment": "2024-02-29 13:14:15"})
    typed = env["test.typed"]
    assert typed.search([("id", "=", record.id), ("moment", "<=", "2024-02-29")]) == record
    assert not typed.search([("id", "=", record.id), ("moment", ">", "2024-02-29")])
    assert typed.search([("id", "=", record.id), ("moment", ">=", datetime.date(2024, 2, 29))]) == record
    assert not typed.search([("id", "=", record.id), ("moment", "<", datetime.date(2024, 2, 29))])


def test_many2one_compared_with_a_name_searches_the_name(env, data):
    assert names(env, data, [("partner_id", "=", "Ann")]) == ["A"]
    assert names(env, data, [("partner_id", "in", ["Ann", "Ben"])]) == ["A", "B"]
    assert names(env, data, [("partner_id", "ilike", "an")]) == ["A", "D"]   # "Ann, Kid" too
    assert names(env, data, [("partner_id", "not ilike", "ann")]) == ["B", "C"]


# -- x2many -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("domain", "expected"), [
    ([("tag_ids", "=", "blue")], ["B"]),
    ([("tag_ids", "!=", False)], ["A", "B"]),
    ([("tag_ids", "=", False)], ["C", "D"]),
    ([("line_ids", "=", False)], ["C", "D"]),
    ([("line_ids", "!=", False)], ["A", "B"]),
])
def test_x2many_conditions(env, data, domain, expected):
    assert names(env, data, domain) == expected


def test_x2many_with_ids(env, data):
    blue = data["blue"].id
    assert names(env, data, [("tag_ids", "in", [blue])]) == ["B"]
    assert names(env, data, [("tag_ids", "=", blue)]) == ["B"]
    assert names(env, data, [("tag_ids", "not in", [blue])]) == ["A", "C", "D"]
    assert names(env, data, [("tag_ids", "!=", blue)]) == ["A", "C", "D"]


# -- dotted paths, any / not any ----------------------------------------------------------------

@pytest.mark.parametrize(("domain", "expected"), [
    ([("partner_id.city", "=", "Paris")], ["A"]),
    ([("partner_id.city", "!=", "Paris")], ["B", "D"]),    # needs a partner; NULL city != Paris
    ([("partner_id.city", "=", False)], ["D"]),
    ([("partner_id.parent_id.name", "=", "Ann")], ["D"]),
    ([("line_ids.product", "=", "apple")], ["A", "B"]),
    ([("line_ids.qty", ">", 4)], ["B"]),
    ([("line_ids.product", "not ilike", "app")], ["B"]),   # some line is not an apple
    ([("tag_ids.name", "=", "blue")], ["B"]),
    ([("tag_ids.name", "!=", "red")], ["B"]),
    ([("line_ids.order_id.tag_ids.name", "=", "blue")], ["B"]),
    ([("partner_email", "=", False)], ["A", "B", "D"]),    # a related field searches its path
])
def test_dotted_paths(env, data, domain, expected):
    assert names(env, data, domain) == expected


@pytest.mark.parametrize(("domain", "expected"), [
    ([("line_ids", "any", [("product", "=", "apple"), ("qty", ">", 0)])], ["A", "B"]),
    ([("line_ids", "any", [("qty", ">", 4)])], ["B"]),
    ([("line_ids", "not any", [("qty", ">", 4)])], ["A", "C", "D"]),
    ([("partner_id", "any", [("city", "=", "Oslo")])], ["B"]),
    ([("partner_id", "not any", [("city", "=", "Oslo")])], ["A", "C", "D"]),
    ([("tag_ids", "any", [("name", "=", "red")])], ["A", "B"]),
    ([("tag_ids", "not any", [("name", "=", "blue")])], ["A", "C", "D"]),
])
def test_any_and_not_any(env, data, domain, expected):
    assert names(env, data, domain) == expected


def test_paths_through_x2many_skip_archived_records(env, data):
    data["blue"].active = False
    assert names(env, data, [("tag_ids.name", "=", "blue")]) == []
    assert names(env, data, [("tag_ids", "in", data["blue"].ids)]) == ["B"]      # ids: no filter
    with_archived = env["test.order"].with_context(active_test=False).search(
        [("id", "in", data["orders"].ids), ("tag_ids.name", "=", "blue")])
    assert with_archived.mapped("name") == ["B"]


def test_paths_through_many2one_include_archived_targets(env, data):
    data["ben"].active = False
    assert names(env, data, [("partner_id.city", "=", "Oslo")]) == ["B"]


# -- hierarchies --------------------------------------------------------------------------------

def test_child_of_and_parent_of_through_a_many2one(env, data):
    assert names(env, data, [("partner_id", "child_of", data["ann"].id)]) == ["A", "D"]
    assert names(env, data, [("partner_id", "parent_of", data["kid"].id)]) == ["A", "D"]
    assert names(env, data, [("partner_id", "child_of", "Ann")]) == ["A", "D"]


def test_child_of_and_parent_of_on_ids(env):
    category = env["test.category"]
    root = category.create({"name": "root"})
    mid = category.create({"name": "mid", "parent_id": root.id})
    leaf = category.create({"name": "leaf", "parent_id": mid.id})
    other = category.create({"name": "other"})
    assert category.search([("id", "child_of", root.id)]) == root | mid | leaf
    assert category.search([("id", "child_of", [mid.id, other.id])]) == mid | leaf | other
    assert category.search([("id", "parent_of", leaf.id)]) == root | mid | leaf
    assert category.search([("parent_id", "child_of", root.id)]) == mid | leaf


# -- combinations -------------------------------------------------------------------------------

def test_prefix_operators(env, data):
    assert names(env, data, ["|", ("name", "=", "A"), ("name", "=", "C")]) == ["A", "C"]
    assert names(env, data, ["!", ("name", "in", ["A", "B"])]) == ["C", "D"]
    assert names(env, data, ["&", ("sequence", ">", 1), ("sequence", "<", 4)]) == ["B", "C"]
    assert names(env, data, ["|", "&", ("name", "=", "A"), ("note", "=", "x"),
                             "!", ("name", "in", ["A", "B", "C"])]) == ["A", "D"]


def test_true_and_false_leaves(env, data):
    assert names(env, data, [(1, "=", 1)]) == ["A", "B", "C", "D"]
    assert names(env, data, [(0, "=", 1)]) == []


def test_active_test_hides_archived_records_unless_the_domain_mentions_active(env):
    tags = env["test.tag"].create([{"name": "on"}, {"name": "off", "active": False}])
    tag = env["test.tag"]
    assert tag.search([("id", "in", tags.ids)]) == tags[0]
    assert tag.search([("id", "in", tags.ids), ("active", "=", False)]) == tags[1]
    assert tag.with_context(active_test=False).search([("id", "in", tags.ids)]) == tags


# -- errors -------------------------------------------------------------------------------------

def test_unknown_field_names_model_and_field(env):
    with pytest.raises(ValueError, match=r"Invalid field test\.order\.nope"):
        env["test.order"].search([("nope", "=", 1)])


def test_unknown_field_in_a_path_names_the_model_it_belongs_to(env):
    with pytest.raises(ValueError, match=r"Invalid field res\.partner\.nope"):
        env["test.order"].search([("partner_id.nope", "=", 1)])


def test_path_through_a_scalar_field_is_refused(env):
    with pytest.raises(ValueError, match=r"Invalid path 'name\.x' on test\.order"):
        env["test.order"].search([("name.x", "=", 1)])


def test_unknown_operator_is_refused(env):
    with pytest.raises(DomainError, match=r"Invalid leaf \('name', '~', 'x'\)"):
        env["test.order"].search([("name", "~", "x")])


def test_malformed_domain_is_refused(env):
    with pytest.raises(DomainError, match="malformed"):
        env["test.order"].search(["|", ("name", "=", "A")])


def test_domain_as_string_is_refused(env):
    with pytest.raises(DomainError, match="Domains must be lists"):
        env["test.order"].search("[('name', '=', 'A')]")


def test_a_non_stored_field_without_search_is_left_out_with_an_error_logged(env, caplog):
    # as Odoo 17: the condition is ignored (every record matches it), and the log says so
    orders = env["test.order"].create([{"name": "A"}, {"name": "B"}])
    with caplog.at_level(logging.ERROR):
        found = env["test.order"].search([("amount_doubled", "=", 1), ("id", "in", orders.ids)])
    assert found == orders
    assert "test.order.amount_doubled cannot be searched" in caplog.text


def test_search_method_of_a_computed_field(env):
    small, big = env["test.compute"].create([{"value": 1}, {"value": 500}])
    compute = env["test.compute"]
    assert compute.search([("id", "in", [small.id, big.id]), ("is_big", "=", True)]) == big
    assert compute.search([("id", "in", [small.id, big.id]), ("is_big", "!=", True)]) == small


def test_values_travel_as_parameters(env, data):
    evil = "A' OR '1'='1"
    assert names(env, data, [("name", "=", evil)]) == []
    assert names(env, data, [("name", "ilike", evil)]) == []
