"""Command-line flags, spelled as Odoo 17 spells them, parsed into config option names.

``parse(argv)`` picks the subcommand (``server`` unless the first word says otherwise),
parses its flags and returns an ``Invocation`` holding only the flags actually given, keyed
by their ``framework.config`` names, so that the config file keeps every value the command
line leaves alone. Bad flags or values end in argparse's usage error (exit code 2).

Every flag of Odoo 17's ``odoo-bin --help`` is accepted, so that existing scripts and
``odoo.conf`` files work. Those whose feature this server does not have are listed in
``NO_EFFECT``, by option name: ``no_effect_lines(config)`` gives the start-up line for each
one set to something other than its default, whether by flag or by config file.
"""
from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from framework import release
from framework.config import DEFAULTS
from framework.logging_setup import LOG_LEVELS

#: Subcommand -> one line of help (``odoo-bin help`` lists them).
COMMANDS: dict[str, str] = {
    "server": "start the server (the default when the first argument is a flag)",
    "shell": "a Python console (or a script on stdin) with env on a database",
    "scaffold": "create a new addon from a template (scaffold NAME [DIR])",
    "db": "init, dump, load, duplicate, rename, drop or list databases",
    "neutralize": "make a copy of a production database safe to play with",
    "cloc": "count the lines of code of addons (-p PATH) or of a database's own (-d NAME)",
    "start": "serve the addons of the current folder on a database named after it",
    "populate": "fill a database with generated records (--models, --size)",
    "check": "report what an addon uses and whether this server has it, before installing",
    "help": "list the commands",
}
#: Commands parsed by their own module, not by ``build_parser``.
OWN_PARSERS = ("scaffold", "db", "neutralize", "cloc", "start", "populate", "check", "help")
PROG = "odoo-bin"

#: Option -> why setting it changes nothing here (one start-up line names it).
NO_EFFECT: dict[str, str] = {
    "import_partial": "data files load in one transaction per addon",
    "upgrade_path": "addon migration scripts are not run by this server",
    "pre_upgrade_scripts": "addon migration scripts are not run by this server",
    "gevent_port": "there is no long-polling (bus) service",
    "x_sendfile": "files are sent by the server itself",
    "test_report_directory": "reports are not rendered",
    "screencasts": "HttpCase runs no browser here",
    "screenshots": "HttpCase runs no browser here",
    "smtp_ssl_certificate_filename": "SMTP logins by certificate are not supported; use "
                                     "--smtp-user and --smtp-password",
    "smtp_ssl_private_key_filename": "SMTP logins by certificate are not supported; use "
                                     "--smtp-user and --smtp-password",
    "db_replica_host": "every query goes to the main database server",
    "db_replica_port": "every query goes to the main database server",
    "db_maxconn_gevent": "there is no gevent worker",
    "limit_time_worker_cron": "the runner threads are not restarted after a time",
    "limit_memory_soft_gevent": "there is no gevent worker",
    "limit_memory_hard_gevent": "there is no gevent worker",
    "geoip_city_db": "there is no GeoIP lookup",
    "geoip_country_db": "there is no GeoIP lookup",
    "unaccent": "new databases are created without the unaccent extension",
    "limit_time_cpu": "workers serve several requests at once (threads), so a request's CPU "
                      "time is not limited; --limit-time-real applies",
}
#: Options honoured only with --workers (as in Odoo, whose threaded server ignores them).
WORKERS_ONLY = ("limit_memory_soft", "limit_memory_hard", "limit_time_real_cron")


@dataclass
class Invocation:
    """What the command line asked for."""

    command: str                                   # one of COMMANDS
    values: dict[str, object] = field(default_factory=dict)   # config name -> value given
    rcfile: str | None = None                      # -c/--config
    save: bool = False                             # -s/--save
    args: list[str] = field(default_factory=list)  # the rest, for OWN_PARSERS commands


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
    if command in OWN_PARSERS:
        return Invocation(command=command, args=argv)
    namespace = vars(build_parser(command).parse_args(argv))
    rcfile = namespace.pop("config", None)
    save = bool(namespace.pop("save", False))
    return Invocation(command=command, values=namespace, rcfile=rcfile, save=save)


def no_effect_lines(options: Mapping[str, object]) -> list[str]:
    """One line per option set away from its default whose feature this server lacks."""
    lines = []
    for name, reason in NO_EFFECT.items():
        if _is_set(options, name):
            lines.append(f"{flag_of(name)} has no effect here: {reason}")
    if not int(options.get("workers") or 0):
        for name in WORKERS_ONLY:
            if _is_set(options, name):
                lines.append(f"{flag_of(name)} has no effect here without --workers "
                             "(as in Odoo's threaded server)")
    return lines


