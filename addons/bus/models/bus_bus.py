"""``bus.bus``: notifications for browsers, kept in a table and announced with NOTIFY.

``env["bus.bus"]._sendone(channel, notification_type, payload)`` queues a notification on
the cursor. At commit (a precommit callback) the queued rows are inserted and
``pg_notify('imbus', <the channels, as JSON>)`` is sent *in the same transaction*:
PostgreSQL delivers a notification only when its transaction commits, so a rollback
announces nothing and a listener never hears of a row it cannot read yet.

Every process that serves ``/longpolling/poll`` listens on ``imbus`` (``dispatcher.py``) and
wakes the polls waiting on those channels; they read the rows with ``id > last``. A poll
after a gap (a till that was away, another worker, a restart) catches up from the table, which
keeps rows for ``KEEP_SECONDS``; ``_gc_messages`` forgets older ones and records the last id
it dropped (``bus.gc_last_id``), so that a reader can tell when it may have missed some.

**Ids follow the commits.** The transaction that inserts notifications holds a lock from the
insert to its commit (``ORDER_LOCK``), so a notification committed later always has a higher
id: a reader that saw every row up to id N never misses a row with a smaller id committed
after it looked (``id > last`` is a complete read, and ``max(id)`` of a channel is a version).
"""
from __future__ import annotations

import json

from odoo import api, fields, models

#: the PostgreSQL channel every database's notifications are announced on
PG_CHANNEL = "imbus"
#: how long a notification stays readable (a till reloaded within that time gets a delta)
KEEP_SECONDS = 24 * 3600
#: NOTIFY payloads are limited to 8000 bytes: above this, listeners wake every poll instead
MAX_NOTIFY_PAYLOAD = 7000
#: where _gc_messages records the highest id it deleted
GC_PARAM = "bus.gc_last_id"
#: a first poll (last=0) gets the notifications of the last seconds only, as Odoo's
FIRST_POLL_SECONDS = 50
#: the transaction-level advisory lock that orders the inserts of notifications by commit
ORDER_LOCK = 0x62757362   # "busb"
_PENDING = "bus.bus.pending"


def json_dump(value) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)


def channel_key(channel) -> str:
    """The text a channel is stored under (a string as itself, anything else as JSON)."""
    return channel if isinstance(channel, str) else json_dump(channel)


class BusBus(models.Model):
    _name = "bus.bus"
    _description = "Communication Bus"
    _order = "id"

    create_date = fields.Datetime("Create date", index=True)
    channel = fields.Char("Channel", index=True)
    message = fields.Char("Message")

    @api.model
    def _sendone(self, target, notification_type: str, message) -> None:
        """Queue one notification on ``target`` (a channel), sent when the transaction commits."""
        self._sendmany([(target, notification_type, message)])

    @api.model
    def _sendmany(self, notifications) -> None:
        """Queue ``[(channel, type, payload)]``; nothing leaves before the commit."""
        if not notifications:
            return
        cr = self.env.cr
        pending = cr.precommit.data.get(_PENDING)
        if pending is None:
            pending = cr.precommit.data[_PENDING] = []
            cr.precommit.add(lambda: self._flush_pending(pending))
        for channel, notification_type, payload in notifications:
            pending.append((channel_key(channel),
                            json_dump({"type": notification_type, "payload": payload})))

    def _flush_pending(self, pending: list) -> None:
        """Insert the queued rows and NOTIFY, in the committing transaction (rows queued
        after this ran, by a later precommit step, get a flush of their own)."""
        cr = self.env.cr
        cr.precommit.data.pop(_PENDING, None)
        if not pending:
            return
        self._gc_messages()
        cr.execute("SELECT pg_advisory_xact_lock(%s)", (ORDER_LOCK,))
        cr.execute("INSERT INTO bus_bus (create_date, channel, message) "
                   "SELECT now() AT TIME ZONE 'UTC', c, m FROM unnest(%s::varchar[], %s::varchar[]) AS t(c, m)",
                   ([channel for channel, _ in pending], [message for _, message in pending]))
        channels = json_dump(sorted({channel for channel, _ in pending}))
        if len(channels.encode()) > MAX_NOTIFY_PAYLOAD:
            channels = json_dump("*")
        cr.execute("SELECT pg_notify(%s, %s)", (PG_CHANNEL, channels))

    @api.model
    def _gc_messages(self) -> int:
        """Delete the notifications older than ``KEEP_SECONDS``; the highest id deleted (or 0)."""
        cr = self.env.cr
        cr.execute("WITH gone AS (DELETE FROM bus_bus WHERE create_date < (now() AT TIME ZONE 'UTC') - "
                   "make_interval(secs => %s) RETURNING id) SELECT max(id) FROM gone", (KEEP_SECONDS,))
        last = cr.fetchone()[0] or 0
        if last:
            parameters = self.env["ir.config_parameter"].sudo()
            if last > int(parameters.get_param(GC_PARAM) or 0):
                parameters.set_param(GC_PARAM, str(last))
        return last

    @api.model
    def _gc_last_id(self) -> int:
        """The highest id ever garbage-collected: a reader at or below it may have missed rows."""
        return int(self.env["ir.config_parameter"].sudo().get_param(GC_PARAM) or 0)

    @api.model
    def _last_id(self) -> int:
        """The id of the newest notification (0 when there is none): where a new reader starts."""
        self.env.cr.execute("SELECT coalesce(max(id), 0) FROM bus_bus")
        return self.env.cr.fetchone()[0]

    @api.model
    def _last_id_of(self, channel) -> int:
        """The id of the newest notification on ``channel`` (0 when there is none): it moves
        with every notification committed there (ids follow the commits)."""
        self.env.cr.execute("SELECT coalesce(max(id), 0) FROM bus_bus WHERE channel = %s", (channel_key(channel),))
        return self.env.cr.fetchone()[0]

    @api.model
    def _poll(self, channels, last: int = 0) -> list[dict]:
        """``[{id, message: {type, payload}}]`` on ``channels`` after id ``last``, oldest first."""
        if last:
            return self._read_after(channels, last)
        return self._read(channels, "create_date > (now() AT TIME ZONE 'UTC') - make_interval(secs => %s)",
                          FIRST_POLL_SECONDS)

    @api.model
    def _read_after(self, channels, last: int) -> list[dict]:
        """The notifications on ``channels`` with an id above ``last`` (0: all kept), oldest first."""
        return self._read(channels, "id > %s", int(last))

    def _read(self, channels, where: str, param) -> list[dict]:
        keys = [channel_key(channel) for channel in channels]
        if not keys:
            return []
        self.env.cr.execute(f"SELECT id, message FROM bus_bus WHERE {where} AND channel = ANY(%s) ORDER BY id",
                            [param, keys])
        return [{"id": row_id, "message": json.loads(message)} for row_id, message in self.env.cr.fetchall()]

    @api.model
    def _allowed_channels(self, channels) -> list:
        """The channels of ``channels`` the current user may listen to: here the user's own
        (``res.partner/<id>`` of their partner); addons add theirs by overriding this."""
        own = f"res.partner/{self.env.user.partner_id.id}"
        return [channel for channel in channels if channel == own]
