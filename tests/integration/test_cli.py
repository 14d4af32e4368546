"""odoo-bin end to end: serving, stopping, exit codes, -d/-i loading and the shell.

The module loader, the ORM environment and the ``odoo`` alias are replaced by small fakes
(``fake_module``) so that these tests exercise only the command line's own work.
"""
from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
import urllib.request

import pytest

from framework import cli, sql_db
from framework.config import config
from framework.logging_setup import remove_logging

pytestmark = pytest.mark.integration

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_DIR = os.path.join(REPO_DIR, ".data", "test")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (DEBUG|INFO|WARNING|ERROR) "
                      r"\S+ [\w.]+: ")


def odoo_bin(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "ODOO_RC": os.path.join(DATA_DIR, "absent.conf")}
    return subprocess.Popen([sys.executable, os.path.join(REPO_DIR, "odoo-bin"), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, **kwargs)


def wait_for_port(process: subprocess.Popen, timeout: float = 30) -> tuple[int, list[str]]:
    """Read stderr until the 'running on' line; return the port and the lines read."""
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"HTTP service \(werkzeug\) running on [\d.]+:(\d+)", line)
        if found:
            return int(found.group(1)), lines
    process.kill()
    raise AssertionError(f"odoo-bin did not start serving:\n{''.join(lines)}")


@pytest.fixture
def fresh_config(monkeypatch):
    monkeypatch.setenv("ODOO_RC", os.path.join(DATA_DIR, "absent.conf"))
    yield config
    config.reset()
    remove_logging()
    sql_db.close_all()


def fake_module(monkeypatch, name: str, **attrs) -> types.ModuleType:
    """Put a fake ``name`` in sys.modules (and on its parent package) for one test."""
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    parent_name, _, child = name.rpartition(".")
    if parent_name not in sys.modules:
        parent = types.ModuleType(parent_name)
        parent.__path__ = []
        monkeypatch.setitem(sys.modules, parent_name, parent)
    monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys.modules[parent_name], child, module, raising=False)
    return module


@pytest.fixture
def fake_loader(monkeypatch):
    calls = []
    fake_module(monkeypatch, "framework.modules.loader",
                load_registry=lambda dbname, **kwargs: calls.append((dbname, kwargs)))
    return calls


def test_serves_health_and_stops_on_sigterm():
    process = odoo_bin("--http-interface", "127.0.0.1", "--http-port", "0", "--data-dir", DATA_DIR)
    try:
        port, lines = wait_for_port(process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=10) as reply:
            body = json.loads(reply.read())
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    assert (body, code, bool(LOG_LINE.match(lines[-1]))) == ({"status": "pass"}, 0, True)


def test_unknown_flag_exits_2_with_usage():
    process = odoo_bin("--no-such-flag")
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err.splitlines()[0].startswith("usage: odoo-bin"),
            "unrecognized arguments: --no-such-flag" in err) == (2, True, True)


def test_unreachable_server_exits_1_with_one_line():
    process = odoo_bin("--db_host", "127.0.0.1", "--db_port", "1", "--db_user", "bob",
                       "-d", "x", "--stop-after-init")
    out, err = process.communicate(timeout=60)
    lines = err.strip().splitlines()
    assert (process.returncode, len(lines), "cannot connect to PostgreSQL at 127.0.0.1:1 as user "
            "'bob': connection refused; start the server" in lines[0]) == (1, 1, True)


def test_init_creates_database_and_loads_registry(fresh_config, fake_loader, pg_address):
    name = "test_cli_init"
    if sql_db.database_exists(pg_address, name):
        sql_db.drop_database(pg_address, name)
    try:
        code = cli.main(["--data-dir", DATA_DIR, "-d", name, "-i", "base,web",
                         "--without-demo", "all", "--stop-after-init"])
        created = sql_db.database_exists(pg_address, name)
    finally:
        if sql_db.database_exists(pg_address, name):
            sql_db.drop_database(pg_address, name)
    assert (code, created, fake_loader) == (0, True, [(name, {
        "install": ["base", "web"], "update": [], "without_demo": "all", "config": config})])


