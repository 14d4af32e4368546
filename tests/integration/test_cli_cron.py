"""odoo-bin runs the due scheduled actions of its database (--max-cron-threads), threaded
and with --workers; the poll interval is shortened through ODOO_CRON_POLL_SECONDS."""
from __future__ import annotations

import signal
import time

import pytest

from framework import sql_db
from tests.support.cli import run, server_flags, start, stop, wait_for_port
from tests.support.db import database_names
from tests.support.paths import ADDONS_DIR
from tests.support.ports import workers_server

WAIT_SECONDS = 30


@pytest.fixture
def cron_database(pg_address, monkeypatch):
    """A database with test_cron installed whose tick job is due now, for one run."""
    monkeypatch.setenv("ODOO_CRON_POLL_SECONDS", "0.5")
    with database_names(pg_address) as new_name:
        name = new_name()
        installed = run(*server_flags(pg_address), "--addons-path", str(ADDONS_DIR), "-d", name,
                        "-i", "test_cron", "--without-demo", "all", "--stop-after-init")
        assert installed.returncode == 0, installed.stderr[-3000:]
        _execute(pg_address, name,
                 "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') - interval '1 minute', "
                 "numbercall = 1 WHERE id = (SELECT res_id FROM ir_model_data "
                 "WHERE module = 'test_cron' AND name = 'cron_tick')")
        try:
            yield name
        finally:
            sql_db.close_db(name, pg_address)


def _execute(address, dbname, sql):
    try:
        with sql_db.db_connect(dbname, address).cursor() as cr:
            cr.execute(sql)
            return cr.fetchall() if cr.description else None
    finally:
        sql_db.close_db(dbname, address)


def _wait_for_ticks(address, dbname):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        rows = _execute(address, dbname, "SELECT t.name, u.login FROM test_cron_tick t "
                                         "JOIN res_users u ON u.id = t.run_by")
        if rows:
            return rows
        time.sleep(0.3)
    return []


def _job_state(address, dbname):
    return _execute(address, dbname, "SELECT active, numbercall, lastcall IS NOT NULL FROM ir_cron "
                                     "WHERE cron_name = 'Test cron: tick'")[0]


def test_the_threaded_server_runs_a_due_job_as_its_user(pg_address, cron_database):
    server = start(*server_flags(pg_address), "--addons-path", str(ADDONS_DIR), "-d", cron_database,
                   "--max-cron-threads", "1", "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        _port, lines = wait_for_port(server)
        ticks = _wait_for_ticks(pg_address, cron_database)
    finally:
        code, rest = stop(server, signal.SIGTERM)
    log = "".join(lines) + rest
    assert (ticks, code, "has no effect" in log) == ([("tick", "admin")], 0, False), log
    assert _job_state(pg_address, cron_database) == (False, 0, True)    # its one call is done


def test_a_server_with_workers_runs_due_jobs_beside_them(pg_address, cron_database, tmp_path):
    log = tmp_path / "odoo.log"
    with workers_server(cron_database, log, workers=2) as (_url, process):
        ticks = _wait_for_ticks(pg_address, cron_database)
        process.send_signal(signal.SIGTERM)
        code = process.wait(WAIT_SECONDS)
    text = log.read_text()
    assert ticks == [("tick", "admin")], text[-3000:]
    # the workers leave without touching the runner process, which is not theirs
    assert (code, "Traceback" in text, "exited with code" in text) == (0, False, False), text[-3000:]

