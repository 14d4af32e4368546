"""``odoo-bin``'s entry point: parse flags, fill ``framework.config.config``, run a command.

``main(argv)`` returns the exit code: 0 on success, 1 for an expected failure (reported as
one line, no traceback: unreachable database, module errors, ...), 2 for usage errors.
Unexpected errors propagate with their traceback. Nothing imports this package.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from framework.config import Config
from framework.config import config
from framework.config import default_rcfile
from framework.db import DatabaseConnectError
from framework.db.log_handler import install_log_db
from framework.logging_setup import setup_logging

from . import options
from . import server
from . import shell
from .errors import CommandError
from framework.logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

COMMANDS = {"server": server.run, "shell": shell.run}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``odoo-bin`` with ``argv`` (without the program name)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        invocation = options.parse(argv)
    except SystemExit as exc:           # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        load_config(invocation)
    except (OSError, ValueError) as exc:
        return _usage_error(invocation.command, str(exc))
    try:
        setup_logging(str(config["log_level"]), config["logfile"] or None,
                      handlers=_log_handlers(config), syslog=bool(config["syslog"]))
        install_log_db(config)
    except ValueError as exc:           # a --log-handler that is not PREFIX:LEVEL
        return _usage_error(invocation.command, str(exc))
    try:
        if invocation.command in options.OWN_PARSERS:
            return _own_parser_command(invocation.command)(invocation.args)
        return COMMANDS[invocation.command](config)
    except _expected_errors() as exc:
        _report(str(exc))
        return 1


def load_config(invocation: options.Invocation) -> None:
    """Defaults < config file < flags into ``config``; ``-s`` saves; refuses inconsistent input."""
    rcfile = invocation.rcfile
    if rcfile and not os.path.exists(rcfile) and not invocation.save:
        raise ValueError(f"config file {rcfile} does not exist; fix -c, or add -s to create it")
    if not rcfile and os.path.exists(default_rcfile()):
        rcfile = default_rcfile()
    config.load(invocation.values, rcfile if rcfile and os.path.exists(rcfile) else None)
    config.addons_paths()               # raises ValueError naming a missing directory
    if (config["init"] or config["update"]) and not config["db_name"]:
        raise ValueError("-i/--init and -u/--update need a database: add -d NAME")
    if invocation.command == "shell" and not config["db_name"]:
        raise ValueError("the shell needs a database: add -d NAME")
    if invocation.save:
        config.save(invocation.rcfile or default_rcfile())


def _log_handlers(options_: dict | Config) -> list[str]:
    """``log_handler`` from the flags (a list) or from the config file (a comma list)."""
    value = options_.get("log_handler") or []
    if isinstance(value, str):
        value = value.split(",")
    return [str(item).strip() for item in value if str(item).strip()]


def _own_parser_command(command: str):
    """The ``run(args)`` of a subcommand that parses its own arguments."""
    import importlib
    return importlib.import_module(f"framework.cli.{command}_command").run


def _expected_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (CommandError, DatabaseConnectError)
    try:
        from framework.modules.errors import ModuleError
    except ImportError:                 # the modules package may not provide it (yet)
        return errors
    return (*errors, ModuleError)


def _usage_error(command: str, message: str) -> int:
    prog = options.PROG if command == "server" else f"{options.PROG} {command}"
    print(f"{prog}: error: {message}", file=sys.stderr)
    return 2


def _report(message: str) -> None:
    """One line on stderr (through the log, or directly when the log goes elsewhere)."""
    _logger.error("%s", message)
    if config["logfile"] or not _logger.isEnabledFor(logging.ERROR):
        print(f"{options.PROG}: error: {message}", file=sys.stderr)
