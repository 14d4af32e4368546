"""CPython's cyclic garbage collector, configured for a long-running server process.

Reference counting frees most objects; the cyclic collector only finds reference cycles.
It runs by generations: a young collection each time the tracked objects allocated (minus
those freed) pass ``threshold0``, a middle one every ``threshold1`` young ones, and a full
one every ``threshold2`` middle ones, once the objects that survived since the last full
collection reach a quarter of those that survived it. CPython's defaults, (700, 10, 10),
suit a small script. In a server they cost twice:

* A request that builds a big answer (a till's catalogue, 100,000 ``compute_all`` results)
  keeps every object it makes until the answer is sent: each of them is a survivor, so the
  young and middle collections run over and over for nothing, and full collections follow.
* A full collection walks every object of the process, the loaded registries included
  (models, fields, views, caches: over a million objects once ``point_of_sale`` is
  loaded), although those live as long as the process.

``configure(mode)`` is called once the start-up registries are loaded (the threaded
server, the gunicorn master before it forks its workers, the shell). ``"server"`` (the
default) raises the thresholds to ``SERVER_THRESHOLDS`` and freezes what is loaded
(``gc.freeze``: the objects alive then move to a permanent generation that no collection
walks; in gunicorn workers their pages also stay shared with the master, as the collector
no longer writes to their headers). ``"default"`` (``--collector default``) leaves
CPython's configuration as it is, to compare or to rule the collector out.

The price is memory: cyclic garbage waits longer for its collection. A request that
reached the old generation (it kept many objects until its answer was sent) is followed by
a full collection once answered (``after_request``: gunicorn's ``post_request``, the
threaded server's end of request), which walks only what is not frozen.

``paused()`` holds the collector off for one block that builds many small objects holding
no cycle (they are freed by their reference counts), reentrant and thread-safe.
"""
from __future__ import annotations

import gc
import logging
import threading
from contextlib import contextmanager

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

SERVER, DEFAULT = "server", "default"
MODES = (SERVER, DEFAULT)

#: 16,000 net new objects before a young collection (a request's answer commonly makes
#: several thousand), a middle collection every 20 young ones (320,000 objects), a full one
#: considered every 20 middle ones (6.4 million): a request keeping 100,000 answers of a
#: dozen objects each runs a few young and middle collections and no full one.
SERVER_THRESHOLDS = (16_000, 20, 20)


def check_mode(mode: str) -> str:
    """``mode`` if it is one of ``MODES``; a ValueError naming them otherwise."""
    if mode not in MODES:
        raise ValueError(f"the collector mode is one of {', '.join(MODES)}, got {mode!r}")
    return mode


def configure(mode: str) -> None:
    """Apply ``mode`` to this process once its long-lived objects are loaded: with
    ``"server"``, the thresholds, then a full collection (so that no garbage is frozen) and
    ``gc.freeze``; ``"default"`` changes nothing."""
    if check_mode(mode) == DEFAULT:
        _logger.info("garbage collector: CPython's defaults %s (--collector default)",
                     gc.get_threshold())
        return
    gc.set_threshold(*SERVER_THRESHOLDS)
    gc.collect()
    gc.freeze()
    _logger.info("garbage collector: thresholds %s, %d objects loaded frozen",
                 SERVER_THRESHOLDS, gc.get_freeze_count())


def after_fork(mode: str) -> None:
    """In a worker just forked: the master's configuration holds (thresholds and the frozen
    generation are inherited); the thresholds are set again so that the worker does not
    depend on how it was started, and the collector is on."""
    if check_mode(mode) == SERVER:
        gc.set_threshold(*SERVER_THRESHOLDS)
    gc.enable()


def after_request() -> None:
    """Once a request is answered: a full collection if objects reached the old generation
    since the last one (a request that kept many objects until its answer was sent: those
    in reference cycles are garbage now, and only a full collection frees them; with the
    server's thresholds, the next automatic one could be millions of objects away). It
    walks what is not frozen: the worker's caches and that garbage."""
    if gc.isenabled() and gc.get_count()[2] > 0:
        gc.collect()


_pause_lock = threading.Lock()
_pauses = 0
_enabled_before_pause = False


@contextmanager
def paused():
    """The cyclic collector off for the block; back on when the last block paused in the
    process (several threads may hold one) ends, if it was on before the first one."""
    global _pauses, _enabled_before_pause
    with _pause_lock:
        if _pauses == 0:
            _enabled_before_pause = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _enabled_before_pause:
                gc.enable()
