"""Command-line flags, spelled as Odoo spells them, parsed into config option names.

``parse(argv)`` picks the subcommand (``server`` unless the first word says otherwise),
parses its flags and returns an ``Invocation`` holding only the flags actually given, keyed
by their ``framework.config`` names, so that the config file keeps every value the command
line leaves alone. Bad flags or values end in argparse's usage error (exit code 2).
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field

from framework.logging_setup import LOG_LEVELS

COMMANDS = ("server", "shell")
PROG = "odoo-bin"


@dataclass
class Invocation:
    """What the command line asked for."""

    command: str                                   # one of COMMANDS
    values: dict[str, object] = field(default_factory=dict)   # config name -> value given
    rcfile: str | None = None                      # -c/--config
    save: bool = False                             # -s/--save


def parse(argv: Sequence[str]) -> Invocation:
    """Parse ``argv`` (without the program name); SystemExit(2) with a usage message on error."""
    argv = list(argv)
    command = "server"
    if argv and not argv[0].startswith("-"):
        command = argv.pop(0)
        if command not in COMMANDS:
            build_parser("server").error(
                f"unknown command {command!r}; use one of {', '.join(COMMANDS)} "
                "(server is the default when the first argument is a flag)")
    namespace = vars(build_parser(command).parse_args(argv))
    rcfile = namespace.pop("config", None)
    save = bool(namespace.pop("save", False))
    return Invocation(command=command, values=namespace, rcfile=rcfile, save=save)


def build_parser(command: str) -> argparse.ArgumentParser:
    """The parser of one subcommand; unset flags are absent from the result (SUPPRESS)."""
    parser = argparse.ArgumentParser(
        prog=PROG if command == "server" else f"{PROG} {command}",
        usage=f"%(prog)s [options]   ({PROG} {command} --help lists them)"
              if command == "shell" else f"%(prog)s [server|shell] [options]   ({PROG} --help lists them)",
        description=("Run the Odoo-compatible server." if command == "server" else
                     "Open a Python shell (or run a script from stdin) with `env` on a database."),
        argument_default=argparse.SUPPRESS)
    common = parser.add_argument_group("Common options")
    common.add_argument("-c", "--config", dest="config", metavar="FILE",
                        help="read options from this odoo.conf file (default: $ODOO_RC or ~/.odoorc)")
    common.add_argument("-s", "--save", dest="save", action="store_true",
                        help="write the resulting options to the config file, then go on")
    common.add_argument("-i", "--init", dest="init", metavar="MODULES",
                        help="comma-separated modules to install (needs -d)")
    common.add_argument("-u", "--update", dest="update", metavar="MODULES",
                        help="comma-separated modules to update (needs -d)")
    common.add_argument("--without-demo", dest="without_demo", metavar="MODULES",
                        help="'all', or comma-separated modules to install without demo data")
    common.add_argument("--addons-path", dest="addons_path", metavar="DIRS",
                        help="comma-separated extra addons directories")
    common.add_argument("-D", "--data-dir", dest="data_dir", metavar="DIR",
                        help="where the embedded PostgreSQL, filestore and sessions live")
    common.add_argument("--load", "--server-wide-modules", dest="server_wide_modules",
                        metavar="MODULES", help="modules loaded for every database")
    common.add_argument("--load-language", dest="load_language", metavar="LANGS",
                        help="comma-separated languages to activate, with the addons' "
                             "translations of their terms (e.g. fr_FR,nl_NL)")
    common.add_argument("--stop-after-init", dest="stop_after_init", action="store_true",
                        help="exit after installing/updating modules instead of serving")
    common.add_argument("--test-enable", dest="test_enable", action="store_true",
                        help="run the modules' tests after installing/updating them")
    common.add_argument("--test-tags", dest="test_tags", metavar="SPEC",
                        help="which tests to run: comma-separated [-][tag][/module][:class]"
                             "[.method] filters (implies --test-enable)")
    common.add_argument("--pidfile", dest="pidfile", metavar="FILE",
                        help="write the server's process id to this file")
    common.add_argument("--dev", dest="dev_mode", type=_comma_list, metavar="FEATURES",
                        help="developer features, comma-separated (e.g. all,xml,reload)")

    i18n = parser.add_argument_group("Internationalisation",
                                      "export or import the terms of modules, then exit")
    i18n.add_argument("-l", "--language", dest="language", metavar="LANG",
                      help="language of --i18n-export/--i18n-import (e.g. fr_FR)")
    i18n.add_argument("--i18n-export", dest="translate_out", metavar="FILE",
                      help="write the terms of --modules to FILE (.pot without -l, else .po)")
    i18n.add_argument("--i18n-import", dest="translate_in", metavar="FILE",
                      help="load the translations of a .po file into the database (needs -l)")
    i18n.add_argument("--modules", dest="translate_modules", type=_comma_list, metavar="MODULES",
                      help="modules whose terms --i18n-export writes (default: all installed)")
    i18n.add_argument("--i18n-overwrite", dest="overwrite_existing_translations",
                      action="store_true", help="let --i18n-import/--load-language replace "
                                                "existing translations")

    http = parser.add_argument_group("HTTP service")
    http.add_argument("--http-interface", dest="http_interface", metavar="ADDRESS",
                      help="address to listen on (default: all interfaces)")
    http.add_argument("-p", "--http-port", dest="http_port", type=_port, metavar="PORT",
                      help="port to listen on (default: 8069)")
    http.add_argument("--gevent-port", "--longpolling-port", dest="gevent_port", type=_port,
                      metavar="PORT", help="accepted for compatibility; unused")
    http.add_argument("--no-http", dest="http_enable", action="store_const", const=False,
                      help="do not serve HTTP")
    http.add_argument("--proxy-mode", dest="proxy_mode", action="store_true",
                      help="trust X-Forwarded-* headers from a reverse proxy")
    http.add_argument("--x-sendfile", dest="x_sendfile", action="store_true",
                      help="let the reverse proxy send files (X-Sendfile)")

    db = parser.add_argument_group("Database")
    db.add_argument("-d", "--database", dest="db_name", metavar="NAME",
                    help="database to use (created by -i when missing)")
    db.add_argument("-r", "--db_user", dest="db_user", metavar="USER")
    db.add_argument("-w", "--db_password", dest="db_password", metavar="PASSWORD")
    db.add_argument("--db_host", dest="db_host", metavar="HOST",
                    help="PostgreSQL host; omit it to use the embedded server")
    db.add_argument("--db_port", dest="db_port", type=_port, metavar="PORT")
    db.add_argument("--db_sslmode", dest="db_sslmode", metavar="MODE",
                    choices=("disable", "allow", "prefer", "require", "verify-ca", "verify-full"))
    db.add_argument("--db_maxconn", dest="db_maxconn", type=_positive, metavar="N",
                    help="connections per database pool (default: 64)")
    db.add_argument("--db-template", dest="db_template", metavar="TEMPLATE",
                    help="template of new databases (default: template0)")
    db.add_argument("--db-filter", dest="dbfilter", metavar="REGEXP",
                    help="databases the HTTP service may use (%%h: host, %%d: subdomain)")
    db.add_argument("--no-database-list", dest="list_db", action="store_const", const=False,
                    help="hide the database list from clients")
    db.add_argument("--unaccent", dest="unaccent", action="store_true",
                    help="use the unaccent extension in searches")

    logs = parser.add_argument_group("Logging")
    logs.add_argument("--logfile", dest="logfile", metavar="FILE",
                      help="log to this file instead of stderr")
    logs.add_argument("--log-level", dest="log_level", choices=tuple(LOG_LEVELS),
                      metavar="LEVEL", help=f"one of {', '.join(LOG_LEVELS)} (default: info)")

    limits = parser.add_argument_group("Processes and limits")
    limits.add_argument("--workers", dest="workers", type=_natural, metavar="N",
                        help="serve with N processes (gunicorn) instead of threads (default: 0)")
    limits.add_argument("--max-cron-threads", dest="max_cron_threads", type=_natural, metavar="N")
    for flag in ("limit-time-real", "limit-time-cpu", "limit-time-real-cron",
                 "limit-memory-soft", "limit-memory-hard", "limit-request"):
        limits.add_argument(f"--{flag}", dest=flag.replace("-", "_"), type=_integer, metavar="N")

    if command == "shell":
        parser.add_argument("--shell-interface", dest="shell_interface", metavar="NAME",
                            help="accepted for compatibility; the plain Python console is used")
    return parser


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _natural(text: str) -> int:
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {text!r}")
    return value


def _positive(text: str) -> int:
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {text!r}")
    return value


def _port(text: str) -> int:
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number (0-65535), got {text!r}")
    return value


def _comma_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]
