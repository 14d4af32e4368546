"""The fuzzer: thousands of malformed and hostile requests (``tests.support.hostile``) across
XML-RPC (``/xmlrpc/2/*`` and legacy ``/xmlrpc/*``), ``/jsonrpc``, ``/web/dataset/call_kw``,
``/web/session/*``, the ``/pos/*`` routes and the login form, from every kind of sender.

Every answer must be well formed (an XML-RPC fault, a JSON-RPC error object, or a 4xx page;
never a 500, never an error from the SQL driver); a refused request must have committed no
transaction (``XidWatch``); at the end the database is the same as at the start, table by
table (``Snapshot``), and the server still answers its users.

In process (werkzeug's test client) for volume: ``IN_PROCESS`` requests (10,000 with the
default, derandomized ``ci`` profile: the same requests on every run); then a smaller run
against a real ``odoo-bin`` process over HTTP. ``HYPOTHESIS_PROFILE=long`` sends ten times
as many, at random.
"""
from __future__ import annotations

import collections
import json
import logging
import time
import xmlrpc.client

import pytest
from hypothesis import given, settings

from tests.support import cli
from tests.support.hostile import SCALE, Hostile, Snapshot, XidWatch, hostile_requests, json_call, judge, mutants
from tests.support.ports import free_port, wait_until_up

pytestmark = pytest.mark.fuzz

#: hypothesis draws 2,000 requests (structured, shrinkable) and each gets four cheap variations
#: (``mutants``): drawing is the slow part, so this reaches 10,000 in a few minutes
MUTANTS = 4
IN_PROCESS = int(10_000 * SCALE)
OVER_HTTP = int(600 * SCALE)

#: what the last runs saw, for docs/RELIABILITY-input-and-access.md (printed with -s)
TALLY: dict = {}
COMMITTED: list = []
SECONDS: collections.Counter = collections.Counter()
#: the one table an accepted hostile request may add to: a refused POS order is kept there
#: for review (``pos.order.rejected``), so that no sale is ever lost
REVIEW_TABLE = "pos_order_rejected"
#: the server-side sessions: every accepted call of a logged-in client marks its session used
SESSION_TABLE = "http_session"
KEPT: set = set()


def _refused_orders(request: Hostile, body: bytes) -> int:
    """Remember the refused orders kept for review (one row per distinct order)."""
    if request.path != "/pos/create_from_ui":
        return 0
    answers = json.loads(body).get("result") or []
    ids = {answer["rejected_id"] for answer in answers if isinstance(answer, dict) and answer.get("rejected_id")}
    KEPT.update(ids)
    return len(ids)


def unchanged(before: Snapshot, after: Snapshot) -> dict:
    """What changed in the database, beyond the refused orders kept for review (one row for
    each that the answers named) and the sessions' last-use times."""
    diff = before.diff(after)
    diff.pop(SESSION_TABLE, None)
    kept = diff.pop(REVIEW_TABLE, None)
    if kept and kept[1][0] - kept[0][0] != len(KEPT):
        diff[REVIEW_TABLE] = kept
    return diff


def send_in_process(clients: dict, request: Hostile):
    client = clients[request.who]
    response = client.post(request.path, data=request.body, content_type=request.content_type,
                           headers=request.headers, buffered=True)
    return response.status_code, response.headers.get("Content-Type", ""), response.get_data()


def check_run(send, requests, watch: XidWatch, tally: collections.Counter, problems: list) -> None:
    for request in requests:
        watch.start()
        started = time.perf_counter()
        status, content_type, body = send(request)
        SECONDS["serving"] += time.perf_counter() - started
        verdict = judge(request, status, content_type, body)
        committed = watch.committed()
        tally[f"{request.kind} {verdict.name}"] += 1
        if not verdict.ok:
            problems.append(f"{request!r}\n  -> {verdict.reason}")
        elif verdict.refused and committed:
            written = watch.tables_written(committed)
            if set(written) - {SESSION_TABLE}:
                problems.append(f"{request!r}\n  -> refused ({verdict.name}) but wrote {written}")
            tally["refused, session saved"] += 1
        elif committed:
            tally["accepted and committed"] += 1
            for table in watch.tables_written(committed):
                tally[f"accepted, wrote {table}"] += 1
            tally["orders kept for review"] += _refused_orders(request, body)
            COMMITTED.append(f"{request!r} -> {body[:200]!r}")


