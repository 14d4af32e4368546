#!/usr/bin/env python3
"""Benchmarks P1 and P2 of the Point of Sale (../shared/perf.md), each beside a floor
measured in the same run on the same data:

  P1  the /pos/ui payload over HTTP (POST, gzip accepted, as the browser asks it) for a
      till with N products and N partners (default 20,000 each), loading unlimited:
        cold  the catalogue changed since the last answer (the cache is rebuilt)
        warm  nothing changed (the cached catalogue, the session part built afresh)
      floor: the same product and partner rows read with plain psycopg and encoded with
      orjson (and, second floor, PostgreSQL's json_agg), plus one small HTTP request to the
      same server. Goals: cold <= 2x the floor, warm <= 0.2x the floor.
      ``--big``: the same with 100,000 products.
  P2  orders of 5 lines and 1-2 payments sent to /pos/create_from_ui over HTTP in batches
      of 1, 10 and 50 (2,000 orders each, stored by the project with every check).
      floors: the same rows (order, 5 lines, 5 tax links, payments) inserted with psycopg,
      one COMMIT per order (for batch 1), and with executemany in one transaction (for the
      batches). Goals: batch 1 >= 50% of its floor, batch 50 >= 25% of executemany.
      The same two floors into Odoo's own tables (their indexes and foreign keys, which the
      bare floor tables lack) are printed beside, without a goal: what the schema costs;
      and, the cheapest way in at all, the same rows COPYed into Odoo's tables in one
      transaction. Queries per order of create_from_ui are printed for batches of 1 and 50.
      Last, the ceiling of the project's own path: the SQL its calls send (captured in this
      process, rolled back, then sent again as it is with psycopg), against the floors; and
      the share of that the whole call over HTTP keeps (what Python and HTTP cost).
      70 orders go first, untimed (a worker's first calls load the tills, taxes and plans
      it keeps).

The data is made by ``odoo-bin populate``'s factories (``_populate``); the server is
``./odoo-bin --workers N`` (gunicorn gthread); the client runs in this process.

    .venv/bin/python bench/pos.py [--scale 0.1] [--runs 5] [--workers 2] [--big] [--only P1|P2]
                                  [--keep] [--db bench_pos_xxxx] [--collector server|default]

Uses PGHOST when set, else the embedded PostgreSQL under .data/bench.
"""
from __future__ import annotations

import argparse
import datetime
import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DATA_DIR = REPO / ".data" / "bench"
PASSWORD = "admin"
PRODUCT_SQL = """
    SELECT p.id, t.name->>'en_US' AS display_name, t.list_price AS lst_price, p.default_code, p.barcode,
           t.categ_id, c.name AS categ_name, t.uom_id, t.to_weight, t.available_in_pos,
           t.description_sale, p.product_tmpl_id, p.write_date, p.active,
           ARRAY(SELECT tax_id FROM product_taxes_rel r WHERE r.prod_id = t.id) AS taxes_id,
           ARRAY(SELECT pos_category_id FROM pos_category_product_template_rel r
                  WHERE r.product_template_id = t.id) AS pos_categ_ids
      FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
      LEFT JOIN product_category c ON c.id = t.categ_id
     WHERE p.active AND t.available_in_pos AND t.sale_ok
     ORDER BY t.sequence, p.default_code, t.name->>'en_US'"""
PARTNER_SQL = """
    SELECT p.id, p.name, p.street, p.city, p.state_id, s.name AS state_name, p.country_id,
           c.name->>'en_US' AS country_name, p.vat, p.lang, p.phone, p.zip, p.mobile, p.email,
           bp.value_text AS barcode, p.write_date, par.name AS parent_name
      FROM res_partner p LEFT JOIN res_country_state s ON s.id = p.state_id
      LEFT JOIN res_country c ON c.id = p.country_id LEFT JOIN res_partner par ON par.id = p.parent_id
      -- the barcode is company-dependent (ir.property), as in Odoo 17
      LEFT JOIN ir_property bp ON bp.name = 'barcode' AND bp.res_id = 'res.partner,' || p.id
                              AND bp.company_id = %(company)s
     WHERE p.active AND (p.company_id IS NULL OR p.company_id = %(company)s)
     ORDER BY p.complete_name"""


