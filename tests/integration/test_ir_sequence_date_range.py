"""``ir.sequence`` with ``use_date_range``: numbers restart in each period (a subsequence,
``ir.sequence.date_range``, made on first use for the date's year), ``%(range_year)s`` is the
period's start, and ``_create_date_range_seq`` is the hook addons override to number per
month or week (as OCA's sequence_reset_period does)."""
from __future__ import annotations

import datetime

import pytest

from tests.support.orm import db_rows


def make_sequence(env, **values):
    return env["ir.sequence"].create({"name": "Dated", "use_date_range": True, "padding": 3,
                                      "prefix": "%(range_year)s/", **values})


@pytest.mark.parametrize("implementation", ["standard", "no_gap"])
def test_numbers_restart_each_year_and_the_range_is_made_on_first_use(env, implementation):
    sequence = make_sequence(env, implementation=implementation)
    assert not sequence.date_range_ids
    march = sequence.with_context(ir_sequence_date=datetime.date(2018, 3, 14))
    assert [march.next_by_id(), march.next_by_id()] == ["2018/001", "2018/002"]
    assert sequence._next(datetime.date(2019, 1, 2)) == "2019/001"
    assert sequence._next(datetime.date(2018, 12, 31)) == "2018/003"
    ranges = sequence.date_range_ids.sorted("date_from")
    assert [(r.date_from, r.date_to) for r in ranges] == [
        (datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)),
        (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))]
    assert ranges.mapped("number_next_actual") == [4, 2]


def test_a_new_range_stops_short_of_the_ranges_already_there(env):
    sequence = make_sequence(env)
    env["ir.sequence.date_range"].create({"sequence_id": sequence.id, "date_from": "2018-07-01",
                                          "date_to": "2018-12-31", "number_next": 50})
    assert sequence._next(datetime.date(2018, 3, 1)) == "2018/001"
    assert sequence._next(datetime.date(2018, 8, 1)) == "2018/050"
    first = sequence.date_range_ids.sorted("date_from")[0]
    assert (first.date_from, first.date_to) == (datetime.date(2018, 1, 1), datetime.date(2018, 6, 30))


def test_the_period_start_fills_range_keys_and_the_date_the_others(env):
    sequence = make_sequence(env, prefix="%(range_month)s-%(month)s/")
    env["ir.sequence.date_range"].create({"sequence_id": sequence.id, "date_from": "2018-02-01",
                                          "date_to": "2018-04-30"})
    assert sequence._next(datetime.date(2018, 3, 14)) == "02-03/001"


def test_many_at_once_and_unlink_drop_the_postgres_sequences(env):
    sequence = make_sequence(env)
    assert sequence._next_many(2, datetime.date(2020, 5, 5)) == ["2020/001", "2020/002"]
    name = f"ir_sequence_{sequence.id:03d}_{sequence.date_range_ids.id:03d}"
    assert db_rows(env, "SELECT 1 FROM pg_class WHERE relname = %s", name) == [(1,)]
    sequence.unlink()
    assert db_rows(env, "SELECT 1 FROM pg_class WHERE relname = %s", name) == []


def test_sequences_without_date_range_are_unchanged(env):
    sequence = env["ir.sequence"].create({"name": "Plain", "prefix": "P", "padding": 2})
    assert [sequence._next(datetime.date(2018, 1, 1)), sequence._next()] == ["P01", "P02"]
    assert not sequence.date_range_ids