def test_update_of_missing_database_exits_1(fresh_config, fake_loader, capsys):
    code = cli.main(["--data-dir", DATA_DIR, "-d", "test_cli_absent", "-u", "base",
                     "--stop-after-init"])
    assert (code, fake_loader) == (1, [])
    assert "database 'test_cli_absent' does not exist" in capsys.readouterr().err


def test_module_error_exits_1_with_its_message(fresh_config, monkeypatch, make_db, capsys):
    from framework.modules.errors import ModuleError

    def failing(dbname, **kwargs):
        raise ModuleError("addon 'nope' is not on the addons path; check the name")
    fake_module(monkeypatch, "framework.modules.loader", load_registry=failing)
    code = cli.main(["--data-dir", DATA_DIR, "-d", make_db(), "-u", "nope", "--stop-after-init"])
    err = capsys.readouterr().err
    assert (code, "addon 'nope' is not on the addons path" in err, "Traceback" in err) == \
        (1, True, False)


class FakeEnvironment:
    def __init__(self, cr, uid, context):
        self.cr, self.uid, self.context = cr, uid, context
        self.user = f"user#{uid}"


@pytest.fixture
def fake_shell_world(monkeypatch, fake_loader):
    odoo = types.ModuleType("odoo")
    installed = []
    fake_module(monkeypatch, "framework.compat", install=installed.append)
    monkeypatch.setitem(sys.modules, "odoo", odoo)
    fake_module(monkeypatch, "framework.orm.environment", Environment=FakeEnvironment)
    return installed


def run_shell(monkeypatch, dbname: str, script: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    return cli.main(["shell", "--data-dir", DATA_DIR, "-d", dbname])


def test_shell_runs_stdin_and_keeps_only_committed_work(
        fresh_config, fake_shell_world, monkeypatch, make_db, pg_address, capsys):
    name = make_db()
    code = run_shell(monkeypatch, name, (
        "print(env.uid, self, odoo.__name__)\n"
        "env.cr.execute('CREATE TABLE shell_t (x int)')\n"
        "env.cr.commit()\n"
        "env.cr.execute('INSERT INTO shell_t VALUES (1)')\n"
        "raise SystemExit(3)\n"))
    with sql_db.db_connect(name, pg_address).cursor() as cr:
        cr.execute("SELECT count(*) FROM shell_t")
        rows = cr.fetchone()[0]
    assert (code, capsys.readouterr().out, rows, len(fake_shell_world)) == \
        (3, "1 user#1 odoo\n", 0, 1)


def test_shell_script_error_exits_1_with_traceback(
        fresh_config, fake_shell_world, monkeypatch, make_db, capsys):
    code = run_shell(monkeypatch, make_db(), "1 / 0\n")
    err = capsys.readouterr().err
    assert (code, "Traceback" in err, "ZeroDivisionError" in err) == (1, True, True)


def test_shell_script_without_exit_returns_0(fresh_config, fake_shell_world, monkeypatch, make_db):
    assert run_shell(monkeypatch, make_db(), "x = env.cr.now()\n") == 0


def test_logfile_gets_odoo_format_and_error_still_reaches_stderr(fresh_config, tmp_path, capsys):
    logfile = tmp_path / "odoo.log"
    code = cli.main(["--logfile", str(logfile), "--db_host", "127.0.0.1", "--db_port", "1",
                     "-d", "x", "--stop-after-init"])
    line = logfile.read_text().splitlines()[-1]
    assert (code, bool(LOG_LINE.match(line)), " ERROR ? framework.cli: cannot connect" in line,
            "cannot connect to PostgreSQL" in capsys.readouterr().err) == (1, True, True, True)
