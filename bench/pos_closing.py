#!/usr/bin/env python3
"""Benchmark P3 of issue 11: closing a POS session into accounting, beside its SQL floor
measured in the same run.

For each size (2,000 and 20,000 orders of 5 lines; cash, card and customer-account payments
in turn; a change line on the cash ones) a session is filled with SQL, committed, then:

  * project: ``pos.session.close_session_from_ui()`` and the COMMIT: the posted entry, the
    cash statement line, the bank payment, the matchings, the orders marked done;
  * floor: the same work written by hand on another session of the same orders: the
    aggregation of lines per product and tax and of payments per method (two SELECTs), the
    rows the project wrote (entry and its lines, statement line and payment with their
    entries and lines, partials and full reconciliations) inserted with COPY, the matched
    lines and the orders updated with one UPDATE each, and a COMMIT.

Printed: seconds (median, min-max), the ratio (goal <= 3x) and the queries of the project's
close for each size (goal: the same count for both sizes).

Run:
    .venv/bin/python bench/pos_closing.py [--sizes 2000,20000] [--runs 3]
Uses the embedded PostgreSQL under .data/bench unless PGHOST is set.
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_support import fmt_times, scratch_database  # noqa: E402

from framework.modules.registry_loader import load_registry  # noqa: E402
from framework.orm.environment import Environment  # noqa: E402
from framework.service.model import execute_cr  # noqa: E402

LINES_PER_ORDER = 5


# -- the till and its catalogue ------------------------------------------------------------------

def make_till(registry) -> dict:
    """A till with cash, card and customer-account methods, 40 products with a tax excluded
    from or included in the price; committed. Returns the ids the filling needs."""
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        company = env.company
        tag = secrets.token_hex(2)
        Journal = env["account.journal"]
        cash_journal = Journal.create({"name": f"Bench Cash {tag}", "code": f"BC{tag[:3]}", "type": "cash"})
        bank_journal = Journal.create({"name": f"Bench Bank {tag}", "code": f"BB{tag[:3]}", "type": "bank"})
        Method = env["pos.payment.method"]
        methods = [Method.create({"name": "Bench Cash", "journal_id": cash_journal.id}),
                   Method.create({"name": "Bench Card", "journal_id": bank_journal.id}),
                   Method.create({"name": "Bench Customer Account"})]
        Tax = env["account.tax"]
        tax_account = env.ref(f"account.{company.id}_tax_received")
        taxes = [Tax.create({"name": f"Bench 15% {tag}", "amount": 15}),
                 Tax.create({"name": f"Bench 10% incl {tag}", "amount": 10, "price_include": True})]
        for tax in taxes:
            tax.repartition_line_ids.filtered(lambda line: line.repartition_type == "tax").write(
                {"account_id": tax_account.id})
        products = []
        for index in range(40):
            tax = taxes[index % 2]
            price = round(1.0 + index * 0.25, 2) if index % 2 == 0 else round(1.1 * (1 + index // 2), 2)
            product = env["product.product"].create({
                "name": f"Bench product {index}", "list_price": price, "available_in_pos": True,
                "taxes_id": [(6, 0, tax.ids)]})
            products.append((product, tax, price))
        config = env["pos.config"].create({"name": f"Bench Till {tag}",
                                           "payment_method_ids": [(6, 0, [m.id for m in methods])]})
        # the amounts of each (product, quantity) as the tax engine gives them
        amounts = {}
        for product, tax, price in products:
            for qty in (1, 2, 3):
                result = tax.compute_all(price, quantity=qty, product=product)
                amounts[(product.id, qty)] = (price, result["total_excluded"], result["total_included"], tax.id)
        cr.commit()
        return {"config": config.id, "company": company.id, "methods": [m.id for m in methods],
                "products": [p.id for p, _t, _price in products], "amounts": amounts,
                "currency": company.currency_id.id}


def open_session(registry, till: dict, orders: int) -> int:
    """A new opened session of the till holding ``orders`` paid orders, inserted with SQL."""
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        config = env["pos.config"].browse(till["config"])
        config.open_ui()
        session = config.current_session_id
        if session.state == "opening_control":
            session.set_cashbox_pos(0.0, "")
        env.flush_all()
        fill_orders(cr, session.id, till, orders)
        cash_total = cash_of(cr, session.id, till)
        session.post_closing_cash_details(cash_total)
        env.flush_all()
        cr.commit()
        return session.id


def cash_of(cr, session_id: int, till: dict) -> float:
    cr.execute("SELECT COALESCE(SUM(amount), 0) FROM pos_payment WHERE session_id = %s AND payment_method_id = %s",
               (session_id, till["methods"][0]))
    return float(cr.fetchone()[0])


def _ids(cr, table: str, count: int) -> list[int]:
    cr.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", (count,))
    return [row[0] for row in cr.fetchall()]


def fill_orders(cr, session_id: int, till: dict, count: int) -> None:
    """``count`` paid orders of 5 lines and their payments, with COPY."""
    order_ids = _ids(cr, "pos_order", count)
    line_ids = _ids(cr, "pos_order_line", count * LINES_PER_ORDER)
    products = till["products"]
    amounts = till["amounts"]
    cash, card, account = till["methods"]
    orders, lines, links, payments = [], [], [], []
    run = uuid.uuid4().hex[:8]
    for index, order_id in enumerate(order_ids):
        total = tax = 0.0
        for position in range(LINES_PER_ORDER):
            line_id = line_ids[index * LINES_PER_ORDER + position]
            product_id = products[(index * 7 + position * 3) % len(products)]
            qty = 1 + (index + position) % 3
            price, excluded, included, tax_id = amounts[(product_id, qty)]
            total += included
            tax += included - excluded
            lines.append([line_id, order_id, product_id, qty, price, 0.0, excluded, included, f"L{line_id}",
                          till["company"], 1, 1])
            links.append([line_id, tax_id])
        total, tax = round(total, 2), round(tax, 2)
        method = (cash, card, account)[index % 3]
        paid = round(total + 0.5, 2) if method == cash else total
        orders.append([order_id, f"Bench/{order_id}", f"Order {session_id:05d}-001-{index:05d}", session_id,
                       till["config"], till["company"], "paid", "2026-05-01 10:00:00", tax, total, paid,
                       round(paid - total, 2), index + 1, 1, 1.0, f"{run}-{order_id}", 1, 1])
        payments.append([order_id, paid, method, "2026-05-01 10:00:00", session_id, till["company"], "", False,
                         1, 1])
        if method == cash:
            payments.append([order_id, round(total - paid, 2), cash, "2026-05-01 10:00:00", session_id,
                             till["company"], "return", True, 1, 1])
    cr.copy_rows("pos_order", ["id", "name", "pos_reference", "session_id", "config_id", "company_id", "state",
                               "date_order", "amount_tax", "amount_total", "amount_paid", "amount_return",
                               "sequence_number", "user_id", "currency_rate", "uuid", "create_uid", "write_uid"],
                 orders)
    cr.copy_rows("pos_order_line", ["id", "order_id", "product_id", "qty", "price_unit", "discount",
                                    "price_subtotal", "price_subtotal_incl", "name", "company_id", "create_uid",
                                    "write_uid"], lines)
    cr.copy_rows("account_tax_pos_order_line_rel", ["pos_order_line_id", "account_tax_id"], links)
    cr.copy_rows("pos_payment", ["pos_order_id", "amount", "payment_method_id", "payment_date", "session_id",
                                 "company_id", "name", "is_change", "create_uid", "write_uid"], payments)


# -- the project ----------------------------------------------------------------------------------

def project_close(registry, session_id: int) -> tuple[float, int]:
    """The closing as an RPC call makes it: committed, and run again at once after it moved
    the session to closing control on its own connection (``pos.session._stop_new_orders``)."""
    with registry.cursor() as cr:
        start = time.perf_counter()
        before = cr.sql_log_count
        answer = execute_cr(cr, 1, "pos.session", "close_session_from_ui", [session_id], [])
        queries = cr.sql_log_count - before
        seconds = time.perf_counter() - start
        session = Environment(cr, 1, {})["pos.session"].browse(session_id)
        if answer != {"successful": True} or session.move_id.state != "posted":
            raise RuntimeError(f"the session did not close: {answer}")
        return seconds, queries


def written_rows(registry, session_id: int) -> dict:
    """The rows the project's close wrote, by table (read after it, outside any timing)."""
    with registry.cursor() as cr:
        cr.execute("""SELECT move_id FROM pos_session WHERE id = %s
                      UNION SELECT move_id FROM account_bank_statement_line WHERE pos_session_id = %s
                      UNION SELECT move_id FROM account_payment WHERE pos_session_id = %s""",
                   (session_id, session_id, session_id))
        move_ids = [row[0] for row in cr.fetchall()]
        counts = {}
        cr.execute("SELECT COUNT(*) FROM account_move_line WHERE move_id = ANY(%s)", (move_ids,))
        counts["lines"] = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM account_bank_statement_line WHERE pos_session_id = %s", (session_id,))
        counts["statement_lines"] = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM account_payment WHERE pos_session_id = %s", (session_id,))
        counts["payments"] = cr.fetchone()[0]
        cr.execute("""SELECT COUNT(*), COUNT(DISTINCT p.full_reconcile_id) FROM account_partial_reconcile p
                       JOIN account_move_line l ON l.id = p.debit_move_id WHERE l.move_id = ANY(%s)""", (move_ids,))
        counts["partials"], counts["fulls"] = cr.fetchone()
        counts["moves"] = len(move_ids)
        return counts


