"""The external API over XML-RPC, through real HTTP, with Python's xmlrpc.client (§10 vectors)."""
from __future__ import annotations

import xmlrpc.client

import pytest

from tests.support.db import make_config
from tests.support.http import ADMIN_PASSWORD, post

VERSION_CALL = b"<?xml version='1.0'?>\n<methodCall><methodName>version</methodName><params></params></methodCall>"


def execute_kw(models, db, model, method, args, kwargs=None, password=ADMIN_PASSWORD):
    return models.execute_kw(db, 2, password, model, method, args, kwargs or {})


# -- TV1, TV2, TV20: common ---------------------------------------------------------------------

def test_tv1_version_has_exactly_four_keys_in_order(base_url):
    status, headers, body = post(base_url, "/xmlrpc/2/common", VERSION_CALL)
    assert status == 200 and headers["Content-Type"].startswith("text/xml")
    (result,), _ = xmlrpc.client.loads(body)
    assert list(result) == ["server_version", "server_version_info", "server_serie", "protocol_version"]
    assert result["server_version_info"] == [17, 0, 0, "final", 0, ""]
    assert b"<name>server_version_info</name>\n<value><array><data>\n<value><int>17</int></value>" in body
    assert result["protocol_version"] == 1


def test_tv2_authenticate_returns_uid_or_false(common, http_db):
    assert common.authenticate(http_db, "admin", ADMIN_PASSWORD, {}) == 2
    assert common.authenticate(http_db, "admin", "bad", {}) is False
    assert common.login(http_db, "admin", "bad") is False
    assert common.login(http_db, "admin", ADMIN_PASSWORD) == 2


def test_about_and_set_loglevel(common):
    assert common.about() == "See http://openerp.com"
    assert common.about(True) == ["See http://openerp.com", "17.0"]
    assert common.set_loglevel("debug") is True


def test_tv20_unknown_common_method_is_fault_1(common):
    with pytest.raises(xmlrpc.client.Fault) as info:
        common.foo()
    assert info.value.faultCode == 1
    assert info.value.faultString.rstrip().endswith("Exception: Method not found: foo")


def test_tv20_unknown_object_method_is_fault_1(models, http_db):
    with pytest.raises(xmlrpc.client.Fault) as info:
        models.foo(http_db, 2, ADMIN_PASSWORD, "res.partner", "search", [])
    assert info.value.faultCode == 1
    assert info.value.faultString.rstrip().endswith("NameError: Method not available foo")


def test_unknown_service_is_fault_1(base_url):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/nope") as proxy:
        with pytest.raises(xmlrpc.client.Fault) as info:
            proxy.version()
    assert info.value.faultCode == 1 and "KeyError" in info.value.faultString


# -- TV3..TV9: object ---------------------------------------------------------------------------

def test_tv3_bad_password_is_fault_3(models, http_db):
    with pytest.raises(xmlrpc.client.Fault) as info:
        models.execute_kw(http_db, 2, "wrong", "res.partner", "search", [[]])
    assert (info.value.faultCode, info.value.faultString) == (3, "Access Denied")


def test_tv3_bad_password_on_legacy_route_is_string_code(base_url, http_db):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/object") as proxy:
        with pytest.raises(xmlrpc.client.Fault) as info:
            proxy.execute_kw(http_db, 2, "wrong", "res.partner", "search", [[]])
    assert (info.value.faultCode, info.value.faultString) == ("AccessDenied", "Access Denied")


def test_tv3_fault_body_is_odoo_shaped(base_url, http_db):
    body = xmlrpc.client.dumps((http_db, 2, "wrong", "res.partner", "search", [[]]), "execute_kw")
    _status, _headers, data = post(base_url, "/xmlrpc/2/object", body)
    assert data == (b"<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
                    b"<name>faultCode</name>\n<value><int>3</int></value>\n</member>\n<member>\n"
                    b"<name>faultString</name>\n<value><string>Access Denied</string></value>\n"
                    b"</member>\n</struct></value>\n</fault>\n</methodResponse>\n")


def test_tv4_search_read(models, http_db, company_with_country):
    rows = execute_kw(models, http_db, "res.partner", "search_read", [[["is_company", "=", True]]],
                      {"fields": ["name", "country_id", "email"], "limit": 2})
    company = next(row for row in rows if row["id"] == 1)
    assert set(company) == {"id", "name", "country_id", "email"}
    assert company["country_id"] == [company_with_country, "Belgium"]
    assert company["email"] is False


