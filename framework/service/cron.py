"""The runner of scheduled actions (``ir.cron``), started by ``odoo-bin`` when
``--max-cron-threads`` is above 0 (Odoo's default: 2).

Every ``POLL_SECONDS`` (or sooner, when a job is triggered for now: see :func:`notify`),
each runner looks at the databases (``-d``, else every database of the
server) whose ``ir_cron`` has a due job: active, with ``nextcall`` or one of its triggers
(``ir_cron_trigger.call_at``) in the past. It loads the database's registry if needed, then
takes the due jobs one at a time with ``SELECT ... FOR NO KEY UPDATE SKIP LOCKED``, so that
two runners (threads, or processes with ``--workers``) never run the same job: see
:func:`process_jobs`; ``ir.cron._process_job`` runs it and moves its schedule on.

A database that has no due job is neither loaded nor kept connected: the runner's look is
one query on a connection closed right after.

With ``--workers``, a job may run for ``--limit-time-real-cron`` seconds (-1, the default:
``--limit-time-real``; 0: no limit), as Odoo 17's cron workers, which its server kills past
that time. Here the job runs in a thread of its own; past the limit the runner ends the
job's database sessions (its transaction and the lock on its row roll back: nothing it did
stays, its schedule has not moved), logs it and goes on with the other jobs; the job is due
still, so the next look runs it again, as Odoo's next cron worker does. Without
``--workers`` there is no limit, as in Odoo's threaded server.

A job triggered for now (``ir.cron._trigger()``) wakes the runners of its own process at
once, and those of the other processes on the same PostgreSQL server (gunicorn's workers
beside the runner process, other servers) through ``NOTIFY cron_trigger`` in the server's
maintenance database, where a thread of each runner process LISTENs, as Odoo's do.
"""
from __future__ import annotations

import functools
import logging
import os
import signal
import threading
import time

from psycopg.errors import TransactionRollback

from ..db import admin, pool
from ..logging_setup import odoo_logger_name
from ..orm.environment import Environment
from ..orm.registry import Registry

_logger = logging.getLogger(odoo_logger_name(__name__))

#: Seconds between two looks at the databases; ``ODOO_CRON_POLL_SECONDS`` (tests) overrides it.
POLL_SECONDS = 60.0

_wake = threading.Event()

#: the channel the runners LISTEN on, in the maintenance database (``postgres``), as Odoo's
CHANNEL = "cron_trigger"
#: seconds the listener waits for a notification before it looks whether it must stop
LISTEN_SLICE = 1.0

#: A job is due when active and its nextcall, or one of its triggers, has come.
READY = ("active IS TRUE AND (nextcall <= (now() AT TIME ZONE 'UTC') OR id IN "
         "(SELECT cron_id FROM ir_cron_trigger WHERE call_at <= (now() AT TIME ZONE 'UTC')))")


def poll_seconds() -> float:
    return float(os.environ.get("ODOO_CRON_POLL_SECONDS") or POLL_SECONDS)


def wake_up() -> None:
    """Make the runners of this process look now (a job was triggered for now)."""
    _wake.set()


def notify(address, dbname: str) -> None:
    """Make every runner look now, in this process and in those listening on ``address``'s
    server (a job of ``dbname`` was triggered for now). When the notification cannot be
    sent, the other processes' runners find the job at their next look."""
    wake_up()
    try:
        with admin.maintenance_connection(address) as connection:
            connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, dbname))
    except Exception as exc:         # the server is away: the poll finds the job later
        _logger.warning("could not notify the runners of other processes (%s): they run the "
                        "job triggered in %s at their next look", exc, dbname)


def listen(config, stopped: threading.Event) -> None:
    """Until ``stopped``: :func:`wake_up` on each ``NOTIFY`` of :data:`CHANNEL` (reconnecting
    after a poll interval when the connection is lost)."""
    while not stopped.is_set():
        try:
            with admin.maintenance_connection(pool.server_address(config)) as connection:
                connection.execute(f"LISTEN {CHANNEL}")
                while not stopped.is_set():
                    for _notification in connection.notifies(timeout=LISTEN_SLICE, stop_after=1):
                        wake_up()
        except Exception as exc:
            _logger.info("scheduled actions: not listening for triggers (%s); polling only", exc)
            stopped.wait(poll_seconds())


