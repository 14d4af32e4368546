"""The product addon over XML-RPC, as an external client sees it (xmlrpc.client, live server)."""
from __future__ import annotations

import xmlrpc.client

import pytest

from tests.support.db import install, make_config
from tests.support.http import ADMIN_PASSWORD


@pytest.fixture(scope="module")
def product_db(make_db) -> str:
    """A database with ``product`` (and its demo data) installed."""
    return install(make_db, "test_product_rpc_", ["product"], without_demo=False).db_name


@pytest.fixture(scope="module")
def product_url(product_db, serve_app) -> str:
    return serve_app(make_config(dbfilter=f"^{product_db}$"))


def call(url: str, db: str, model: str, method: str, args: list, kwargs: dict | None = None):
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common") as common:
        uid = common.authenticate(db, "admin", ADMIN_PASSWORD, {})
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as models:
        return models.execute_kw(db, uid, ADMIN_PASSWORD, model, method, args, kwargs or {})


def test_search_read_products_with_barcodes(product_url, product_db):
    rows = call(product_url, product_db, "product.product", "search_read",
                [[("barcode", "!=", False), ("sale_ok", "=", True)]],
                {"fields": ["display_name", "default_code", "barcode", "lst_price", "categ_id",
                            "uom_id"], "order": "default_code"})
    by_code = {row["default_code"]: row for row in rows}
    chair = by_code["FURN_7777"]
    assert chair["display_name"] == "[FURN_7777] Office Chair"
    assert chair["barcode"] == "6016478556318"
    assert chair["lst_price"] == 70.0
    assert chair["categ_id"][1] == "All / Saleable / Office Furniture"
    assert chair["uom_id"][1] == "Units"
    desk = by_code["FURN_0099"]
    assert desk["display_name"] == "[FURN_0099] Customizable Desk (Aluminium, Black)"
    assert desk["lst_price"] == 800.4


def test_pricelist_price_and_name_search(product_url, product_db):
    found = call(product_url, product_db, "product.product", "name_search", ["6016478556332"])
    assert [name for _id, name in found] == ["[E-COM08] Storage Box"]
    rows = call(product_url, product_db, "product.pricelist", "search_read",
                [[("name", "=", "Public Pricelist")]], {"fields": ["display_name", "item_ids"]})
    assert rows and rows[0]["display_name"].startswith("Public Pricelist (")


def test_template_variant_counts(product_url, product_db):
    rows = call(product_url, product_db, "product.template", "search_read",
                [[("name", "=", "Customizable Desk")]],
                {"fields": ["product_variant_count", "attribute_line_ids", "list_price"]})
    assert [(row["product_variant_count"], len(row["attribute_line_ids"]), row["list_price"])
            for row in rows] == [(4, 2, 750.0)]