@pytest.fixture
def quiet_logs():
    """The server logs every refusal; thousands of them are noise in the test output."""
    loggers = [logging.getLogger(name) for name in ("odoo", "werkzeug")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels):
        logger.setLevel(level)


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_ten_thousand_hostile_requests_in_process_are_refused_cleanly_and_change_nothing(
        clients, hostile_db, uids, pg_connection, quiet_logs):
    before = Snapshot(pg_connection)
    KEPT.clear()
    watch = XidWatch(pg_connection)
    tally: collections.Counter = collections.Counter()
    problems: list[str] = []
    sent = []

    @settings(max_examples=IN_PROCESS // (1 + MUTANTS))
    @given(request=hostile_requests(hostile_db, uids))
    def one(request):
        batch = [request, *mutants(request, MUTANTS)]
        sent.extend(batch)
        check_run(lambda r: send_in_process(clients, r), batch, watch, tally, problems)

    started = time.perf_counter()
    one()
    SECONDS["total"] += time.perf_counter() - started
    after = Snapshot(pg_connection)
    TALLY["in process"] = dict(tally)
    print(dict(SECONDS))
    print(json.dumps({"sent": len(sent), "tally": dict(tally.most_common())}, indent=1))
    print("\n".join(problems[:30] + COMMITTED[:30]))
    assert (len(sent), problems[:5], unchanged(before, after)) == (IN_PROCESS, [], {})


def test_the_server_still_serves_its_users_after_the_fuzzing(clients, hostile_db, uids):
    answer = json_call(clients["cashier"], "/web/dataset/call_kw", {
        "model": "pos.config", "method": "search_read", "args": [[]], "kwargs": {"fields": ["name"]}})
    assert "Cash Register 1" in [row["name"] for row in answer["result"]]


@pytest.fixture(scope="module")
def real_server(hostile_db, pg_address):
    """``odoo-bin`` in its own process on a free port, serving the fuzzed database."""
    port = free_port()
    process = cli.start(*cli.server_flags(pg_address), "-d", hostile_db, "--http-port", str(port),
                        "--http-interface", "127.0.0.1", "--db-filter", f"^{hostile_db}$",
                        "--log-level", "critical")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url, process
    finally:
        cli.stop(process)


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_hostile_requests_over_http_to_a_real_server_process(real_server, hostile_db, uids, pg_connection):
    import http.client
    url, process = real_server
    host = url.removeprefix("http://")
    sessions = {}
    for who, user in (("admin", "admin"), ("cashier", "cashier"), ("stale_session", "cashier")):
        connection = http.client.HTTPConnection(host, timeout=30)
        connection.request("POST", "/web/session/authenticate", body=json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": 1,
             "params": {"db": hostile_db, "login": user, "password": user}}),
            headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        sessions[who] = response.getheader("Set-Cookie").split(";")[0]
    connection = http.client.HTTPConnection(host, timeout=30)
    connection.request("POST", "/web/session/destroy", body=b'{"jsonrpc":"2.0","params":{},"id":1}',
                       headers={"Content-Type": "application/json", "Cookie": sessions["stale_session"]})
    connection.getresponse().read()

    def send(request: Hostile):
        connection = http.client.HTTPConnection(host, timeout=30)   # a hang fails the test here
        headers = {"Content-Type": request.content_type, **request.headers}
        if request.who in sessions:
            headers["Cookie"] = sessions[request.who]
        connection.request("POST", request.path, body=request.body, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.getheader("Content-Type", ""), body

    before = Snapshot(pg_connection)
    KEPT.clear()
    watch = XidWatch(pg_connection)
    tally: collections.Counter = collections.Counter()
    problems: list[str] = []
    sent = []

    @settings(max_examples=OVER_HTTP)
    @given(request=hostile_requests(hostile_db, uids))
    def one(request):
        sent.append(request)
        check_run(send, [request], watch, tally, problems)

    one()
    after = Snapshot(pg_connection)
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as models:
        # the cashier: the fuzzer guessed the admin's password from this address (cooled down)
        alive = models.execute_kw(hostile_db, uids["cashier"], "cashier", "res.partner", "search_count", [[]])
    TALLY["over http"] = dict(tally)
    print(json.dumps({"sent": len(sent), "tally": dict(tally.most_common())}, indent=1))
    print("\n".join(problems[:30]))
    assert (len(sent), problems[:5], unchanged(before, after), process.poll(), alive > 0) == \
        (OVER_HTTP, [], {}, None, True)
