"""Command-line parsing: Odoo's flag names, only given flags reported, readable usage errors."""
from __future__ import annotations

import pytest

from framework import cli
from framework.cli import options
from framework.config import config
from framework.logging_setup import remove_logging


@pytest.fixture(autouse=True)
def fresh_config(monkeypatch, tmp_path):
    monkeypatch.setenv("ODOO_RC", str(tmp_path / "absent.conf"))
    yield
    config.reset()
    remove_logging()


def test_no_arguments_means_server_with_nothing_set():
    assert options.parse([]) == options.Invocation(command="server")


def test_flags_map_to_odoo_option_names():
    invocation = options.parse([
        "-c", "/etc/odoo.conf", "-s", "-d", "pos", "-i", "base,point_of_sale", "-u", "web",
        "--addons-path", "/a,/b", "--data-dir", "/data", "--db_host", "pg", "--db_port", "5433",
        "--db_user", "odoo", "--db_password", "pw", "--db-filter", "^pos$", "-p", "8070",
        "--http-interface", "127.0.0.1", "--stop-after-init", "--without-demo", "all",
        "--log-level", "debug_sql", "--logfile", "/tmp/odoo.log", "--workers", "2",
        "--proxy-mode", "--test-enable", "--test-tags", "/pos", "--load-language", "fr_FR"])
    assert (invocation.rcfile, invocation.save, invocation.values) == ("/etc/odoo.conf", True, {
        "db_name": "pos", "init": "base,point_of_sale", "update": "web", "addons_path": "/a,/b",
        "data_dir": "/data", "db_host": "pg", "db_port": 5433, "db_user": "odoo",
        "db_password": "pw", "dbfilter": "^pos$", "http_port": 8070,
        "http_interface": "127.0.0.1", "stop_after_init": True, "without_demo": "all",
        "log_level": "debug_sql", "logfile": "/tmp/odoo.log", "workers": 2, "proxy_mode": True,
        "test_enable": True, "test_tags": "/pos", "load_language": "fr_FR"})


def test_shell_subcommand_is_recognised():
    assert options.parse(["shell", "-d", "pos"]) == \
        options.Invocation(command="shell", values={"db_name": "pos"})


def test_equals_form_is_accepted():
    assert options.parse(["--http-port=8080"]).values == {"http_port": 8080}


@pytest.mark.parametrize(("argv", "message"), [
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--db_port", "abc"], "argument --db_port: expected a whole number, got 'abc'"),
    (["--http-port", "70000"], "expected a port number (0-65535), got '70000'"),
    (["--log-level", "loud"], "argument --log-level: invalid choice: 'loud'"),
    (["--workers", "-1"], "argument --workers: expected 0 or more"),
    (["frobnicate"], "unknown command 'frobnicate'"),
])
def test_usage_errors_exit_2_with_a_readable_message(capsys, argv, message):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("usage: odoo-bin")


def test_init_without_database_is_a_usage_error(capsys):
    assert cli.main(["-i", "base"]) == 2
    assert "need a database: add -d NAME" in capsys.readouterr().err


def test_shell_without_database_is_a_usage_error(capsys):
    assert cli.main(["shell"]) == 2
    assert "the shell needs a database" in capsys.readouterr().err


def test_missing_config_file_is_a_usage_error(capsys, tmp_path):
    assert cli.main(["-c", str(tmp_path / "nope.conf")]) == 2
    assert "nope.conf does not exist" in capsys.readouterr().err


def test_missing_addons_dir_is_a_usage_error(capsys, tmp_path):
    assert cli.main(["--addons-path", str(tmp_path / "gone")]) == 2
    assert "is not an existing directory" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert cli.main(["--help"]) == 0
    assert "--db_host HOST" in capsys.readouterr().out


def test_help_explains_the_time_limit_of_scheduled_actions(capsys):
    assert cli.main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--limit-time-real-cron SECONDS time a scheduled action may run before it is " \
           "stopped and rolled back, with --workers (default -1:" in text
    assert "0: no limit)" in text.split("--limit-time-real-cron SECONDS", 1)[1][:200]
    assert options.parse(["--limit-time-real-cron", "30"]).values["limit_time_real_cron"] == 30


def test_load_config_applies_file_then_flags_and_saves(tmp_path):
    path = tmp_path / "odoo.conf"
    path.write_text("[options]\nhttp_port = 8070\nworkers = 3\n")
    cli.load_config(options.parse(["-c", str(path), "-s", "--workers", "5"]))
    saved = path.read_text()
    assert (config["http_port"], config["workers"], "workers = 5" in saved) == (8070, 5, True)


def test_odoo_rc_is_read_when_no_c(tmp_path, monkeypatch):
    path = tmp_path / "rc.conf"
    path.write_text("[options]\nhttp_port = 8099\n")
    monkeypatch.setenv("ODOO_RC", str(path))
    cli.load_config(options.parse([]))
    assert config["http_port"] == 8099
