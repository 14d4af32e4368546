#!/usr/bin/env python3
"""Benchmark P4 (../shared/perf.md): the external API against a bare werkzeug app, same run.

Scenarios, over XML-RPC (/xmlrpc/2/object) and JSON-RPC (/jsonrpc), each call a full
``execute_kw`` with password check and its own transaction:
  S1  300 x search_read of 80 partners x 10 fields
  S2  1,000 x create of one partner
  S3  1 x create of 1,000 partners (one call)
  S4  1,000 x write of one partner
The project is ``./odoo-bin --workers N`` (gunicorn gthread, keep-alive). The floor is a
bare werkzeug app served by the same gunicorn set-up, which parses each request body with
the same parser and answers the response the project gave for that scenario (recorded
first). A second floor, "db floor", is the same bare app doing each call's SQL with psycopg
(SELECT, INSERT, UPDATE, and a COMMIT per call): what the database alone costs. The client
runs in its own process and keeps its connection open. Prints calls/s for the three
(median, min-max of --runs) and the ratios project/floor (goal: >= 0.5) and
project/db floor.

    .venv/bin/python bench/rpc.py [--workers 2] [--runs 3] [--scale 1.0]

Uses PGHOST when set, else the embedded PostgreSQL under .data/bench.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIELDS = ["name", "email", "phone", "street", "city", "zip", "ref", "vat", "website", "function"]
DATA_DIR = REPO / ".data" / "bench"
PASSWORD = "admin"


def partner_values(i: int, tag: str) -> dict:
    return {"name": f"Partner {tag} {i}", "email": f"p{i}@{tag}.example.com", "phone": f"+32 2 {i:07d}",
            "street": f"{i} Main Street", "city": "Brussels", "zip": f"{1000 + i % 9000}",
            "ref": f"R{tag}{i}", "vat": f"BE{i:010d}", "website": "https://example.com", "function": "Buyer"}


# -- the calls ------------------------------------------------------------------------------------

def scenarios(db: str, scale: float, read_tag: str) -> list[tuple[str, int, object]]:
    """(name, repetitions, function i -> execute_kw argument tuple)."""
    n = lambda count: max(1, int(count * scale))  # noqa: E731
    return [
        ("S1 search_read 80x10", n(300), lambda i: (
            db, 2, PASSWORD, "res.partner", "search_read", [[["ref", "=like", f"R{read_tag}%"]]],
            {"fields": FIELDS, "limit": 80, "order": "id"})),
        ("S2 create x1", n(1000), lambda i: (
            db, 2, PASSWORD, "res.partner", "create", [partner_values(i, "c")])),
        ("S3 create 1000 in 1 call", 1, lambda i: (
            db, 2, PASSWORD, "res.partner", "create",
            [[partner_values(j, "m") for j in range(n(1000))]])),
        ("S4 write x1", n(1000), lambda i: (
            db, 2, PASSWORD, "res.partner", "write", [[1], {"comment": f"<p>write {i}</p>"}])),
    ]


class XmlClient:
    def __init__(self, url: str) -> None:
        self.proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")

    def call(self, args: tuple) -> object:
        return self.proxy.execute_kw(*args)


class JsonClient:
    def __init__(self, url: str) -> None:
        self.connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=300)
        self.ids = 0

    def call(self, args: tuple) -> object:
        self.ids += 1
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": self.ids,
                           "params": {"service": "object", "method": "execute_kw", "args": list(args)}})
        self.connection.request("POST", "/jsonrpc", body, {"Content-Type": "application/json"})
        answer = json.loads(self.connection.getresponse().read())
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer.get("result")


def run_client(url: str, protocol: str, db: str, scale: float, read_tag: str) -> dict:
    """Time every scenario once; returns {scenario: calls per second}."""
    client = XmlClient(url) if protocol == "xmlrpc" else JsonClient(url)
    rates = {}
    for name, count, make_args in scenarios(db, scale, read_tag):
        client.call(make_args(-1))                                # warm-up (and connection)
        start = time.perf_counter()
        for i in range(count):
            client.call(make_args(i))
        rates[name] = count / (time.perf_counter() - start)
    return rates


# -- the floor: a bare werkzeug app answering recorded bodies -------------------------------------

def floor_app(recordings: dict):
    from werkzeug.wrappers import Request, Response

    def app(environ, start_response):
        request = Request(environ)
        data = request.get_data()
        if request.path.startswith("/xmlrpc"):
            params, _method = xmlrpc.client.loads(data)
            body, mimetype = recordings["xmlrpc"][_scenario_key(params[4], params[5])], "text/xml"
        else:
            call = json.loads(data)
            args = call["params"]["args"]
            recorded = json.loads(recordings["jsonrpc"][_scenario_key(args[4], args[5])])
            recorded["id"] = call.get("id")
            body, mimetype = json.dumps(recorded), "application/json"
        return Response(body, mimetype=mimetype)(environ, start_response)

    return app


def db_floor_app(connect_kwargs: dict):
    """The floor with the database: a bare werkzeug app that does each call's SQL itself.

    Per call, on a connection of its own thread: S1 runs the SELECT of the 80 rows (the
    rule-free equivalent) and marshals them; S2 INSERTs the partner and COMMITs; S3 INSERTs
    the 1,000 rows (executemany) and COMMITs; S4 UPDATEs the partner and COMMITs. No
    password check, no access rights, no computed fields: what any server must at least do.
    """
    import threading

    import psycopg
    from werkzeug.wrappers import Request, Response

    local = threading.local()
    columns = ", ".join(FIELDS)
    select = (f"SELECT id, {columns} FROM res_partner WHERE active AND ref LIKE %s "
              f"ORDER BY id LIMIT %s")
    insert = (f"INSERT INTO res_partner ({columns}, active, create_uid, write_uid, create_date, "
              f"write_date) VALUES ({', '.join(['%s'] * len(FIELDS))}, TRUE, 2, 2, "
              f"now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id")

    def run(method: str, args: list, kwargs: dict) -> object:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = psycopg.connect(**connect_kwargs)
        with connection.cursor() as cr:
            if method == "search_read":
                pattern = args[0][0][2]
                cr.execute(select, (pattern, kwargs.get("limit")))
                names = ["id", *FIELDS]
                result = [{name: (False if value is None else value) for name, value in zip(names, row)}
                          for row in cr.fetchall()]
            elif method == "create" and isinstance(args[0], list):
                cr.executemany(insert, [[vals[f] for f in FIELDS] for vals in args[0]], returning=True)
                result = []
                while True:
                    result.append(cr.fetchone()[0])
                    if not cr.nextset():
                        break
            elif method == "create":
                cr.execute(insert, [args[0][f] for f in FIELDS])
                result = cr.fetchone()[0]
            else:
                cr.execute("UPDATE res_partner SET comment = %s, write_uid = 2, "
                           "write_date = now() AT TIME ZONE 'UTC' WHERE id = ANY(%s)",
                           (args[1]["comment"], list(args[0])))
                result = True
        connection.commit()
        return result

    def app(environ, start_response):
        request = Request(environ)
        data = request.get_data()
        if request.path.startswith("/xmlrpc"):
            params, _method = xmlrpc.client.loads(data)
            result = run(params[4], params[5], params[6] if len(params) > 6 else {})
            body, mimetype = xmlrpc.client.dumps((result,), methodresponse=True), "text/xml"
        else:
            call = json.loads(data)
            args = call["params"]["args"]
            result = run(args[4], args[5], args[6] if len(args) > 6 else {})
            body = json.dumps({"jsonrpc": "2.0", "id": call.get("id"), "result": result})
            mimetype = "application/json"
        return Response(body, mimetype=mimetype)(environ, start_response)

    return app


def _scenario_key(method: str, args: list) -> str:
    if method == "create":
        return "create_many" if isinstance(args[0], list) else "create"
    return method


def record(url: str, db: str, scale: float, read_tag: str) -> dict:
    """The project's answer bodies, per protocol and scenario kind."""
    recordings: dict = {"xmlrpc": {}, "jsonrpc": {}}
    for _name, _count, make_args in scenarios(db, scale, read_tag):
        args = make_args(10**6 + len(recordings["xmlrpc"]))
        key = _scenario_key(args[4], args[5])
        result = XmlClient(url).call(args)
        recordings["xmlrpc"][key] = xmlrpc.client.dumps((result,), methodresponse=True)
        recordings["jsonrpc"][key] = json.dumps({"jsonrpc": "2.0", "id": 0, "result": result})
    return recordings


