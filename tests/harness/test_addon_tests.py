"""Addon tests run by ``odoo-bin --test-enable`` and by the pytest plugin (subprocesses).

The addons are in ``tests/harness/addons``: ``test_harness_pass`` (TransactionCase,
SingleTransactionCase, HttpCase, Form, tags, users) passes; ``test_harness_fail`` has one
failing and one erroring test.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.cli import odoo_bin
from tests.support.db import external_server
from tests.support.paths import HARNESS_ADDONS, REPO_DIR, TEST_DATA_DIR


@pytest.fixture(scope="module")
def failing_run(make_db):
    return odoo_bin("-d", make_db("test_harness_"), "-i", "test_harness_fail", "--test-enable")


def test_failing_addon_test_makes_the_exit_code_non_zero(failing_run):
    assert failing_run.returncode == 1, failing_run.stderr[-3000:]


def test_failures_are_logged_odoo_style(failing_run):
    log = failing_run.stderr
    assert "ERROR: TestBroken.test_errors" in log and "ValueError: an error on purpose" in log
    assert "FAIL: TestBroken.test_fails" in log
    assert "Ran 3 tests in" in log
    assert "1 failed, 1 error(s) of 3 tests when loading database 'test_harness_" in log


def test_passing_addon_tests_exit_zero_with_at_and_post_install_tests(make_db):
    run = odoo_bin("-d", make_db("test_harness_"), "-i", "test_harness_pass", "--test-enable")
    assert run.returncode == 0, run.stderr[-5000:]
    log = run.stderr
    assert "Starting TestItem.test_as_user" in log
    assert "Starting TestHttp.test_authenticated_call_sees_test_data" in log
    assert log.index("Starting TestItem.") < log.index("Starting TestPostInstall.")
    assert "TestNotStandard" not in log
    assert "0 failed, 0 error(s) of 17 tests when loading database" in log


def test_test_tags_choose_the_tests(make_db):
    run = odoo_bin("-d", make_db("test_harness_"), "-i", "test_harness_pass,test_harness_fail",
                   "--test-tags", "/test_harness_fail:TestBroken.test_passes,slow")
    assert run.returncode == 0, run.stderr[-5000:]
    assert "Starting TestBroken.test_passes" in run.stderr
    assert "Starting TestNotStandard.test_only_when_asked" in run.stderr
    assert "0 failed, 0 error(s) of 2 tests" in run.stderr


def run_pytest(addon: str) -> subprocess.CompletedProcess:
    # the plugin is registered by the project's pytest11 entry point: plain `pytest <addon>` works;
    # the embedded server is the session's (not the one of the default data dir)
    data_dir = [] if external_server() else ["--odoo-data-dir", str(TEST_DATA_DIR)]
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           *data_dir, str(HARNESS_ADDONS / addon)],
                          capture_output=True, text=True, timeout=300, cwd=REPO_DIR)


@pytest.mark.usefixtures("pg_address")
def test_pytest_plugin_runs_an_addons_tests_on_a_fresh_database():
    run = run_pytest("test_harness_pass")
    assert run.returncode == 0, run.stdout[-5000:]
    assert "17 passed, 1 deselected" in run.stdout


@pytest.mark.usefixtures("pg_address")
def test_pytest_plugin_reports_failures():
    run = run_pytest("test_harness_fail")
    assert run.returncode == 1
    assert "2 failed, 1 passed" in run.stdout


def test_fake_models_of_odoo_test_helper_come_and_go(make_db):
    """test_harness_fake_models: odoo_test_helper's FakeModelLoader adds a model and an
    _inherit for one class (table, records, reflection), and the next classes find the
    registry, the tables and res.partner as before."""
    run = odoo_bin("-d", make_db("test_harness_"), "-i", "test_harness_fake_models", "--test-enable")
    assert run.returncode == 0, run.stderr[-5000:]
    assert "Starting TestB1AfterRestore.test_registry_is_as_before" in run.stderr
    assert "0 failed, 0 error(s) of 7 tests when loading database" in run.stderr
