"""Scheduled actions: ir.cron records from an addon's XML, running one now
(method_direct_trigger), and the runner of --max-cron-threads taking due jobs."""
from __future__ import annotations

import datetime

import pytest

from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def cron_registry(make_db):
    return install(make_db, "test_cron_", ["test_cron"])


@pytest.fixture
def cron_env(cron_registry):
    with rolled_back_env(cron_registry) as env:
        yield env


def test_an_addons_cron_records_load_with_their_schedule(cron_env):
    env = cron_env
    tick, fail = env.ref("test_cron.cron_tick"), env.ref("test_cron.cron_fail")
    assert (tick.cron_name, tick.model_id.model, tick.state, tick.code.strip(), tick.usage) == (
        "Test cron: tick", "test_cron.tick", "code", "model._tick()", "ir_cron")
    assert (tick.interval_number, tick.interval_type, tick.numbercall, tick.doall,
            tick.priority, tick.active, tick.user_id) == (2, "hours", -1, True, 3, True,
                                                         env.ref("base.user_admin"))
    in_three_days = datetime.date.today() + datetime.timedelta(days=3)
    assert tick.nextcall == datetime.datetime.combine(in_three_days, datetime.time(4))
    assert (fail.active, fail.numbercall, fail.doall, fail.interval_type) == (False, 3, False, "days")
    assert fail.user_id == env.user and fail.nextcall
    # a scheduled action is a server action too
    assert env["ir.actions.server"].search([("usage", "=", "ir_cron")]) >= \
        (tick | fail).ir_actions_server_id


def test_run_manually_runs_the_code_now_as_the_jobs_user(cron_env):
    env = cron_env
    cron = env.ref("test_cron.cron_tick")
    assert cron.method_direct_trigger() is True
    tick = env["test_cron.tick"].search([])
    assert (tick.name, tick.run_by) == ("tick", env.ref("base.user_admin"))
    assert cron.lastcall and cron.nextcall > cron.lastcall     # the schedule is left alone


def test_only_settings_administrators_see_scheduled_actions(cron_env):
    from odoo.exceptions import AccessError
    user = cron_env["res.users"].create({"name": "Cron Clerk", "login": "cron_clerk",
                                         "groups_id": [(6, 0, [cron_env.ref("base.group_user").id])]})
    with pytest.raises(AccessError):
        cron_env["ir.cron"].with_user(user).search([])
    assert cron_env["ir.cron"].with_user(cron_env.ref("base.user_admin")).search([])


# -- the runner ---------------------------------------------------------------------------------



def utc_now():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


@pytest.fixture
def jobs(cron_registry):
    """``make(code, **values)``: a committed scheduled action on test_cron.tick; ``ticks()``
    the committed ticks (name, user id); all are removed afterwards."""
    from framework.orm.environment import Environment
    made = []

    def make(code, **values):
        with cron_registry.cursor() as cr:
            env = Environment(cr, 1, {})
            cron = env["ir.cron"].create({
                "name": f"Test job {len(made)}", "model_id": env.ref("test_cron.model_test_cron_tick").id,
                "state": "code", "code": code, "interval_number": 1, "interval_type": "hours",
                "numbercall": -1, **values})
            made.append(cron.id)
            return cron.id

    def read(job_id):
        with cron_registry.cursor() as cr:
            cr.execute("SELECT nextcall, numbercall, active, lastcall FROM ir_cron WHERE id = %s",
                       (job_id,))
            return cr.fetchone()

    def ticks():
        with cron_registry.cursor() as cr:
            cr.execute("SELECT name, run_by FROM test_cron_tick ORDER BY id")
            return cr.fetchall()

    yield make, read, ticks
    with cron_registry.cursor() as cr:
        Environment(cr, 1, {})["ir.cron"].browse(made).unlink()
        cr.execute("DELETE FROM test_cron_tick")


def test_a_due_job_runs_once_as_its_user_and_its_schedule_moves_on(cron_registry, jobs):
    from framework.service.cron import process_jobs
    make, read, ticks = jobs
    with cron_registry.cursor() as cr:
        cr.execute("SELECT id FROM res_users WHERE login = 'admin'")
        admin_id = cr.fetchone()[0]
    due = utc_now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    job = make("model._tick('once')", nextcall=due, numbercall=2, user_id=admin_id)
    assert process_jobs(cron_registry) == [job]
    assert ticks() == [("once", admin_id)]
    nextcall, numbercall, active, lastcall = read(job)
    assert (nextcall, numbercall, active) == (due + datetime.timedelta(hours=1), 1, True)
    assert due < lastcall <= utc_now()
    assert process_jobs(cron_registry) == []            # not due any more
    with cron_registry.cursor() as cr:
        cr.execute("UPDATE ir_cron SET nextcall = %s WHERE id = %s", (due, job))
    assert process_jobs(cron_registry) == [job]
    assert (len(ticks()), read(job)[1:3]) == (2, (0, False))    # its last call: inactive
    with cron_registry.cursor() as cr:
        cr.execute("UPDATE ir_cron SET nextcall = %s WHERE id = %s", (due, job))
    assert process_jobs(cron_registry) == []


