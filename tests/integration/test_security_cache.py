"""Access rights and rule domains are cached for the whole process, and forgotten when changed:
by this transaction at once, by others once committed, by other processes through the
base_cache_signaling sequence; a rolled-back change leaves nothing behind."""
from __future__ import annotations

import pytest

from framework.exceptions import AccessDenied
from framework.orm.environment import Environment
from tests.support.db import install


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


def object_call(registry, uid, password, model, method, args, kwargs=None):
    from framework.service import model as service_model
    return service_model.dispatch("execute_kw", [registry.db_name, uid, password, model, method,
                                                 args, kwargs or {}])


def test_rpc_calls_check_the_signaling_with_their_first_query(registry):
    with registry.cursor() as cr:
        uid = Environment(cr, 1, {})["res.users"].search([("login", "=", "ann")]).id
        cr.execute("UPDATE res_users SET password = NULL WHERE id = %s", (uid,))
    with registry.cursor() as cr:
        Environment(cr, 1, {})["res.users"].browse(uid).write({"password": "first"})
    object_call(registry, uid, "first", "res.users", "context_get", [])      # remembered now

    # another process changes the password behind this one's back and bumps the sequence:
    # the call runs on the remembered login, learns of the change with its first query,
    # and runs again, refused this time
    from passlib.context import CryptContext
    hashed = CryptContext(["pbkdf2_sha512"]).hash("second")
    with registry.cursor() as cr:
        cr.execute("UPDATE res_users SET password = %s WHERE id = %s", (hashed, uid))
        cr.execute("SELECT nextval('base_cache_signaling')")
    with pytest.raises(AccessDenied):
        object_call(registry, uid, "first", "res.users", "search_count", [[]])
    assert object_call(registry, uid, "second", "res.users", "context_get", [])["uid"] == uid


def test_a_call_without_query_still_checks_the_signaling_before_it_commits(registry):
    with registry.cursor() as cr:
        uid = Environment(cr, 1, {})["res.users"].search([("login", "=", "ann")]).id
        Environment(cr, 1, {})["res.users"].browse(uid).write({"password": "third"})
    object_call(registry, uid, "third", "res.partner", "check_access_rights", ["read"],
                    {"raise_exception": False})
    with registry.cursor() as cr:
        cr.execute("UPDATE res_users SET active = FALSE WHERE id = %s", (uid,))
        cr.execute("SELECT nextval('base_cache_signaling')")
    try:
        with pytest.raises(AccessDenied):
            object_call(registry, uid, "third", "res.partner", "check_access_rights", ["read"],
                    {"raise_exception": False})
    finally:
        with registry.cursor() as cr:
            cr.execute("UPDATE res_users SET active = TRUE WHERE id = %s", (uid,))
            cr.execute("SELECT nextval('base_cache_signaling')")
