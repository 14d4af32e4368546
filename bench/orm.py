#!/usr/bin/env python3
"""Benchmark P5 (../shared/perf.md): the ORM in process against plain psycopg, same run.

Scenarios, each timed beside its floor on the same database:
  1. ``create()`` of N partners in one call  vs  RawCursor multi-row INSERT ($n placeholders)
  2. N single ``create()`` calls             vs  N single INSERT statements
  3. ``search_read`` of M partners x 10 fields  vs  plain SELECT turned into dicts

Prints the median (min-max) of --runs runs for both sides, the ratio floor/ORM (goal: at
least 0.30) and the queries per call (must not grow with N). Run:
    .venv/bin/python bench/orm.py [--n 10000] [--m 100000] [--runs 5]
Uses the embedded PostgreSQL under .data/bench unless PGHOST is set.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_support import fmt_times, scratch_database  # noqa: E402

from framework.modules.registry_loader import load_registry  # noqa: E402
from framework.orm.environment import Environment  # noqa: E402

FIELDS = ["name", "email", "phone", "street", "city", "zip", "ref", "vat", "website", "function"]


def partner_values(i: int, tag: str) -> dict:
    return {"name": f"Partner {tag} {i}", "email": f"p{i}@{tag}.example.com", "phone": f"+32 2 {i:07d}",
            "street": f"{i} Main Street", "city": "Brussels", "zip": f"{1000 + i % 9000}",
            "ref": f"R{i}", "vat": f"BE{i:010d}", "website": "https://example.com", "function": "Buyer"}


def timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def raw_insert_many(cr, rows: list[dict]) -> None:
    """Floor for batch create: multi-row INSERT with server-side $n parameters (RawCursor)."""
    import psycopg
    columns = FIELDS + ["active", "type", "is_company", "color", "create_uid", "write_uid",
                        "create_date", "write_date", "complete_name", "partner_share"]
    raw = psycopg.RawCursor(cr.connection)
    per_row = len(columns)
    for start in range(0, len(rows), 1000):
        chunk = rows[start:start + 1000]
        params, values = [], []
        for index, row in enumerate(chunk):
            values.append("(" + ", ".join(f"${index * per_row + j + 1}" for j in range(per_row)) + ")")
            params.extend([row[f] for f in FIELDS] + [True, "contact", False, 0, 1, 1, "now()", "now()",
                                                      row["name"], True])
        raw.execute(f"INSERT INTO res_partner ({', '.join(columns)}) VALUES {', '.join(values)} RETURNING id",
                    params)
        raw.fetchall()


def raw_insert_single(cr, rows: list[dict]) -> None:
    """Floor for single creates: one INSERT per row."""
    columns = FIELDS + ["active", "type", "complete_name"]
    sql = f"INSERT INTO res_partner ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) RETURNING id"
    raw = cr.connection.cursor()
    for row in rows:
        raw.execute(sql, [row[f] for f in FIELDS] + [True, "contact", row["name"]])
        raw.fetchone()


def raw_select(cr, limit: int) -> list[dict]:
    raw = cr.connection.cursor()
    raw.execute(f"SELECT id, {', '.join(FIELDS)} FROM res_partner WHERE active ORDER BY id LIMIT %s", (limit,))
    names = [d.name for d in raw.description]
    return [dict(zip(names, row)) for row in raw.fetchall()]


def run(args) -> int:
    with scratch_database("bench_orm_") as (config, db):
        registry = load_registry(db, install=["base"], config=config)
        results = []
        results.append(scenario(f"create() of {args.n} in one call", registry, args.runs,
                                lambda env, rows: env["res.partner"].create(rows),
                                lambda cr, rows: raw_insert_many(cr, rows), args.n))
        results.append(scenario(f"{args.n} single create() calls", registry, args.runs,
                                lambda env, rows: [env["res.partner"].create(row) for row in rows],
                                lambda cr, rows: raw_insert_single(cr, rows), args.n))
        results.append(search_read_scenario(registry, args.runs, args.m))
        print()
        print(f"{'scenario':44} {'ORM s':>18} {'floor s':>18} {'floor/ORM':>10} {'queries':>8}")
        failed = False
        for name, orm, floor, queries in results:
            ratio = statistics.median(floor) / statistics.median(orm)
            failed |= ratio < args.goal
            print(f"{name:44} {fmt_times(orm):>18} {fmt_times(floor):>18} {ratio:10.2f} {queries:>8}")
        print(f"goal: floor/ORM >= {args.goal:.2f} ({'met' if not failed else 'NOT met'})")
        return 0


def scenario(name, registry, runs, orm_call, floor_call, n):
    orm_times, floor_times, queries = [], [], 0
    for run_index in range(runs):
        rows = [partner_values(i, f"o{run_index}") for i in range(n)]
        with registry.cursor() as cr:
            env = Environment(cr, 1, {})
            before = cr.sql_log_count
            seconds, _ = timed(lambda: (orm_call(env, rows), env.flush_all()))
            queries = cr.sql_log_count - before
            orm_times.append(seconds)
            cr.rollback()
        rows = [partner_values(i, f"f{run_index}") for i in range(n)]
        with registry.cursor() as cr:
            seconds, _ = timed(lambda: floor_call(cr, rows))
            floor_times.append(seconds)
            cr.rollback()
    return name, orm_times, floor_times, queries


def search_read_scenario(registry, runs, m):
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        existing = env["res.partner"].search_count([])
        if existing < m:
            rows = [partner_values(i, "sr") for i in range(m - existing)]
            for start in range(0, len(rows), 10000):
                env["res.partner"].create(rows[start:start + 10000])
            env.flush_all()
    orm_times, floor_times, queries = [], [], 0
    for _ in range(runs):
        with registry.cursor() as cr:
            env = Environment(cr, 1, {})
            before = cr.sql_log_count
            seconds, result = timed(lambda: env["res.partner"].search_read([], FIELDS, limit=m, order="id"))
            queries = cr.sql_log_count - before
            if len(result) != m:
                raise RuntimeError(f"search_read returned {len(result)} rows, expected {m}")
            orm_times.append(seconds)
        with registry.cursor() as cr:
            seconds, result = timed(lambda: raw_select(cr, m))
            floor_times.append(seconds)
    return f"search_read of {m} x {len(FIELDS)} fields", orm_times, floor_times, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="records created per create scenario")
    parser.add_argument("--m", type=int, default=100_000, help="records read by search_read")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--goal", type=float, default=0.30)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
