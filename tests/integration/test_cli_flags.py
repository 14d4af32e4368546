"""odoo-bin as Odoo 17's: every flag of its --help accepted, flags and config keys alike,
the start-up banner, one line per flag without effect, logs under Odoo's logger names.

Everything runs ``odoo-bin`` in a subprocess, with the session's data dir and no ~/.odoorc.
"""
from __future__ import annotations

import os
import re
import socket
import textwrap
import time
import urllib.request

import pytest

from framework.cli import options
from framework.config import NOT_SAVED, Config
from tests.support.cli import LOG_LINE, base_database, run, server_flags, start, stop
from tests.support.paths import TEST_DATA_DIR

DATA_DIR = str(TEST_DATA_DIR)

pytestmark = pytest.mark.integration

#: Every flag of Odoo 17's ``odoo-bin --help`` (and the hidden aliases it still takes), with
#: a value where it takes one.
ODOO_17_FLAGS: list[list[str]] = [
    ["-c", "/tmp/x.conf"], ["-s"], ["-i", "base"], ["-u", "base"], ["--without-demo", "all"],
    ["-P", "/tmp/partial"], ["--import-partial", "/tmp/partial"], ["--pidfile", "/tmp/pid"],
    ["--addons-path", "/tmp"], ["--upgrade-path", "/tmp"], ["--pre-upgrade-scripts", "/tmp/a.py"],
    ["--load", "base,web"], ["-D", "/tmp/data"], ["--data-dir", "/tmp/data"],
    ["--http-interface", "127.0.0.1"], ["-p", "8070"], ["--http-port", "8070"],
    ["--gevent-port", "8072"], ["--longpolling-port", "8072"], ["--no-http"], ["--proxy-mode"],
    ["--x-sendfile"], ["--db-filter", "^x$"], ["--xmlrpc-interface", "::"],
    ["--xmlrpc-port", "8070"], ["--no-xmlrpc"],
    ["--test-file", "/tmp/t.py"], ["--test-enable"], ["--test-tags", "/base"],
    ["--screencasts", "/tmp/s"], ["--screenshots", "/tmp/s"],
    ["--logfile", "/tmp/log"], ["--syslog"], ["--log-handler", "odoo.orm:DEBUG"], ["--log-web"],
    ["--log-sql"], ["--log-db", "logs"], ["--log-db-level", "warning"],
    ["--log-level", "debug_rpc_answer"],
    ["--email-from", "a@b.c"], ["--from-filter", "b.c"], ["--smtp", "mail"],
    ["--smtp-server", "mail"],
    ["--smtp-port", "465"], ["--smtp-ssl"], ["--smtp-user", "u"], ["--smtp-password", "p"],
    ["--smtp-ssl-certificate-filename", "/c"], ["--smtp-ssl-private-key-filename", "/k"],
    ["-d", "x"], ["--database", "x"], ["-r", "u"], ["--db_user", "u"], ["-w", "p"],
    ["--db_password", "p"], ["--pg_path", "/usr/bin"], ["--db_host", "h"], ["--db_port", "5433"],
    ["--db_sslmode", "require"], ["--db_maxconn", "8"], ["--db-template", "template1"],
    ["--load-language", "fr_FR"], ["-l", "fr_FR"], ["--language", "fr_FR"],
    ["--i18n-export", "/tmp/x.po"], ["--i18n-import", "/tmp/x.po"], ["--i18n-overwrite"],
    ["--modules", "base"], ["--no-database-list"], ["--dev", "reload,xml"],
    ["--shell-interface", "ipython"], ["--stop-after-init"], ["--osv-memory-count-limit", "10"],
    ["--transient-age-limit", "2.5"], ["--max-cron-threads", "1"], ["--unaccent"],
    ["--geoip-city-db", "/g"], ["--geoip-db", "/g"], ["--geoip-country-db", "/g"],
    ["--workers", "2"], ["--limit-memory-soft", "100"], ["--limit-memory-hard", "200"],
    ["--limit-time-cpu", "5"], ["--limit-time-real", "10"], ["--limit-time-real-cron", "5"],
    ["--limit-request", "100"], ["--version"], ["-h"], ["--help"],
]