# -- the floor ------------------------------------------------------------------------------------

def floor_close(registry, session_id: int, till: dict, shape: dict) -> float:
    """The same work by hand (see the module docstring)."""
    with registry.cursor() as cr:
        cr.execute("SELECT journal_id FROM pos_config WHERE id = %s", (till["config"],))
        journal = cr.fetchone()[0]
        cr.execute("SELECT id FROM account_account WHERE company_id = %s ORDER BY id LIMIT 1", (till["company"],))
        account = cr.fetchone()[0]
        company, currency = till["company"], till["currency"]
        start = time.perf_counter()
        # the aggregation
        cr.execute("""
            SELECT l.product_id, r.account_tax_id, l.qty, l.price_unit, SUM(l.price_subtotal), COUNT(*)
              FROM pos_order_line l JOIN pos_order o ON o.id = l.order_id
              LEFT JOIN account_tax_pos_order_line_rel r ON r.pos_order_line_id = l.id
             WHERE o.session_id = %s AND o.state = 'paid' GROUP BY 1, 2, 3, 4""", (session_id,))
        cr.fetchall()
        cr.execute("""SELECT p.payment_method_id, SUM(p.amount) FROM pos_payment p
                        JOIN pos_order o ON o.id = p.pos_order_id
                       WHERE o.session_id = %s AND o.state = 'paid' GROUP BY 1""", (session_id,))
        cr.fetchall()
        # the entries: the session's, one per statement line and per payment
        move_ids = _ids(cr, "account_move", shape["moves"])
        cr.copy_rows("account_move", ["id", "name", "date", "state", "move_type", "journal_id", "company_id",
                                      "currency_id", "ref", "posted_before", "create_uid", "write_uid"],
                     ([move_id, f"FLOOR/{secrets.token_hex(4)}/{i}", "2026-05-01", "posted", "entry", journal,
                       company, currency, "floor", True, 1, 1] for i, move_id in enumerate(move_ids)))
        line_ids = _ids(cr, "account_move_line", shape["lines"])
        cr.copy_rows("account_move_line", [
            "id", "move_id", "journal_id", "company_id", "company_currency_id", "currency_id", "date", "parent_state",
            "account_id", "name", "display_type", "debit", "credit", "balance", "amount_currency",
            "amount_residual", "amount_residual_currency", "reconciled", "create_uid", "write_uid"],
            ([line_id, move_ids[i % len(move_ids)], journal, company, currency, currency, "2026-05-01", "posted",
              account, "floor", "product", 1.0 if i % 2 else 0.0, 0.0 if i % 2 else 1.0, 1.0 if i % 2 else -1.0,
              1.0 if i % 2 else -1.0, 0.0, 0.0, True, 1, 1] for i, line_id in enumerate(line_ids)))
        cr.copy_rows("account_bank_statement_line", ["move_id", "pos_session_id", "amount", "payment_ref",
                                                     "create_uid", "write_uid"],
                     ([move_ids[1 + i], session_id, 1.0, "floor", 1, 1] for i in range(shape["statement_lines"])))
        first_payment = 1 + shape["statement_lines"]
        cr.copy_rows("account_payment", ["move_id", "pos_session_id", "amount", "payment_type", "partner_type",
                                         "create_uid", "write_uid"],
                     ([move_ids[first_payment + i], session_id, 1.0, "inbound", "customer", 1, 1]
                      for i in range(shape["payments"])))
        full_ids = _ids(cr, "account_full_reconcile", shape["fulls"])
        cr.copy_rows("account_full_reconcile", ["id", "create_uid", "write_uid"], ([i, 1, 1] for i in full_ids))
        cr.copy_rows("account_partial_reconcile", [
            "debit_move_id", "credit_move_id", "full_reconcile_id", "amount", "debit_amount_currency",
            "credit_amount_currency", "company_id", "max_date", "create_uid", "write_uid"],
            ([line_ids[2 * i + 1], line_ids[2 * i], full_ids[i % len(full_ids)], 1.0, 1.0, 1.0, company,
              "2026-05-01", 1, 1] for i in range(shape["partials"])))
        cr.execute("UPDATE account_move_line SET reconciled = true, amount_residual = 0 WHERE id = ANY(%s)",
                   (line_ids[:2 * shape["partials"]],))
        # the orders posted, the session closed
        cr.execute("UPDATE pos_order SET state = 'done', write_date = now() WHERE session_id = %s AND state = 'paid'",
                   (session_id,))
        cr.execute("UPDATE pos_session SET state = 'closed', move_id = %s WHERE id = %s", (move_ids[0], session_id))
        cr.commit()
        return time.perf_counter() - start