def serve_floor(port: int, workers: int, source: str, with_db: bool) -> None:
    """Serve a floor app under the project's gunicorn set-up; ``source`` is the recordings
    file, or (``with_db``) the JSON of the database's connection arguments."""
    from framework.config import Config
    from framework.http.serving import _GunicornApp, gunicorn_options
    config = Config()
    config.update({"workers": workers, "http_port": port, "http_interface": "127.0.0.1"})
    options = {**gunicorn_options(config), "loglevel": "warning"}
    data = json.loads(Path(source).read_text())
    _GunicornApp(db_floor_app(data) if with_db else floor_app(data), options).run()


# -- orchestration --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(url: str, process: subprocess.Popen, check) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            check(url)
            return
        except (OSError, xmlrpc.client.Error, KeyError):
            time.sleep(0.1)
    raise SystemExit(f"server at {url} did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()


def prepare_database(db: str) -> str:
    from framework import sql_db
    from framework.config import Config
    from framework.modules.registry_loader import load_registry
    from framework.orm.environment import Environment
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    sql_db.create_database(sql_db.server_address(config), db)
    registry = load_registry(db, install=["base"], config=config)
    tag = "read"
    with registry.cursor() as cr:
        Environment(cr, 1, {})["res.partner"].create([partner_values(i, tag) for i in range(80)])
    sql_db.close_all()
    return tag


def client_process(url: str, protocol: str, db: str, scale: float, tag: str) -> dict:
    output = subprocess.run([sys.executable, __file__, "--client", url, protocol, db, str(scale), tag],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the call counts")
    parser.add_argument("--client", nargs=5, metavar=("URL", "PROTOCOL", "DB", "SCALE", "TAG"))
    parser.add_argument("--serve-floor", nargs=4, metavar=("PORT", "WORKERS", "SOURCE", "KIND"))
    options = parser.parse_args()
    if options.client:
        url, protocol, db, scale, tag = options.client
        print(json.dumps(run_client(url, protocol, db, float(scale), tag)))
        return
    if options.serve_floor:
        port, workers, source, kind = options.serve_floor
        serve_floor(int(port), int(workers), source, kind == "db")
        return

    from framework import sql_db
    from framework.config import Config
    db = f"bench_rpc_{secrets.token_hex(4)}"
    tag = prepare_database(db)
    env = {**os.environ}
    project_port, floor_port, db_floor_port = free_port(), free_port(), free_port()
    project_url, floor_url = f"http://127.0.0.1:{project_port}", f"http://127.0.0.1:{floor_port}"
    db_floor_url = f"http://127.0.0.1:{db_floor_port}"
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    connect_file = DATA_DIR / f"{db}.connect.json"
    connect_file.write_text(json.dumps(sql_db.server_address(config).connect_kwargs(db)))
    server_args = [sys.executable, str(REPO / "odoo-bin"), "--workers", str(options.workers),
                   "-p", str(project_port), "--http-interface", "127.0.0.1", "-d", db,
                   "--db-filter", f"^{db}$", "-D", str(DATA_DIR), "--log-level", "warn"]
    project = subprocess.Popen(server_args, env=env, cwd=REPO)
    recordings_file = DATA_DIR / f"{db}.json"
    floor = db_floor = None
    try:
        wait_up(project_url, project, lambda url: xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version())
        recordings_file.write_text(json.dumps(record(project_url, db, options.scale, tag)))
        floor = subprocess.Popen([sys.executable, __file__, "--serve-floor", str(floor_port),
                                  str(options.workers), str(recordings_file), "bare"], env=env, cwd=REPO)
        db_floor = subprocess.Popen([sys.executable, __file__, "--serve-floor", str(db_floor_port),
                                     str(options.workers), str(connect_file), "db"], env=env, cwd=REPO)
        for url, process in ((floor_url, floor), (db_floor_url, db_floor)):
            wait_up(url, process, lambda url: http.client.HTTPConnection(
                url.removeprefix("http://"), timeout=1).connect())
        results: dict = {}
        sides = (("project", project_url), ("floor", floor_url), ("db floor", db_floor_url))
        for _run in range(options.runs):
            for protocol in ("xmlrpc", "jsonrpc"):
                for side, url in sides:
                    rates = client_process(url, protocol, db, options.scale, tag)
                    for name, rate in rates.items():
                        results.setdefault((protocol, name), {}).setdefault(side, []).append(rate)
        print(f"P4 external API, {options.workers} gunicorn workers, {options.runs} runs "
              f"(calls/s, median (min-max)); goal: project/floor >= 0.5")
        print("floor: bare werkzeug app answering recorded bodies; db floor: bare werkzeug app "
              "running the same SQL with psycopg (no auth, rights or computes)")
        print(f"{'protocol':8} {'scenario':26} {'project':>22} {'floor':>22} {'ratio':>6} "
              f"{'db floor':>22} {'ratio':>6}")
        for (protocol, name), rates in results.items():
            median = {side: statistics.median(rates[side]) for side, _url in sides}
            cell = lambda side: f"{median[side]:8.1f} ({min(rates[side]):.0f}-{max(rates[side]):.0f})"  # noqa: E731
            print(f"{protocol:8} {name:26} {cell('project'):>22} {cell('floor'):>22} "
                  f"{median['project'] / median['floor']:6.2f} {cell('db floor'):>22} "
                  f"{median['project'] / median['db floor']:6.2f}")
    finally:
        for process in (project, floor, db_floor):
            if process is not None:
                stop(process)
        recordings_file.unlink(missing_ok=True)
        connect_file.unlink(missing_ok=True)
        sql_db.drop_database(sql_db.server_address(config), db)


if __name__ == "__main__":
    main()
