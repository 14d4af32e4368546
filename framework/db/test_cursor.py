"""The cursor of a registry in test mode (``Registry.enter_test_mode``, used by ``HttpCase``):
every cursor the server opens is a savepoint inside the test's own transaction."""
from __future__ import annotations

import itertools
import threading

from .cursor import Cursor

_savepoint_ids = itertools.count(1)


class TestCursor(Cursor):
    """A cursor of the server in test mode: savepoints inside the test's transaction.

    ``commit`` keeps the work (it stays in the test's transaction) and starts a new
    savepoint; ``rollback`` and ``close`` undo what was not committed. Cursors are taken
    one at a time (a re-entrant lock), as they share one connection.
    """

    __test__ = False           # not a test class for pytest

    def __init__(self, base: Cursor, lock: threading.RLock) -> None:
        lock.acquire()
        self._lock = lock
        super().__init__(base._database, base._cnx, base._pool)
        self._savepoint = ""
        self._new_savepoint()

    def _new_savepoint(self) -> None:
        self._savepoint = f"test_cursor_{next(_savepoint_ids)}"
        self.execute(f'SAVEPOINT "{self._savepoint}"')

    def end_after(self, defer) -> None:
        """Nothing waits here: a test cursor's "commit" only moves its savepoint."""

    def _commit_connection(self) -> None:
        self.execute(f'RELEASE SAVEPOINT "{self._savepoint}"')
        self._new_savepoint()

    def _rollback_connection(self) -> None:
        self.execute(f'ROLLBACK TO SAVEPOINT "{self._savepoint}"')

    def close(self) -> None:
        if self._closed:
            return
        try:
            self.rollback()
        finally:
            self._closed = True
            self._obj.close()
            if self._side is not None:
                self._side.close()
            self._lock.release()
