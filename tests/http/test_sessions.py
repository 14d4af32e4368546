"""Sessions: PostgreSQL storage, cookie, rotation on login, expiry, invalidation, throttling."""
from __future__ import annotations

import json
import time
import xmlrpc.client

import pytest

from tests.support.db import make_config
from tests.support.http import ADMIN_PASSWORD, JsonClient

#: what only the session token's query sends (res.users._compute_session_token)
TOKEN_READ = "WHERE key = 'database.secret') FROM res_users"


def login(client, db, password=ADMIN_PASSWORD, login="admin"):
    return client.call("/web/session/authenticate", {"db": db, "login": login, "password": password})


def test_login_gives_a_new_session_id(json_client, http_db):
    json_client.call("/web/webclient/version_info", {})
    before = json_client.cookie
    assert before
    login(json_client, http_db)
    assert json_client.cookie and json_client.cookie != before


def test_sessions_are_stored_in_the_database(json_client, http_db):
    from framework.orm.registry import Registry
    login(json_client, http_db)
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT data FROM http_session WHERE sid = %s", (json_client.cookie,))
        (data,) = cr.fetchone()
    assert (data["uid"], data["db"], data["login"]) == (2, http_db, "admin")


def test_another_application_instance_sees_the_session(json_client, http_db, serve_app):
    """What a second worker process sees: a separate app with its own caches."""
    login(json_client, http_db)
    other = JsonClient(serve_app(make_config(dbfilter=f"^{http_db}$")))
    other.cookie = json_client.cookie
    assert other.call("/test_http/whoami", {})["result"] == {"uid": 2, "db": http_db, "login": "admin"}


def test_explicit_session_header(json_client, base_url, http_db):
    login(json_client, http_db)
    other = JsonClient(base_url)
    status, headers, data = other.raw(
        "/test_http/whoami", json.dumps({"jsonrpc": "2.0", "params": {}}).encode(),
        headers={"X-Openerp-Session-Id": json_client.cookie})
    assert json.loads(data)["result"]["uid"] == 2
    assert "Set-Cookie" not in headers


def test_unknown_session_id_is_code_100(base_url):
    client = JsonClient(base_url)
    client.cookie = "x" * 64
    assert client.call("/test_http/whoami", {})["error"]["code"] == 100


def test_session_expires_after_its_lifetime(serve_app, http_db):
    client = JsonClient(serve_app(make_config(dbfilter=f"^{http_db}$", session_lifetime=1)))
    assert login(client, http_db)["result"]["uid"] == 2
    assert client.call("/test_http/whoami", {})["result"]["uid"] == 2
    time.sleep(2.2)
    assert client.call("/test_http/whoami", {})["error"]["code"] == 100


def test_password_change_invalidates_sessions(base_url, http_db):
    client = JsonClient(base_url)
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/object") as models:
        uid = models.execute_kw(http_db, 2, ADMIN_PASSWORD, "res.users", "create",
                                [{"name": "Session User", "login": "session_user", "password": "pw1"}])
        assert login(client, http_db, "pw1", "session_user")["result"]["uid"] == uid
        assert client.call("/test_http/whoami", {})["result"]["uid"] == uid
        models.execute_kw(http_db, 2, ADMIN_PASSWORD, "res.users", "write", [[uid], {"password": "pw2"}])
    assert client.call("/test_http/whoami", {})["error"]["code"] == 100


def test_password_change_is_seen_by_rpc_checks(base_url, http_db):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/object") as models:
        uid = models.execute_kw(http_db, 2, ADMIN_PASSWORD, "res.users", "create",
                                [{"name": "Rpc User", "login": "rpc_user", "password": "old"}])
        assert models.execute_kw(http_db, uid, "old", "res.users", "context_get", [])["uid"] == uid
        models.execute_kw(http_db, 2, ADMIN_PASSWORD, "res.users", "write", [[uid], {"password": "new"}])
        with pytest.raises(xmlrpc.client.Fault) as info:
            models.execute_kw(http_db, uid, "old", "res.users", "context_get", [])
        assert info.value.faultCode == 3
        assert models.execute_kw(http_db, uid, "new", "res.users", "context_get", [])["uid"] == uid


