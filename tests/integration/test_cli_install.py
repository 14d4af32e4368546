"""odoo-bin -d/-i/-u with the real loader, in subprocesses: databases, addons, load errors.

Runs on the session's server: embedded, or external with --db_host/--db_user flags when the
session has PGHOST (see tests/support/cli.py).
"""
from __future__ import annotations

import os
import re
import textwrap

import pytest

from tests.support.cli import LOG_LINE, problem_lines, run, server_flags
from tests.support.db import database_names, query
from tests.support.paths import ADDONS_DIR


@pytest.fixture(scope="module")
def new_db_name(pg_address):
    with database_names(pg_address) as new_name:
        yield new_name


@pytest.fixture(scope="module")
def base_db(pg_address, new_db_name):
    """A database created by ``-i base``: its name and the finished process."""
    name = new_db_name()
    return name, run(*server_flags(pg_address), "-d", name, "-i", "base", "--stop-after-init")


@pytest.fixture(scope="module")
def orm_db(pg_address, base_db):
    """``base_db`` after ``-i test_orm`` from the test addons: its name and that process."""
    name = base_db[0]
    return name, run(*server_flags(pg_address), "-d", name, "-i", "test_orm",
                     "--addons-path", str(ADDONS_DIR), "--stop-after-init")


def module_state(pg_address, dbname: str, module: str) -> str | None:
    rows = query(pg_address, dbname, "SELECT state FROM ir_module_module WHERE name = %s",
                 (module,))
    return rows[0][0] if rows else None


def test_init_base_creates_the_database_with_superuser_and_admin(pg_address, base_db):
    name, process = base_db
    users = query(pg_address, name, "SELECT id, login FROM res_users WHERE id <= 2 ORDER BY id")
    assert (process.returncode, module_state(pg_address, name, "base"), users) == \
        (0, "installed", [(1, "__system__"), (2, "admin")]), process.stderr


def test_loading_logs_in_odoo_format_naming_the_database(base_db):
    name, process = base_db
    lines = process.stderr.splitlines()
    assert (all(LOG_LINE.match(line) for line in lines),
            any(f" INFO {name} odoo.modules.loading: installing module base" in line
                for line in lines)) == (True, True), process.stderr


def test_init_installs_an_addon_from_the_addons_path(pg_address, orm_db):
    name, process = orm_db
    assert (process.returncode, module_state(pg_address, name, "test_orm")) == \
        (0, "installed"), process.stderr


def test_update_upgrades_an_installed_addon(pg_address, orm_db):
    name, _install = orm_db
    process = run(*server_flags(pg_address), "-d", name, "-u", "test_orm",
                  "--addons-path", str(ADDONS_DIR), "--stop-after-init")
    assert (process.returncode, "updating module test_orm" in process.stderr) == (0, True), \
        process.stderr


def test_second_init_of_an_installed_addon_reuses_the_database(pg_address, orm_db):
    name, _install = orm_db
    process = run(*server_flags(pg_address), "-d", name, "-i", "base",
                  "--addons-path", str(ADDONS_DIR), "--stop-after-init")
    assert (process.returncode, "installing module" in process.stderr,
            "created database" in process.stderr) == (0, False, False), process.stderr


def test_unknown_addon_exits_1_with_one_line_suggesting_close_names(pg_address, base_db):
    process = run(*server_flags(pg_address), "-d", base_db[0], "-i", "test_ormm",
                  "--addons-path", str(ADDONS_DIR), "--stop-after-init")
    lines = problem_lines(process.stderr)
    assert (process.returncode, len(lines), "addon 'test_ormm' is not on the addons path" in
            lines[0], "did you mean 'test_orm'" in lines[0]) == (1, 1, True, True), process.stderr


def test_update_of_a_missing_database_exits_1_saying_how_to_create_it(pg_address, new_db_name):
    name = new_db_name()
    process = run(*server_flags(pg_address), "-d", name, "-u", "base", "--stop-after-init")
    lines = problem_lines(process.stderr)
    assert (process.returncode, len(lines), f"database {name!r} does not exist" in lines[0],
            f"odoo-bin -d {name} -i base" in lines[0]) == (1, 1, True, True), process.stderr


# -- broken addons: one line naming the addon and the file ---------------------------------

MANIFEST = "{'name': 'x', 'depends': %r, 'license': 'LGPL-3'}\n"

BROKEN_ADDONS = {
    "manifest syntax error": ("bad_syntax", "bad_syntax/__manifest__.py", {
        "bad_syntax/__manifest__.py": "{'name': 'x', 'depends': ['base'\n",
        "bad_syntax/__init__.py": ""}),
    "missing dependency": ("needs_ghost", "needs_ghost/__manifest__.py", {
        "needs_ghost/__manifest__.py": MANIFEST % ["ghost_addon"],
        "needs_ghost/__init__.py": ""}),
    "dependency cycle": ("loop_a", "loop_a/__manifest__.py", {
        "loop_a/__manifest__.py": MANIFEST % ["loop_b"], "loop_a/__init__.py": "",
        "loop_b/__manifest__.py": MANIFEST % ["loop_a"], "loop_b/__init__.py": ""}),
    "_inherit of an unknown model": ("orphan_ext", "orphan_ext/models.py", {
        "orphan_ext/__manifest__.py": MANIFEST % ["base"],
        "orphan_ext/__init__.py": "from . import models\n",
        "orphan_ext/models.py": """\
            from odoo import fields, models


            class Orphan(models.Model):
                _inherit = "no.such.model"

                note = fields.Char()
            """}),
    "python syntax error": ("bad_code", "bad_code/__init__.py", {
        "bad_code/__manifest__.py": MANIFEST % ["base"],
        "bad_code/__init__.py": "x = (\n"}),
}


@pytest.mark.parametrize(("addon", "culprit", "files"), BROKEN_ADDONS.values(),
                         ids=BROKEN_ADDONS.keys())
def test_broken_addon_exits_1_with_one_line_naming_addon_and_file(
        pg_address, base_db, tmp_path, addon, culprit, files):
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text))
    process = run(*server_flags(pg_address), "-d", base_db[0], "-i", addon, "--addons-path",
                  f"{ADDONS_DIR},{tmp_path}", "--stop-after-init")
    lines = problem_lines(process.stderr)
    names_addon = re.search(rf"\b{addon}\b", lines[0].replace(str(tmp_path), ""))
    assert (process.returncode, len(lines), bool(names_addon),
            os.path.join(tmp_path, culprit) in lines[0]) == (1, 1, True, True), process.stderr