def flag_of(option: str) -> str:
    """The long flag that sets ``option`` (``max_cron_threads`` -> ``--max-cron-threads``)."""
    for action in build_parser("server")._actions:
        long_flags = [flag for flag in action.option_strings if flag.startswith("--")]
        if action.dest == option and long_flags:
            return long_flags[0]
    return option


def _is_set(options: Mapping[str, object], name: str) -> bool:
    value, default = options.get(name), DEFAULTS.get(name)
    return value not in (None, False, "", default) and value != default


def build_parser(command: str) -> argparse.ArgumentParser:
    """The parser of one subcommand; unset flags are absent from the result (SUPPRESS)."""
    parser = argparse.ArgumentParser(
        prog=PROG if command == "server" else f"{PROG} {command}",
        usage=f"%(prog)s [options]   ({PROG} {command} --help lists them)"
              if command != "server" else
              f"%(prog)s [{'|'.join(COMMANDS)}] [options]   ({PROG} --help lists them)",
        description=COMMANDS.get(command, "").capitalize() + ".",
        argument_default=argparse.SUPPRESS)
    parser.add_argument("--version", action="version",
                        version=f"Odoo Server {release.version} ({release.description})")
    hidden = argparse.SUPPRESS

    common = parser.add_argument_group("Common options")
    common.add_argument("-c", "--config", dest="config", metavar="FILE",
                        help="read options from this odoo.conf file (default: $ODOO_RC or ~/.odoorc)")
    common.add_argument("-s", "--save", dest="save", action="store_true",
                        help="write the resulting options to the config file, then go on")
    common.add_argument("-i", "--init", dest="init", metavar="MODULES",
                        help="comma-separated modules to install (needs -d)")
    common.add_argument("-u", "--update", dest="update", metavar="MODULES",
                        help="comma-separated modules to update, or all (needs -d)")
    common.add_argument("--without-demo", dest="without_demo", metavar="MODULES",
                        help="'all', or comma-separated modules to install without demo data")
    common.add_argument("-P", "--import-partial", dest="import_partial", metavar="FILE",
                        help="accepted for compatibility; no effect here")
    common.add_argument("--pidfile", dest="pidfile", metavar="FILE",
                        help="write the server's process id to this file")
    common.add_argument("--addons-path", dest="addons_path", metavar="DIRS",
                        help="comma-separated extra addons directories")
    common.add_argument("--upgrade-path", dest="upgrade_path", metavar="DIRS",
                        help="accepted for compatibility; no effect here")
    common.add_argument("--pre-upgrade-scripts", dest="pre_upgrade_scripts", metavar="FILES",
                        help="accepted for compatibility; no effect here")
    common.add_argument("--load", "--server-wide-modules", dest="server_wide_modules",
                        metavar="MODULES", help="modules loaded for every database (default: base,web)")
    common.add_argument("-D", "--data-dir", dest="data_dir", metavar="DIR",
                        help="where the embedded PostgreSQL, filestore and sessions live")

    http = parser.add_argument_group("HTTP service")
    http.add_argument("--http-interface", "--xmlrpc-interface", dest="http_interface",
                      metavar="ADDRESS", help="address to listen on (default: all interfaces)")
    http.add_argument("-p", "--http-port", "--xmlrpc-port", dest="http_port", type=_port,
                      metavar="PORT", help="port to listen on (default: 8069)")
    http.add_argument("--gevent-port", "--longpolling-port", dest="gevent_port", type=_port,
                      metavar="PORT", help="accepted for compatibility; no effect here")
    http.add_argument("--no-http", "--no-xmlrpc", dest="http_enable", action="store_const",
                      const=False, help="do not serve HTTP")
    http.add_argument("--proxy-mode", dest="proxy_mode", action="store_true",
                      help="trust X-Forwarded-* headers from a reverse proxy")
    http.add_argument("--x-sendfile", dest="x_sendfile", action="store_true",
                      help="accepted for compatibility; no effect here")
    http.add_argument("--db-filter", dest="dbfilter", metavar="REGEXP",
                      help="databases the HTTP service may use (%%h: host, %%d: subdomain)")

    tests = parser.add_argument_group("Testing")
    tests.add_argument("--test-enable", dest="test_enable", action="store_true",
                       help="run the modules' tests after installing/updating them")
    tests.add_argument("--test-tags", dest="test_tags", metavar="SPEC",
                       help="which tests to run: comma-separated [-][tag][/module][:class]"
                            "[.method] filters (implies --test-enable)")
    tests.add_argument("--test-file", dest="test_file", metavar="FILE",
                       help="run the tests of this file of an installed addon (needs -d)")
    tests.add_argument("--test-report-directory", dest="test_report_directory", metavar="DIR",
                       help=hidden)
    tests.add_argument("--screencasts", dest="screencasts", metavar="DIR",
                       help="accepted for compatibility; no effect here")
    tests.add_argument("--screenshots", dest="screenshots", metavar="DIR",
                       help="accepted for compatibility; no effect here")

    logs = parser.add_argument_group("Logging")
    logs.add_argument("--logfile", dest="logfile", metavar="FILE",
                      help="log to this file instead of stderr")
    logs.add_argument("--syslog", dest="syslog", action="store_true",
                      help="log to the system log instead of stderr")
    logs.add_argument("--log-handler", dest="log_handler", action="append", metavar="PREFIX:LEVEL",
                      help="level of a logger and those under it, e.g. odoo.sql_db:DEBUG or "
                           "werkzeug:CRITICAL; repeatable (default: :INFO)")
    for flag, logger in (("--log-web", "odoo.http"), ("--log-sql", "odoo.sql_db"),
                         ("--log-request", "odoo.http.rpc.request"),
                         ("--log-response", "odoo.http.rpc.response")):
        logs.add_argument(flag, dest="log_handler", action="append_const",
                          const=f"{logger}:DEBUG", help=f"shortcut for --log-handler={logger}:DEBUG")
    logs.add_argument("--log-db", dest="log_db", metavar="DATABASE",
                      help="also write log records to the ir_logging table of DATABASE "
                           "(%%d: the database of the request that logs)")
    logs.add_argument("--log-db-level", dest="log_db_level", metavar="LEVEL",
                      help="lowest level --log-db writes (default: warning)")
    logs.add_argument("--log-level", dest="log_level", choices=tuple(LOG_LEVELS),
                      metavar="LEVEL", help=f"one of {', '.join(LOG_LEVELS)} (default: info); "
                                            "debug_sql shows the SQL queries, debug does not")

    smtp = parser.add_argument_group(
        "SMTP", "the outgoing mail server used when no ir.mail_server record is configured")
    smtp.add_argument("--email-from", dest="email_from", metavar="ADDRESS",
                      help="sender address of e-mails that name none (also the bounce address)")
    smtp.add_argument("--from-filter", dest="from_filter", metavar="FILTER",
                      help="comma-separated addresses or domains the server below may send "
                           "as; other senders are replaced by --email-from")
    smtp.add_argument("--smtp", "--smtp-server", dest="smtp_server", metavar="HOST",
                      help="SMTP server host (default: localhost)")
    smtp.add_argument("--smtp-port", dest="smtp_port", type=_port, metavar="PORT",
                      help="SMTP server port (default: 25)")
    smtp.add_argument("--smtp-ssl", dest="smtp_ssl", action="store_true",
                      help="encrypt the SMTP session with STARTTLS")
    smtp.add_argument("--smtp-user", dest="smtp_user", metavar="USER",
                      help="log in to the SMTP server as USER")
    smtp.add_argument("--smtp-password", dest="smtp_password", metavar="PASSWORD",
                      help="password of --smtp-user")
    smtp.add_argument("--smtp-ssl-certificate-filename", dest="smtp_ssl_certificate_filename",
                      metavar="FILE", help="accepted for compatibility; no effect here")
    smtp.add_argument("--smtp-ssl-private-key-filename", dest="smtp_ssl_private_key_filename",
                      metavar="FILE", help="accepted for compatibility; no effect here")

    db = parser.add_argument_group("Database")
    db.add_argument("-d", "--database", dest="db_name", metavar="NAME",
                    help="database to use (created by -i when missing)")
    db.add_argument("-r", "--db_user", dest="db_user", metavar="USER")
    db.add_argument("-w", "--db_password", dest="db_password", metavar="PASSWORD")
    db.add_argument("--pg_path", dest="pg_path", metavar="DIR",
                    help="where pg_dump and psql are (db dump/load)")
    db.add_argument("--db_host", dest="db_host", metavar="HOST",
                    help="PostgreSQL host; omit it to use the embedded server")
    db.add_argument("--db_replica_host", dest="db_replica_host", metavar="HOST", help=hidden)
    db.add_argument("--db_port", dest="db_port", type=_port, metavar="PORT")
    db.add_argument("--db_replica_port", dest="db_replica_port", type=_port, metavar="PORT",
                    help=hidden)
    db.add_argument("--db_sslmode", dest="db_sslmode", metavar="MODE",
                    choices=("disable", "allow", "prefer", "require", "verify-ca", "verify-full"))
    db.add_argument("--db_maxconn", dest="db_maxconn", type=_positive, metavar="N",
                    help="connections per database pool (default: 64)")
    db.add_argument("--db_maxconn_gevent", dest="db_maxconn_gevent", type=_positive,
                    metavar="N", help=hidden)
    db.add_argument("--db-template", dest="db_template", metavar="TEMPLATE",
                    help="template of new databases (default: template0)")

    i18n = parser.add_argument_group("Internationalisation",
                                      "export or import the terms of modules, then exit")
    i18n.add_argument("--load-language", dest="load_language", metavar="LANGS",
                      help="comma-separated languages to activate, with the addons' "
                           "translations of their terms (e.g. fr_FR,nl_NL)")
    i18n.add_argument("-l", "--language", dest="language", metavar="LANG",
                      help="language of --i18n-export/--i18n-import (e.g. fr_FR)")
    i18n.add_argument("--i18n-export", dest="translate_out", metavar="FILE",
                      help="write the terms of --modules to FILE (.pot without -l, else .po)")
    i18n.add_argument("--i18n-import", dest="translate_in", metavar="FILE",
                      help="load the translations of a .po file into the database (needs -l)")
    i18n.add_argument("--i18n-overwrite", dest="overwrite_existing_translations",
                      action="store_true", help="let --i18n-import/--load-language replace "
                                                "existing translations")
    i18n.add_argument("--modules", dest="translate_modules", type=_comma_list, metavar="MODULES",
                      help="modules whose terms --i18n-export writes (default: all installed)")

    security = parser.add_argument_group("Security")
    security.add_argument("--no-database-list", dest="list_db", action="store_const", const=False,
                          help="hide the database list from clients")

    advanced = parser.add_argument_group("Advanced")
    advanced.add_argument("--dev", dest="dev_mode", type=_comma_list, metavar="FEATURES",
                          help="developer features, comma-separated: reload (restart when "
                               "Python files change), xml (views read from their files), "
                               "werkzeug (debugger page on errors), all")
    advanced.add_argument("--shell-interface", dest="shell_interface", metavar="NAME",
                          choices=("ipython", "ptpython", "bpython", "python"),
                          help="console of the shell: ipython, ptpython, bpython or python")
    advanced.add_argument("--stop-after-init", dest="stop_after_init", action="store_true",
                          help="exit after installing/updating modules instead of serving")
    advanced.add_argument("--osv-memory-count-limit", dest="osv_memory_count_limit",
                          type=_natural, metavar="N",
                          help="the daily vacuum also drops the wizard records older than 5 minutes "
                               "of a wizard table holding more than N rows (default 0: no limit)")
    advanced.add_argument("--transient-age-limit", dest="transient_age_limit", type=_number,
                          metavar="HOURS", help="the daily vacuum drops the wizard records untouched "
                                                "for HOURS (default 1.0)")
    advanced.add_argument("--max-cron-threads", dest="max_cron_threads", type=_natural,
                          metavar="N", help="threads running the scheduled actions (ir.cron; "
                                            "default 2, 0: none)")
    advanced.add_argument("--limit-time-worker-cron", dest="limit_time_worker_cron",
                          type=_natural, metavar="SECONDS", help=hidden)
    advanced.add_argument("--unaccent", dest="unaccent", action="store_true",
                          help="accepted for compatibility; no effect here")
    advanced.add_argument("--geoip-city-db", "--geoip-db", dest="geoip_city_db", metavar="FILE",
                          help="accepted for compatibility; no effect here")
    advanced.add_argument("--geoip-country-db", dest="geoip_country_db", metavar="FILE",
                          help="accepted for compatibility; no effect here")

    limits = parser.add_argument_group("Processes and limits")
    limits.add_argument("--workers", dest="workers", type=_natural, metavar="N",
                        help="serve with N processes (gunicorn) instead of threads (default: 0)")
    limits.add_argument("--collector", dest="collector", choices=("server", "default"),
                        help="Python's cyclic garbage collector: server (higher thresholds, "
                             "what is loaded at start frozen; the default) or default "
                             "(CPython's own configuration)")
    for flag, unit, meaning in (
            ("limit-memory-soft", "BYTES", "a worker above it is replaced after its request "
                                           "(with --workers)"),
            ("limit-memory-soft-gevent", "BYTES", None),
            ("limit-memory-hard", "BYTES", "a worker cannot allocate more (with --workers)"),
            ("limit-memory-hard-gevent", "BYTES", None),
            ("limit-time-cpu", "SECONDS", "accepted for compatibility; no effect here"),
            ("limit-time-real", "SECONDS", "time a request may take (default 120)"),
            ("limit-time-real-cron", "SECONDS", "time a scheduled action may run before it is "
                                                "stopped and rolled back, with --workers "
                                                "(default -1: --limit-time-real; 0: no limit)"),
            ("limit-request", "N", "requests a worker serves before it is replaced")):
        limits.add_argument(f"--{flag}", dest=flag.replace("-", "_"), type=_integer,
                            metavar=unit, help=meaning or hidden)
    return parser


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


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