def test_tv5_private_methods_are_fault_4(models, http_db):
    for method in ("_compute_display_name", "init"):
        with pytest.raises(xmlrpc.client.Fault) as info:
            execute_kw(models, http_db, "res.partner", method, [[1]])
        assert info.value.faultCode == 4
        assert info.value.faultString == f"Private methods (such as {method}) cannot be called remotely."


def test_tv6_unknown_model_is_fault_2(models, http_db):
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "no.such.model", "search", [[]])
    assert (info.value.faultCode, info.value.faultString) == (2, "Object no.such.model doesn't exist")


def test_tv7_none_result_is_fault_1_after_commit(models, http_db):
    thing = execute_kw(models, http_db, "test_http.thing", "create", [{"name": "tv7"}])
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "test_http.thing", "action_none", [[thing]])
    assert info.value.faultCode == 1
    assert info.value.faultString.rstrip().endswith(
        "TypeError: cannot marshal None unless allow_none is enabled")
    [row] = execute_kw(models, http_db, "test_http.thing", "read", [[thing], ["note"]])
    assert row["note"] == "action_none ran"


def test_tv8_partner_without_name_is_fault_2(models, http_db):
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "res.partner", "create", [{"name": False}])
    assert info.value.faultCode == 2
    assert info.value.faultString.startswith("The operation cannot be completed: ")


def test_tv8_missing_required_value_is_fault_2(models, http_db):
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "test_http.thing", "create", [{"name": False}])
    assert info.value.faultCode == 2


def test_tv8_sql_constraint_is_fault_2_with_its_message(models, http_db):
    execute_kw(models, http_db, "test_http.thing", "create", [{"name": "u1", "code": "UNIQ"}])
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "test_http.thing", "create", [{"name": "u2", "code": "UNIQ"}])
    assert (info.value.faultCode, info.value.faultString) == (
        2, "The operation cannot be completed: The code must be unique.")


def test_tv8_sql_constraint_broken_by_a_write_is_fault_2_and_nothing_is_written(models, http_db):
    """A write's UPDATE travels with the COMMIT: its failure is still a ValidationError."""
    execute_kw(models, http_db, "test_http.thing", "create", [{"name": "w1", "code": "WTAKEN"}])
    other = execute_kw(models, http_db, "test_http.thing", "create", [{"name": "w2", "code": "WFREE"}])
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "test_http.thing", "write", [[other], {"code": "WTAKEN", "name": "w3"}])
    assert (info.value.faultCode, info.value.faultString) == (
        2, "The operation cannot be completed: The code must be unique.")
    [row] = execute_kw(models, http_db, "test_http.thing", "read", [[other], ["name", "code"]])
    assert (row["name"], row["code"]) == ("w2", "WFREE")


@pytest.mark.parametrize(("kind", "code"), [("user", 2), ("validation", 2), ("missing", 2),
                                            ("access", 4), ("zero", 1)])
def test_tv8_exception_classes_map_to_fault_codes(models, http_db, kind, code):
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "test_http.thing", "fail", [kind])
    assert info.value.faultCode == code
    if code == 1:
        assert "Traceback (most recent call last)" in info.value.faultString
        assert info.value.faultString.rstrip().endswith("ZeroDivisionError: division by zero on purpose")
    else:
        assert info.value.faultString == f"{kind} error raised on purpose"


def test_legacy_route_uses_string_codes_for_user_errors(base_url, http_db):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/object") as proxy:
        with pytest.raises(xmlrpc.client.Fault) as info:
            proxy.execute_kw(http_db, 2, ADMIN_PASSWORD, "test_http.thing", "fail", ["user"])
        assert (info.value.faultCode, info.value.faultString) == (
            "warning -- UserError\n\nuser error raised on purpose", "")
        with pytest.raises(xmlrpc.client.Fault) as info:
            proxy.execute_kw(http_db, 2, ADMIN_PASSWORD, "test_http.thing", "fail", ["access"])
        assert info.value.faultCode == "warning -- AccessError\n\naccess error raised on purpose"


def test_tv9_create_write_unlink_count(models, http_db):
    one = execute_kw(models, http_db, "res.partner", "create", [{"name": "A"}])
    assert isinstance(one, int)
    two = execute_kw(models, http_db, "res.partner", "create", [[{"name": "A"}, {"name": "B"}]])
    assert isinstance(two, list) and len(two) == 2 and all(isinstance(i, int) for i in two)
    categories = execute_kw(models, http_db, "res.partner.category", "create",
                            [[{"name": "c1"}, {"name": "c2"}]])
    assert execute_kw(models, http_db, "res.partner", "write",
                      [[one], {"category_id": [[6, 0, categories]]}]) is True
    [row] = execute_kw(models, http_db, "res.partner", "read", [[one], ["category_id"]])
    assert sorted(row["category_id"]) == sorted(categories)
    assert execute_kw(models, http_db, "res.partner", "search_count", [[["id", "in", two]]]) == 2
    assert execute_kw(models, http_db, "res.partner", "unlink", [two]) is True
    assert execute_kw(models, http_db, "res.partner", "search_count", [[["id", "in", two]]]) == 0