def test_api_key_expiry_bounds_the_remembered_login(base_url, http_db):
    import datetime

    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        env = Environment(cr, 1, {})
        user = env["res.users"].create({"name": "Expiring Key", "login": "expiring_key"})
        soon = datetime.datetime.utcnow().replace(microsecond=0) + datetime.timedelta(seconds=2)
        key = env["res.users.apikeys"].with_user(user)._generate("rpc", "short", soon)
        uid = user.id
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/object") as models:
        assert models.execute_kw(http_db, uid, key, "res.users", "context_get", [])["uid"] == uid
        time.sleep(3)
        with pytest.raises(xmlrpc.client.Fault) as info:
            models.execute_kw(http_db, uid, key, "res.users", "context_get", [])
        assert info.value.faultCode == 3


def test_failed_logins_are_throttled(base_url, http_db):
    client = JsonClient(base_url)
    for _ in range(5):
        error = login(client, http_db, "wrong", "nobody_here")["error"]
        assert error["data"]["message"] == "Access Denied"
    error = login(client, http_db, "wrong", "nobody_here")["error"]
    assert error["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert error["data"]["message"] == "Too many login failures, please wait a bit before trying again."
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/common") as common:
        assert common.login(http_db, "nobody_here", "wrong") is False
    # other logins from the same address are not affected
    assert login(client, http_db)["result"]["uid"] == 2


def test_request_size_limit(serve_app, http_db):
    url = serve_app(make_config(dbfilter=f"^{http_db}$", limit_request_size=1000))
    client = JsonClient(url)
    status, _headers, _data = client.raw("/jsonrpc", b"{" + b" " * 5000 + b"}")
    assert status == 413


def test_expired_session_rows_are_deleted_when_a_new_session_is_stored(app, base_url, http_db):
    from framework.orm.registry import Registry
    login(JsonClient(base_url), http_db)            # the table exists
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("INSERT INTO http_session (sid, data, write_date) VALUES "
                   "('expired' || md5(random()::text), '{}', now() - interval '30 days')")
    app.session_store._vacuumed.clear()
    login(JsonClient(base_url), http_db)
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT count(*) FROM http_session WHERE write_date < now() - interval '29 days'")
        assert cr.fetchone()[0] == 0


def test_a_logged_in_call_costs_one_round_trip_before_its_route(app, json_client, http_db, monkeypatch):
    """A session this process remembers: its row is read by the request's first query, with
    the cache signaling check (the session token is remembered too): one round trip,
    the route's own query. A session it does not remember costs its row's read before."""
    login(json_client, http_db)
    json_client.call("/test_http/whoami", {})
    sent = count_statements(monkeypatch)
    assert json_client.call("/test_http/whoami", {})["result"]["uid"] == 2
    assert len(sent) == 1, sent
    assert "base_cache_signaling" in sent[0] and "FROM http_session WHERE sid" in sent[0]
    assert "res_users" in sent[0] and TOKEN_READ not in sent[0]
    app.session_store._memo.clear()            # as after MEMO_TRUST: the row is read first
    sent.clear()
    assert json_client.call("/test_http/whoami", {})["result"]["uid"] == 2
    assert len(sent) == 2, sent
    assert "http_session" in sent[0] and sent[0].rstrip().endswith("COMMIT")
    assert "base_cache_signaling" in sent[1] and "http_session" not in sent[1]


def count_statements(monkeypatch) -> list[str]:
    import psycopg
    sent: list[str] = []
    original = psycopg.ClientCursor.execute

    def execute(self, query, *args, **kwargs):
        sent.append(str(query))
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.ClientCursor, "execute", execute)
    return sent


def test_the_session_token_is_checked_once_then_remembered(json_client, http_db, monkeypatch):
    """A route that sends no query: with the token remembered, the cache signaling check
    it used the cache before is sent at its commit, with the COMMIT (and the read of the
    remembered session's row)."""
    login(json_client, http_db)
    sent = count_statements(monkeypatch)
    assert json_client.call("/test_http/uid", {})["result"]["uid"] == 2
    token_reads = [query for query in sent if TOKEN_READ in query]
    assert len(token_reads) <= 1, sent
    sent.clear()
    assert json_client.call("/test_http/uid", {})["result"]["uid"] == 2
    assert len(sent) == 1, sent
    assert "base_cache_signaling" in sent[0] and sent[0].rstrip().endswith("COMMIT")
    assert "FROM http_session WHERE sid" in sent[0] and TOKEN_READ not in sent[0]


