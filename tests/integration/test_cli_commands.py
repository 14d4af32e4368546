"""odoo-bin's subcommands as a user types them (scaffold, db, neutralize, cloc, start, populate,
help), and --test-file, --load-language, an addon gone from the addons path.

Each runs ``odoo-bin`` in a subprocess on the session's server and data dir.
"""
from __future__ import annotations

import textwrap

import pytest

from framework.db import admin
from tests.support.cli import run, server_flags, start, stop, wait_for_port
from tests.support.db import database_names, query

pytestmark = pytest.mark.integration


def db_flags(pg_address) -> list[str]:
    return server_flags(pg_address)


@pytest.fixture
def new_db_name(pg_address):
    with database_names(pg_address) as new_name:
        yield new_name


# -- scaffold ---------------------------------------------------------------------------------

def test_scaffold_makes_an_addon_that_installs_and_passes_its_test(pg_address, tmp_path,
                                                                    new_db_name):
    made = run("scaffold", "Library Shelf", str(tmp_path))
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    name = new_db_name()
    installed = run(*server_flags(pg_address), "-d", name, "--addons-path", str(tmp_path),
                    "-i", "library_shelf", "--test-enable", "--stop-after-init")
    demo = query(pg_address, name, "SELECT count(*) FROM library_shelf_library_shelf")
    assert (made.returncode, "library_shelf/__manifest__.py" in files,
            "library_shelf/security/ir.model.access.csv" in files,
            "library_shelf/tests/test_library_shelf.py" in files) == (0, True, True, True), made
    assert (installed.returncode, "0 failed, 0 error(s) of 1 tests" in installed.stderr,
            "has no access rules" in installed.stderr, demo) == (0, True, False, [(5,)]), \
        installed.stderr[-3000:]


def test_scaffold_refuses_to_overwrite_an_addon(tmp_path):
    (tmp_path / "shelf").mkdir()
    (tmp_path / "shelf" / "__init__.py").write_text("# mine\n")
    process = run("scaffold", "shelf", str(tmp_path))
    assert (process.returncode, "already exists and is not empty" in process.stderr,
            (tmp_path / "shelf" / "__init__.py").read_text()) == (1, True, "# mine\n")


# -- db -----------------------------------------------------------------------------------------

def test_db_init_list_duplicate_rename_drop(pg_address, new_db_name):
    first, copy, renamed = new_db_name(), new_db_name(), new_db_name()
    flags = db_flags(pg_address)
    steps = [run("db", *flags, "init", first, "--username", "boss", "--password", "secret"),
             run("db", *flags, "duplicate", first, copy),
             run("db", *flags, "rename", copy, renamed)]
    listed = run("db", *flags, "list").stdout.split()
    login = query(pg_address, first, "SELECT login FROM res_users WHERE id = 2")
    dropped = run("db", *flags, "drop", renamed)
    assert [step.returncode for step in steps] == [0, 0, 0], [s.stderr[-2000:] for s in steps]
    assert (first in listed, renamed in listed, copy in listed, login, dropped.returncode,
            admin.database_exists(pg_address, renamed)) == (True, True, False, [("boss",)], 0, False)


def test_db_dump_and_load_round_trip_with_neutralize(pg_address, new_db_name, tmp_path):
    source, restored = new_db_name(), new_db_name()
    flags = db_flags(pg_address)
    assert run("db", *flags, "init", source).returncode == 0
    backup = tmp_path / "backup.zip"
    dumped = run("db", *flags, "dump", source, str(backup))
    loaded = run("db", *flags, "load", "--neutralize", restored, str(backup))
    flag = query(pg_address, restored, "SELECT value FROM ir_config_parameter "
                                       "WHERE key = 'database.is_neutralized'")
    assert (dumped.returncode, loaded.returncode, flag) == (0, 0, [("True",)]), \
        dumped.stderr[-2000:] + loaded.stderr[-2000:]


def test_db_refuses_an_existing_target_without_force(pg_address, new_db_name):
    name = new_db_name()
    flags = db_flags(pg_address)
    assert run("db", *flags, "init", name).returncode == 0
    again = run("db", *flags, "init", name)
    forced = run("db", *flags, "init", "--force", name)
    assert (again.returncode, "already exists; add --force" in again.stderr,
            forced.returncode) == (1, True, 0), again.stderr + forced.stderr


