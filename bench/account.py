#!/usr/bin/env python3
"""Benchmark of the account addon (issue 10 §4), each figure beside its floor measured in
the same run:

  1. ``account.tax.compute_all`` on N order lines with a mix of taxes (excluded, included,
     a group with a fixed tax, none), one call per line and in one ``_compute_all_batch``
     vs  the same amounts in plain Python arithmetic, bare and building compute_all's
     result dicts. Goal: within 5x the floor.
  2. One entry of L lines (a session's sales and receivables) created, posted and its
     receivables reconciled with the payments' lines  vs  the same rows written with COPY
     and one UPDATE per table (executemany-style).  Goal: under 3x the floor, with a query
     count that does not grow with L (printed for L/4 too).

Run:
    .venv/bin/python bench/account.py [--lines 100000] [--entry-lines 20000] [--runs 3]
                                      [--collector server|default]
The garbage collector is configured as odoo-bin configures it once the registry is loaded
(``--collector server``, printed), or left at CPython's defaults (``--collector default``).
Uses the embedded PostgreSQL under .data/bench unless PGHOST is set.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_support import fmt_times, scratch_database  # noqa: E402

from framework.modules.registry_loader import load_registry  # noqa: E402
from framework.orm.environment import Environment  # noqa: E402
from framework.service import collector  # noqa: E402


class CollectorClock:
    """Seconds the cyclic garbage collector ran, and its collections by generation, while on."""

    def __init__(self) -> None:
        self.seconds, self.collections, self._start = 0.0, [0, 0, 0], 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
            return
        self.seconds += time.perf_counter() - self._start
        self.collections[info["generation"]] += 1

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self)


def timed(func, clock: CollectorClock | None = None) -> tuple[float, object]:
    # each run starts from a collected heap: the garbage of the run before (100,000 answers)
    # is not collected on the next run's time (nor counted by ``clock``)
    gc.collect()
    with clock or contextlib.nullcontext():
        start = time.perf_counter()
        result = func()
        return time.perf_counter() - start, result


# -- 1. compute_all ----------------------------------------------------------------------------

def make_taxes(env):
    Tax = env["account.tax"]
    tag = secrets.token_hex(3)
    excluded = Tax.create({"name": f"bench 15% {tag}", "amount": 15})
    included = Tax.create({"name": f"bench 21% incl {tag}", "amount": 21, "price_include": True})
    fixed = Tax.create({"name": f"bench eco {tag}", "amount": 0.5, "amount_type": "fixed",
                        "include_base_amount": True, "sequence": 0})
    group = Tax.create({"name": f"bench group {tag}", "amount_type": "group", "amount": 0,
                        "children_tax_ids": [(6, 0, (fixed | excluded).ids)]})
    return [excluded, included, group, Tax.browse()]


def order_lines(n: int) -> list[tuple[float, float, int]]:
    """(price, quantity, tax mix index) of n order lines."""
    return [(1.0 + (i % 997) * 0.37, float(1 + i % 5), i % 4) for i in range(n)]


def floor_compute(lines: list[tuple]) -> list[tuple]:
    """The same figures in plain Python: per line the base, each tax amount, the totals."""
    result = []
    for price, quantity, mix in lines:
        base = price * quantity
        if mix == 0:
            tax = round(base * 0.15 + 1e-9, 2)
            result.append((round(base, 2), round(base, 2) + tax, (tax,)))
        elif mix == 1:
            excluded = round(base / 1.21 + 1e-9, 2)
            result.append((excluded, round(base, 2), (round(base - excluded, 2),)))
        elif mix == 2:
            eco = round(0.5 * quantity, 2)
            tax = round((base + eco) * 0.15 + 1e-9, 2)
            result.append((round(base, 2), round(base + eco + tax, 2), (eco, tax)))
        else:
            result.append((round(base, 2), round(base, 2), ()))
    return result


def floor_compute_dicts(lines: list[tuple], tax_ids: list[int]) -> list[dict]:
    """The same figures in plain Python, returned in compute_all's shape (a dict per line
    and per tax line, with its keys): what the contract itself costs."""
    result = []
    for (excluded, included, amounts), (_price, _quantity, mix) in zip(floor_compute(lines), lines):
        result.append({"base_tags": [], "total_excluded": excluded, "total_included": included,
                       "total_void": excluded, "taxes": [
                           {"id": tax_ids[mix], "name": "tax", "amount": amount, "base": excluded,
                            "sequence": 1, "account_id": False, "analytic": False, "use_in_tax_closing": False,
                            "price_include": mix == 1, "tax_exigibility": "on_invoice",
                            "tax_repartition_line_id": 1, "group": None, "tag_ids": [], "tax_ids": []}
                           for amount in amounts]})
    return result


def orm_compute(taxes: list, currency, lines: list[tuple]) -> list[dict]:
    return [taxes[mix].compute_all(price, currency=currency, quantity=quantity) for price, quantity, mix in lines]


def batch_compute(env, taxes: list, currency, lines: list[tuple]) -> list[dict]:
    return env["account.tax"]._compute_all_batch([(taxes[mix], price, quantity) for price, quantity, mix in lines],
                                                 currency=currency)


def compute_all_scenario(registry, runs: int, n: int):
    lines = order_lines(n)
    orm_times, floor_times = [], []
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        taxes = make_taxes(env)
        currency = env.company.currency_id
        sample = orm_compute(taxes, currency, lines[:8])
        expected = floor_compute(lines[:8])
        for got, (excluded, included, amounts) in zip(sample, expected):
            if (round(got["total_excluded"], 2), round(got["total_included"], 2),
                    tuple(round(t["amount"], 2) for t in got["taxes"])) != (excluded, included, amounts):
                raise RuntimeError(f"floor and compute_all disagree: {got} / {(excluded, included, amounts)}")
        tax_ids = [tax.id for tax in taxes]
        if batch_compute(env, taxes, currency, lines[:50]) != orm_compute(taxes, currency, lines[:50]):
            raise RuntimeError("_compute_all_batch and compute_all disagree")
        dict_times, batch_times = [], []
        clock = CollectorClock()
        for _ in range(runs):
            orm_times.append(timed(lambda: orm_compute(taxes, currency, lines), clock)[0])
            batch_times.append(timed(lambda: batch_compute(env, taxes, currency, lines))[0])
            floor_times.append(timed(lambda: floor_compute(lines))[0])
            dict_times.append(timed(lambda: floor_compute_dicts(lines, tax_ids))[0])
        cr.rollback()
    # the answers are kept (100,000 dicts with their lists): the collector's full passes
    # over them are part of the figure, as they are of the floor building the same dicts
    print(f"compute_all x {n}: the cyclic collector ran {clock.seconds / runs:.3f} s a run "
          f"(young/middle/full collections: {'/'.join(f'{count / runs:.0f}' for count in clock.collections)})")
    return [(f"compute_all x {n} lines", orm_times, floor_times, "-"),
            ("  same, floor building its dicts", orm_times, dict_times, "-"),
            (f"_compute_all_batch x {n} lines", batch_times, floor_times, "-")]


# -- 2. a big entry, posted and reconciled ------------------------------------------------------

def setup_payments(env, orders: int):
    """A posted entry holding the other side of each order's receivable (what the
    session's payments leave on the POS receivable account): ``orders`` credit lines."""
    company = env.company
    receivable = company.account_default_pos_receivable_account_id
    bank = env.ref(f"account.{company.id}_bank").default_account_id
    amounts = [round(10.0 + (i % 13) * 1.15, 2) for i in range(orders)]
    lines = [(0, 0, {"account_id": receivable.id, "credit": amount, "name": f"pay {i}"})
             for i, amount in enumerate(amounts)]
    lines.append((0, 0, {"account_id": bank.id, "debit": round(sum(amounts), 2), "name": "bank"}))
    payments = env["account.move"].create({"journal_id": env.ref(f"account.{company.id}_general").id,
                                           "date": "2026-03-10", "line_ids": lines})
    payments._post()
    env.flush_all()
    return amounts, payments.line_ids.filtered(lambda line: line.account_id == receivable).sorted("id")


