"""Servers started by tests: a free loopback port to give them, waiting until they answer."""
from __future__ import annotations

import socket
import subprocess
import time
import xmlrpc.client


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