# -- neutralize ---------------------------------------------------------------------------------

def test_neutralize_runs_the_addons_scripts(pg_address, new_db_name):
    name = new_db_name()
    flags = db_flags(pg_address)
    assert run("db", *flags, "init", name).returncode == 0
    printed = run("neutralize", *flags, "-d", name, "--stdout")
    before = query(pg_address, name, "SELECT count(*) FROM ir_config_parameter "
                                     "WHERE key = 'database.is_neutralized'")
    done = run("neutralize", *flags, "-d", name)
    after = query(pg_address, name, "SELECT value FROM ir_config_parameter "
                                    "WHERE key = 'database.is_neutralized'")
    assert (printed.stdout.startswith("BEGIN;\n-- base\n"), before, done.returncode, after) == \
        (True, [(0,)], 0, [("True",)]), printed.stdout + done.stderr


def test_neutralize_names_a_missing_database(pg_address):
    process = run("neutralize", *db_flags(pg_address), "-d", "no_such_db_here")
    assert (process.returncode, "database 'no_such_db_here' does not exist" in process.stderr) == \
        (1, True), process.stderr


# -- cloc, start, help --------------------------------------------------------------------------

def test_cloc_counts_code_lines_without_comments_tests_or_manifest(tmp_path):
    addon = tmp_path / "counted"
    (addon / "tests").mkdir(parents=True)
    (addon / "__manifest__.py").write_text("{'name': 'Counted', 'license': 'LGPL-3'}\n")
    (addon / "__init__.py").write_text('"""A docstring."""\n# a comment\n\nimport os\n'
                                       'VALUE = (\n    1,\n)\n')
    (addon / "data.xml").write_text("<odoo>\n<!-- note\n     more -->\n<data/>\n</odoo>\n")
    (addon / "tests" / "test_x.py").write_text("x = 1\n")
    process = run("cloc", "-p", str(tmp_path))
    row = next(line.split() for line in process.stdout.splitlines() if line.startswith("counted"))
    assert (process.returncode, row) == (0, ["counted", "12", "5", "7"]), process.stdout


