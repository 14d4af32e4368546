"""The ``integration`` marker means "needs PostgreSQL": ``pg_address`` gives it (tests/conftest.py).

Checked on the real suite with ``pytest --collect-only`` in a subprocess whose ``PGHOST``
points at a closed port: collecting never needs a server, and the selection by ``-m`` must
follow the fixtures the tests use.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.support.paths import REPO_DIR


def collect(*args: str) -> tuple[list[str], str]:
    """The node ids ``pytest --collect-only -q args...`` selects, and its summary line."""
    env = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": "1"}
    process = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", *args],
                             capture_output=True, text=True, timeout=300, cwd=REPO_DIR, env=env)
    lines = process.stdout.strip().splitlines()
    if process.returncode not in (0, 5) or not lines:        # 5: nothing selected
        raise AssertionError(f"collection failed ({process.returncode}):\n"
                             f"{process.stdout[-3000:]}{process.stderr[-3000:]}")
    return [line for line in lines if "::" in line], lines[-1]


def test_not_integration_keeps_every_unit_test():
    ids, summary = collect("-m", "not integration", "tests/unit")
    assert re.match(r"\d+ tests collected", summary), summary       # none deselected
    assert len(ids) > 200 and all(node.startswith("tests/unit/") for node in ids)


def test_tests_reaching_postgresql_directly_or_through_fixtures_are_integration():
    ids, _summary = collect("-m", "integration", "tests/integration/test_sql_db.py")
    names = {node.split("::")[1] for node in ids}
    assert "test_missing_database_says_how_to_create_it" in names      # pg_address itself
    assert "test_execute_sql_object" in names                          # cr -> db -> pg_address
    assert "test_unreachable_server_is_one_clear_line" not in names    # no server needed
