"""``odoo-bin shell -d NAME``: a Python console (or a stdin script) with ``env`` on a database.

The namespace holds ``odoo`` (the compatibility package), ``env`` (superuser environment on
a fresh cursor) and ``self`` (``env.user``). From a terminal, an interactive console opens;
otherwise stdin is run as a script and its ``SystemExit`` code becomes the exit code (0 by
default, 1 with the traceback printed when it raises). Either way the transaction is rolled
back at the end: only what the script committed (``env.cr.commit()``) stays.
"""
from __future__ import annotations

import code
import logging
import sys
import traceback
from typing import TextIO

from framework.config import Config
from framework.db import pool
from framework.logging_setup import odoo_logger_name
from framework.service import collector, registries
from framework.service.unit_of_work import UnitOfWork

from .server import load_database

_logger = logging.getLogger(odoo_logger_name(__name__))

SUPERUSER_ID = 1


def run(config: Config, stdin: TextIO | None = None) -> int:
    """The ``shell`` command; returns the process exit code."""
    stdin = sys.stdin if stdin is None else stdin
    address = pool.server_address(config)
    load_database(config, address, install=[], update=[], create=False)
    collector.configure(str(config.get("collector") or collector.SERVER))
    from framework import compat
    compat.install(config.addons_paths())
    import odoo
    from framework.orm.environment import Environment

    # a unit of work the script commits by hand, as in Odoo's shell (no retry loop)
    work = UnitOfWork(registries.registry(str(config["db_name"]), config))
    try:
        env = Environment(work.cr, SUPERUSER_ID, {})
        namespace = {"odoo": odoo, "openerp": odoo, "env": env, "self": env.user,
                     "__name__": "__console__"}
        if stdin.isatty():
            return interact(namespace, config.get("shell_interface") or None)
        return run_script(stdin.read(), namespace)
    finally:
        work.close()        # rolls back whatever was not committed
        pool.close_all()


def run_script(source: str, namespace: dict) -> int:
    """Execute ``source`` in ``namespace``; the exit code it asked for (0, or 1 if it raised)."""
    try:
        exec(compile(source, "<stdin>", "exec"), namespace)
    except SystemExit as exc:
        return exit_code(exc.code)
    except Exception:       # the script's own error: show it, as Python would
        traceback.print_exc()
        return 1
    return 0


#: The consoles tried in turn, as Odoo does; ``--shell-interface`` puts one first.
SHELLS = ("ipython", "ptpython", "bpython", "python")


def interact(namespace: dict, interface: str | None = None) -> int:
    """The first console of ``SHELLS`` (``interface`` first) that is installed."""
    for name in ([interface] if interface else []) + [s for s in SHELLS if s != interface]:
        try:
            return CONSOLES[name](namespace)
        except ImportError:
            if name == interface:
                _logger.warning("--shell-interface=%s: %s is not installed; trying the next "
                                "console", name, name)
            continue
    return 0


def _ipython(namespace: dict) -> int:
    from IPython import start_ipython
    start_ipython(argv=[], user_ns=namespace)
    return 0


def _ptpython(namespace: dict) -> int:
    from ptpython.repl import embed
    embed({}, namespace)
    return 0


def _bpython(namespace: dict) -> int:
    from bpython import embed
    embed(namespace)
    return 0


def python_console(namespace: dict) -> int:
    """Python's own console with tab completion over ``namespace``."""
    try:
        import readline
        import rlcompleter
    except ImportError:     # no readline on this platform: a console without completion
        pass
    else:
        readline.set_completer(rlcompleter.Completer(namespace).complete)
        readline.parse_and_bind("tab: complete")
    banner = ("Odoo-compatible shell: env, self (env.user) and odoo are available; "
              "env.cr.commit() to keep changes.")
    try:
        code.interact(banner=banner, local=namespace, exitmsg="")
    except SystemExit as exc:
        return exit_code(exc.code)
    return 0


CONSOLES = {"ipython": _ipython, "ptpython": _ptpython, "bpython": _bpython,
            "python": python_console}


def exit_code(value: object) -> int:
    """``sys.exit(value)`` semantics: None is 0, an int is itself, anything else is printed, 1."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1
