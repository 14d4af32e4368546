"""``odoo-bin shell`` from a terminal: IPython, ptpython or bpython when installed, as in Odoo.

The terminal is a pseudo-terminal; "IPython" is a stand-in package put first on PYTHONPATH,
which prints what the shell hands it.
"""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import textwrap
import time

import pytest

from tests.support.cli import base_database, child_env, server_flags
from tests.support.paths import ODOO_BIN

ODOO_BIN = str(ODOO_BIN)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def console_db(pg_address):
    with base_database(pg_address) as (name, _process):
        yield name


def in_terminal(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str, str]:
    """Run ``odoo-bin args`` with a pseudo-terminal as stdin/stdout; (code, stdout, stderr)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, ODOO_BIN, *args], stdin=slave, stdout=slave,
                               stderr=subprocess.PIPE, env=env, text=True)
    os.close(slave)
    output, deadline = b"", time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _w, _x = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:         # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        code = process.wait(timeout=30)
        stderr = process.stderr.read()
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    return code, output.decode(errors="replace"), stderr


def test_shell_prefers_the_interface_asked_then_the_next_installed(pg_address, console_db,
                                                                   tmp_path):
    package = tmp_path / "IPython"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent("""\
        def start_ipython(argv, user_ns):
            print("stand-in IPython:", sorted(k for k in ("env", "odoo", "self") if k in user_ns),
                  user_ns["env"].uid, flush=True)
        """))
    env = {**child_env(), "PYTHONPATH": str(tmp_path)}
    code, output, stderr = in_terminal(["shell", *server_flags(pg_address), "-d", console_db,
                                        "--shell-interface", "ptpython"], env)
    assert (code, "stand-in IPython: ['env', 'odoo', 'self'] 1" in output,
            "--shell-interface=ptpython: ptpython is not installed" in stderr) == \
        (0, True, True), output + stderr[-3000:]