@pytest.mark.parametrize(("doall", "numbercall", "runs", "left"),
                         [(False, -1, 1, -1), (True, -1, 4, -1), (True, 2, 2, 0)])
def test_missed_runs_run_once_unless_doall(cron_registry, jobs, doall, numbercall, runs, left):
    from framework.service.cron import process_jobs
    make, read, ticks = jobs
    due = utc_now().replace(microsecond=0) - datetime.timedelta(hours=3, minutes=1)
    job = make("model._tick()", nextcall=due, doall=doall, numbercall=numbercall)
    assert process_jobs(cron_registry) == [job]
    assert len(ticks()) == runs
    nextcall, numbercall_after, active, _lastcall = read(job)
    assert (nextcall, numbercall_after, active) == (due + datetime.timedelta(hours=4), left, bool(left))


def test_a_failing_job_is_rolled_back_logged_and_still_moves_on(cron_registry, jobs, caplog):
    from framework.service.cron import process_jobs
    make, read, ticks = jobs
    due = utc_now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    job = make("model._tick_then_fail()", nextcall=due, numbercall=3)
    assert process_jobs(cron_registry) == [job]
    assert ticks() == []                                 # its tick was rolled back
    assert "the job fails on purpose" in caplog.text
    nextcall, numbercall, active, lastcall = read(job)
    assert (nextcall, numbercall, active, bool(lastcall)) == (
        due + datetime.timedelta(hours=1), 2, True, True)


def test_a_job_another_runner_holds_is_skipped(cron_registry, jobs):
    from framework.service.cron import process_jobs
    make, read, ticks = jobs
    due = utc_now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    job = make("model._tick()", nextcall=due)
    holder = cron_registry.cursor()
    try:
        holder.execute("SELECT id FROM ir_cron WHERE id = %s FOR UPDATE", (job,))
        assert process_jobs(cron_registry) == []
        assert (ticks(), read(job)[0]) == ([], due)
    finally:
        holder.rollback()
        holder.close()
    assert process_jobs(cron_registry) == [job]
    assert len(ticks()) == 1


def test_a_trigger_runs_a_job_before_its_nextcall_and_is_consumed(cron_registry, jobs):
    from framework.orm.environment import Environment
    from framework.service.cron import process_jobs
    make, read, ticks = jobs
    later = utc_now().replace(microsecond=0) + datetime.timedelta(days=1)
    job = make("model._tick()", nextcall=later)
    assert process_jobs(cron_registry) == []
    with cron_registry.cursor() as cr:
        Environment(cr, 1, {})["ir.cron"].browse(job)._trigger()
    assert process_jobs(cron_registry) == [job]
    assert (len(ticks()), read(job)[0]) == (1, later)
    with cron_registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s", (job,))
        assert cr.fetchone()[0] == 0
    assert process_jobs(cron_registry) == []


def test_a_runner_pass_skips_a_database_whose_addons_are_being_installed(cron_registry, jobs):
    from framework.service.cron import run_once
    from tests.support.db import make_config
    make, read, ticks = jobs
    config = make_config(db_name=cron_registry.db_name)
    make("model._tick()", nextcall=utc_now() - datetime.timedelta(minutes=1))
    with cron_registry.cursor() as cr:
        cr.execute("UPDATE ir_module_module SET state = 'to upgrade' WHERE name = 'test_cron'")
    try:
        assert (run_once(config), ticks()) == (0, [])
    finally:
        with cron_registry.cursor() as cr:
            cr.execute("UPDATE ir_module_module SET state = 'installed' WHERE name = 'test_cron'")
    assert (run_once(config), len(ticks())) == (1, 1)


def test_neutralizing_a_database_deactivates_its_scheduled_actions_but_the_vacuum(cron_env):
    from framework.service.neutralize import neutralize_database
    from tests.support.db import make_config
    cron, vacuum = cron_env.ref("test_cron.cron_tick"), cron_env.ref("base.autovacuum_job")
    assert cron.active and vacuum.active
    cron_env.flush_all()
    assert "base" in neutralize_database(cron_env.cr, make_config().addons_paths())
    cron_env.invalidate_all(flush=False)
    assert (cron.active, vacuum.active) == (False, True)


def run_threads_until_ticked(cron_registry, ticks, act):
    """Start one runner thread that only looks when woken (poll interval 600 s), call
    ``act()``, and wait up to 30 s for a tick; the ticks then."""
    import time

    from framework.service import cron as runner
    from tests.support.db import make_config
    stopped = runner.start_threads(make_config(db_name=cron_registry.db_name), 1)
    try:
        act()
        deadline = time.monotonic() + 30
        while not ticks() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        runner.stop_threads(stopped)
    return ticks()