@pytest.mark.parametrize("flag", ODOO_17_FLAGS, ids=lambda flag: flag[0])
def test_every_odoo_17_flag_is_accepted(flag):
    try:
        options.parse(flag)
    except SystemExit as exc:      # --version and --help end the parse with 0
        assert exc.code == 0, flag


def test_version_prints_the_odoo_series():
    process = run("--version")
    assert (process.returncode, process.stdout.startswith("Odoo Server 17.0")) == (0, True)


def test_help_command_lists_the_commands():
    process = run("help")
    listed = re.findall(r"^    (\w+) ", process.stdout, re.M)
    assert (process.returncode, set(listed) >= {"server", "shell", "help"}) == (0, True)


#: Flags whose saved config key is compared (-s): every saved option, a value each.
SAVED_FLAGS = [
    "--without-demo", "all", "--addons-path", DATA_DIR, "--load", "base,web",
    "-p", "8071", "--http-interface", "127.0.0.1", "--proxy-mode", "--db-filter", "^t",
    "--log-handler", "odoo.http:DEBUG",
    "--log-sql", "--log-level", "warn", "--smtp", "mail.example.com", "--smtp-port", "2525",
    "--email-from", "odoo@example.com", "--db_maxconn", "9", "--db-template", "template1",
    "--no-database-list", "--workers", "0", "--limit-time-real", "99",
    "--limit-request", "77", "--max-cron-threads", "3", "--transient-age-limit", "2.5",
    "--unaccent", "--test-tags", "/base", "--x-sendfile",
]


def test_save_writes_what_config_reads(tmp_path):
    path = tmp_path / "odoo.conf"
    flags = ["--data-dir", DATA_DIR, "--no-http", "--logfile", str(tmp_path / "odoo.log"),
             *SAVED_FLAGS]
    process = run("-c", str(path), "-s", "--stop-after-init", *flags)
    from_flags, from_file = Config(), Config()
    from_flags.load(options.parse(flags).values)
    from_file.load({}, str(path))
    differing = {key: (from_flags[key], from_file.get(key)) for key in from_flags
                 if key not in NOT_SAVED and key != "config" and from_flags[key] != from_file.get(key)}
    assert (process.returncode, differing) == (0, {}), process.stderr


def test_flags_without_effect_say_so_once_at_start_by_flag_or_config_key(tmp_path):
    by_flag = run("--stop-after-init", "--data-dir", DATA_DIR, "--max-cron-threads", "4",
                  "--gevent-port", "9999", "--limit-time-real-cron", "5")
    path = tmp_path / "odoo.conf"
    path.write_text(f"[options]\ndata_dir = {DATA_DIR}\nmax_cron_threads = 4\n"
                    "gevent_port = 9999\nhttp_port = 8069\nlimit_time_real_cron = 5\n")
    by_file = run("-c", str(path), "--stop-after-init")
    lines = [[line.split(": ", 1)[1] for line in process.stderr.splitlines()
              if "has no effect here" in line] for process in (by_flag, by_file)]
    expected = ["--gevent-port has no effect here: there is no long-polling (bus) service",
                "--limit-time-real-cron has no effect here without --workers (as in Odoo's "
                "threaded server)"]
    assert [sorted(found) for found in lines] == [expected, expected], by_flag.stderr


def test_a_default_odoo_conf_warns_about_nothing(tmp_path):
    """An odoo.conf that Odoo's -s wrote holds every key at its default: no line for those."""
    path = tmp_path / "odoo.conf"
    path.write_text(textwrap.dedent(f"""\
        [options]
        data_dir = {DATA_DIR}
        max_cron_threads = 2
        gevent_port = 8072
        limit_memory_hard = 2684354560
        limit_time_cpu = 60
        unaccent = False
        x_sendfile = False
        screenshots = /tmp/odoo_tests
        """))
    process = run("-c", str(path), "--stop-after-init")
    assert (process.returncode, "has no effect" in process.stderr) == (0, False), process.stderr


def test_banner_names_version_addons_paths_and_embedded_data_dir():
    process = run("--stop-after-init", "--data-dir", DATA_DIR)
    log = process.stderr
    assert (" INFO ? odoo: Odoo version 17.0" in log, " INFO ? odoo: addons paths: [" in log,
            f" INFO ? odoo: embedded PostgreSQL in data dir {DATA_DIR}" in log) == \
        (True, True, True), log


