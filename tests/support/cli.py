"""odoo-bin in a subprocess, on the session's server.

Every run of ``run``/``start`` gets the flags reaching the test session's PostgreSQL
(``server_flags``): the embedded server under ``.data/test``, or ``--db_host/--db_port/--db_user``
when the session runs against an external server (``PGHOST`` set, as in the second pass of
``.ci/run``). The child's environment carries no ``PG*`` variable, so the flags are what is
being tested, and no ``~/.odoorc`` is read. ``odoo_bin`` runs the harness addons instead, with
the environment passed on as it is.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from framework.db import ServerAddress

from .db import database_names, external_server
from .paths import HARNESS_ADDONS, ODOO_BIN, REPO_DIR, TEST_DATA_DIR

#: ``2026-11-28 10:00:00,123 4242 INFO dbname logger.name: message``
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (DEBUG|INFO|WARNING|ERROR|"
                      r"CRITICAL) \S+ [\w.]+: ")
TIMEOUT = 120
#: The start-up banner's lines (``odoo: Odoo version 17.0``, addons paths, database...).
BANNER_LINE = re.compile(r" INFO \S+ odoo: ")


def problem_lines(stderr: str) -> list[str]:
    """The lines of ``stderr`` after leaving out the start-up banner."""
    return [line for line in stderr.strip().splitlines() if not BANNER_LINE.search(line)]


def server_flags(address: ServerAddress) -> list[str]:
    """odoo-bin flags that reach ``address``, the test session's server."""
    flags = ["--data-dir", str(TEST_DATA_DIR)]
    if not external_server():
        return flags                    # embedded: found through the data dir
    flags += ["--db_host", str(address.host)]
    for flag, value in (("--db_port", address.port), ("--db_user", address.user),
                        ("--db_password", address.password)):
        if value is not None:
            flags += [flag, str(value)]
    return flags


def child_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["ODOO_RC"] = str(TEST_DATA_DIR / "absent.conf")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python odoo-bin args...`` to completion; output captured as text."""
    return subprocess.run([sys.executable, str(ODOO_BIN), *args], input=stdin, capture_output=True,
                          text=True, env=child_env(), timeout=TIMEOUT, cwd=REPO_DIR)


def start(*args: str) -> subprocess.Popen:
    """``python odoo-bin args...`` in the background; stderr (the log) is piped."""
    return subprocess.Popen([sys.executable, str(ODOO_BIN), *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=child_env(), cwd=REPO_DIR)


def wait_for_port(process: subprocess.Popen, timeout: float = TIMEOUT) -> tuple[int, list[str]]:
    """Read the log until the 'running on' line; the port served and the lines read."""
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


def stop(process: subprocess.Popen, signum: int = signal.SIGTERM) -> tuple[int, str]:
    """Send ``signum``; the exit code and the rest of the log."""
    try:
        process.send_signal(signum)
        rest = process.stderr.read()
        return process.wait(timeout=TIMEOUT), rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


def odoo_bin(*args: str) -> subprocess.CompletedProcess:
    """``python odoo-bin args...`` on the harness addons with ``--stop-after-init``, in the
    environment of the tests (``PG*`` included); output captured as text."""
    data_dir = [] if external_server() else ["--data-dir", str(TEST_DATA_DIR)]
    return subprocess.run([sys.executable, str(ODOO_BIN), *data_dir,
                           "--addons-path", str(HARNESS_ADDONS), "--stop-after-init", *args],
                          capture_output=True, text=True, timeout=300, cwd=REPO_DIR,
                          env={**os.environ, "ODOO_RC": str(TEST_DATA_DIR / "absent.conf")})


@contextmanager
def base_database(address: ServerAddress) -> Iterator[tuple[str, subprocess.CompletedProcess]]:
    """A database made by ``odoo-bin -d NAME -i base --without-demo all`` (name, process);
    dropped on exit."""
    with database_names(address) as new_name:
        name = new_name()
        process = run(*server_flags(address), "-d", name, "-i", "base", "--without-demo", "all",
                      "--stop-after-init")
        if process.returncode:
            raise AssertionError(f"odoo-bin -i base failed:\n{process.stderr[-3000:]}")
        yield name, process