def _fmt(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.3f}{unit} ({min(values):.3f}-{max(values):.3f})"


# -- the server and its client ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """A JSON-RPC client keeping its connection and session cookie, accepting gzip."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.cookie = ""
        self.ids = 0
        self.last_size = 0

    def call(self, path: str, params: dict):
        return self.decode(path, self.fetch(path, params))

    def fetch(self, path: str, params: dict) -> tuple[bytes, bool]:
        """(the answer's bytes as received, gzip-encoded?): the request and the transfer, no
        decoding (what a timed call measures: the server's work and the wire, as the floor)."""
        self.ids += 1
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": self.ids})
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
        if self.cookie:
            headers["Cookie"] = f"session_id={self.cookie}"
        try:
            self.connection.request("POST", path, body, headers)
            response = self.connection.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # the server closed the idle kept-alive connection: open another one
            self.connection.close()
            self.connection.request("POST", path, body, headers)
            response = self.connection.getresponse()
        data = response.read()
        self.last_size = len(data)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session_id="):
                self.cookie = value.split(";")[0].split("=", 1)[1]
        return data, response.getheader("Content-Encoding") == "gzip"

    @staticmethod
    def decode(path: str, received: tuple[bytes, bool]):
        data, gzipped = received
        if gzipped:
            data = gzip.decompress(data)
        answer = json.loads(data)
        if "error" in answer:
            raise RuntimeError(f"{path}: {answer['error']['data']['message']}")
        return answer.get("result")


def start_server(db: str, workers: int, collector: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "odoo-bin"), "--workers", str(workers), "-p", str(port),
         "--collector", collector,
         "--http-interface", "127.0.0.1", "-d", db, "--db-filter", f"^{db}$", "-D", str(DATA_DIR),
         "--log-level", "warn", "--limit-time-real", "1200", "--limit-time-cpu", "1200"], cwd=REPO)
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def worker_memory(server: subprocess.Popen) -> str:
    """RSS and private memory (what is not shared with the master) of each gunicorn worker
    of ``server``, in MB, from /proc ("" where /proc is not available)."""
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children", encoding="ascii") as handle:
            pids = handle.read().split()
    except OSError:
        return ""
    figures = []
    for pid in pids:
        fields = {}
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    name, _, value = line.partition(":")
                    if value.strip().endswith("kB"):
                        fields[name] = int(value.split()[0])
        except OSError:
            continue
        private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        figures.append(f"{fields.get('Rss', 0) / 1024:.0f} MB RSS, {private / 1024:.0f} MB private")
    return "; ".join(figures)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()


# -- the data --------------------------------------------------------------------------------------

def prepare(db: str, products: int, partners: int):
    """A database with point_of_sale (demo), ``products`` and ``partners`` populated, and
    Cash Register 1 opened with unlimited loading; returns (registry, config id, session id)."""
    from framework import sql_db
    from framework.config import Config
    from framework.modules.registry_loader import load_registry
    from framework.orm.environment import Environment
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    sql_db.create_database(sql_db.server_address(config), db)
    registry = load_registry(db, install=["point_of_sale"], config=config)
    with registry.cursor() as cr:
        env = Environment(cr, 1, {"active_test": False})
        started = time.perf_counter()
        env["pos.category"]._populate("medium")
        env["product.product"]._populate(products)
        env["res.partner"]._populate(partners)
        cr.commit()
        analyze_bulk_loaded(cr)
        print(f"populated {products} products and {partners} partners in "
              f"{time.perf_counter() - started:.0f}s", flush=True)
        till = env.ref("point_of_sale.pos_config_main")
        till.write({"limited_products_loading": False, "limited_partners_loading": False})
        till.open_ui()
        session = till.current_session_id
        session.set_cashbox_pos(0.0, "")
        cr.commit()
        return registry, till.id, session.id


def analyze_bulk_loaded(cr) -> None:
    """ANALYZE the tables the populate changed, as autovacuum does a minute after a bulk
    load (its rule: more than 50 + 10% of the rows changed since the last analyze): right
    after it, the planner still sees the demo catalogue (the products' costs in ir_property
    were then found by filtering thousands of rows instead of probing the unique index).
    The order tables are left as they are: analyzed while empty, the plans of their
    foreign-key checks would scan them whole as they grow."""
    time.sleep(1.2)             # a backend reports its counts at most once a second
    cr.execute("SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
               "WHERE s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)")
    from framework.tools.sql import SQL
    for (table,) in cr.fetchall():
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    cr.commit()


