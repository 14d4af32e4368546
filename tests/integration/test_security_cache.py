"""Access rights and rule domains are cached for the whole process, and forgotten when changed:
by this transaction at once, by others once committed, by other processes through the
base_cache_signaling sequence; a rolled-back change leaves nothing behind."""
from __future__ import annotations

import pytest

from framework.orm.environment import Environment
from tests.conftest import install


@pytest.fixture(scope="module")
def registry(make_db):
    registry = install(make_db, "test_seccache_", ["test_security"])
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        env["res.users"].create({"name": "Ann", "login": "ann", "groups_id": [(6, 0, [])]})
    return registry


def ann_can_read_locked(registry) -> bool:
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        ann = env["res.users"].search([("login", "=", "ann")])
        return env["ir.model.access"].with_user(ann).check("test.locked", "read", raise_exception=False)


def grant(env, perm_read=True):
    return env["ir.model.access"].create({
        "name": "ann may read", "model_id": env.ref("test_security.model_test_locked").id,
        "perm_read": perm_read})


def test_a_committed_grant_is_seen_by_later_transactions(registry):
    assert not ann_can_read_locked(registry)
    with registry.cursor() as cr:
        access = grant(Environment(cr, 1, {}))
        access_id = access.id
    assert ann_can_read_locked(registry)
    with registry.cursor() as cr:
        Environment(cr, 1, {})["ir.model.access"].browse(access_id).unlink()
    assert not ann_can_read_locked(registry)


def test_a_rolled_back_grant_leaves_no_trace_in_the_cache(registry):
    assert not ann_can_read_locked(registry)
    cr = registry.cursor()
    env = Environment(cr, 1, {})
    grant(env)
    ann = env["res.users"].search([("login", "=", "ann")])
    assert env["ir.model.access"].with_user(ann).check("test.locked", "read")    # seen inside
    cr.rollback()
    cr.close()
    assert not ann_can_read_locked(registry)


def test_another_process_change_is_learnt_from_the_signaling_sequence(registry):
    assert not ann_can_read_locked(registry)
    key = next(k for k in registry.shared_cache if k[0] == "access" and k[2] == "test.locked")
    registry.shared_cache[key] = True               # what a stale process-wide cache would hold
    with registry.cursor() as cr:                   # another process commits a security change
        cr.execute("SELECT nextval('base_cache_signaling')")
    assert not ann_can_read_locked(registry)


def test_the_cache_saves_the_access_queries(registry):
    ann_can_read_locked(registry)
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        ann = env["res.users"].search([("login", "=", "ann")])
        before = cr.sql_log_count
        assert not env["ir.model.access"].with_user(ann).check("test.locked", "read", raise_exception=False)
        assert cr.sql_log_count == before