def test_a_trigger_for_now_wakes_the_runner_threads_of_its_process(cron_registry, jobs, monkeypatch):
    from framework.orm.environment import Environment
    make, read, ticks = jobs
    monkeypatch.setenv("ODOO_CRON_POLL_SECONDS", "600")
    job = make("model._tick('woken')", nextcall=utc_now() + datetime.timedelta(days=1))

    def trigger():
        with cron_registry.cursor() as cr:
            Environment(cr, 1, {})["ir.cron"].browse(job)._trigger()

    ticked = run_threads_until_ticked(cron_registry, ticks, trigger)
    assert ticked and ticked[0][0] == "woken"


def test_a_trigger_for_now_notifies_the_runners_of_other_processes_at_commit(cron_registry, jobs):
    from framework.db import admin
    from framework.orm.environment import Environment
    make, _read, _ticks = jobs
    job = make("model._tick()", nextcall=utc_now() + datetime.timedelta(days=1))
    with admin.maintenance_connection(cron_registry.database.address) as listener:
        listener.execute("LISTEN cron_trigger")
        with cron_registry.cursor() as cr:
            cron = Environment(cr, 1, {})["ir.cron"].browse(job)
            cron._trigger()
            cron._trigger()                         # one notification per transaction
            cron._trigger(utc_now() + datetime.timedelta(hours=1))     # later: none
            assert list(listener.notifies(timeout=0.5, stop_after=1)) == []    # not before the commit
        received = [(n.channel, n.payload) for n in listener.notifies(timeout=5, stop_after=1)]
        assert received == [("cron_trigger", cron_registry.db_name)]
        assert list(listener.notifies(timeout=0.5, stop_after=1)) == []


def test_a_notification_from_another_process_wakes_the_runner_threads(cron_registry, jobs, monkeypatch):
    import time

    from framework.db import admin
    make, _read, ticks = jobs
    monkeypatch.setenv("ODOO_CRON_POLL_SECONDS", "600")
    job = make("model._tick('from afar')", nextcall=utc_now() + datetime.timedelta(days=1))

    def trigger_elsewhere():        # another process's trigger: a row, then a NOTIFY
        time.sleep(1.5)             # the listener is listening (and the runner waiting)
        with cron_registry.cursor() as cr:
            cr.execute("INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, %s)",
                       (job, utc_now() - datetime.timedelta(seconds=1)))
        with admin.maintenance_connection(cron_registry.database.address) as connection:
            connection.execute("SELECT pg_notify('cron_trigger', %s)", (cron_registry.db_name,))

    ticked = run_threads_until_ticked(cron_registry, ticks, trigger_elsewhere)
    assert ticked and ticked[0][0] == "from afar"


def test_a_job_over_its_time_limit_is_stopped_rolled_back_and_runs_at_the_next_look(
        cron_registry, jobs, caplog):
    import time

    from framework.service.cron import process_jobs
    make, read, ticks = jobs
    due = utc_now().replace(microsecond=0) - datetime.timedelta(minutes=1)
    slow = make("model._tick_then_wait(30)", nextcall=due, priority=1)
    quick = make("model._tick('quick')", nextcall=due, priority=2)
    start = time.monotonic()
    assert process_jobs(cron_registry, limit=1) == [quick]      # the runner went on
    assert time.monotonic() - start < 15
    assert [name for name, _user in ticks()] == ["quick"]       # the slow tick rolled back
    assert read(slow)[0] == due                                 # still due: not moved on
    assert f"scheduled action #{slow} of {cron_registry.db_name} ran over its 1s" in caplog.text
    with cron_registry.cursor() as cr:
        cr.execute("UPDATE ir_act_server SET code = 'model._tick_then_wait(0)' "
                   "WHERE id = (SELECT ir_actions_server_id FROM ir_cron WHERE id = %s)", (slow,))
    assert process_jobs(cron_registry, limit=1) == [slow]       # run again at the next look
    assert [name for name, _user in ticks()] == ["quick", "slow"]
    assert read(slow)[0] == due + datetime.timedelta(hours=1)


def test_the_time_limit_of_jobs_follows_odoo_17_options():
    from framework.service.cron import time_limit
    assert time_limit({"workers": 0, "limit_time_real_cron": 5}) is None   # threaded: none
    assert time_limit({"workers": 2, "limit_time_real_cron": 5, "limit_time_real": 120}) == 5
    assert time_limit({"workers": 2, "limit_time_real_cron": -1, "limit_time_real": 120}) == 120
    assert time_limit({"workers": 2, "limit_time_real_cron": 0, "limit_time_real": 120}) is None
