"""Servers started by tests: a free loopback port to give them, waiting until they answer."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import xmlrpc.client
from contextlib import contextmanager
from pathlib import Path

from tests.support.paths import ADDONS_DIR, REPO_DIR, TEST_DATA_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common") as common:
                common.version()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within {seconds}s")


@contextmanager
def workers_server(db: str, log: Path, workers: int = 2):
    """``odoo-bin --workers N`` serving ``db`` alone on a free port, its output in ``log``;
    yields (url, process) once it answers, killed afterwards."""
    port = free_port()
    command = [sys.executable, str(REPO_DIR / "odoo-bin"), "--workers", str(workers), "-p", str(port),
               "--http-interface", "127.0.0.1", "-d", db, "--db-filter", f"^{db}$",
               "--addons-path", str(ADDONS_DIR), "-D", str(TEST_DATA_DIR)]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ}, cwd=REPO_DIR)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(url, process)
        except AssertionError:
            raise AssertionError(Path(log).read_text()[-3000:]) from None
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
