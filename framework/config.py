"""Server options under Odoo's names: defaults < config file (``-c``) < command-line flags.

``config`` at the bottom is the one sanctioned module-level global of the framework: it
mirrors Odoo's ``odoo.tools.config``, which addons read directly
(``config['data_dir']``, ``config.get('my_key')``). ``framework.cli`` fills it once at start;
everything else treats it as read-only. Code that can take a ``Config`` argument should.

The file format is Odoo's: an INI file whose ``[options]`` section holds the options;
``True``/``False``/``None`` are read as such, comma lists stay strings, unknown keys are
kept (addons read their own). Other sections are reachable with ``get_misc``.
"""
from __future__ import annotations

import configparser
import os
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

FRAMEWORK_DIR = Path(__file__).resolve().parent
REPO_DIR = FRAMEWORK_DIR.parent

#: name -> default; the default's type is the option's type (``False`` means "unset text").
DEFAULTS: dict[str, object] = {
    # where things are
    "addons_path": "", "data_dir": "", "root_path": str(FRAMEWORK_DIR), "pidfile": False,
    "server_wide_modules": "base,web", "upgrade_path": "", "pre_upgrade_scripts": "",
    "import_partial": "", "pg_path": "",
    # database server
    "db_host": False, "db_port": False, "db_user": False, "db_password": False,
    "db_name": False, "db_template": "template0", "db_maxconn": 64, "db_sslmode": "prefer",
    "dbfilter": "", "list_db": True, "unaccent": False,
    "db_replica_host": False, "db_replica_port": False, "db_maxconn_gevent": False,
    # HTTP
    "http_enable": True, "http_interface": "", "http_port": 8069, "gevent_port": 8072,
    "proxy_mode": False, "x_sendfile": False,
    # processes and limits
    "workers": 0, "max_cron_threads": 2, "limit_time_real": 120, "limit_time_cpu": 60,
    "limit_time_real_cron": -1, "limit_memory_soft": 2048 * 1024 * 1024,
    "limit_memory_hard": 2560 * 1024 * 1024, "limit_request": 65536,
    "limit_memory_soft_gevent": False, "limit_memory_hard_gevent": False,
    "limit_time_worker_cron": 0, "collector": "server",
    "osv_memory_count_limit": 0, "transient_age_limit": 1.0,
    # modules
    "init": {}, "update": {}, "without_demo": False, "stop_after_init": False,
    "test_enable": False, "test_tags": None, "test_file": False,
    "load_language": None, "language": None, "translate_modules": ["all"],
    "dev_mode": [], "shell_interface": None, "overwrite_existing_translations": False,
    "test_report_directory": False, "screencasts": "", "screenshots": "/tmp/odoo_tests",
    "geoip_city_db": "/usr/share/GeoIP/GeoLite2-City.mmdb",
    "geoip_country_db": "/usr/share/GeoIP/GeoLite2-Country.mmdb",
    # logging
    "log_level": "info", "logfile": None, "log_handler": [":INFO"], "log_db": False,
    "log_db_level": "warning", "syslog": False,
    # security and mail
    "admin_passwd": "admin", "csv_internal_sep": ",", "email_from": False,
    "smtp_server": "localhost", "smtp_port": 25, "smtp_ssl": False, "smtp_user": False,
    "smtp_password": False, "smtp_ssl_certificate_filename": False,
    "smtp_ssl_private_key_filename": False, "from_filter": False, "reportgz": False,
}

#: Options whose default (``False``/``None``) does not tell their type.
TYPES: dict[str, type] = {
    **dict.fromkeys(("db_host", "db_user", "db_password", "db_name", "pidfile", "email_from",
                     "smtp_user", "smtp_password", "test_file", "test_tags", "logfile",
                     "load_language", "language", "without_demo", "shell_interface",
                     "test_report_directory", "db_replica_host", "from_filter",
                     "smtp_ssl_certificate_filename", "smtp_ssl_private_key_filename", "log_db"), str),
    **dict.fromkeys(("db_port", "db_replica_port", "db_maxconn_gevent",
                     "limit_memory_soft_gevent", "limit_memory_hard_gevent"), int),
}

#: Never written by ``save``: per-run actions, not settings.
NOT_SAVED = frozenset({"init", "update", "config", "save", "stop_after_init", "shell_interface",
                       "load_language", "dev_mode", "root_path", "translate_modules"})