def reuse(db: str):
    """The registry, till and open session of a database made by an earlier run (--keep)."""
    from framework.config import Config
    from framework.modules.registry_loader import load_registry
    from framework.orm.environment import Environment
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    registry = load_registry(db, config=config)
    with registry.cursor() as cr:
        till = Environment(cr, 1, {}).ref("point_of_sale.pos_config_main")
        return registry, till.id, till.current_session_id.id


def add_products(registry, count: int) -> None:
    from framework.orm.environment import Environment
    started = time.perf_counter()
    with registry.cursor() as cr:
        Environment(cr, 1, {"active_test": False})["product.product"]._populate(count)
        cr.commit()
        analyze_bulk_loaded(cr)
    print(f"populated {count} more products in {time.perf_counter() - started:.0f}s", flush=True)


def touch_catalogue(registry) -> None:
    """A change of the catalogue, as any product write makes: the next answer is cold."""
    from framework.orm.environment import Environment
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        product = env["product.product"].search([("available_in_pos", "=", True)], limit=1)
        product.write({"description_sale": f"touched {time.monotonic()}"})
        cr.commit()


# -- P1 --------------------------------------------------------------------------------------------

def payload_floor(connect_kwargs: dict, company_id: int) -> tuple[float, float, int]:
    """(fetch + orjson seconds, json_agg seconds, bytes) of the same product and partner rows."""
    import orjson
    import psycopg
    with psycopg.connect(**connect_kwargs) as connection:
        start = time.perf_counter()
        with connection.cursor() as cr:
            cr.execute(PRODUCT_SQL)
            names = [d.name for d in cr.description]
            products = [dict(zip(names, row)) for row in cr.fetchall()]
            cr.execute(PARTNER_SQL, {"company": company_id})
            names = [d.name for d in cr.description]
            partners = [dict(zip(names, row)) for row in cr.fetchall()]
        body = orjson.dumps({"product.product": products, "res.partner": partners},
                            default=str, option=orjson.OPT_NON_STR_KEYS)
        fetch = time.perf_counter() - start
        connection.rollback()
        start = time.perf_counter()
        with connection.cursor() as cr:
            cr.execute(f"SELECT (SELECT json_agg(t) FROM ({PRODUCT_SQL}) t)::text, "
                       f"(SELECT json_agg(t) FROM ({PARTNER_SQL}) t)::text", {"company": company_id})
            products_text, partners_text = cr.fetchone()
            body2 = b'{"product.product": %s, "res.partner": %s}' % (
                products_text.encode(), partners_text.encode())
        agg = time.perf_counter() - start
    return fetch, agg, max(len(body), len(body2))


def p1(registry, port: int, config_id: int, runs: int, label: str) -> list[tuple]:
    from framework import sql_db
    from framework.config import Config
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    connect_kwargs = sql_db.server_address(config).connect_kwargs(registry.db_name)
    client = Client(port)
    client.call("/web/session/authenticate", {"db": registry.db_name, "login": "admin", "password": PASSWORD})
    company_id = registry_company(registry)
    cold, warm, fetch, agg, request = [], [], [], [], []
    data = client.call("/pos/ui", {"config_id": config_id})          # warm-up of the workers
    products, partners = len(data["product.product"]), len(data["res.partner"])
    for _run in range(runs):
        # each worker may answer: make every one of them cold, then warm
        # timed: the request until the last byte of the answer arrived (decoded afterwards,
        # untimed, as the floor's rows are not decoded either)
        touch_catalogue(registry)
        start = time.perf_counter()
        received = client.fetch("/pos/ui", {"config_id": config_id})
        cold.append(time.perf_counter() - start)
        size = client.last_size
        client.decode("/pos/ui", received)
        client.call("/pos/ui", {"config_id": config_id})
        start = time.perf_counter()
        received = client.fetch("/pos/ui", {"config_id": config_id})
        warm.append(time.perf_counter() - start)
        client.decode("/pos/ui", received)
        seconds, agg_seconds, raw_size = payload_floor(connect_kwargs, company_id)
        start = time.perf_counter()
        client.call("/web/webclient/version_info", {})
        request.append(time.perf_counter() - start)
        fetch.append(seconds + request[-1])
        agg.append(agg_seconds + request[-1])
    floor = statistics.median(fetch)
    print(f"{label}: {products} products, {partners} partners; answer {size / 1e6:.1f} MB gzip, "
          f"floor rows {raw_size / 1e6:.1f} MB JSON; one small request {_fmt(request)}")
    return [(f"{label} cold", cold, fetch, 2.0, "fetch+orjson"),
            (f"{label} warm", warm, [floor] * len(warm), 0.2, "fetch+orjson"),
            (f"{label} cold vs json_agg", cold, agg, 2.0, "json_agg")]


