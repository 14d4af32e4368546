"""_read_group (Odoo 17's tuples) and read_group (dicts): aggregates, granularities, laziness."""
from __future__ import annotations

import datetime

import pytest


@pytest.fixture
def data(env):
    """G1 (Zed, January, 2 lines: 25), G2 (Amy, January, 3), G3 (Amy, March, paid), G4 (no date)."""
    zed, amy = env["res.partner"].create([{"name": "Zed"}, {"name": "Amy"}])
    t1, t2 = env["test.tag"].create([{"name": "t1"}, {"name": "t2"}])
    orders = env["test.order"].create([
        {"name": "G1", "date": "2024-01-15", "partner_id": zed.id, "tag_ids": [(6, 0, [t1.id])],
         "line_ids": [(0, 0, {"product": "a", "qty": 2, "price": 10}),
                      (0, 0, {"product": "b", "qty": 1, "price": 5})]},
        {"name": "G2", "date": "2024-01-20", "partner_id": amy.id, "tag_ids": [(6, 0, [t1.id, t2.id])],
         "line_ids": [(0, 0, {"product": "a", "qty": 3, "price": 1})]},
        {"name": "G3", "date": "2024-03-02", "partner_id": amy.id, "state": "paid"},
        {"name": "G4", "date": False},
    ])
    return {"orders": orders, "zed": zed, "amy": amy, "t1": t1, "t2": t2,
            "domain": [("id", "in", orders.ids)]}


# -- _read_group --------------------------------------------------------------------------------

def test_read_group_by_many2one_gives_records_sorted_by_the_comodel_order(env, data):
    rows = env["test.order"]._read_group(data["domain"], ["partner_id"], ["amount_total:sum", "__count"])
    assert rows == [(data["amy"], 3.0, 2), (data["zed"], 25.0, 1), (env["res.partner"], 0.0, 1)]


@pytest.mark.parametrize(("groupby", "expected"), [
    ("date:day", [datetime.date(2024, 1, 15), datetime.date(2024, 1, 20), datetime.date(2024, 3, 2), False]),
    ("date:week", [datetime.date(2024, 1, 15), datetime.date(2024, 2, 26), False]),
    ("date:month", [datetime.date(2024, 1, 1), datetime.date(2024, 3, 1), False]),
    ("date:quarter", [datetime.date(2024, 1, 1), False]),
    ("date:year", [datetime.date(2024, 1, 1), False]),
])
def test_read_group_by_date_granularity(env, data, groupby, expected):
    rows = env["test.order"]._read_group(data["domain"], [groupby], ["__count"])
    assert [row[0] for row in rows] == expected
    assert sum(row[1] for row in rows) == 4


def test_read_group_by_datetime_hour(env, data):
    rows = env["test.order"]._read_group(data["domain"], ["create_date:hour"], ["__count"])
    assert rows == [(env.cr.now().replace(minute=0, second=0, microsecond=0), 4)]


def test_read_group_without_groupby_aggregates_everything(env, data):
    rows = env["test.order"]._read_group(
        data["domain"], [], ["amount_total:sum", "amount_total:max", "amount_total:avg", "__count",
                             "partner_id:count_distinct"])
    assert rows == [(28.0, 25.0, 7.0, 4, 2)]


def test_read_group_array_and_recordset_aggregates(env, data):
    rows = env["test.order"]._read_group(data["domain"], ["state"], ["id:array_agg", "partner_id:recordset"])
    g1, g2, g3, g4 = data["orders"]
    assert rows == [("draft", [g1.id, g2.id, g4.id], data["zed"] | data["amy"]),
                    ("paid", [g3.id], data["amy"])]


def test_read_group_by_many2many_counts_each_link(env, data):
    rows = env["test.order"]._read_group(data["domain"], ["tag_ids"], ["__count"])
    assert rows == [(data["t1"], 2), (data["t2"], 1), (env["test.tag"], 2)]


def test_read_group_having_order_limit_offset(env, data):
    order = env["test.order"]
    assert order._read_group(data["domain"], ["partner_id"], ["__count"], having=[("__count", ">", 1)]) == \
        [(data["amy"], 2)]
    assert order._read_group(data["domain"], ["state"], ["amount_total:sum"],
                             order="amount_total:sum desc") == [("draft", 28.0), ("paid", 0.0)]
    assert order._read_group(data["domain"], ["name"], [], order="name desc", limit=2, offset=1) == \
        [("G3",), ("G2",)]


def test_read_group_of_lines_by_order(env, data):
    g1, g2 = data["orders"][:2]
    rows = env["test.order.line"]._read_group([("order_id", "in", (g1 | g2).ids)], ["order_id"],
                                              ["subtotal:sum", "qty:sum"])
    assert rows == [(g2, 3.0, 3.0), (g1, 25.0, 3.0)]           # test.order sorts by date desc