def _due_ids(cr) -> list[int]:
    cr.execute(f"SELECT id FROM ir_cron WHERE {READY} ORDER BY priority, id")
    return [job_id for (job_id,) in cr.fetchall()]


def time_limit(config) -> float | None:
    """Seconds a job may run (``--limit-time-real-cron``; -1: ``--limit-time-real``; 0: no
    limit), or None: only with ``--workers``, as Odoo 17 applies it to its cron workers."""
    if not int(config.get("workers") or 0):
        return None
    limit = int(config.get("limit_time_real_cron") if config.get("limit_time_real_cron")
                is not None else -1)
    if limit == -1:
        limit = int(config.get("limit_time_real") or 0)
    return float(limit) if limit > 0 else None


def process_jobs(registry: Registry, limit: float | None = None) -> list[int]:
    """Run the due jobs of ``registry``'s database, each once; the ids of those run.

    A job another runner holds is skipped; so is one it has just run (no longer due).
    ``limit``: the seconds each job may run (see :func:`time_limit`); one that runs over is
    stopped and rolled back, and is not among those run.
    """
    with registry.cursor() as cr:
        job_ids = _due_ids(cr)
    run = _run_job if limit is None else functools.partial(_run_job_within, limit=limit)
    return [job_id for job_id in job_ids if run(registry, job_id)]


#: the job running in this thread: the database sessions (backend pids) it uses, which the
#: runner ends when the job runs over its time limit (None: no limit)
_job = threading.local()


def watch_cursor(cr) -> None:
    """Called with each cursor a job runs on (``ir.cron``): with a time limit, the runner
    ends its database session when the job runs over."""
    sessions = getattr(_job, "sessions", None)
    if sessions is not None:
        sessions.append(cr.connection.info.backend_pid)


def _run_job(registry: Registry, job_id: int) -> bool:
    """Lock the job's row, run it if still due and not held; whether it ran."""
    with registry.cursor() as lock_cr:
        watch_cursor(lock_cr)
        try:
            lock_cr.execute(f"SELECT * FROM ir_cron WHERE id = %s AND {READY} "
                            "FOR NO KEY UPDATE SKIP LOCKED", (job_id,))
            job = lock_cr.dictfetchone()
        except TransactionRollback:    # another runner just ran it
            lock_cr.rollback()
            return False
        if job is None:
            _logger.debug("job %s is taken by another runner or no longer due", job_id)
            return False
        Environment(lock_cr, 1, {})["ir.cron"]._process_job(lock_cr, job)
        lock_cr.commit()
        return True


def _run_job_within(registry: Registry, job_id: int, limit: float) -> bool:
    """:func:`_run_job` in a thread of its own, stopped after ``limit`` seconds."""
    sessions: list[int] = []
    outcome: dict = {}
    stopped = threading.Event()

    def work() -> None:
        _job.sessions = sessions
        try:
            outcome["ran"] = _run_job(registry, job_id)
        except Exception as exc:
            if stopped.is_set():        # its sessions were ended under it: expected
                _logger.debug("job %s, stopped, ended with %r", job_id, exc)
            else:
                outcome["error"] = exc

    runner = threading.current_thread()
    thread = threading.Thread(target=work, name=f"{runner.name}.job{job_id}", daemon=True)
    thread.dbname = registry.db_name
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        stopped.set()
        _end_sessions(registry, list(sessions))
        _logger.error("scheduled action #%s of %s ran over its %gs (--limit-time-real-cron): "
                      "stopped, what it did is rolled back; it runs again at the next look",
                      job_id, registry.db_name, limit)
        return False
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("ran", False)


def _end_sessions(registry: Registry, pids: list[int]) -> None:
    """End the database sessions ``pids`` (a job's): their transactions roll back, their
    locks go, and the job's next statement fails."""
    if not pids:
        return
    with registry.cursor() as cr:
        cr.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", (pids,))


def databases(config) -> list[str]:
    """The databases the runner looks at: ``-d`` (comma-separated), else all."""
    names = [name.strip() for name in str(config.get("db_name") or "").split(",") if name.strip()]
    if names:
        return names
    return admin.list_databases(pool.server_address(config))


