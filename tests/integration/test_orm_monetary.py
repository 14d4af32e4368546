"""Monetary fields: amounts kept rounded to their currency, as Odoo 17 rounds them.

create() and write() round to the currency given with the values (or reached through the
first link of a related currency field given with them), else to the record's currency;
assigning an amount rounds to the record's currency; an amount without currency is kept.
"""
from __future__ import annotations

import psycopg
import pytest

from tests.support.orm import count_queries, db_rows, recorded_statements


def currency(env, code: str):
    return env["res.currency"].with_context(active_test=False).search([("name", "=", code)])


def stored(env, model: str, records) -> list[float]:
    env.flush_all()
    table = model.replace(".", "_")
    rows = dict(db_rows(env, f"SELECT id, amount FROM {table} WHERE id = ANY(%s)", list(records.ids)))
    return [float(rows[i]) for i in records.ids]


def test_create_rounds_to_the_currency_given(env):
    usd, jpy, bhd = currency(env, "USD"), currency(env, "JPY"), currency(env, "BHD")
    records = env["test.typed"].create([
        {"amount": 12.3456, "currency_id": usd.id},
        {"currency_id": jpy.id, "amount": 12.5},
        {"amount": 12.3456, "currency_id": bhd.id},
        {"amount": 12.3456},                    # no currency: kept as given
    ])
    assert records.mapped("amount") == [12.35, 13.0, 12.346, 12.3456]
    assert stored(env, "test.typed", records) == [12.35, 13.0, 12.346, 12.3456]


def test_create_rounds_through_the_first_link_of_a_related_currency(env):
    jpy, usd = currency(env, "JPY"), currency(env, "USD")
    orders = env["test.money.order"].create([{"currency_id": jpy.id}, {"currency_id": usd.id}])
    lines = env["test.money.line"].create([
        {"order_id": orders[0].id, "amount": 10.4},
        {"order_id": orders[1].id, "amount": 10.456},
        {"amount": 10.456},
    ])
    assert lines.mapped("amount") == [10.0, 10.46, 10.456]
    assert stored(env, "test.money.line", lines) == [10.0, 10.46, 10.456]


def test_many_rows_read_each_currency_once(env):
    usd, jpy = currency(env, "USD"), currency(env, "JPY")
    orders = env["test.money.order"].create([{"currency_id": usd.id}, {"currency_id": jpy.id}])
    values = [{"order_id": orders[i % 2].id, "amount": 1.234 + i} for i in range(300)]
    env["test.money.line"].create(values[:2])
    env.invalidate_all()
    with count_queries(env) as queries:
        lines = env["test.money.line"].create(values)
    # the orders' currencies and the currencies' rounding: a few reads, not one per row
    assert queries() <= 4
    expected = [round(1.234 + i, 2) if i % 2 == 0 else float(round(1.234 + i)) for i in range(300)]
    assert stored(env, "test.money.line", lines) == expected


def test_write_rounds_to_the_currency_written_with_it_else_the_records(env):
    usd, jpy = currency(env, "USD"), currency(env, "JPY")
    record = env["test.typed"].create({"currency_id": usd.id})
    record.write({"amount": 7.777})
    assert record.amount == 7.78
    record.write({"amount": 7.777, "currency_id": jpy.id})
    assert record.amount == 8.0
    assert stored(env, "test.typed", record) == [8.0]
    line = env["test.money.line"].create({"amount": 1.0})
    order = env["test.money.order"].create({"currency_id": jpy.id})
    line.write({"amount": 2.6, "order_id": order.id})
    assert stored(env, "test.money.line", line) == [3.0]


def test_write_on_records_of_several_currencies_is_refused(env):
    usd, jpy = currency(env, "USD"), currency(env, "JPY")
    records = env["test.typed"].create([{"currency_id": usd.id}, {"currency_id": jpy.id}])
    with pytest.raises(ValueError, match="multiple currencies"):
        records.write({"amount": 1.5})
    records.write({"amount": 0.0})              # nothing to round
    assert records.mapped("amount") == [0.0, 0.0]


