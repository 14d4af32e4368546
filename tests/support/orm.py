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


@contextmanager
def recorded_statements(env):
    """``with recorded_statements(env) as sent: ...``: ``sent`` lists the SQL text of every
    statement run or queued on the cursor inside (the cursor's methods wrapped meanwhile)."""
    cr = env.cr
    sent: list[str] = []
    originals = {name: getattr(cr, name) for name in ("execute", "queue", "executemany", "execute_raw")}

    def recording(method):
        def run(query, *args, **kwargs):
            sent.append(getattr(query, "code", query))
            return method(query, *args, **kwargs)
        return run

    for name, method in originals.items():
        setattr(cr, name, recording(method))
    try:
        yield sent
    finally:
        for name in originals:
            delattr(cr, name)


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


def make_user(env, login: str, groups=("base.group_user",)):
    """A user ``login`` (password ``<login>-pw``) in ``groups`` (xmlids)."""
    return env["res.users"].create({
        "name": login.title(), "login": login, "password": f"{login}-pw",
        "groups_id": [(6, 0, [env.ref(g).id for g in groups])]})
