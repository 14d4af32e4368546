"""Directories and files the tests use: the repository, its test data dir and test addons."""
from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
ODOO_BIN = REPO_DIR / "odoo-bin"
#: data dir of the test session: the embedded PostgreSQL, filestores, sessions
TEST_DATA_DIR = REPO_DIR / ".data" / "test"
#: the ``test_*`` addons of the suite
ADDONS_DIR = REPO_DIR / "tests" / "addons"
#: addons holding addon tests, some failing on purpose (run by tests/harness, not collected)
HARNESS_ADDONS = REPO_DIR / "tests" / "harness" / "addons"