def test_execute_takes_positional_arguments(models, http_db):
    ids = models.execute(http_db, 2, ADMIN_PASSWORD, "res.partner", "search", [["id", "=", 1]])
    assert ids == [1]
    assert models.execute(http_db, 2, ADMIN_PASSWORD, "test_http.thing", "add", 2, 3) == 5


# -- what real clients rely on ------------------------------------------------------------------

def test_context_get_and_context_kwarg(models, http_db):
    assert execute_kw(models, http_db, "res.users", "context_get", []) == {
        "lang": "en_US", "tz": False, "uid": 2}
    rows = execute_kw(models, http_db, "res.partner", "search_read", [[["id", "=", 4]]],
                      {"fields": ["name"], "context": {"active_test": False}})
    assert [row["id"] for row in rows] == [4]


def test_single_int_ids_limit_false_and_classic_write(models, http_db):
    [row] = execute_kw(models, http_db, "res.users", "read", [2, ["partner_id"]],
                       {"load": "_classic_write"})
    assert row["partner_id"] == 3
    assert len(execute_kw(models, http_db, "res.partner", "search", [[]], {"limit": False})) >= 2
    assert execute_kw(models, http_db, "res.partner", "search", [[]], {"offset": False})


def test_fields_get_and_ir_model(models, http_db):
    fields = execute_kw(models, http_db, "test_http.thing", "fields_get", [], {"attributes": ["type"]})
    assert fields["partner_id"] == {"type": "many2one"}
    rows = execute_kw(models, http_db, "ir.model", "search_read", [[["model", "=", "test_http.thing"]]],
                      {"fields": ["model", "name"]})
    assert [row["model"] for row in rows] == ["test_http.thing"]


def test_dates_travel_as_strings(models, http_db):
    thing = execute_kw(models, http_db, "test_http.thing", "create",
                       [{"name": "dated", "day": "2024-05-01", "moment": "2024-05-01 10:00:00"}])
    [row] = execute_kw(models, http_db, "test_http.thing", "read", [[thing], ["day", "moment", "code"]])
    assert (row["day"], row["moment"], row["code"]) == ("2024-05-01", "2024-05-01 10:00:00", False)


def test_copy_returns_an_id(models, http_db):
    thing = execute_kw(models, http_db, "test_http.thing", "create", [{"name": "to copy"}])
    copied = execute_kw(models, http_db, "test_http.thing", "copy", [thing])
    assert isinstance(copied, int) and copied != thing


def test_int_keyed_dict_cannot_be_marshalled(models, http_db):
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "test_http.thing", "bad_dict", [])
    assert info.value.faultCode == 1 and "dictionary key must be string" in info.value.faultString


def test_nil_in_request_is_accepted(base_url, http_db):
    body = xmlrpc.client.dumps((http_db, 2, ADMIN_PASSWORD, "res.partner", "search",
                                [[["id", "=", 1]]], {"limit": None}), "execute_kw", allow_none=True)
    assert "<nil/>" in body
    _status, _headers, data = post(base_url, "/xmlrpc/2/object", body)
    assert xmlrpc.client.loads(data)[0] == ([1],)


def test_failed_call_leaves_nothing_half_written(models, http_db):
    with pytest.raises(xmlrpc.client.Fault) as info:
        execute_kw(models, http_db, "test_http.thing", "create_then_fail", ["half written"])
    assert info.value.faultCode == 2
    assert execute_kw(models, http_db, "test_http.thing", "search", [[["name", "=", "half written"]]]) == []


# -- malformed and hostile bodies ---------------------------------------------------------------

@pytest.mark.parametrize("body", [b"", b"<methodCall><methodName>version", b"not xml at all",
                                  b"<methodCall><params/></methodCall>"])
def test_malformed_xml_is_a_fault(base_url, body):
    status, headers, data = post(base_url, "/xmlrpc/2/common", body)
    assert status == 200 and headers["Content-Type"].startswith("text/xml")
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(data)
    assert info.value.faultCode == 1


def test_entity_expansion_is_refused(base_url):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b"<methodCall><methodName>&lol2;</methodName><params/></methodCall>")
    _status, _headers, data = post(base_url, "/xmlrpc/2/common", bomb)
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(data)
    assert "EntitiesForbidden" in info.value.faultString