def test_assigning_rounds_to_the_records_currency(env):
    jpy = currency(env, "JPY")
    record = env["test.typed"].create({"currency_id": jpy.id})
    record.amount = 99.5
    assert record.amount == 100.0
    assert stored(env, "test.typed", record) == [100.0]


def test_assigning_a_new_record_rounds_as_well(env):
    jpy = currency(env, "JPY")
    record = env["test.typed"].new({"currency_id": jpy.id, "amount": 12.4})
    assert record.amount == 12.4                # values given to new() are kept as they are
    record.amount = 12.5
    assert record.amount == 13.0


def test_a_computed_amount_is_rounded_when_assigned(env):
    usd = currency(env, "USD")
    order = env["test.money.order"].create({"currency_id": usd.id})
    line = env["test.money.line"].create({"order_id": order.id, "amount": 10.0, "ratio": 1.23456})
    assert line.scaled == 12.35
    env.flush_all()
    assert float(db_rows(env, "SELECT scaled FROM test_money_line WHERE id = %s", line.id)[0][0]) == 12.35


def test_a_model_read_from_a_table_query(env):
    usd, jpy = currency(env, "USD"), currency(env, "JPY")
    orders = env["test.money.order"].create([{"name": "A", "currency_id": usd.id},
                                            {"name": "B", "currency_id": jpy.id},
                                            {"name": "C", "currency_id": usd.id}])
    env["test.money.line"].create([{"order_id": orders[0].id, "amount": 1.5},
                                   {"order_id": orders[0].id, "amount": 2.25},
                                   {"order_id": orders[1].id, "amount": 10},
                                   {"order_id": orders[2].id, "amount": 0.5}])
    report = env["test.money.report"]
    rows = report.search([("order_id", "in", orders.ids)])
    assert rows.mapped("order_id") == orders[1] | orders[0] | orders[2]      # amount desc
    assert rows.mapped("amount") == [10.0, 3.75, 0.5]
    assert rows.read(["line_count", "currency_id"])[1] == {
        "id": orders[0].id, "line_count": 2, "currency_id": (usd.id, usd.display_name)}
    assert report.search([("order_id", "in", orders.ids), ("amount", ">", 1),
                          ("currency_id.name", "=", "USD")]) == report.browse(orders[0].id)
    groups = report.read_group([("order_id", "in", orders.ids)], ["amount:sum", "line_count:sum"],
                               ["currency_id"], orderby="currency_id")
    assert {group["currency_id"][0]: (group["amount"], group["line_count"], group["currency_id_count"])
            for group in groups} == {usd.id: (4.25, 3, 2), jpy.id: (10.0, 1, 1)}
    assert report.search_count([("order_id", "in", orders.ids)]) == 3
    assert not env["test.money.order"]._table_query


@pytest.mark.parametrize("change", ["create", "write", "unlink"])
def test_a_model_read_from_a_table_query_refuses_changes_without_sql(env, change):
    """As Odoo 17's database does (the table name is no relation), but before any statement:
    the transaction goes on."""
    usd = currency(env, "USD")
    order = env["test.money.order"].create({"currency_id": usd.id})
    env["test.money.line"].create({"order_id": order.id, "amount": 4})
    env.flush_all()
    report = env["test.money.report"].browse(order.id)
    attempts = {"create": lambda: report.create({"line_count": 1}),
                "write": lambda: report.write({"line_count": 2}),
                "unlink": lambda: report.unlink()}
    with recorded_statements(env) as sent, \
            pytest.raises(psycopg.errors.UndefinedTable,
                          match='relation "test_money_report" does not exist'):
        attempts[change]()
    assert not [code for code in sent if "test_money_report" in code]
    assert report.line_count == 1           # the transaction still answers