def test_a_subprocess_without_data_dir_stays_out_of_the_users_data_dir():
    """The session's XDG_DATA_HOME (tests/conftest.py) is what a forgetful child inherits."""
    process = run("--help")
    assert os.environ["XDG_DATA_HOME"].startswith(os.path.join(os.path.dirname(DATA_DIR), "test")) \
        and process.returncode == 0


@pytest.fixture(scope="module")
def quiet_db(pg_address):
    with base_database(pg_address) as (name, process):
        yield name, process


def test_install_logs_progress_per_module_and_data_file(quiet_db):
    name, process = quiet_db
    log = process.stderr
    assert (f" INFO {name} odoo.modules.loading: installing module base (1/" in log,
            f" INFO {name} odoo.modules.loading: loading base/security/ir.model.access.csv"
            in log) == (True, True), log[-3000:]


def logged_names(log: str) -> set[tuple[str, str]]:
    found = set()
    for line in log.splitlines():
        match = LOG_LINE.match(line)
        if match:
            fields = line.split(" ", 6)
            found.add((fields[3], fields[5].rstrip(":")))
    return found


def sql_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if " odoo.sql_db: " in line and "SELECT" in line]


@pytest.mark.parametrize(("flags", "shows_sql", "shows_debug"), [
    (["--log-level", "debug"], False, True),
    (["--log-level", "debug_sql"], True, False),
    (["--log-handler", "odoo.sql_db:DEBUG"], True, False),
    (["--log-sql"], True, False),
    ([], False, False),
])
def test_log_levels_and_handlers_work_on_odoo_logger_names(pg_address, quiet_db, flags,
                                                            shows_sql, shows_debug):
    process = run(*server_flags(pg_address), "-d", quiet_db[0], "-u", "web", "--stop-after-init",
                  *flags)
    debug_names = {name for level, name in logged_names(process.stderr) if level == "DEBUG"}
    assert (process.returncode, bool(sql_lines(process.stderr)),
            bool(debug_names - {"odoo.sql_db"})) == (0, shows_sql, shows_debug), \
        process.stderr[-3000:]


def test_all_framework_loggers_are_under_odoo(pg_address, quiet_db):
    process = run(*server_flags(pg_address), "-d", quiet_db[0], "--stop-after-init",
                  "--log-level", "debug")
    names = {name for _level, name in logged_names(process.stderr)}
    assert [name for name in names if not name.startswith(("odoo", "werkzeug"))] == [], names


def test_a_model_without_access_rules_is_reported_as_odoo_does(pg_address, quiet_db, tmp_path):
    addon = tmp_path / "open_house"
    (addon / "models").mkdir(parents=True)
    (addon / "__init__.py").write_text("from . import models\n")
    (addon / "__manifest__.py").write_text("{'name': 'Open house', 'depends': ['base'], "
                                           "'license': 'LGPL-3'}\n")
    (addon / "models" / "__init__.py").write_text(textwrap.dedent("""\
        from odoo import fields, models


        class Visit(models.Model):
            _name = "open_house.visit"
            _description = "Visit"

            name = fields.Char()
        """))
    process = run(*server_flags(pg_address), "-d", quiet_db[0], "--addons-path", str(tmp_path),
                  "-i", "open_house", "--stop-after-init")
    warnings = [line.split(" ", 5)[5] for line in process.stderr.splitlines()
                if "has no access rules" in line]
    assert (process.returncode, warnings) == (0, [
        "odoo.modules.loading: The model open_house.visit has no access rules, consider adding "
        "one. E.g. access_open_house_visit,access_open_house_visit,model_open_house_visit,"
        "base.group_user,1,0,0,0"]), process.stderr[-3000:]


def test_limit_memory_soft_replaces_a_worker_after_its_request(pg_address):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = start(*server_flags(pg_address), "--workers", "1", "--limit-memory-soft", "1",
                   "--http-interface", "127.0.0.1", "--http-port", str(port))
    answers = []
    try:
        deadline = time.monotonic() + 60
        while len(answers) < 2 and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=5) as r:
                    answers.append(r.status)
            except OSError:         # not listening yet, or the worker is being replaced
                time.sleep(0.3)
    finally:
        code, rest = stop(server)
    assert (answers, "above --limit-memory-soft 1: it is replaced" in rest) == ([200, 200], True), \
        rest[-3000:]
