"""The bus (``bus.bus``, ``/longpolling/poll``): NOTIFY travels with the commit only, and the
polls of every gunicorn worker hear a notification committed by another process."""
from __future__ import annotations

import json
import threading
import time

import psycopg
import pytest

from tests.support.db import make_config
from tests.support.http import ADMIN_PASSWORD, JsonClient
from tests.support.ports import workers_server


@pytest.fixture(scope="module")
def bus_registry(make_db):
    from framework.modules.registry_loader import load_registry
    return load_registry(make_db("test_bus_"), install=["bus"], config=make_config())


def in_transaction(registry, function, commit=True):
    from framework.orm.environment import Environment
    with registry.cursor() as cr:
        result = function(Environment(cr, 1, {}))
        cr.commit() if commit else cr.rollback()
        return result


def admin_channel(registry) -> str:
    return in_transaction(registry, lambda env: f"res.partner/{env.ref('base.user_admin').partner_id.id}")


def listening(registry):
    connection = psycopg.connect(**registry.database.address.connect_kwargs(registry.db_name), autocommit=True)
    connection.execute("LISTEN imbus")
    return connection


def heard(connection, seconds=1.0) -> list[str]:
    return [notice.payload for notice in connection.notifies(timeout=seconds, stop_after=1)]


def test_notify_is_sent_by_the_commit_and_never_by_a_rollback(bus_registry):
    channel = admin_channel(bus_registry)
    listener = listening(bus_registry)
    try:
        from framework.orm.environment import Environment
        with bus_registry.cursor() as cr:
            Environment(cr, 1, {})["bus.bus"]._sendone(channel, "test", {"n": 1})
            assert heard(listener, 0.5) == []             # queued, not sent before the commit
            assert in_transaction(bus_registry, lambda env: env["bus.bus"].sudo()._poll([channel], 0)) == []
            cr.commit()
        assert heard(listener) == [json.dumps([channel], separators=(",", ":"))]
        [row] = in_transaction(bus_registry, lambda env: env["bus.bus"].sudo()._poll([channel], 0))
        assert row["message"] == {"type": "test", "payload": {"n": 1}}

        in_transaction(bus_registry, lambda env: env["bus.bus"]._sendone(channel, "test", {"n": 2}), commit=False)
        assert heard(listener, 1.0) == []
        assert in_transaction(bus_registry, lambda env: env["bus.bus"].sudo()._poll([channel], row["id"])) == []
    finally:
        listener.close()


def test_ids_follow_the_commits(bus_registry):
    """A transaction that inserted its notifications holds the others' inserts until it
    commits: a reader that saw id N never misses a smaller id committed later."""
    from framework.orm.environment import Environment
    channel = admin_channel(bus_registry)
    later: dict = {}

    def send_and_commit():
        later["id"] = in_transaction(bus_registry, lambda env: (
            env["bus.bus"]._sendone(channel, "test", {"n": "second"}), env.cr.precommit.run(),
            env["bus.bus"].sudo()._last_id_of(channel))[2])

    with bus_registry.cursor() as cr:
        bus = Environment(cr, 1, {})["bus.bus"]
        bus._sendone(channel, "test", {"n": "first"})
        cr.precommit.run()                           # inserted, not committed
        first = bus.sudo()._last_id_of(channel)
        other = threading.Thread(target=send_and_commit)
        other.start()
        other.join(1.0)
        assert other.is_alive(), "the second insert waited for the first commit"
        cr.commit()
    other.join(10)
    assert later["id"] > first


def test_a_notification_queued_after_the_flush_is_sent_too(bus_registry):
    channel = admin_channel(bus_registry)
    last = in_transaction(bus_registry, lambda env: env["bus.bus"].sudo()._last_id())

    def twice(env):
        env["bus.bus"]._sendone(channel, "test", {"n": "early"})
        env.cr.precommit.add(lambda: env["bus.bus"]._sendone(channel, "test", {"n": "late"}))
    in_transaction(bus_registry, twice)
    rows = in_transaction(bus_registry, lambda env: env["bus.bus"].sudo()._read_after([channel], last))
    assert [row["message"]["payload"]["n"] for row in rows] == ["early", "late"]


@pytest.fixture(scope="module")
def workers_url(bus_registry, tmp_path_factory):
    log = tmp_path_factory.mktemp("bus_workers") / "server.log"
    with workers_server(bus_registry.db_name, log) as (url, _process):
        yield url


def logged_in(url, db) -> JsonClient:
    client = JsonClient(url)
    client.call("/web/session/authenticate", {"db": db, "login": "admin", "password": ADMIN_PASSWORD})
    return client


def test_polls_of_every_worker_hear_a_commit_of_another_process(workers_url, bus_registry):
    db, channel = bus_registry.db_name, admin_channel(bus_registry)
    client = logged_in(workers_url, db)
    last = client.call("/longpolling/poll", {"channels": [channel], "last": 0, "options": {"timeout": 0}})["result"]
    last_id = max([0, *(n["id"] for n in last)])
    answers, polls = {}, []
    for number in range(4):         # new connections: both processes get some (3 may wait in each)
        poller = JsonClient(workers_url)
        poller.cookie = client.cookie

        def poll(poller=poller, number=number):
            # as the browser does: a poll answered [] at once (its worker had no free waiting
            # slot: gunicorn may hand one worker all four connections) polls again
            # (a poll that waited and heard nothing is not tried again: that is the failure)
            for _try in range(30):
                started = time.monotonic()
                answers[number] = poller.call("/longpolling/poll", {
                    "channels": [channel], "last": last_id, "options": {"timeout": 20}})
                if answers[number].get("result") or time.monotonic() - started > 1.0:
                    break
                time.sleep(0.2)
        polls.append(threading.Thread(target=poll))
    for thread in polls:
        thread.start()
    # the polls are waiting (each answer would be [] otherwise, after 20 s): commit elsewhere
    threading.Event().wait(2.0)
    in_transaction(bus_registry, lambda env: env["bus.bus"]._sendone(channel, "test", {"hello": "workers"}))
    for thread in polls:
        thread.join(25)
    payloads = [[n["message"]["payload"] for n in answer["result"]] for answer in answers.values()]
    assert payloads == [[{"hello": "workers"}]] * 4

    # a poll after a gap catches up from the table at once
    caught_up = client.call("/longpolling/poll", {"channels": [channel], "last": last_id, "options": {"timeout": 20}})
    assert [n["message"]["payload"] for n in caught_up["result"]] == [{"hello": "workers"}]


def test_poll_refuses_channels_of_others(workers_url, bus_registry):
    client = logged_in(workers_url, bus_registry.db_name)
    answer = client.call("/longpolling/poll", {"channels": ["res.partner/999999"], "last": 0})
    assert "error" in answer and "may not listen" in answer["error"]["data"]["message"]
