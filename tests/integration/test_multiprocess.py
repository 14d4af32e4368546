"""Several odoo-bin processes on one database at once: a server, shells, cold starts."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import urllib.request

import pytest

from tests.support.cli import child_env, run, server_flags, start, stop, wait_for_port
from tests.support.db import database_names
from tests.support.paths import ODOO_BIN, REPO_DIR


def test_a_server_and_two_shells_share_one_database(pg_address):
    with database_names(pg_address) as new_name:
        name = new_name()
        server = start(*server_flags(pg_address), "-d", name, "-i", "base",
                       "--http-interface", "127.0.0.1", "--http-port", "0")
        try:
            port, _log = wait_for_port(server)
            writer = run("shell", *server_flags(pg_address), "-d", name, stdin=(
                "env['res.partner'].create({'name': 'Written by a shell'})\n"
                "env.cr.commit()\n"))
            reader = run("shell", *server_flags(pg_address), "-d", name, stdin=(
                "print(env['res.partner'].search_count([('name', '=', 'Written by a shell')]))\n"))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health",
                                        timeout=10) as reply:
                health = json.loads(reply.read())
        finally:
            code, rest = stop(server, signal.SIGTERM)
    assert (writer.returncode, reader.returncode, reader.stdout, health, code) == \
        (0, 0, "1\n", {"status": "pass"}, 0), writer.stderr + reader.stderr + rest


@pytest.fixture
def fresh_data_dir():
    """A data dir with no embedded cluster yet, inside the repository.

    Not under tmp_path: as root, the cluster runs as the ``pgserver`` user, which cannot
    enter pytest's private temporary directory. The cluster is stopped and deleted after.
    """
    path = os.path.join(REPO_DIR, ".data", f"test-fresh-{secrets.token_hex(4)}")
    try:
        yield path
    finally:
        if os.path.isdir(os.path.join(path, "pgdata")):
            import pgserver  # already imported by the session (framework.db.embedded)
            # this process becomes the cluster's last user, so cleanup() stops and deletes it
            pgserver.get_server(os.path.join(path, "pgdata"), cleanup_mode="delete").cleanup()
        shutil.rmtree(path, ignore_errors=True)


@pytest.mark.integration       # starts its own embedded server, not the session's (pg_address)
def test_two_processes_starting_the_embedded_server_at_once_both_succeed(fresh_data_dir):
    processes = [subprocess.Popen(
        [sys.executable, str(ODOO_BIN), "--data-dir", fresh_data_dir, "-d", f"cold_{n}",
         "-i", "base", "--stop-after-init"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=child_env(), cwd=REPO_DIR) for n in (1, 2)]
    outputs = [process.communicate(timeout=300)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], "\n".join(outputs)

