"""web_search_read / web_read: the web client's read API, through call_kw."""
from __future__ import annotations

import pytest

from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def web_registry(make_db):
    return install(make_db, "test_webread_", ["web", "test_orm"])


def test_web_read_nests_many2one_and_x2many_as_specified(web_registry):
    with rolled_back_env(web_registry) as env:
        partner = env["res.partner"].create({"name": "Ann", "email": "ann@example.com"})
        order = env["test.order"].create({"name": "W1", "partner_id": partner.id, "line_ids": [
            (0, 0, {"product": "b", "price": 2, "sequence": 2}),
            (0, 0, {"product": "a", "price": 1, "sequence": 1})]})
        [row] = order.web_read({"name": {}, "partner_id": {"fields": {"display_name": {}, "email": {}}},
                                "line_ids": {"fields": {"product": {}}}, "tag_ids": {}})
        assert row["name"] == "W1"
        assert row["partner_id"] == {"id": partner.id, "display_name": "Ann", "email": "ann@example.com"}
        assert [line["product"] for line in row["line_ids"]] == ["a", "b"]
        assert row["tag_ids"] == []


def test_web_read_gives_bare_ids_without_sub_specification(web_registry):
    with rolled_back_env(web_registry) as env:
        partner = env["res.partner"].create({"name": "Bo"})
        order = env["test.order"].create({"name": "W2", "partner_id": partner.id})
        assert order.web_read({"partner_id": {}})[0]["partner_id"] == partner.id


def test_web_search_read_pages_and_counts(web_registry):
    with rolled_back_env(web_registry) as env:
        env["test.tag"].create([{"name": f"tag{i:02d}"} for i in range(7)])
        page = env["test.tag"].web_search_read([("name", "like", "tag")], {"name": {}}, offset=2, limit=3,
                                              order="name")
        assert [r["name"] for r in page["records"]] == ["tag02", "tag03", "tag04"]
        assert page["length"] == 7
        last = env["test.tag"].web_search_read([("name", "like", "tag")], {"name": {}}, offset=6, limit=3)
        assert last["length"] == 7 and len(last["records"]) == 1


def test_web_read_refuses_unknown_fields(web_registry):
    with rolled_back_env(web_registry) as env:
        with pytest.raises(ValueError, match="nope"):
            env["test.tag"].create({"name": "x"}).web_read({"nope": {}})


def test_web_search_read_through_call_kw_with_a_session(json_client, http_db):
    login = json_client.call("/web/session/authenticate", {"db": http_db, "login": "admin", "password": "admin"})
    assert login["result"]["uid"] == 2
    answer = json_client.call("/web/dataset/call_kw/res.partner/web_search_read", {
        "model": "res.partner", "method": "web_search_read", "args": [],
        "kwargs": {"domain": [["id", "=", 3]], "specification": {"name": {}}, "limit": 80}})
    assert answer["result"] == {"length": 1, "records": [{"id": 3, "name": "Administrator"}]}