def registry_company(registry) -> int:
    from framework.orm.environment import Environment
    with registry.cursor() as cr:
        return Environment(cr, 1, {}).company.id


# -- P2 --------------------------------------------------------------------------------------------

def order_sets(registry, session_id: int, count: int, sets: int) -> list[list]:
    from framework.orm.environment import Environment
    from odoo.addons.point_of_sale.populate.pos_order import order_payloads
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        session = env["pos.session"].browse(session_id)
        return [order_payloads(env, session, count, seed=f"bench {index} {secrets.token_hex(4)}",
                               start=1 + index * count) for index in range(sets)]


def queries_per_order(registry, session_id: int, batch: int) -> float:
    from framework.orm.environment import Environment
    [orders] = order_sets(registry, session_id, batch, 1)
    with registry.cursor() as cr:
        env = Environment(cr, 2, {})
        env["pos.order"].create_from_ui(orders[:1])      # caches warm
        before = cr.sql_log_count
        env["pos.order"].create_from_ui(orders[1:] if batch > 1 else order_sets(registry, session_id, 1, 1)[0])
        count = cr.sql_log_count - before
        cr.rollback()
    return count / max(1, batch - 1 if batch > 1 else 1)


def floor_rows(orders: list) -> tuple[list, list, list, list]:
    order_rows, line_rows, tax_rows, payment_rows = [], [], [], []
    for number, envelope in enumerate(orders):
        data = envelope["data"]
        order_rows.append((number, data["name"], data["uuid"], data["pos_session_id"], data["date_order"],
                           data["amount_total"], data["amount_tax"], data["amount_paid"], "paid"))
        for index, (_c, _i, line) in enumerate(data["lines"]):
            line_id = number * 10 + index
            line_rows.append((line_id, number, line["product_id"], line["qty"], line["price_unit"],
                              line["price_subtotal"], line["price_subtotal_incl"]))
            for tax in line["tax_ids"][0][2]:
                tax_rows.append((line_id, tax))
        for _c, _i, payment in data["statement_ids"]:
            payment_rows.append((number, payment["payment_method_id"], payment["amount"], data["date_order"]))
    return order_rows, line_rows, tax_rows, payment_rows


FLOOR_TABLES = """
    CREATE TABLE IF NOT EXISTS floor_order (id int, name varchar, uuid varchar, session_id int,
        date_order timestamp, amount_total numeric, amount_tax numeric, amount_paid numeric, state varchar);
    CREATE TABLE IF NOT EXISTS floor_order_line (id int, order_id int, product_id int, qty numeric,
        price_unit numeric, price_subtotal numeric, price_subtotal_incl numeric);
    CREATE TABLE IF NOT EXISTS floor_order_line_tax (line_id int, tax_id int);
    CREATE TABLE IF NOT EXISTS floor_payment (order_id int, method_id int, amount numeric, payment_date timestamp);
    TRUNCATE floor_order, floor_order_line, floor_order_line_tax, floor_payment"""
INSERTS = ("INSERT INTO floor_order VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
           "INSERT INTO floor_order_line VALUES (%s, %s, %s, %s, %s, %s, %s)",
           "INSERT INTO floor_order_line_tax VALUES (%s, %s)",
           "INSERT INTO floor_payment VALUES (%s, %s, %s, %s)")