@pytest.fixture
def session_user(json_client, http_db):
    """A user of their own, logged in on ``json_client``, the token remembered already."""
    import uuid

    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    name = f"memo_{uuid.uuid4().hex[:8]}"
    with Registry.registries[http_db].cursor() as cr:
        uid = Environment(cr, 1, {})["res.users"].create({"name": name, "login": name, "password": "pw1"}).id
    assert login(json_client, http_db, "pw1", name)["result"]["uid"] == uid
    for _ in range(2):
        assert json_client.call("/test_http/uid", {})["result"]["uid"] == uid
    return uid


def change_in_another_process(http_db, query: str, params: tuple) -> None:
    """What another worker process does when it changes a user: the UPDATE, and the cache
    signaling sequence bumped with its commit; this process's shared cache (the remembered
    token) is left as it is and learns of the change only through the sequence."""
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        cr.execute(query, params)
        cr.execute("SELECT nextval('base_cache_signaling')")


@pytest.mark.parametrize("route", ["/test_http/whoami", "/test_http/uid"])
def test_a_password_changed_in_another_process_refuses_the_remembered_session(
        json_client, http_db, session_user, route):
    """whoami queries (the stale cache is found at its first query), uid does not (found
    at its commit): either way the unit of work runs again and checks the token afresh."""
    change_in_another_process(http_db, "UPDATE res_users SET password = %s WHERE id = %s",
                              ("$pbkdf2-sha512$25000$other", session_user))
    answer = json_client.call(route, {})
    assert answer["error"]["code"] == 100 and answer["id"] is None, answer
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def get_uid_page(base_url: str, sid: str) -> tuple[int, str, bytes]:
    """GET an http route of a logged-in user: (status, Location, body)."""
    import http.client
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    try:
        connection.request("GET", "/test_http/uid_page", headers={"Cookie": f"session_id={sid}"})
        response = connection.getresponse()
        return response.status, response.getheader("Location") or "", response.read()
    finally:
        connection.close()


def test_a_stale_remembered_session_redirects_an_http_route_to_the_login(
        json_client, base_url, http_db, session_user):
    assert get_uid_page(base_url, json_client.cookie)[::2] == (200, str(session_user).encode())
    change_in_another_process(http_db, "UPDATE res_users SET password = %s WHERE id = %s",
                              ("$pbkdf2-sha512$25000$other", session_user))
    status, location, _body = get_uid_page(base_url, json_client.cookie)
    assert status == 303 and "/web/login" in location


def test_a_stale_remembered_session_falls_back_to_the_public_user(json_client, http_db, session_user):
    change_in_another_process(http_db, "UPDATE res_users SET active = false WHERE id = %s", (session_user,))
    public = json_client.call("/test_http/public", {})["result"]["uid"]
    assert public != session_user
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def test_an_unrelated_signal_keeps_the_session(json_client, http_db, session_user):
    change_in_another_process(http_db, "SELECT 1", ())
    assert json_client.call("/test_http/whoami", {})["result"]["uid"] == session_user
    assert json_client.call("/test_http/uid", {})["result"]["uid"] == session_user


def test_a_login_change_signals_the_other_processes_and_refuses_the_session(
        json_client, http_db, session_user):
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT last_value FROM base_cache_signaling")
        before = cr.fetchone()[0]
        Environment(cr, 1, {})["res.users"].browse(session_user).write({"login": f"renamed_{session_user}"})
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT last_value FROM base_cache_signaling")
        assert cr.fetchone()[0] > before
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def test_a_new_database_secret_signals_the_other_processes(http_db):
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        env = Environment(cr, 1, {})
        secret = env["ir.config_parameter"].get_param("database.secret")
        cr.execute("SELECT last_value FROM base_cache_signaling")
        before = cr.fetchone()[0]
        env["ir.config_parameter"].set_param("database.secret", secret + "x")
        cr.commit()
        cr.execute("SELECT last_value FROM base_cache_signaling")
        bumped = cr.fetchone()[0]
        env["ir.config_parameter"].set_param("database.secret", secret)
    assert bumped > before