@pytest.mark.parametrize(("groupby", "aggregates", "message"), [
    (["nope"], [], r"Invalid field 'nope' on model 'test\.order'"),
    (["amount_doubled"], [], r"test\.order\.amount_doubled is not stored"),
    ([], ["amount_total:median"], r"Invalid aggregate function 'median'"),
    (["name:month"], [], r"Granularity 'month' needs a date field, not test\.order\.name"),
    (["name; drop table x"], [], r"Invalid groupby"),
])
def test_read_group_refuses_bad_specifications(env, groupby, aggregates, message):
    with pytest.raises(ValueError, match=message):
        env["test.order"]._read_group([], groupby, aggregates)


# -- read_group ---------------------------------------------------------------------------------

def test_read_group_lazy_groups_by_the_first_field_only(env, data):
    groups = env["test.order"].read_group(data["domain"], ["amount_total"], ["state", "partner_id"])
    assert [(g["state"], g["state_count"], g["amount_total"]) for g in groups] == \
        [("draft", 3, 28.0), ("paid", 1, 0.0)]
    assert groups[0]["__context"] == {"group_by": ["partner_id"]}
    assert groups[0]["__domain"] == ["&", ("id", "in", data["orders"].ids), ("state", "=", "draft")]


def test_read_group_not_lazy_groups_by_every_field(env, data):
    groups = env["test.order"].read_group(data["domain"], ["amount_total"], ["state", "partner_id"],
                                          lazy=False)
    amy, zed = data["amy"], data["zed"]
    assert [(g["state"], g["partner_id"], g["__count"], g["amount_total"]) for g in groups] == [
        ("draft", (amy.id, "Amy"), 1, 3.0), ("draft", (zed.id, "Zed"), 1, 25.0),
        ("draft", False, 1, 0.0), ("paid", (amy.id, "Amy"), 1, 0.0)]


def test_read_group_by_month_gives_labels_ranges_and_domains(env, data):
    groups = env["test.order"].read_group(data["domain"], ["amount_total:sum"], ["date:month"])
    assert [(g["date:month"], g["date_count"], g["amount_total"]) for g in groups] == \
        [("January 2024", 2, 28.0), ("March 2024", 1, 0.0), (False, 1, 0.0)]
    assert groups[0]["__range"] == {"date:month": {"from": "2024-01-01", "to": "2024-02-01"}}
    assert [env["test.order"].search_count(g["__domain"]) for g in groups] == [2, 1, 1]


def test_read_group_by_date_defaults_to_month(env, data):
    groups = env["test.order"].read_group(data["domain"], [], ["date"])
    assert [g["date"] for g in groups] == ["January 2024", "March 2024", False]


def test_read_group_by_day_label(env, data):
    groups = env["test.order"].read_group(data["domain"], [], ["date:day"])
    assert groups[0]["date:day"] == "15 Jan 2024"


def test_read_group_field_specifications(env, data):
    groups = env["test.order"].read_group(
        data["domain"], ["amount_total:max", "total:sum(amount_total)", "n:count(id)"], ["state"])
    assert [(g["state"], g["amount_total"], g["total"], g["n"]) for g in groups] == \
        [("draft", 25.0, 28.0, 3), ("paid", 0.0, 0.0, 1)]


def test_read_group_uses_the_field_aggregator_by_default(env, data):
    groups = env["test.order.line"].read_group([("order_id", "in", data["orders"].ids)],
                                               ["qty", "price", "product"], ["order_id"])
    assert [(g["order_id"][0], g["qty"], g["price"]) for g in groups] == \
        [(data["orders"][1].id, 3.0, 1.0), (data["orders"][0].id, 3.0, 15.0)]
    assert "product" not in groups[0]                        # a char has no aggregator


def test_read_group_many2one_values_are_id_name_pairs(env, data):
    groups = env["test.order"].read_group(data["domain"], [], ["partner_id"], orderby="__count desc")
    assert [(g["partner_id"], g["partner_id_count"]) for g in groups] == [
        ((data["amy"].id, "Amy"), 2), ((data["zed"].id, "Zed"), 1), (False, 1)]


def test_read_group_many2one_order_can_be_reversed(env, data):
    groups = env["test.order"].read_group(data["domain"], [], ["partner_id"], orderby="partner_id desc")
    assert [g["partner_id"] for g in groups] == [               # PostgreSQL: NULLs first in DESC
        False, (data["zed"].id, "Zed"), (data["amy"].id, "Amy")]


def test_read_group_orders_by_an_aggregated_field_by_its_aggregate(env, data):
    # as Odoo: "amount_total desc" names the amount_total:sum asked, per group
    groups = env["test.order"].read_group(data["domain"], ["amount_total:sum"], ["partner_id"],
                                          orderby="amount_total desc, partner_id")
    assert [(g["partner_id"], g["amount_total"]) for g in groups] == [
        ((data["zed"].id, "Zed"), 25.0), ((data["amy"].id, "Amy"), 3.0), (False, 0.0)]
    groups = env["test.order"].read_group(data["domain"], ["total:sum(amount_total)"], ["state"],
                                          orderby="total")
    assert [(g["state"], g["total"]) for g in groups] == [("paid", 0.0), ("draft", 28.0)]


def test_read_group_limit(env, data):
    groups = env["test.order"].read_group(data["domain"], [], ["name"], limit=2, orderby="name")
    assert [g["name"] for g in groups] == ["G1", "G2"]
