"""Directories and files the tests use: the repository, its test data dir and test addons."""
from __future__ import annotations

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
ODOO_BIN = REPO_DIR / "odoo-bin"
#: data dir of the test session: the embedded PostgreSQL, filestores, sessions;
#: ``ODOO_TEST_DATA_DIR`` gives another (relative: to the repository), so that two test
#: sessions can run side by side (.ci/run: the embedded pass beside the external one)
TEST_DATA_DIR = REPO_DIR / os.environ.get("ODOO_TEST_DATA_DIR", ".data/test")
#: the ``test_*`` addons of the suite
ADDONS_DIR = REPO_DIR / "tests" / "addons"
#: addons holding addon tests, some failing on purpose (run by tests/harness, not collected)
HARNESS_ADDONS = REPO_DIR / "tests" / "harness" / "addons"