def test_a_password_change_signaled_before_its_commit_still_refuses_the_remembered_session(
        json_client, http_db, session_user):
    """The signaling sequence is bumped in the changing transaction's precommit, before its
    COMMIT: a request of another process that learns of the bump in between checks the
    token again against the password not yet committed, and remembers that success; the
    change must still reach that process once it is committed."""
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    registry = Registry.registries[http_db]
    with registry.cursor() as cr:
        Environment(cr, 1, {})["res.users"].browse(session_user).write({"password": "pw2"})
        cr.flush()                      # its precommit: the sequence bumped, not committed yet
        # a request of the session in between: the old password is still the committed one
        assert json_client.call("/test_http/uid", {})["result"]["uid"] == session_user
        # what that other process remembers now (this process's own cache is dropped by
        # the commit below: it made the change)
        remembered = dict(registry.shared_cache)
    registry.shared_cache.update(remembered)
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def test_an_addon_token_field_keys_the_session_token(http_db, session_user):
    """test_http_a adds ``session_epoch`` to ``_get_session_token_fields``: the token
    depends on it, and its write signals the other processes."""
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    from framework.service.security import session_token
    with Registry.registries[http_db].cursor() as cr:
        before = session_token(cr, "sid", session_user)
        cr.execute("UPDATE res_users SET session_epoch = 7 WHERE id = %s", (session_user,))
        assert session_token(cr, "sid", session_user) != before
        cr.execute("UPDATE res_users SET session_epoch = 0 WHERE id = %s", (session_user,))
        assert session_token(cr, "sid", session_user) == before
        cr.rollback()
        users = Environment(cr, 1, {})["res.users"]
        assert "session_epoch" in users._get_session_token_fields()


def test_writing_an_addon_token_field_refuses_the_remembered_session(json_client, http_db, session_user):
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT last_value FROM base_cache_signaling")
        before = cr.fetchone()[0]
        Environment(cr, 1, {})["res.users"].browse(session_user).write({"session_epoch": 1})
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT last_value FROM base_cache_signaling")
        assert cr.fetchone()[0] > before
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def test_an_unrelated_user_write_keeps_the_session(json_client, http_db, session_user):
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT last_value FROM base_cache_signaling")
        before = cr.fetchone()[0]
        Environment(cr, 1, {})["res.users"].browse(session_user).write({"name": "Renamed Only"})
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT last_value FROM base_cache_signaling")
        assert cr.fetchone()[0] == before
    assert json_client.call("/test_http/uid", {})["result"]["uid"] == session_user


def test_two_first_uses_of_the_database_secret_agree(http_db):
    """Two transactions that both find no ``database.secret``: the first one's INSERT wins,
    the second fails to serialize (its unit of work runs again) rather than answering a
    secret nobody stored, and its rerun reads the first one's secret."""
    import threading

    import psycopg

    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    registry = Registry.registries[http_db]
    with registry.cursor() as cr:
        cr.execute("DELETE FROM ir_config_parameter WHERE key = 'database.secret' RETURNING value")
        original = cr.fetchone()[0]
    try:
        with registry.cursor() as first, registry.cursor() as second:
            second.execute("SELECT 1")          # its snapshot: no secret yet
            created = Environment(first, 1, {})["ir.config_parameter"]._database_secret()
            outcome = {}

            def use_second():
                try:
                    outcome["secret"] = Environment(second, 1, {})["ir.config_parameter"]._database_secret()
                except psycopg.Error as error:
                    outcome["error"] = error
            thread = threading.Thread(target=use_second)
            thread.start()
            thread.join(0.5)
            assert thread.is_alive()            # waits on the first one's row
            first.commit()
            thread.join(10)
            assert isinstance(outcome.get("error"), psycopg.errors.SerializationFailure), outcome
            second.rollback()
            assert Environment(second, 1, {})["ir.config_parameter"]._database_secret() == created
    finally:
        with registry.cursor() as cr:
            cr.execute("DELETE FROM ir_config_parameter WHERE key = 'database.secret'")
            cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('database.secret', %s)", (original,))



