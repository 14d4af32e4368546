"""Config: defaults < config file < CLI flags, Odoo's file syntax, save, addons paths."""
from __future__ import annotations

import configparser
import os
import stat
import textwrap

import pytest

from framework.config import FRAMEWORK_DIR, Config, coerce, parse_value, server_wide_modules


@pytest.fixture
def conf_file(tmp_path):
    def write(body: str) -> str:
        path = tmp_path / "odoo.conf"
        path.write_text(textwrap.dedent(body))
        return str(path)
    return write


def test_defaults_follow_odoo():
    config = Config()
    assert (config["http_port"], config["workers"], config["log_level"], config["admin_passwd"],
            config["list_db"], config["db_host"], config["http_interface"]) == \
        (8069, 0, "info", "admin", True, False, "")


def test_default_data_dir_is_users_odoo_share(monkeypatch):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert Config()["data_dir"] == os.path.expanduser("~/.local/share/Odoo")


def test_file_values_are_typed_like_odoo(conf_file):
    config = Config()
    config.read_file(conf_file("""\
        [options]
        http_port = 8070
        proxy_mode = True
        list_db = false
        db_password = None
        server_wide_modules = base,web,pos
        my_addon_key = hello
    """))
    assert (config["http_port"], config["proxy_mode"], config["list_db"], config["db_password"],
            config["server_wide_modules"], config.get("my_addon_key")) == \
        (8070, True, False, None, "base,web,pos", "hello")


def test_server_wide_modules_split_the_load_list_with_base_web_by_default():
    config = Config()
    default = server_wide_modules(config)
    config.update_from_cli({"server_wide_modules": " base, web,,pos "})
    assert (default, server_wide_modules(config), server_wide_modules({})) == \
        (("base", "web"), ("base", "web", "pos"), ("base", "web"))


def test_cli_beats_file_beats_defaults(conf_file):
    config = Config()
    config.load({"http_port": 9000}, conf_file("""\
        [options]
        http_port = 8070
        db_host = db.example
    """))
    assert (config["http_port"], config["db_host"], config["workers"]) == (9000, "db.example", 0)


def test_bad_file_value_names_file_and_option(conf_file):
    path = conf_file("[options]\nhttp_port = eighty\n")
    with pytest.raises(ValueError, match=r"odoo.conf, option http_port: expected a whole number"):
        Config().read_file(path)


def test_other_sections_are_kept_for_get_misc(conf_file):
    config = Config()
    config.read_file(conf_file("[options]\n[my_addon]\nurl = http://x\n"))
    assert config.get_misc("my_addon", "url") == "http://x"


def test_init_and_update_become_odoo_dicts():
    config = Config()
    config.update_from_cli({"init": "base, point_of_sale", "update": "web"})
    assert (config["init"], config["update"]) == ({"base": 1, "point_of_sale": 1}, {"web": 1})


def test_test_tags_imply_test_enable():
    config = Config()
    config.update_from_cli({"test_tags": "/point_of_sale"})
    assert config["test_enable"] is True


@pytest.mark.parametrize(("key", "raw", "expected"), [
    ("db_port", "5433", 5433), ("db_host", "localhost", "localhost"),
    ("limit_time_real_cron", "-1", -1), ("transient_age_limit", "2.5", 2.5),
    ("dev_mode", "xml, reload", ["xml", "reload"]), ("without_demo", True, "all"),
])
def test_coerce_gives_each_option_its_type(key, raw, expected):
    assert coerce(key, raw) == expected


def test_parse_value_reads_odoo_literals():
    assert [parse_value(v) for v in ("True", "false", "None", "base,web")] == \
        [True, False, None, "base,web"]


def test_save_round_trips_and_skips_run_actions(tmp_path):
    path = str(tmp_path / "saved.conf")
    config = Config()
    config.update_from_cli({"http_port": 8071, "db_host": "pg", "init": "base",
                            "stop_after_init": True})
    config.save(path)
    parser = configparser.RawConfigParser()
    parser.read(path)
    reloaded = Config()
    reloaded.read_file(path)
    assert (reloaded["http_port"], reloaded["db_host"], parser.has_option("options", "init"),
            parser.has_option("options", "stop_after_init")) == (8071, "pg", False, False)


def test_saved_file_is_private(tmp_path):
    path = tmp_path / "saved.conf"
    Config().save(str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_addons_paths_put_builtins_first(tmp_path):
    config = Config()
    config["addons_path"] = f"{tmp_path}, {tmp_path}"
    paths = config.addons_paths()
    assert (paths[0], paths[-1], paths.count(str(tmp_path))) == \
        (str(FRAMEWORK_DIR / "addons"), str(tmp_path), 1)


def test_addons_paths_refuse_missing_dir(tmp_path):
    config = Config()
    config["addons_path"] = str(tmp_path / "nope")
    with pytest.raises(ValueError, match=r"addons path entry .*nope.* is not an existing directory"):
        config.addons_paths()