class Config(MutableMapping):
    """Odoo's option set; see the module docstring for precedence and file format."""

    def __init__(self) -> None:
        self.options: dict[str, object] = {}
        self.misc: dict[str, dict[str, object]] = {}
        self.reset()

    # -- loading ------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the defaults (and forget the config file)."""
        self.options = {key: _copy(value) for key, value in DEFAULTS.items()}
        self.options["data_dir"] = default_data_dir()
        self.options["config"] = None
        self.misc = {}

    def load(self, cli_values: Mapping[str, object], rcfile: str | None = None) -> None:
        """Rebuild the options: defaults, then ``rcfile`` if given, then ``cli_values``."""
        self.reset()
        if rcfile:
            self.read_file(rcfile)
        self.update_from_cli(cli_values)

    def read_file(self, path: str) -> None:
        """Merge an odoo.conf file; a bad value raises ValueError naming file and option."""
        parser = configparser.RawConfigParser()
        try:
            with open(path, encoding="utf-8") as handle:
                parser.read_file(handle)
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise ValueError(f"config file {path} is not a valid INI file: {exc}") from exc
        for section in parser.sections():
            values = {key: parse_value(raw) for key, raw in parser.items(section)}
            if section != "options":
                self.misc.setdefault(section, {}).update(values)
                continue
            for key, value in values.items():
                try:
                    self.options[key] = coerce(key, value)
                except ValueError as exc:
                    raise ValueError(f"config file {path}, option {key}: {exc}") from exc
        self.options["config"] = os.path.abspath(path)

    def update_from_cli(self, values: Mapping[str, object]) -> None:
        """Merge already-typed flag values (as ``framework.cli.options`` produces them)."""
        for key, value in values.items():
            self.options[key] = coerce(key, value)
        if values.get("test_tags"):
            self.options["test_enable"] = True

    def save(self, path: str | None = None) -> None:
        """Write the options to an odoo.conf ``[options]`` file (mode 0600: it holds passwords)."""
        path = path or self.options.get("config") or default_rcfile()
        parser = configparser.RawConfigParser()
        parser.add_section("options")
        for key in sorted(self.options):
            value = self.options[key]
            if key in NOT_SAVED or isinstance(value, dict):
                continue
            parser.set("options", key, _format_value(value))
        for section, values in sorted(self.misc.items()):
            parser.add_section(section)
            for key, value in values.items():
                parser.set(section, key, _format_value(value))
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            parser.write(handle)
        self.options["config"] = os.path.abspath(path)

    # -- derived values -----------------------------------------------------------------

    def addons_paths(self) -> list[str]:
        """Built-in addon dirs first (framework/addons, the applications), then --addons-path.

        The applications are the checkout's ``addons/``, or, in an installed copy (``pip
        install .``), ``framework/apps`` where setup.py ships them.
        """
        apps = REPO_DIR / "addons" if (REPO_DIR / "addons").is_dir() else FRAMEWORK_DIR / "apps"
        paths = [str(p) for p in (FRAMEWORK_DIR / "addons", apps) if p.is_dir()]
        for entry in str(self.options.get("addons_path") or "").split(","):
            entry = entry.strip()
            if not entry:
                continue
            path = os.path.abspath(os.path.expanduser(entry))
            if not os.path.isdir(path):
                raise ValueError(f"addons path entry {entry!r} is not an existing directory "
                                 f"({path}); fix --addons-path or addons_path in the config file")
            if path not in paths:
                paths.append(path)
        return paths

    def filestore(self, dbname: str) -> str:
        """Where attachments of ``dbname`` are stored (``<data_dir>/filestore/<dbname>``)."""
        return os.path.join(str(self.options["data_dir"]), "filestore", dbname)

    @property
    def session_dir(self) -> str:
        return os.path.join(str(self.options["data_dir"]), "sessions")

    def get_misc(self, section: str, key: str, default: object = None) -> object:
        """A value from a config-file section other than ``[options]``."""
        return self.misc.get(section, {}).get(key, default)

    # -- mapping protocol ---------------------------------------------------------------

    def __getitem__(self, key: str) -> object:
        return self.options[key]

    def __setitem__(self, key: str, value: object) -> None:
        self.options[key] = value

    def __delitem__(self, key: str) -> None:
        del self.options[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.options)

    def __len__(self) -> int:
        return len(self.options)

    def __repr__(self) -> str:
        return f"<Config {self.options.get('config') or '(no file)'}>"


def parse_value(raw: str) -> object:
    """Odoo's file syntax: ``True``/``False``/``None`` (any case), anything else stays text."""
    return {"true": True, "false": False, "none": None}.get(raw.strip().lower(), raw)


def coerce(key: str, value: object) -> object:
    """Give ``value`` the type of ``key``'s default; ValueError says what was expected."""
    default = DEFAULTS.get(key)
    if key in ("init", "update") and isinstance(value, str):
        return dict.fromkeys((m.strip() for m in value.split(",") if m.strip()), 1)
    if key in ("data_dir", "logfile", "pidfile") and isinstance(value, str) and value:
        return os.path.abspath(os.path.expanduser(value))
    if key == "without_demo" and value is True:
        return "all"
    if value is None or value is False or not isinstance(value, str):
        return value
    kind = TYPES.get(key) or type(default)
    if kind is bool:
        raise ValueError(f"expected True or False, got {value!r}")
    if kind is int:
        if not value.strip().lstrip("-").isdigit():
            raise ValueError(f"expected a whole number, got {value!r}")
        return int(value)
    if kind is float:
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    if kind is list:
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def server_wide_modules(options: Mapping[str, object]) -> tuple[str, ...]:
    """The addons of ``--load`` (``server_wide_modules``), ``base,web`` when unset: loaded
    in every process and serving the requests that name no database."""
    value = options.get("server_wide_modules") or "base,web"
    return tuple(name.strip() for name in str(value).split(",") if name.strip())


def default_data_dir() -> str:
    """``$XDG_DATA_HOME/Odoo``, i.e. ``~/.local/share/Odoo`` on most systems (as Odoo)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return os.path.join(base, "Odoo")


def default_rcfile() -> str:
    """``$ODOO_RC`` if set, else ``~/.odoorc`` (Odoo's default config file)."""
    return os.environ.get("ODOO_RC") or os.path.expanduser("~/.odoorc")


def _format_value(value: object) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)       # True/False/None print as Odoo writes them


def _copy(value: object) -> object:
    return type(value)(value) if isinstance(value, (dict, list)) else value


config = Config()