# -- the sessions a process remembers ---------------------------------------------------------

def remembered(app, client) -> bool:
    return client.cookie in app.session_store._memo


def in_another_process(http_db, query: str, params: tuple) -> None:
    """A change of a session's row that this process's memo does not see."""
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        cr.execute(query, params)


ROUTES_WITH_AND_WITHOUT_QUERY = ["/test_http/whoami", "/test_http/uid", "/test_http/whoami_forgiving"]


@pytest.mark.parametrize("route", ROUTES_WITH_AND_WITHOUT_QUERY)
def test_a_remembered_session_deleted_in_another_process_is_refused(
        app, json_client, http_db, session_user, route):
    assert remembered(app, json_client)
    in_another_process(http_db, "DELETE FROM http_session WHERE sid = %s", (json_client.cookie,))
    answer = json_client.call(route, {})
    assert answer["error"]["code"] == 100 and answer["id"] is None, answer
    assert not remembered(app, json_client)
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def test_a_remembered_session_deleted_in_another_process_redirects_an_http_route(
        app, json_client, base_url, http_db, session_user):
    assert get_uid_page(base_url, json_client.cookie)[::2] == (200, str(session_user).encode())
    assert remembered(app, json_client)
    in_another_process(http_db, "DELETE FROM http_session WHERE sid = %s", (json_client.cookie,))
    status, location, _body = get_uid_page(base_url, json_client.cookie)
    assert status == 303 and "/web/login" in location


def test_a_remembered_explicit_session_deleted_in_another_process_is_refused(
        app, json_client, base_url, http_db, session_user, monkeypatch):
    def whoami():
        _status, headers, data = JsonClient(base_url).raw(
            "/test_http/whoami", json.dumps({"jsonrpc": "2.0", "params": {}}).encode(),
            headers={"X-Openerp-Session-Id": json_client.cookie})
        assert "Set-Cookie" not in headers
        return json.loads(data)

    sent = count_statements(monkeypatch)
    assert whoami()["result"]["uid"] == session_user
    assert len(sent) == 1, sent                 # remembered: read with the route's query
    in_another_process(http_db, "DELETE FROM http_session WHERE sid = %s", (json_client.cookie,))
    assert whoami()["error"]["code"] == 100


@pytest.mark.parametrize("route", ROUTES_WITH_AND_WITHOUT_QUERY)
def test_a_remembered_session_another_process_logged_in_as_someone_else_is_reread(
        app, json_client, http_db, session_user, route):
    from framework.orm.registry import Registry
    from framework.service.security import session_token
    sid = json_client.cookie
    assert remembered(app, json_client)
    with Registry.registries[http_db].cursor() as cr:
        token = session_token(cr, sid, 2)
        cr.execute("UPDATE http_session SET data = data || jsonb_build_object("
                   "'uid', 2, 'login', 'admin', 'session_token', %s::text) WHERE sid = %s", (token, sid))
    assert json_client.call(route, {})["result"]["uid"] == 2
    assert json_client.call("/test_http/whoami", {})["result"] == {"uid": 2, "db": http_db, "login": "admin"}


def test_a_remembered_session_whose_context_another_process_changed_is_reread(
        app, json_client, http_db, session_user):
    assert json_client.call("/test_http/session_context", {})["result"]["env"].get("memo_probe") is None
    assert remembered(app, json_client)
    in_another_process(http_db, "UPDATE http_session SET data = jsonb_set(data, '{context,memo_probe}', "
                       "'\"elsewhere\"') WHERE sid = %s", (json_client.cookie,))
    result = json_client.call("/test_http/session_context", {})["result"]
    assert result["session"]["memo_probe"] == result["env"]["memo_probe"] == "elsewhere"


def test_a_remembered_session_only_touched_elsewhere_is_not_run_again(
        app, json_client, http_db, session_user, monkeypatch):
    """Another process refreshed the row's expiry only: the data is the same, nothing to redo."""
    in_another_process(http_db, "UPDATE http_session SET write_date = now() AT TIME ZONE 'UTC' "
                       "WHERE sid = %s", (json_client.cookie,))
    sent = count_statements(monkeypatch)
    assert json_client.call("/test_http/whoami", {})["result"]["uid"] == session_user
    assert len(sent) == 1, sent


