"""The real client libraries, unchanged, against the live server: odoorpc, odoo-client-lib, odooly."""
from __future__ import annotations

import pytest

from tests.support.http import ADMIN_PASSWORD


def host_port(base_url: str) -> tuple[str, int]:
    host, port = base_url.removeprefix("http://").split(":")
    return host, int(port)


# -- odoorpc (JSON-RPC through /web/session/authenticate and /jsonrpc) ---------------------------

@pytest.fixture
def odoo_rpc(base_url, http_db):
    odoorpc = pytest.importorskip("odoorpc")
    host, port = host_port(base_url)
    odoo = odoorpc.ODOO(host, protocol="jsonrpc", port=port)
    odoo.login(http_db, "admin", ADMIN_PASSWORD)
    yield odoo
    odoo.logout()


def test_odoorpc_version_and_login(odoo_rpc, http_db):
    assert odoo_rpc.version == "17.0"
    assert odoo_rpc.env.uid == 2
    assert odoo_rpc.execute("res.users", "read", [2], ["login"])[0]["login"] == "admin"
    assert http_db in odoo_rpc.db.list()


def test_odoorpc_crud(odoo_rpc):
    Thing = odoo_rpc.env["test_http.thing"]
    thing_id = Thing.create({"name": "from odoorpc", "count": 3})
    assert isinstance(thing_id, int)
    thing = Thing.browse(thing_id)
    assert (thing.name, thing.count) == ("from odoorpc", 3)
    thing.write({"count": 4})
    assert Thing.read([thing_id], ["count"])[0]["count"] == 4
    assert Thing.search([("name", "=", "from odoorpc")]) == [thing_id]
    assert "count" in Thing.fields_get()
    partner = odoo_rpc.env["res.partner"].browse(1)
    assert partner.name == "My Company"
    thing.unlink()
    assert Thing.search_count([("id", "=", thing_id)]) == 0


def test_odoorpc_faults(odoo_rpc):
    import odoorpc
    with pytest.raises(odoorpc.error.RPCError) as info:
        odoo_rpc.env["test_http.thing"].fail("user")
    assert info.value.info["data"]["name"] == "odoo.exceptions.UserError"
    with pytest.raises(odoorpc.error.RPCError) as info:
        odoo_rpc.execute("res.partner", "_compute_display_name", [1])
    assert info.value.info["data"]["name"] == "odoo.exceptions.AccessError"


def test_odoorpc_bad_password(base_url, http_db):
    odoorpc = pytest.importorskip("odoorpc")
    host, port = host_port(base_url)
    odoo = odoorpc.ODOO(host, protocol="jsonrpc", port=port)
    with pytest.raises(odoorpc.error.RPCError):
        odoo.login(http_db, "admin", "wrong")


# -- odoo-client-lib (legacy /xmlrpc/<service> and /jsonrpc) ------------------------------------

@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_odoolib(base_url, http_db, protocol):
    odoolib = pytest.importorskip("odoolib")
    host, port = host_port(base_url)
    connection = odoolib.get_connection(hostname=host, port=port, protocol=protocol,
                                        database=http_db, login="admin", password=ADMIN_PASSWORD)
    connection.check_login()
    assert connection.user_id == 2
    assert connection.get_user_context()["uid"] == 2
    things = connection.get_model("test_http.thing")
    thing_id = things.create({"name": f"from odoolib {protocol}"})
    rows = things.search_read([("id", "=", thing_id)], ["name"])
    assert rows == [{"id": thing_id, "name": f"from odoolib {protocol}"}]
    assert things.write([thing_id], {"count": 9}) is True
    assert things.read([thing_id], ["count"])[0]["count"] == 9
    assert things.unlink([thing_id]) is True


def test_odoolib_bad_password(base_url, http_db):
    odoolib = pytest.importorskip("odoolib")
    host, port = host_port(base_url)
    connection = odoolib.get_connection(hostname=host, port=port, protocol="xmlrpc",
                                        database=http_db, login="admin", password="nope")
    from odoolib.tools import AuthenticationError
    with pytest.raises(AuthenticationError):
        connection.check_login()


# -- odooly (XML-RPC client with a model-level API) ---------------------------------------------

@pytest.fixture
def keep_thread_dbname():
    """odooly names the database on the current thread (for its logs): put it back."""
    import threading
    thread = threading.current_thread()
    before = thread.__dict__.get("dbname", None)
    yield
    if before is None:
        thread.__dict__.pop("dbname", None)
    else:
        thread.dbname = before


@pytest.mark.parametrize("path", ["/xmlrpc", "/jsonrpc"])
def test_odooly(base_url, http_db, path, keep_thread_dbname):
    odooly = pytest.importorskip("odooly")
    client = odooly.Client(f"{base_url}{path}", http_db, "admin", ADMIN_PASSWORD)
    assert client.env.uid == 2
    Thing = client.env["test_http.thing"]
    thing = Thing.create({"name": f"from odooly {path}"})
    assert thing.name == f"from odooly {path}"
    thing.write({"count": 2})
    assert Thing.search([("name", "=", f"from odooly {path}")]).ids == [thing.id]
    assert Thing.read([thing.id], "count") == [2]
    assert client.env["res.partner"].browse(1).name == "My Company"
    thing.unlink()
    assert not Thing.search([("id", "=", thing.id)])