def orm_entry(env, amounts: list[float], payment_lines) -> None:
    company = env.company
    receivable = company.account_default_pos_receivable_account_id
    income = env.ref(f"account.{company.id}_income")
    commands = []
    for i, amount in enumerate(amounts):
        commands.append((0, 0, {"account_id": income.id, "credit": amount, "name": f"Sales {i}"}))
        commands.append((0, 0, {"account_id": receivable.id, "debit": amount, "name": f"Order {i}"}))
    move = env["account.move"].create({"journal_id": env.ref(f"account.{company.id}_sale").id,
                                       "date": "2026-03-10", "ref": "bench session", "line_ids": commands})
    move._post()
    receivables = move.line_ids.filtered(lambda line: line.account_id == receivable).sorted("id")
    env["account.move.line"]._reconcile_plan([debit | credit for debit, credit in zip(receivables, payment_lines)])
    env.flush_all()


def floor_entry(env, amounts: list[float], payment_lines) -> None:
    """The same end state written by hand: the entry row, its lines by COPY, the partials
    and full reconciliations by COPY, then one UPDATE per table for the matched lines."""
    cr = env.cr
    company = env.company
    receivable = company.account_default_pos_receivable_account_id.id
    income = env.ref(f"account.{company.id}_income").id
    journal = env.ref(f"account.{company.id}_sale").id
    currency = company.currency_id.id
    total = round(sum(amounts), 2)
    cr.execute("""INSERT INTO account_move (name, date, state, move_type, journal_id, company_id, currency_id,
                  ref, amount_total, amount_total_signed, posted_before, create_uid, write_uid, create_date,
                  write_date) VALUES ('INV/2026/99999', '2026-03-10', 'posted', 'entry', %s, %s, %s, 'floor',
                  %s, %s, true, 1, 1, now(), now()) RETURNING id""",
               (journal, company.id, currency, total, total))
    move_id = cr.fetchone()[0]
    count = 2 * len(amounts)
    cr.execute("SELECT nextval(pg_get_serial_sequence('account_move_line', 'id')) FROM generate_series(1, %s)",
               (count,))
    ids = [row[0] for row in cr.fetchall()]
    columns = ["id", "move_id", "journal_id", "company_id", "company_currency_id", "currency_id", "date",
               "parent_state", "move_name", "account_id", "name", "display_type", "debit", "credit", "balance",
               "amount_currency", "amount_residual", "amount_residual_currency", "reconciled",
               "create_uid", "write_uid"]
    rows = []
    for i, amount in enumerate(amounts):
        common = [move_id, journal, company.id, currency, currency, "2026-03-10", "posted", "INV/2026/99999"]
        rows.append([ids[2 * i], *common, income, f"Sales {i}", "product", 0.0, amount, -amount, -amount,
                     0.0, 0.0, False, 1, 1])
        rows.append([ids[2 * i + 1], *common, receivable, f"Order {i}", "product", amount, 0.0, amount,
                     amount, 0.0, 0.0, True, 1, 1])
    cr.copy_rows("account_move_line", columns, rows)
    cr.execute("SELECT nextval(pg_get_serial_sequence('account_full_reconcile', 'id')) "
               "FROM generate_series(1, %s)", (len(amounts),))
    full_ids = [row[0] for row in cr.fetchall()]
    cr.copy_rows("account_full_reconcile", ["id", "create_uid", "write_uid"], ([i, 1, 1] for i in full_ids))
    payment_ids = payment_lines.ids
    cr.copy_rows("account_partial_reconcile",
                 ["debit_move_id", "credit_move_id", "full_reconcile_id", "amount", "debit_amount_currency",
                  "credit_amount_currency", "company_id", "max_date", "create_uid", "write_uid"],
                 ([ids[2 * i + 1], payment_ids[i], full_ids[i], amount, amount, amount, company.id, "2026-03-10",
                   1, 1] for i, amount in enumerate(amounts)))
    matched = [(ids[2 * i + 1], full_ids[i]) for i in range(len(amounts))] + \
              [(payment_ids[i], full_ids[i]) for i in range(len(amounts))]
    cr.execute("UPDATE account_move_line l SET amount_residual = 0, amount_residual_currency = 0, "
               "reconciled = true, full_reconcile_id = v.full_id FROM unnest(%s::int[], %s::int[]) "
               "AS v(id, full_id) WHERE l.id = v.id",
               ([line_id for line_id, _ in matched], [full_id for _, full_id in matched]))


