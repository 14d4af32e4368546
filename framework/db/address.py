"""Where the PostgreSQL server is, and the error raised when it cannot be reached.

``ServerAddress`` names a server (host or unix-socket directory, port, user, password);
``DatabaseConnectError`` is the one error every connection failure becomes. The embedded
server (``framework.db.embedded``) and the connection pools (``framework.db.pool``) share
both. This module opens no connection itself.
"""
from __future__ import annotations

import getpass
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

#: libpq's own wording for a failed connection, trimmed off to keep one readable reason.
_NOISE = (
    re.compile(r"^connection failed:\s*"),
    re.compile(r'^connection to server (at|on socket) "[^"]*"(, port \d+)? failed:\s*'),
    re.compile(r"^(FATAL|ERROR):\s*"),
)


@dataclass(frozen=True)
class ServerAddress:
    """How to reach one PostgreSQL server.

    ``host`` is a host name, an IP address or (starting with ``/``) the directory of a unix
    socket; ``None`` leaves the choice to libpq. ``user`` ``None`` means libpq's default
    (the operating-system user name).
    """

    host: str | None
    port: int | None = None
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerAddress:
        """The address libpq would use from ``PGHOST``/``PGPORT``/``PGUSER``/``PGPASSWORD``."""
        env = os.environ if environ is None else environ
        port = env.get("PGPORT") or None
        if port is not None and not port.isdigit():
            raise ValueError(f"PGPORT={port!r} is not a port number; fix or unset it")
        return cls(host=env.get("PGHOST") or None, port=int(port) if port else None,
                   user=env.get("PGUSER") or None, password=env.get("PGPASSWORD") or None)

    def connect_kwargs(self, dbname: str) -> dict[str, object]:
        """Keyword arguments for ``psycopg.connect`` (unset parts are left to libpq)."""
        kwargs: dict[str, object] = {"dbname": dbname}
        for key in ("host", "port", "user", "password"):
            value = getattr(self, key)
            if value is not None:
                kwargs[key] = value
        return kwargs

    def describe(self) -> str:
        """``host:port as user 'name'``, for messages (the password is never shown)."""
        host = self.host or "the default unix socket"
        where = f"{host}:{self.port}" if self.port else host
        return f"{where} as user {self.user or _os_user()!r}"


class DatabaseConnectError(Exception):
    """PostgreSQL could not be reached (or refused us); the message says how to fix it.

    The message is one line: what was tried, why it failed, what to do.
    """

    def __init__(self, message: str, *, address: ServerAddress | None = None,
                 dbname: str | None = None) -> None:
        super().__init__(message)
        self.address = address
        self.dbname = dbname

    @classmethod
    def from_driver_error(cls, address: ServerAddress, dbname: str,
                          error: BaseException) -> DatabaseConnectError:
        """Turn a driver's connection failure into one actionable line."""
        reason = driver_reason(error)
        if f'database "{dbname}" does not exist' in reason:
            hint = (f"create it first (odoo-bin -d {dbname} -i base --stop-after-init) "
                    "or check -d/--database")
        elif "password" in reason or "role" in reason or "authentication" in reason:
            hint = "fix --db_user/--db_password (or PGUSER/PGPASSWORD)"
        else:
            hint = ("start the server, fix --db_host/--db_port/--db_user/--db_password, "
                    "or omit --db_host to use the embedded server")
        return cls(f"cannot connect to PostgreSQL at {address.describe()}: {reason}; {hint}",
                   address=address, dbname=dbname)


def driver_reason(error: BaseException) -> str:
    """The first meaningful line of a libpq error, without its boilerplate prefixes."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    reason = lines[0] if lines else type(error).__name__
    for pattern in _NOISE:
        reason = pattern.sub("", reason)
    return reason[:1].lower() + reason[1:]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):     # no passwd entry and no LOGNAME/USER variable
        return "?"