def run(args) -> int:
    with scratch_database("bench_pos_closing_") as (config, db):
        registry = load_registry(db, install=["point_of_sale"], without_demo="all", config=config)
        till = make_till(registry)
        rows = []
        for size in args.sizes:
            project, floor, queries = [], [], []
            for _run in range(args.runs):
                session_id = open_session(registry, till, size)
                seconds, count = project_close(registry, session_id)
                project.append(seconds)
                queries.append(count)
                shape = written_rows(registry, session_id)
                floor_session = open_session(registry, till, size)
                floor.append(floor_close(registry, floor_session, till, shape))
            rows.append((size, project, floor, queries, shape))
        print()
        print(f"{'closing a session of':26} {'project s':>22} {'floor s':>22} {'ratio':>6} {'goal':>5}  queries  rows")
        for size, project, floor, queries, shape in rows:
            ratio = statistics.median(project) / statistics.median(floor)
            verdict = "met" if ratio <= 3.0 else "NOT met"
            print(f"{size:>6} orders x {LINES_PER_ORDER} lines     {fmt_times(project):>22} {fmt_times(floor):>22} "
                  f"{ratio:6.2f} {'3x':>5}  {'/'.join(map(str, sorted(set(queries)))):>7}  "
                  f"{shape['lines']} lines, {shape['statement_lines']} st. lines, {shape['payments']} payments"
                  f"  [{verdict}]")
        # the fewest: the process's first closing also reads what the next ones find cached
        counts = {size: min(queries) for size, _p, _f, queries, _s in rows}
        flat = len(set(counts.values())) == 1
        print(f"query count per close: {counts} -> {'flat' if flat else 'GROWS with the orders'}")
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,20000", type=lambda text: [int(s) for s in text.split(",")],
                        help="orders per session, comma separated")
    parser.add_argument("--runs", type=int, default=3)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
