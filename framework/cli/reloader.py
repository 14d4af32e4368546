"""``--dev=reload``: restart the server when a Python file of the addons path changes.

A daemon thread polls the modification times of the ``*.py`` files under the addons paths
once a second (no dependency, and it works on every file system); on a change it logs the
file and calls back, and the server, once stopped cleanly, runs itself again with the same
command line, minus what should happen once (``-i``, ``-u``, ``-s``, ``--i18n-overwrite``),
as Odoo's reload does. The process keeps its pid.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable

from framework.logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

POLL_SECONDS = 1.0
#: Flags dropped from the command line of the restarted process (those with a value: True).
ONCE_FLAGS = {"-i": True, "--init": True, "-u": True, "--update": True, "-s": False,
              "--save": False, "--i18n-overwrite": False}


def wants_reload(dev_mode: Iterable[str]) -> bool:
    return bool({"reload", "all"} & set(dev_mode or ()))


class Watcher(threading.Thread):
    """Calls ``on_change(path)`` once, when a ``*.py`` file under ``roots`` changes."""

    def __init__(self, roots: Iterable[str], on_change: Callable[[str], None]) -> None:
        super().__init__(name="odoo-reloader", daemon=True)
        self.roots, self.on_change = list(roots), on_change
        self.changed: str | None = None
        self._stop_event = threading.Event()
        self._mtimes = self._scan()

    def _scan(self) -> dict[str, float]:
        mtimes = {}
        for root in self.roots:
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
                for name in files:
                    if name.endswith(".py"):
                        path = os.path.join(folder, name)
                        try:
                            mtimes[path] = os.stat(path).st_mtime_ns
                        except OSError:         # removed while walking
                            continue
        return mtimes

    def run(self) -> None:
        while not self._stop_event.wait(POLL_SECONDS):
            current = self._scan()
            changed = sorted(path for path in current.keys() | self._mtimes.keys()
                             if current.get(path) != self._mtimes.get(path))
            if changed:
                self.changed = changed[0]
                _logger.info("%s changed: restarting the server (--dev=reload)", changed[0])
                self.on_change(changed[0])
                return

    def stop(self) -> None:
        self._stop_event.set()


def restart_argv(argv: list[str]) -> list[str]:
    """``argv`` without the flags that act once (see ``ONCE_FLAGS``), ``=`` forms included."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        name = arg.split("=", 1)[0]
        if name in ONCE_FLAGS:
            skip = ONCE_FLAGS[name] and "=" not in arg
            continue
        kept.append(arg)
    return kept


def reexec() -> None:
    """Replace this process by a new run of the same command (never returns)."""
    argv = [sys.executable, os.path.abspath(sys.argv[0]), *restart_argv(sys.argv[1:])]
    _logger.info("restarting: %s", " ".join(argv[1:]))
    logging.shutdown()
    os.execv(sys.executable, argv)