def test_start_serves_the_folders_addons_on_a_database_named_after_it(pg_address, tmp_path):
    project = tmp_path / "start_proj"
    made = run("scaffold", "shop_notes", str(project))
    server = start("start", "--path", str(project), *server_flags(pg_address),
                   "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        port, lines = wait_for_port(server)
    finally:
        code, rest = stop(server)
    try:
        state = query(pg_address, "start_proj",
                      "SELECT state FROM ir_module_module WHERE name = 'shop_notes'")
    finally:
        if admin.database_exists(pg_address, "start_proj"):
            admin.drop_database(pg_address, "start_proj")
    assert (made.returncode, state, code) == (0, [("installed",)], 0), "".join(lines) + rest


def test_help_lists_every_command():
    process = run("help")
    assert (process.returncode, [line.split()[0] for line in process.stdout.splitlines()
                                 if line.startswith("    ")]) == \
        (0, ["server", "shell", "scaffold", "db", "neutralize", "cloc", "start", "populate",
             "check", "help"])


# -- --load-language, missing addons ------------------------------------------------------------

def test_load_language_on_a_new_database_is_its_users_language(pg_address, new_db_name):
    name = new_db_name()
    process = run(*server_flags(pg_address), "-d", name, "-i", "base", "--without-demo", "all",
                  "--load-language", "fr_FR", "--stop-after-init")
    langs = query(pg_address, name, "SELECT u.login, p.lang FROM res_users u JOIN res_partner p "
                                    "ON p.id = u.partner_id WHERE u.login = 'admin'")
    company = query(pg_address, name, "SELECT p.lang FROM res_company c JOIN res_partner p "
                                      "ON p.id = c.partner_id WHERE c.id = 1")
    assert (process.returncode, langs, company) == (0, [("admin", "fr_FR")], [("fr_FR",)]), \
        process.stderr[-3000:]


def test_an_installed_addon_gone_from_the_path_is_skipped_with_a_warning(pg_address, tmp_path,
                                                                       new_db_name):
    name = new_db_name()
    assert run("scaffold", "gone_soon", str(tmp_path)).returncode == 0
    installed = run(*server_flags(pg_address), "-d", name, "--addons-path", str(tmp_path),
                    "-i", "gone_soon", "--without-demo", "all", "--stop-after-init")
    without = run(*server_flags(pg_address), "-d", name, "--stop-after-init")
    warnings = [line.split(": ", 1)[1] for line in without.stderr.splitlines()
                if " WARNING " in line and "gone_soon" in line]
    assert (installed.returncode, without.returncode, warnings[:1]) == (0, 0, [
        "module gone_soon: not installable, skipped (not found on the addons path, or "
        "installable is False); add its folder to --addons-path"]), without.stderr[-3000:]


# -- populate -----------------------------------------------------------------------------------

def test_populate_fills_a_database_with_base_models(pg_address, new_db_name):
    name = new_db_name()
    created = run(*server_flags(pg_address), "-d", name, "-i", "base", "--without-demo", "all",
                  "--stop-after-init")
    count = "SELECT (SELECT count(*) FROM res_partner), (SELECT count(*) FROM res_users)"
    [before] = query(pg_address, name, count)
    process = run("populate", *server_flags(pg_address), "-d", name, "--size", "small")
    [after] = query(pg_address, name, count)
    companies = query(pg_address, name, "SELECT count(*) FROM res_partner WHERE is_company "
                                        "AND email LIKE '%%@example.com'")
    assert (created.returncode, process.returncode, process.stdout.splitlines()) == \
        (0, 0, ["res.partner.category: 10 records", "res.partner: 10 records",
                "res.users: 10 records"]), process.stderr[-3000:]
    # 10 partners, and 10 more for the users; a quarter of the partners are companies
    assert (after[0] - before[0], after[1] - before[1], companies[0][0] >= 2) == (20, 10, True)


# -- --test-file --------------------------------------------------------------------------------

def test_test_file_runs_one_file_of_an_installed_addon(pg_address, tmp_path, new_db_name):
    name = new_db_name()
    assert run("scaffold", "filed", str(tmp_path)).returncode == 0
    broken = tmp_path / "filed" / "tests" / "test_broken.py"
    broken.write_text(textwrap.dedent("""\
        from odoo.tests.common import TransactionCase


        class TestBroken(TransactionCase):
            def test_wrong(self):
                self.assertEqual(self.env["filed.filed"].search_count([]), -1)
        """))
    flags = [*server_flags(pg_address), "-d", name, "--addons-path", str(tmp_path)]
    installed = run(*flags, "-i", "filed", "--without-demo", "all", "--stop-after-init")
    passing = run(*flags, "--test-file", str(tmp_path / "filed" / "tests" / "test_filed.py"),
                  "--stop-after-init")
    failing = run(*flags, "--test-file", str(broken), "--stop-after-init")
    assert (installed.returncode, passing.returncode, failing.returncode) == (0, 0, 1), \
        passing.stderr[-2000:] + failing.stderr[-2000:]
    assert ("running tests odoo.addons.filed.tests.test_filed" in passing.stderr,
            "0 failed, 0 error(s) of 1 tests" in passing.stderr,
            "FAIL: TestBroken.test_wrong" in failing.stderr) == (True, True, True)


def test_cloc_of_a_database_counts_its_own_addons_only(pg_address, tmp_path, new_db_name):
    name = new_db_name()
    assert run("scaffold", "counted_app", str(tmp_path)).returncode == 0
    installed = run(*server_flags(pg_address), "-d", name, "--addons-path", str(tmp_path),
                    "-i", "counted_app", "--without-demo", "all", "--stop-after-init")
    process = run("cloc", *server_flags(pg_address), "--addons-path", str(tmp_path), "-d", name)
    rows = [line.split()[0] for line in process.stdout.splitlines()[2:-2]]
    assert (installed.returncode, process.returncode, rows) == (0, 0, ["counted_app"]), \
        process.stdout + process.stderr
