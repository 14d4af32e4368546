"""A partner's company-dependent barcode over XML-RPC: written and read per company through
``allowed_company_ids``, searched, and described by ``fields_get`` (issue 15)."""
from __future__ import annotations

import pytest

from tests.support.db import install, make_config
from tests.support.http import xmlrpc_caller


@pytest.fixture(scope="module")
def base_db(make_db) -> str:
    return install(make_db, "test_barcode_rpc_", ["base"]).db_name


@pytest.fixture(scope="module")
def rpc(base_db, serve_app):
    call, close = xmlrpc_caller(serve_app(make_config(dbfilter=f"^{base_db}$")), base_db)
    yield call
    close()


def test_barcode_per_company_over_xmlrpc(rpc):
    main_id = rpc("res.users", "read", [[2], ["company_id"]])[0]["company_id"][0]
    other_id = rpc("res.company", "create", [{"name": "RPC Branch"}])
    rpc("res.users", "write", [[2], {"company_ids": [(4, other_id)]}])
    in_main = {"context": {"allowed_company_ids": [main_id, other_id]}}
    in_other = {"context": {"allowed_company_ids": [other_id, main_id]}}

    partner_id = rpc("res.partner", "create", [{"name": "Till customer", "barcode": "RPC-MAIN"}],
                     in_main)
    assert rpc("res.partner", "read", [[partner_id], ["barcode"]], in_other) == [
        {"id": partner_id, "barcode": False}]
    assert rpc("res.partner", "write", [[partner_id], {"barcode": "RPC-OTHER"}], in_other) is True
    assert rpc("res.partner", "read", [[partner_id], ["barcode"]], in_main)[0]["barcode"] == "RPC-MAIN"
    assert rpc("res.partner", "read", [[partner_id], ["barcode"]], in_other)[0]["barcode"] == "RPC-OTHER"
    assert rpc("res.partner", "search", [[("barcode", "=", "RPC-OTHER")]], in_other) == [partner_id]
    assert rpc("res.partner", "search", [[("barcode", "=", "RPC-OTHER")]], in_main) == []
    assert rpc("res.partner", "search_read", [[("barcode", "=", "RPC-MAIN")], ["name", "barcode"]],
               in_main) == [{"id": partner_id, "name": "Till customer", "barcode": "RPC-MAIN"}]


def test_barcode_in_fields_get_over_xmlrpc(rpc):
    description = rpc("res.partner", "fields_get", [["barcode"]],
                      {"attributes": ["type", "company_dependent", "store", "searchable"]})
    assert description == {"barcode": {"type": "char", "company_dependent": True, "store": False,
                                       "searchable": True}}