def entry_scenario(registry, runs: int, lines: int):
    orders = lines // 2
    orm_times, floor_times, queries = [], [], {}
    for run_index in range(runs):
        for size in ((orders // 4, orders) if run_index == 0 else (orders,)):
            with registry.cursor() as cr:
                env = Environment(cr, 1, {})
                amounts, payment_lines = setup_payments(env, size)
                before = cr.sql_log_count
                seconds, _ = timed(lambda env=env, amounts=amounts, lines=payment_lines: orm_entry(env, amounts, lines))
                queries[2 * size] = cr.sql_log_count - before
                if size == orders:
                    orm_times.append(seconds)
                    move = env["account.move"].search([("ref", "=", "bench session")], limit=1)
                    if move.state != "posted" or not all(payment_lines.mapped("reconciled")):
                        raise RuntimeError("the entry was not posted and reconciled")
                cr.rollback()
        with registry.cursor() as cr:
            env = Environment(cr, 1, {})
            amounts, payment_lines = setup_payments(env, orders)
            seconds, _ = timed(lambda env=env, amounts=amounts, lines=payment_lines: floor_entry(env, amounts, lines))
            floor_times.append(seconds)
            cr.rollback()
    counts = ", ".join(f"{size} lines: {count}" for size, count in sorted(queries.items()))
    return f"entry of {lines} lines posted + reconciled", orm_times, floor_times, counts


def run(args) -> int:
    with scratch_database("bench_account_") as (config, db):
        registry = load_registry(db, install=["account"], config=config)
        # the collector as a server started on this database runs it (odoo-bin: after
        # loading, before serving), so that the figure and its floor run under it
        collector.configure(args.collector)
        print(f"collector: {args.collector} (thresholds {gc.get_threshold()}, "
              f"{gc.get_freeze_count()} objects frozen)")
        results = compute_all_scenario(registry, args.runs, args.lines)
        if args.entry_lines:
            results.append(entry_scenario(registry, args.runs, args.entry_lines))
        goals = {0: 5.0, 1: 5.0, 2: 5.0, 3: 3.0}
        print()
        print(f"{'scenario':40} {'ORM s':>20} {'floor s':>20} {'ORM/floor':>10} {'goal':>6}  queries")
        for index, (name, orm, floor, queries) in enumerate(results):
            ratio = statistics.median(orm) / statistics.median(floor)
            verdict = "met" if ratio <= goals[index] else "NOT met"
            print(f"{name:40} {fmt_times(orm):>20} {fmt_times(floor):>20} {ratio:10.2f} {goals[index]:>5}x  {queries}"
                  f"  [{verdict}]")
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=100_000, help="order lines given to compute_all")
    parser.add_argument("--entry-lines", type=int, default=20_000, help="lines of the posted entry (0: skip)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--collector", choices=collector.MODES, default=collector.SERVER,
                        help="the garbage collector's configuration: the server's (odoo-bin's "
                             "default) or CPython's defaults (odoo-bin --collector default)")
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
