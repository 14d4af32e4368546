"""``./odoo-bin`` without workers (werkzeug, threaded): SIGTERM drains the requests in progress."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.support.paths import ADDONS_DIR, REPO_DIR, TEST_DATA_DIR
from tests.support.ports import free_port, wait_until_up


def test_sigterm_lets_the_request_in_progress_finish(http_db, tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    command = [sys.executable, str(REPO_DIR / "odoo-bin"), "-p", str(port), "--http-interface",
               "127.0.0.1", "-d", http_db, "--db-filter", f"^{http_db}$",
               "--addons-path", str(ADDONS_DIR), "-D", str(TEST_DATA_DIR)]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ}, cwd=REPO_DIR)
    url = f"http://127.0.0.1:{port}"
    answers: list = []
    try:
        wait_until_up(url, process)
        slow = threading.Thread(target=lambda: answers.append(
            urllib.request.urlopen(f"{url}/test_http/slow?seconds=1.5", timeout=30).read()))
        slow.start()
        time.sleep(0.5)                     # the request is being served
        process.send_signal(signal.SIGTERM)
        slow.join(30)
        status = process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert answers == [b"done"] and status == 0, Path(log).read_text()[-3000:]