def test_a_session_saved_by_this_process_is_seen_by_the_next_request(
        app, json_client, base_url, http_db, session_user, monkeypatch):
    changed = json_client.call("/test_http/session_context", {"memo_probe": "here"})["result"]
    assert changed["session"]["memo_probe"] == "here"
    sent = count_statements(monkeypatch)
    result = json_client.call("/test_http/session_context", {})["result"]
    assert result["session"]["memo_probe"] == result["env"]["memo_probe"] == "here"
    assert len(sent) == 1, sent                 # the saved session is remembered as saved
    other = JsonClient(base_url)
    other.cookie = json_client.cookie
    app.session_store._memo.clear()             # read from its row: it was stored too
    assert other.call("/test_http/session_context", {})["result"]["session"]["memo_probe"] == "here"


def test_a_session_changed_by_a_route_does_not_change_what_is_remembered(
        app, json_client, http_db, session_user):
    """The memo keeps its own copy: a route that changes the session's context in place
    (without saving it: no assignment) leaves the next request's session as it was."""
    assert json_client.call("/test_http/session_context", {})["result"]["session"].get("memo_probe") is None
    entry = app.session_store._memo[json_client.cookie]
    from framework.http.session import Session
    session = Session(json_client.cookie, entry.data)
    session.context["memo_probe"] = "in place"
    assert "memo_probe" not in entry.data.get("context", {})


def test_a_remembered_session_expired_in_its_row_is_refused(app, json_client, http_db, session_user):
    assert remembered(app, json_client)
    in_another_process(http_db, "UPDATE http_session SET write_date = write_date - make_interval(secs => %s) "
                       "WHERE sid = %s", (app.session_store.lifetime + 10, json_client.cookie))
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def test_a_remembered_session_past_its_lifetime_is_read_again(app, json_client, http_db, session_user, monkeypatch):
    """The memo is not used once the session would have expired by its age: its row is
    read as before routing (and found expired there)."""
    sid = json_client.cookie
    entry = app.session_store._memo[sid]
    app.session_store._memo[sid] = entry._replace(age=app.session_store.lifetime)
    in_another_process(http_db, "UPDATE http_session SET write_date = write_date - make_interval(secs => %s) "
                       "WHERE sid = %s", (app.session_store.lifetime + 10, sid))
    sent = count_statements(monkeypatch)
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100
    assert "http_session" in sent[0] and "base_cache_signaling" not in sent[0], sent


def test_a_route_without_transaction_does_not_bring_back_a_deleted_session(
        app, json_client, http_db, session_user):
    """A route that opens no transaction on the database acts on the remembered session
    unchecked; what it changes is not written over a row another process deleted."""
    from framework.orm.registry import Registry
    sid = json_client.cookie
    assert json_client.call("/test_http/mark_session", {"mark": "kept"})["result"] == "kept"
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT data->>'mark' FROM http_session WHERE sid = %s", (sid,))
        assert cr.fetchone() == ("kept",)       # an unchecked session unchanged elsewhere: saved
    in_another_process(http_db, "DELETE FROM http_session WHERE sid = %s", (sid,))
    json_client.call("/test_http/mark_session", {"mark": "again"})
    with Registry.registries[http_db].cursor() as cr:
        cr.execute("SELECT count(*) FROM http_session WHERE sid = %s", (sid,))
        assert cr.fetchone()[0] == 0
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100


def test_a_remembered_session_logs_out_and_in_as_before(app, json_client, base_url, http_db, session_user):
    sid = json_client.cookie
    assert remembered(app, json_client)
    answer = json_client.call("/web/session/destroy", {})
    assert answer.get("error") is None, answer
    assert json_client.cookie != sid and sid not in app.session_store._memo
    assert json_client.call("/test_http/uid", {})["error"]["code"] == 100
    assert login(json_client, http_db)["result"]["uid"] == 2
    assert json_client.call("/test_http/uid", {})["result"]["uid"] == 2
    old = JsonClient(base_url)
    old.cookie = sid
    assert old.call("/test_http/uid", {})["error"]["code"] == 100
