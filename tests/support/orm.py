"""Helpers shared by the ORM integration tests (test_orm_*.py): query counts, raw rows, orders."""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def count_queries(env):
    """``with count_queries(env) as queries: ...`` then ``queries()`` is the number run inside."""
    cr = env.cr
    start = cr.sql_log_count
    end: list[int] = []
    yield lambda: (end[0] if end else cr.sql_log_count) - start
    end.append(cr.sql_log_count)


def db_rows(env, sql: str, *params) -> list[tuple]:
    """Rows straight from the database, after writing what the ORM still holds."""
    env.flush_all()
    env.cr.execute(sql, params)
    return env.cr.fetchall()


def make_order(env, name: str, lines=(), **values):
    """A test.order with lines given as (product, qty, price) triples."""
    commands = [(0, 0, {"product": product, "qty": qty, "price": price})
                for product, qty, price in lines]
    return env["test.order"].create({"name": name, "line_ids": commands, **values})
