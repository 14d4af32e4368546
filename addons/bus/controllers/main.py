"""``/longpolling/poll``: the notifications of some channels after an id, waiting for them.

``{"channels": [...], "last": <id>, "options": {"timeout": s}}`` answers
``[{"id", "message": {"type", "payload"}}]`` at once when there are notifications after
``last``; otherwise the request waits until one is committed on those channels (answering
it) or ``TIMEOUT`` seconds pass (answering ``[]``); the browser then polls again with the
last id it saw.

While it waits a poll holds a thread of its process but no database connection. With
``--workers N`` (gunicorn ``gthread`` workers, ``--http-threads`` threads each) a worker lets
at most ``threads - 1`` polls wait at the same time, so that one thread is always left for
other requests; a poll beyond that answers ``[]`` at once and the browser waits a few
seconds before trying again. ``TIMEOUT`` (25 s) stays under the usual proxy read timeouts
(nginx: 60 s) and far under ``--limit-time-real``.
"""
from __future__ import annotations

import threading

from odoo import _, api, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.tools import config

from ..dispatcher import dispatcher

#: the longest a poll waits, in seconds
TIMEOUT = 25.0


def _waiting_slots() -> threading.BoundedSemaphore | None:
    workers = int(config.get("workers") or 0)
    if not workers:
        return None         # the threaded server starts a thread per request
    threads = int(config.get("http_threads") or 4)
    return threading.BoundedSemaphore(max(1, threads - 1))


_slots = None
_slots_lock = threading.Lock()


def waiting_slots():
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = _waiting_slots() or False
    return _slots or None


class BusController(http.Controller):

    @http.route("/longpolling/poll", type="json", auth="user", methods=["POST"])
    def poll(self, channels, last=0, options=None):
        """The notifications on ``channels`` after ``last``, waiting at most ``TIMEOUT`` s."""
        if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
            raise UserError(_("channels must be a list of channel names."))
        try:
            last = int(last or 0)
        except (TypeError, ValueError):
            raise UserError(_("last must be the id of a notification (an integer).")) from None
        options = options or {}
        timeout = min(float(options.get("timeout", TIMEOUT)), TIMEOUT)
        bus = request.env["bus.bus"]
        allowed = set(bus._allowed_channels(channels))
        refused = [channel for channel in channels if channel not in allowed]
        if refused:
            raise AccessError(_("You may not listen to %s.", ", ".join(refused)))
        listener = dispatcher(request.db, request.env.cr)
        heard = listener.sequence()
        found = bus.sudo()._poll(channels, last)
        if found or timeout <= 0:
            return found
        slots = waiting_slots()
        if slots is not None and not slots.acquire(blocking=False):
            return []           # every thread but one already waits: answer, the till retries
        cr = request.env.cr
        cr.commit()
        cr.close()              # no connection held while waiting
        try:
            if not listener.wait(channels, heard, timeout):
                return []
        finally:
            if slots is not None:
                slots.release()
        with request.env.registry.cursor() as cr:
            env = api.Environment(cr, request.env.uid, dict(request.env.context))
            return env["bus.bus"].sudo()._poll(channels, last)
