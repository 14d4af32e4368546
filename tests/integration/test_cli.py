"""odoo-bin as a process: serving, stopping on signals, usage errors, unreachable servers, logs.

Installing and updating addons is in test_cli_install.py, the shell in test_shell.py.
"""
from __future__ import annotations

import json
import signal
import socket
import urllib.request

import pytest

from framework import cli, sql_db
from framework.config import config
from framework.logging_setup import remove_logging
from tests.support.cli import LOG_LINE, problem_lines, run, server_flags, start, stop, wait_for_port
from tests.support.db import database_names
from tests.support.paths import TEST_DATA_DIR


def get_json(port: int, path: str) -> object:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as reply:
        return json.loads(reply.read())


def test_serves_health_and_stops_on_sigterm(pg_address):
    server = start(*server_flags(pg_address), "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        port, _lines = wait_for_port(server)
        health = get_json(port, "/web/health")
    finally:
        code, rest = stop(server, signal.SIGTERM)
    last = rest.strip().splitlines()[-1]
    assert (health, code, bool(LOG_LINE.match(last)), last.endswith("HTTP service stopped")) == \
        ({"status": "pass"}, 0, True, True), rest


def test_health_can_report_the_database_server(pg_address):
    server = start(*server_flags(pg_address), "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        port, _lines = wait_for_port(server)
        health = get_json(port, "/web/health?db_server_status=1")
    finally:
        stop(server, signal.SIGTERM)
    assert health == {"status": "pass", "db_server_status": True}


def test_server_on_a_database_stops_on_sigint(pg_address):
    with database_names(pg_address) as new_name:
        server = start(*server_flags(pg_address), "-d", new_name(), "-i", "base",
                       "--http-interface", "127.0.0.1", "--http-port", "0")
        try:
            port, _lines = wait_for_port(server)
            health = get_json(port, "/web/health")
        finally:
            code, rest = stop(server, signal.SIGINT)
    assert (health, code, "SIGINT received: shutting down" in rest, "Traceback" in rest) == \
        ({"status": "pass"}, 0, True, False), rest


def test_busy_port_exits_1_with_one_line(pg_address):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = run(*server_flags(pg_address), "--http-interface", "127.0.0.1",
                      "--http-port", str(port))
    lines = problem_lines(process.stderr)
    assert (process.returncode, f"cannot listen on 127.0.0.1:{port}" in lines[-1],
            "Traceback" in process.stderr) == (1, True, False), process.stderr


@pytest.mark.parametrize(("argv", "message"), [
    (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    (["--http-port", "eighty"], "argument -p/--http-port/--xmlrpc-port: expected a whole number, got 'eighty'"),
    (["--without-demo"], "argument --without-demo: expected one argument"),
])
def test_bad_flags_exit_2_with_usage(argv, message):
    process = run(*argv)
    assert (process.returncode, process.stderr.startswith("usage: odoo-bin"),
            message in process.stderr) == (2, True, True), process.stderr


def test_unreachable_server_exits_1_with_one_line_naming_it():
    process = run("--db_host", "127.0.0.1", "--db_port", "1", "--db_user", "bob",
                  "-d", "x", "--stop-after-init")
    lines = problem_lines(process.stderr)
    assert (process.returncode, len(lines), "cannot connect to PostgreSQL at 127.0.0.1:1 as user "
            "'bob': connection refused; start the server" in lines[0]) == (1, 1, True), \
        process.stderr


@pytest.fixture
def fresh_config(monkeypatch):
    monkeypatch.setenv("ODOO_RC", f"{TEST_DATA_DIR}/absent.conf")
    yield config
    config.reset()
    remove_logging()
    sql_db.close_all()


def test_logfile_gets_odoo_format_and_error_still_reaches_stderr(fresh_config, tmp_path, capsys):
    logfile = tmp_path / "odoo.log"
    code = cli.main(["--logfile", str(logfile), "--db_host", "127.0.0.1", "--db_port", "1",
                     "-d", "x", "--stop-after-init"])
    line = logfile.read_text().splitlines()[-1]
    assert (code, bool(LOG_LINE.match(line)), " ERROR ? odoo.cli: cannot connect" in line,
            "cannot connect to PostgreSQL" in capsys.readouterr().err) == (1, True, True, True)