def has_due_jobs(dbname: str, config) -> bool:
    """Whether ``dbname`` has an ``ir_cron`` with a due job and no addon waiting to be
    installed, updated or removed (False for other databases)."""
    loaded = dbname in Registry.registries
    try:
        with pool.db_connect(dbname, pool.server_address(config)).cursor() as cr:
            cr.execute("SELECT to_regclass('ir_cron'), to_regclass('ir_cron_trigger')")
            if None in cr.fetchone():
                return False
            if not _due_ids(cr):
                return False
            # as Odoo: not while addons are being installed, updated or removed
            cr.execute("SELECT 1 FROM ir_module_module WHERE state LIKE 'to %%' LIMIT 1")
            if cr.fetchone():
                _logger.info("scheduled actions of %s wait: addons are being (un)installed",
                             dbname)
                return False
            return True
    finally:
        if not loaded:
            pool.close_db(dbname)


def run_once(config) -> int:
    """One look at every database; how many jobs ran."""
    from . import registries
    count = 0
    for dbname in databases(config):
        thread = threading.current_thread()
        thread.dbname = dbname
        try:
            if has_due_jobs(dbname, config):
                count += len(process_jobs(registries.registry(dbname, config), time_limit(config)))
        except Exception:
            _logger.warning("scheduled actions of database %s:", dbname, exc_info=True)
        finally:
            del thread.dbname
    return count


def loop(config, stopped: threading.Event) -> None:
    """Look every ``poll_seconds()`` (or on :func:`wake_up`) until ``stopped`` is set."""
    while not stopped.is_set():
        _wake.wait(poll_seconds())
        _wake.clear()
        if stopped.is_set():
            break
        run_once(config)


def start_threads(config, count: int) -> threading.Event:
    """``count`` runner threads (daemons); set the returned event to stop them."""
    stopped = threading.Event()
    for number in range(count):
        threading.Thread(target=loop, args=(config, stopped), name=f"odoo.service.cron.cron{number}",
                         daemon=True).start()
    if count:
        threading.Thread(target=listen, args=(config, stopped), name="odoo.service.cron.listener",
                         daemon=True).start()
        _logger.info("%d thread(s) running scheduled actions", count)
    return stopped


def stop_threads(stopped: threading.Event) -> None:
    stopped.set()
    wake_up()


class RunnerProcess:
    """The forked runner process of :func:`start_process`, as its parent knows it.

    Not a ``multiprocessing.Process``: gunicorn forks its workers from the same parent
    afterwards, and a worker must neither wait for nor stop a process that is not its
    child (multiprocessing's exit hook would try, and fail the worker's exit)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.parent = os.getpid()

    def is_alive(self) -> bool:
        if os.getpid() != self.parent:
            return False
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False


def start_process(config, count: int) -> RunnerProcess:
    """With ``--workers``: one process (forked before gunicorn's) running ``count`` runner
    threads; it ends with :func:`stop_process`, or when its parent is gone."""
    pool.close_all()                # no connection may cross the fork
    pid = os.fork()
    if pid == 0:                    # the runner process: it never returns to the caller
        code = 1
        try:
            _process_main(config, count)
            code = 0
        except BaseException:
            _logger.exception("the scheduled actions process failed")
        finally:
            os._exit(code)
    return RunnerProcess(pid)


def stop_process(process: RunnerProcess, timeout: float = 30.0) -> None:
    """Stop the runner process (SIGTERM, then SIGKILL after ``timeout`` seconds); nothing
    in a process that did not start it (a gunicorn worker leaving)."""
    if not process.is_alive():
        return
    os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while process.is_alive():
        if time.monotonic() > deadline:
            os.kill(process.pid, signal.SIGKILL)
            os.waitpid(process.pid, 0)
            return
        time.sleep(0.05)


def _process_main(config, count: int) -> None:
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: stopped.set())
    threads = start_threads(config, count)
    parent = os.getppid()
    while not stopped.wait(1.0) and os.getppid() == parent:
        pass
    stop_threads(threads)
    pool.close_all()