def orders_floor(connect_kwargs: dict, orders: list) -> tuple[float, float]:
    """(orders/s committing each order, orders/s with executemany in one transaction)."""
    import psycopg
    rows = floor_rows(orders)
    with psycopg.connect(**connect_kwargs) as connection:
        connection.execute(FLOOR_TABLES)
        connection.commit()
        start = time.perf_counter()
        by_order = {}
        for table, table_rows in enumerate(rows):
            for row in table_rows:
                key = row[1] if table == 1 else (row[0] // 10 if table == 2 else row[0])
                by_order.setdefault(key, ([], [], [], []))[table].append(row)
        with connection.cursor() as cr:
            for number in range(len(orders)):
                for table, statement in enumerate(INSERTS):
                    for row in by_order[number][table]:
                        cr.execute(statement, row)
                connection.commit()
        per_commit = len(orders) / (time.perf_counter() - start)
        connection.execute("TRUNCATE floor_order, floor_order_line, floor_order_line_tax, floor_payment")
        connection.commit()
        start = time.perf_counter()
        with connection.cursor() as cr:
            for statement, table_rows in zip(INSERTS, rows):
                cr.executemany(statement, table_rows)
        connection.commit()
        batched = len(orders) / (time.perf_counter() - start)
    return per_commit, batched


SCHEMA_INSERTS = (
    "INSERT INTO pos_order (id, name, uuid, session_id, company_id, config_id, user_id, date_order, "
    "amount_total, amount_tax, amount_paid, amount_return, state, create_uid, write_uid, create_date, "
    "write_date) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, %s, %s, %s, now(), now())",
    "INSERT INTO pos_order_line (id, order_id, name, product_id, qty, price_unit, price_subtotal, "
    "price_subtotal_incl, company_id, create_uid, write_uid, create_date, write_date) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), now())",
    "INSERT INTO account_tax_pos_order_line_rel (pos_order_line_id, account_tax_id) VALUES (%s, %s)",
    "INSERT INTO pos_payment (id, pos_order_id, payment_method_id, amount, payment_date, session_id, "
    "company_id, create_uid, write_uid, create_date, write_date) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, now(), now())")


def schema_rows(orders: list, base: int, company_id: int, config_id: int, uid: int) -> dict:
    """``floor_rows`` shaped for Odoo's own tables (their indexes, foreign keys and the
    columns the project fills that carry one), ids from ``base`` up, grouped per order."""
    order_rows, line_rows, tax_rows, payment_rows = floor_rows(orders)
    by_order: dict = {}
    for number, name, uuid_, session, date, total, tax, paid, state in order_rows:
        by_order.setdefault(number, ([], [], [], []))[0].append(
            (base + number, name, uuid_ + "-floor", session, company_id, config_id, uid, date, total, tax,
             paid, state, uid, uid))
    for line_id, number, product, qty, price, subtotal, subtotal_incl in line_rows:
        by_order[number][1].append((base + line_id, base + number, "floor", product, qty, price, subtotal,
                                    subtotal_incl, company_id, uid, uid))
    for line_id, tax in tax_rows:
        by_order[line_id // 10][2].append((base + line_id, tax))
    for position, (number, method, amount, date) in enumerate(payment_rows):
        session = order_rows[number][3]
        by_order[number][3].append((base + position, base + number, method, amount, date, session,
                                    company_id, uid, uid))
    return by_order


def schema_rows_in(connection, orders: list, config_id: int) -> tuple[dict, object]:
    """(``schema_rows`` of ``orders`` for the till ``config_id``, ids above any in use;
    ``clean()``, which deletes them again) on ``connection``."""
    company_id, uid = connection.execute(
        "SELECT company_id, create_uid FROM pos_config WHERE id = %s", (config_id,)).fetchone()
    base = connection.execute("SELECT greatest(max(id), 0) + 1000000 FROM pos_order_line").fetchone()[0] * 10

    def clean() -> None:
        connection.execute("DELETE FROM pos_order WHERE id >= %s", (base,))
        connection.commit()
    return schema_rows(orders, base, company_id, config_id, uid or 1), clean


def schema_floor(connect_kwargs: dict, orders: list, config_id: int) -> tuple[float, float]:
    """The two floors again, into Odoo's own tables rather than bare ones: (orders/s
    committing each order, orders/s with executemany in one transaction). What the real
    schema costs by itself (a dozen indexes and ~25 foreign-key checks per order); the rows
    are deleted after each timing."""
    import psycopg
    with psycopg.connect(**connect_kwargs) as connection:
        by_order, clean = schema_rows_in(connection, orders, config_id)
        rates = []
        for per_order in (True, False):
            start = time.perf_counter()
            with connection.cursor() as cr:
                if per_order:
                    for groups in by_order.values():
                        for statement, rows in zip(SCHEMA_INSERTS, groups):
                            for row in rows:
                                cr.execute(statement, row)
                        connection.commit()
                else:
                    for position, statement in enumerate(SCHEMA_INSERTS):
                        cr.executemany(statement, [row for groups in by_order.values() for row in groups[position]])
                    connection.commit()
            rates.append(len(orders) / (time.perf_counter() - start))
            clean()
    return rates[0], rates[1]


SCHEMA_COLUMNS = (
    ("pos_order", ("id", "name", "uuid", "session_id", "company_id", "config_id", "user_id", "date_order",
                   "amount_total", "amount_tax", "amount_paid", "state", "create_uid", "write_uid")),
    ("pos_order_line", ("id", "order_id", "name", "product_id", "qty", "price_unit", "price_subtotal",
                        "price_subtotal_incl", "company_id", "create_uid", "write_uid")),
    ("account_tax_pos_order_line_rel", ("pos_order_line_id", "account_tax_id")),
    ("pos_payment", ("id", "pos_order_id", "payment_method_id", "amount", "payment_date", "session_id",
                     "company_id", "create_uid", "write_uid")))


def copy_schema_floor(connect_kwargs: dict, orders: list, config_id: int) -> float:
    """orders/s when the same rows are COPYed into Odoo's own tables in one transaction
    (the SCHEMA_INSERTS columns, ``amount_return`` 0 and the dates now()): the cheapest way
    these rows can enter this schema at all; deleted after."""
    import psycopg
    with psycopg.connect(**connect_kwargs) as connection:
        by_order, clean = schema_rows_in(connection, orders, config_id)
        start = time.perf_counter()
        with connection.cursor() as cr:
            for position, (table, columns) in enumerate(SCHEMA_COLUMNS):
                extra = ("amount_return",) if table == "pos_order" else ()
                stamps = () if table == "account_tax_pos_order_line_rel" else ("create_date", "write_date")
                names = ", ".join((*columns, *extra, *stamps))
                now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
                with cr.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for groups in by_order.values():
                        for row in groups[position]:
                            copy.write_row((*row, *(0,) * len(extra), *(now,) * len(stamps)))
        connection.commit()
        rate = len(orders) / (time.perf_counter() - start)
        clean()
    return rate


def captured_calls(registry, orders: list, batch: int) -> list[list]:
    """The SQL that ``create_from_ui`` sends for ``orders`` in calls of ``batch``: per call,
    the text of each round trip with its parameters bound. Each call is run in this process
    and rolled back (its COMMIT sent as a ROLLBACK), so nothing stays and the ids and
    numbers it drew are free for ``replay_rate``. The first round trip of an in-process call
    (BEGIN and the cache-signaling check) is joined to the next, as a call over HTTP sends
    them."""
    import psycopg

    from framework.db.cursor import Cursor
    from framework.orm.environment import Environment
    execute, commit = psycopg.ClientCursor.execute, psycopg.Connection.commit
    sent: list = []

    def recording(cursor, query, params=None, **kwargs):
        text = cursor.mogrify(query, params) if params is not None else str(query)
        sent.append(text)
        if text.rstrip().endswith("COMMIT"):
            query, params = text.rstrip()[:-len("COMMIT")] + "ROLLBACK", None
        return execute(cursor, query, params, **kwargs)

    def rolling_back(connection):
        if connection.pgconn.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            sent.append("COMMIT")
        connection.rollback()

    def copying(cursor, table, columns, rows):
        rows = list(rows)
        cursor.begin()          # what is queued goes first, as the COPY itself sends it
        sent.append((table, tuple(columns), rows))
        return copy_rows(cursor, table, columns, rows)

    calls = []
    copy_rows = Cursor.copy_rows
    psycopg.ClientCursor.execute, psycopg.Connection.commit = recording, rolling_back
    Cursor.copy_rows = copying
    try:
        for first in range(0, len(orders), batch):
            sent.clear()
            with registry.cursor() as cr:
                Environment(cr, 2, {})["pos.order"].create_from_ui(orders[first:first + batch])
                cr.commit()
            texts = list(sent)
            if len(texts) > 1 and isinstance(texts[1], str) and "base_cache_signaling" in texts[0] \
                    and texts[0].count(";") == 1:
                texts[:2] = [texts[0] + ";" + texts[1]]
            calls.append(texts)
    finally:
        psycopg.ClientCursor.execute, psycopg.Connection.commit = execute, commit
        Cursor.copy_rows = copy_rows
    return calls


def replay_rate(connect_kwargs: dict, calls: list[list], count: int) -> float:
    """orders/s when the round trips of ``calls`` (``captured_calls``) are sent again as they
    are, one after the other on one connection: the project's own SQL without its Python
    or HTTP, the most its path could reach. The orders stored are deleted after."""
    import psycopg
    with psycopg.connect(**connect_kwargs, autocommit=True) as connection:
        cursor = psycopg.ClientCursor(connection)
        start = time.perf_counter()
        for texts in calls:
            for text in texts:
                if isinstance(text, str):
                    cursor.execute(text)
                    continue
                table, columns, rows = text     # a COPY: its rows are written as they were
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        rate = count / (time.perf_counter() - start)
        uuids = re.findall(r"'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'", "".join(
            text for texts in calls for text in texts if isinstance(text, str) and 'INSERT INTO "pos_order"' in text))
        connection.execute("DELETE FROM pos_order WHERE uuid = ANY(%s)", (sorted(set(uuids)),))
    return rate


def p2(registry, port: int, session_id: int, count: int, runs: int, config_id: int) -> list[tuple]:
    from framework import sql_db
    from framework.config import Config
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    connect_kwargs = sql_db.server_address(config).connect_kwargs(registry.db_name)
    client = Client(port)
    client.call("/web/session/authenticate", {"db": registry.db_name, "login": "admin", "password": PASSWORD})
    rates = {1: [], 10: [], 50: []}
    commit_floor, batch_floor, commit_schema, batch_schema, copy_schema = [], [], [], [], []
    replayed = {1: [], 50: []}      # the project's own SQL sent again, without Python
    # warm-up, untimed: the worker's first calls load what it keeps (tills, taxes, plans)
    [warm] = order_sets(registry, session_id, 70, 1)
    for orders in [warm[i:i + 1] for i in range(20)] + [warm[20:70]]:
        client.call("/pos/create_from_ui", {"orders": orders})
    for _run in range(runs):
        sets = order_sets(registry, session_id, count, 3)
        for orders, batch in zip(sets, (1, 10, 50)):
            start = time.perf_counter()
            for first in range(0, len(orders), batch):
                answers = client.call("/pos/create_from_ui", {"orders": orders[first:first + batch]})
                refused = [a["reason"] for a in answers if a["status"] != "stored"]
                if refused:
                    raise RuntimeError(f"orders not stored: {refused[:2]}")
            rates[batch].append(len(orders) / (time.perf_counter() - start))
        per_commit, batched = orders_floor(connect_kwargs, sets[0])
        commit_floor.append(per_commit)
        batch_floor.append(batched)
        per_commit, batched = schema_floor(connect_kwargs, sets[0], config_id)
        commit_schema.append(per_commit)
        batch_schema.append(batched)
        copy_schema.append(copy_schema_floor(connect_kwargs, sets[0], config_id))
        for batch, orders in zip((1, 50), order_sets(registry, session_id, count, 2)):
            replayed[batch].append(replay_rate(connect_kwargs, captured_calls(registry, orders, batch), count))
    queries = {batch: queries_per_order(registry, session_id, batch) for batch in (1, 50)}
    print(f"P2: {count} orders x 5 lines per batch size and run; create_from_ui queries per order: "
          f"batch 1: {queries[1]:.1f}, batch 50: {queries[50]:.1f}")
    return [("P2 batch 1 (orders/s)", rates[1], commit_floor, 0.5, "commit per order"),
            ("P2 batch 10 (orders/s)", rates[10], batch_floor, None, "executemany"),
            ("P2 batch 50 (orders/s)", rates[50], batch_floor, 0.25, "executemany"),
            # beside the goals: the same floors into Odoo's own tables (indexes, foreign keys)
            ("P2 batch 1 (orders/s)", rates[1], commit_schema, None, "commit per order, Odoo's tables"),
            ("P2 batch 50 (orders/s)", rates[50], batch_schema, None, "executemany, Odoo's tables"),
            ("P2 batch 50 (orders/s)", rates[50], copy_schema, None, "COPY, Odoo's tables"),
            # the ceiling of the project's path: its SQL alone against the floors, and the
            # share of it the whole call (Python, HTTP) keeps
            ("P2 b1 SQL alone (orders/s)", replayed[1], commit_floor, None, "commit per order"),
            ("P2 b50 SQL alone (orders/s)", replayed[50], batch_floor, None, "executemany"),
            ("P2 batch 1 (orders/s)", rates[1], replayed[1], None, "its SQL alone (replayed)"),
            ("P2 batch 50 (orders/s)", rates[50], replayed[50], None, "its SQL alone (replayed)")]


# -- report ----------------------------------------------------------------------------------------

def report(results: list[tuple]) -> None:
    print()
    print(f"{'scenario':30} {'project':>26} {'floor':>26} {'ratio':>7} {'goal':>7}  floor kind")
    for name, project, floor, goal, kind in results:
        rate = "orders/s" in name
        ratio = statistics.median(project) / statistics.median(floor)
        if goal is None:
            verdict = ""
        elif rate:
            verdict = "met" if ratio >= goal else "NOT met"
        else:
            verdict = "met" if ratio <= goal else "NOT met"
        unit = "/s" if rate else "s"
        goal_text = "-" if goal is None else (f">={goal}" if rate else f"<={goal}")
        print(f"{name:30} {_fmt(project, unit):>26} {_fmt(floor, unit):>26} {ratio:7.2f} {goal_text:>7}  "
              f"{kind} [{verdict}]" if verdict else
              f"{name:30} {_fmt(project, unit):>26} {_fmt(floor, unit):>26} {ratio:7.2f} {goal_text:>7}  {kind}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the sizes (0.1 for a quick run)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--big", action="store_true", help="also P1 with 100,000 products")
    parser.add_argument("--only", choices=("P1", "P2"))
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    parser.add_argument("--db", help="reuse a database kept by --keep (its data as it is; kept again)")
    parser.add_argument("--collector", choices=("server", "default"), default="server",
                        help="the server's garbage collector (odoo-bin --collector; default: server)")
    options = parser.parse_args()
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    from framework import sql_db
    from framework.config import Config
    size = max(10, int(20_000 * options.scale))
    db = f"bench_pos_{secrets.token_hex(4)}"
    if options.db:
        db, options.keep = options.db, True
        registry, config_id, session_id = reuse(db)
    else:
        registry, config_id, session_id = prepare(db, size, size)
    sql_db.close_all()
    server, port = start_server(db, options.workers, options.collector)
    print(f"server: --workers {options.workers} --collector {options.collector}")
    results = []
    try:
        if options.only != "P2":
            results += p1(registry, port, config_id, options.runs, f"P1 {size / 1000:g}k")
            report(results)
            print(f"workers after P1: {worker_memory(server)}")
        if options.only != "P1":
            results += p2(registry, port, session_id, max(50, int(2000 * options.scale)), options.runs, config_id)
            report(results[-10:])
        if options.big and options.only != "P2":
            big = max(size, int(100_000 * options.scale))
            add_products(registry, big - size)
            results += p1(registry, port, config_id, max(1, options.runs // 2), f"P1 {big / 1000:g}k products")
            report(results[-3:])
        if options.only is None or (options.big and options.only != "P2"):
            report(results)
    finally:
        stop(server)
        config = Config()
        config["data_dir"] = str(DATA_DIR)
        sql_db.close_all()
        if options.keep:
            print(f"kept database {db}")
        else:
            sql_db.drop_database(sql_db.server_address(config), db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