def test_external_entities_are_refused(base_url):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b"<methodCall><methodName>&xxe;</methodName><params/></methodCall>")
    _status, _headers, data = post(base_url, "/xmlrpc/2/common", xxe)
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(data)
    assert "root:" not in info.value.faultString
    assert "Forbidden" in info.value.faultString


# -- TV19 and the db service --------------------------------------------------------------------

def test_tv19_db_service_with_listing_disabled(serve_app, http_db):
    url = serve_app(make_config(list_db=False))
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/db") as db:
        with pytest.raises(xmlrpc.client.Fault) as info:
            db.list()
        assert (info.value.faultCode, info.value.faultString) == (3, "Access Denied")
        assert db.server_version() == "17.0"
        assert db.db_exist(http_db) is True
        with pytest.raises(xmlrpc.client.Fault) as info:
            db.drop("admin", http_db)
        assert info.value.faultCode == 3


def test_db_service_lists_and_checks_master_password(base_url, http_db):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/db") as db:
        assert http_db in db.list()
        assert db.db_exist("no_such_database_here") is False
        assert ["en_US", "English (US)"] in db.list_lang()
        with pytest.raises(xmlrpc.client.Fault) as info:
            db.drop("wrong master", http_db)
        assert info.value.faultCode == 3
        with pytest.raises(xmlrpc.client.Fault) as info:
            db.nope()
        assert info.value.faultCode == 1


def test_db_service_create_duplicate_drop(base_url, pg_address):
    import secrets

    from framework import sql_db
    name = f"test_rpcdb_{secrets.token_hex(4)}"
    copy = f"{name}_copy"
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/db") as db:
        try:
            assert db.create_database("admin", name, False, "en_US", "secret", "boss") is True
            with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/common") as common:
                assert common.authenticate(name, "boss", "secret", {}) == 2
            assert db.duplicate_database("admin", name, copy) is True
            assert db.db_exist(copy) is True
            identity = "SELECT key, value FROM ir_config_parameter WHERE key IN " \
                       "('database.secret', 'database.uuid') ORDER BY key"
            with sql_db.db_connect(name, pg_address).cursor() as cr:
                cr.execute(identity)
                original = cr.fetchall()
            with sql_db.db_connect(copy, pg_address).cursor() as cr:
                cr.execute(identity)
                copied = cr.fetchall()
            assert [key for key, _value in original] == ["database.secret", "database.uuid"]
            assert [key for key, _value in copied] == ["database.secret", "database.uuid"]
            assert all(a[1] != b[1] for a, b in zip(original, copied))     # renewed in the copy
            assert db.drop("admin", copy) is True
            assert db.drop("admin", name) is True
            assert db.db_exist(name) is False
        finally:
            for leftover in (name, copy):
                if sql_db.database_exists(pg_address, leftover):
                    sql_db.drop_database(pg_address, leftover)


@pytest.mark.parametrize("backup_format", ["zip", "dump"])
def test_db_service_dump_and_restore(base_url, pg_address, http_db, backup_format):
    import base64
    import io
    import secrets
    import zipfile

    from framework import sql_db
    name = f"test_restored_{secrets.token_hex(4)}"
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/db") as db:
        try:
            data = db.dump("admin", http_db, backup_format)
            if backup_format == "zip":
                with zipfile.ZipFile(io.BytesIO(base64.b64decode(data))) as archive:
                    assert {"dump.sql", "manifest.json"} <= set(archive.namelist())
            assert db.restore("admin", name, data, True) is True
            with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/common") as common:
                assert common.authenticate(name, "admin", ADMIN_PASSWORD, {}) == 2
            with pytest.raises(xmlrpc.client.Fault):        # the name is taken now
                db.restore("admin", name, data, True)
        finally:
            from framework.service import registries
            registries.forget(name)
            if sql_db.database_exists(pg_address, name):
                sql_db.drop_database(pg_address, name)


def test_a_negative_limit_or_offset_is_a_readable_fault(models, http_db):
    """PostgreSQL refuses a negative LIMIT/OFFSET with a driver error: the ORM says what is wrong first."""
    for kwargs in ({"limit": -1}, {"offset": -5}):
        with pytest.raises(xmlrpc.client.Fault) as info:
            models.execute_kw(http_db, 2, ADMIN_PASSWORD, "res.partner", "search_read", [[]],
                              {"fields": ["name"], **kwargs})
        assert "must be a whole number of 0 or more" in info.value.faultString
        assert "psycopg" not in info.value.faultString
