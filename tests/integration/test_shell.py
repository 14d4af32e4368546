"""``odoo-bin shell -d NAME`` with a script on stdin, on a database installed by odoo-bin."""
from __future__ import annotations

import json
import textwrap

import pytest

from tests.support.cli import run, server_flags
from tests.support.db import database_names


@pytest.fixture(scope="module")
def shell_db(pg_address):
    with database_names(pg_address) as new_name:
        name = new_name()
        process = run(*server_flags(pg_address), "-d", name, "-i", "base", "--stop-after-init")
        assert process.returncode == 0, process.stderr
        yield name


@pytest.fixture
def shell(pg_address, shell_db):
    """Run a script in ``odoo-bin shell`` on ``shell_db``; returns the finished process."""
    def run_script(script: str):
        return run("shell", *server_flags(pg_address), "-d", shell_db,
                   stdin=textwrap.dedent(script))
    return run_script


def count_partners(shell, name: str) -> int:
    process = shell(f"print(env['res.partner'].search_count([('name', '=', {name!r})]))\n")
    assert process.returncode == 0, process.stderr
    return int(process.stdout)


def test_script_gets_odoo_env_as_superuser_and_self_as_its_user(shell):
    process = shell("""\
        import json
        import framework.orm.models
        print(json.dumps([odoo.__name__, odoo.models is framework.orm.models, env.uid,
                          self._name, self.ids, self == env.user, self.login]))
        """)
    assert (process.returncode, json.loads(process.stdout)) == \
        (0, ["odoo", True, 1, "res.users", [1], True, "__system__"]), process.stderr


def test_writes_are_rolled_back_when_the_script_does_not_commit(shell):
    process = shell("env['res.partner'].create({'name': 'Shell, not committed'})\n")
    assert (process.returncode, count_partners(shell, "Shell, not committed")) == (0, 0), \
        process.stderr


def test_writes_committed_by_the_script_stay(shell):
    process = shell("""\
        env['res.partner'].create({'name': 'Shell, committed'})
        env.cr.commit()
        env['res.partner'].create({'name': 'Shell, after the commit'})
        """)
    assert (process.returncode, count_partners(shell, "Shell, committed"),
            count_partners(shell, "Shell, after the commit")) == (0, 1, 0), process.stderr


def test_exit_code_is_the_one_the_script_passes_to_sys_exit(shell):
    assert shell("import sys\nsys.exit(3)\n").returncode == 3


def test_script_error_exits_1_with_its_traceback(shell):
    process = shell("1 / 0\n")
    assert (process.returncode, "Traceback" in process.stderr,
            "ZeroDivisionError" in process.stderr) == (1, True, True)


def test_shell_on_a_missing_database_exits_1_with_one_line(pg_address):
    process = run("shell", *server_flags(pg_address), "-d", "test_cli_no_such_db",
                  stdin="print('never')\n")
    lines = process.stderr.strip().splitlines()
    assert (process.returncode, len(lines), process.stdout,
            "database 'test_cli_no_such_db' does not exist" in lines[0]) == (1, 1, "", True)
