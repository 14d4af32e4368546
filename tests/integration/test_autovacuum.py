"""The daily clean-up: ``base.autovacuum_job`` runs ``ir.autovacuum._run_vacuum_cleaner``,
which calls every ``@api.autovacuum`` method, each committed on its own, and vacuums the
transient models (their records untouched for --transient-age-limit hours)."""
from __future__ import annotations

import logging

import pytest

from framework.config import config
from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def vacuum_registry(make_db):
    return install(make_db, "test_vacuum_", ["test_cron"])


@pytest.fixture
def committed(vacuum_registry):
    """``run(sql)``: an SQL statement committed on the test database, its rows; what the test
    made is removed afterwards."""
    def run(sql, params=()):
        with vacuum_registry.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else None

    yield run
    run("DELETE FROM test_cron_tick")
    run("DELETE FROM test_cron_wizard")


def vacuum(registry, uid=1):
    from framework.orm.environment import Environment
    with registry.cursor() as cr:
        Environment(cr, uid, {})["ir.autovacuum"]._run_vacuum_cleaner()
        cr.commit()


def test_base_schedules_the_daily_vacuum(vacuum_registry):
    with rolled_back_env(vacuum_registry) as env:
        job = env.ref("base.autovacuum_job")
        assert (job.model_id.model, job.code.strip(), job.interval_number, job.interval_type,
                job.numbercall, job.active, job.user_id) == (
            "ir.autovacuum", "model._run_vacuum_cleaner()", 1, "days", -1, True, env.ref("base.user_root"))


def test_old_wizard_records_go_recent_ones_stay(vacuum_registry, committed):
    committed("INSERT INTO test_cron_wizard (name, create_date, write_date) VALUES "
              "('old', now() - interval '2 hours', now() - interval '2 hours'), "
              "('touched lately', now() - interval '2 hours', now() - interval '10 minutes'), "
              "('new', now(), now())")
    vacuum(vacuum_registry)
    assert sorted(name for (name,) in committed("SELECT name FROM test_cron_wizard")) == \
        ["new", "touched lately"]


def test_the_age_limit_and_the_count_limit_are_options(vacuum_registry, committed, monkeypatch):
    committed("INSERT INTO test_cron_wizard (name, create_date, write_date) VALUES "
              "('10 minutes', now() - interval '10 minutes', now() - interval '10 minutes'), "
              "('3 hours', now() - interval '3 hours', now() - interval '3 hours'), "
              "('1 minute', now() - interval '1 minute', now() - interval '1 minute')")
    monkeypatch.setitem(config.options, "transient_age_limit", 4.0)
    vacuum(vacuum_registry)
    assert len(committed("SELECT name FROM test_cron_wizard")) == 3
    # more rows than the count limit: those older than five minutes go
    monkeypatch.setitem(config.options, "osv_memory_count_limit", 2)
    vacuum(vacuum_registry)
    assert committed("SELECT name FROM test_cron_wizard") == [("1 minute",)]


def test_every_autovacuum_method_runs_and_a_failing_one_is_rolled_back_alone(
        vacuum_registry, committed, caplog):
    committed("INSERT INTO test_cron_tick (name) VALUES ('stale'), ('fresh'), ('fail the vacuum')")
    with caplog.at_level(logging.ERROR):
        vacuum(vacuum_registry)
    names = sorted(name for (name,) in committed("SELECT name FROM test_cron_tick"))
    # the stale tick went; what the failing method wrote did not stay
    assert names == ["fail the vacuum", "fresh"]
    assert "this vacuum fails on purpose" in caplog.text and "_gc_fail_on_demand" in caplog.text


def test_old_login_rows_go(vacuum_registry, committed):
    admin = committed("SELECT id FROM res_users WHERE login = 'admin'")[0][0]
    committed("INSERT INTO res_users_log (create_uid, write_uid) VALUES (%s, %s), (%s, %s)",
              (admin, admin, admin, admin))
    vacuum(vacuum_registry)
    assert committed("SELECT count(*) FROM res_users_log WHERE create_uid = %s", (admin,)) == [(1,)]


def test_only_an_administrator_runs_the_vacuum(vacuum_registry, committed):
    from odoo.exceptions import AccessDenied
    with rolled_back_env(vacuum_registry) as env:
        clerk = env["res.users"].create({"name": "Vacuum Clerk", "login": "vacuum_clerk",
                                         "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
        with pytest.raises(AccessDenied):
            env["ir.autovacuum"].with_user(clerk)._run_vacuum_cleaner()


def test_the_runner_runs_the_vacuum_when_due(vacuum_registry, committed):
    from framework.service.cron import process_jobs
    committed("INSERT INTO test_cron_wizard (name, create_date, write_date) VALUES "
              "('old', now() - interval '2 hours', now() - interval '2 hours')")
    job_id = committed("SELECT res_id FROM ir_model_data WHERE module = 'base' "
                       "AND name = 'autovacuum_job'")[0][0]
    committed("UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') - interval '1 minute' "
              "WHERE id = %s", (job_id,))
    assert process_jobs(vacuum_registry) == [job_id]
    assert committed("SELECT name FROM test_cron_wizard") == []
    nextcall_in = committed("SELECT nextcall - (now() AT TIME ZONE 'UTC') FROM ir_cron WHERE id = %s",
                            (job_id,))[0][0]
    assert 23 * 3600 < nextcall_in.total_seconds() <= 24 * 3600       # tomorrow again
