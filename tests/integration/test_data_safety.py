"""Data safety of a shop's database: backups restore whole, upgrades lose nothing.

The database has every shipped addon (base, web, uom, product, account, point_of_sale,
pos_custom_example, pos_demo_terminal, pos_loyalty), two sessions of orders (one closed), a
product picture, files in its filestore, and changes a user made: a ``noupdate`` record of
point_of_sale's data, a field of a data record that its XML does not set, records of their own.

* ``/xmlrpc/2/db`` ``dump``/``restore`` and ``odoo-bin db dump``/``db load`` give a database
  whose figures (orders, lines, payments, totals, sessions, the picture, the user's changes)
  and filestore are the original's.
* ``-u`` of every shipped addon keeps the same figures.

(Pictures are kept in database columns here: the server has no ``ir.attachment`` yet. The
filestore round trip is checked with files put there, as attachments would be.)
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import sys
import threading
import uuid
import xmlrpc.client

import pytest
from PIL import Image
from werkzeug.serving import make_server

from framework.orm.environment import Environment
from tests.support.cli import child_env, server_flags
from tests.support.db import database_names, install, make_config
from tests.support.paths import ODOO_BIN, REPO_DIR
from tests.support.shop import build_shop

SHIPPED = ["base", "web", "uom", "product", "account", "point_of_sale", "pos_custom_example",
           "pos_demo_terminal", "pos_loyalty"]
FILESTORE_FILES = {"ab/ab12cd": b"an attachment's bytes\n", "f0/f0e1d2": bytes(range(256)) * 40}


def picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def order(shop, session_id: int, number: int) -> dict:
    product = shop.products[number % len(shop.products)]
    qty = 1 + number % 3
    excluded, included = product["amounts"][str(qty)]
    data = {"name": f"Order {session_id:05d}-001-{number:04d}", "uuid": str(uuid.uuid4()),
            "pos_session_id": session_id, "user_id": shop.cashier_uid, "date_order": "2024-05-01 10:00:00",
            "amount_paid": included, "amount_total": included, "amount_tax": round(included - excluded, 2),
            "amount_return": 0, "lines": [[0, 0, {
                "product_id": product["id"], "qty": qty, "price_unit": product["price"],
                "price_subtotal": excluded, "price_subtotal_incl": included,
                "tax_ids": [[6, False, product["taxes"]]]}]],
            "statement_ids": [[0, 0, {"name": "2024-05-01 10:00:00",
                                      "payment_method_id": shop.cash if number % 2 else shop.card,
                                      "amount": included}]]}
    return {"id": data["name"], "to_invoice": False, "data": data}


@pytest.fixture(scope="module")
def shop_db(make_db):
    """The shop's database (see the module docstring); its name."""
    registry = install(make_db, "test_safety_", ["pos_custom_example", "pos_demo_terminal", "pos_loyalty"])
    shop = build_shop(registry)
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        config = env["pos.config"].browse(shop.config_id)
        for closing in (True, False):
            config.open_ui()
            session = config.current_session_id
            if session.state == "opening_control":
                session.set_cashbox_pos(0.0, "")
            answers = env["pos.order"].create_from_ui([order(shop, session.id, n) for n in range(1, 31)])
            assert {answer["status"] for answer in answers} == {"stored"}
            if closing:
                session.close_session_from_ui()
        env["product.product"].browse(shop.products[0]["id"]).image_1920 = base64.b64encode(picture())
        env.ref("point_of_sale.seq_pos_session").write({"padding": 7})     # noupdate data
        env.ref("point_of_sale.0_01").write({"for_all_config": False})     # not set by its XML
        env["res.partner"].create({"name": "Safety Customer", "email": "safe@example.com"})
    store = make_config().filestore(registry.db_name)
    for relative, content in FILESTORE_FILES.items():
        os.makedirs(os.path.dirname(os.path.join(store, relative)), exist_ok=True)
        with open(os.path.join(store, relative), "wb") as handle:
            handle.write(content)
    yield registry.db_name
    shutil.rmtree(store, ignore_errors=True)


def figures(db_name: str) -> dict:
    """What must survive: counts and totals of the shop, the picture, the user's changes."""
    from framework.modules.registry_loader import load_registry
    registry = load_registry(db_name, config=make_config())
    with registry.cursor() as cr:
        def one(sql):
            cr.execute(sql)
            return cr.fetchall()
        env = Environment(cr, 1, {})
        image = env["product.product"].search([("name", "=", "Fault Pen")]).image_1920
        result = {
            "orders": one("SELECT state, count(*), sum(amount_total), sum(amount_paid) FROM pos_order "
                          "GROUP BY state ORDER BY state"),
            "lines": one("SELECT count(*), sum(price_subtotal), sum(price_subtotal_incl) FROM pos_order_line"),
            "payments": one("SELECT payment_method_id, count(*), sum(amount) FROM pos_payment "
                            "GROUP BY payment_method_id ORDER BY 1"),
            "sessions": one("SELECT name, state, rescue FROM pos_session ORDER BY id"),
            "picture": hashlib.sha256(base64.b64decode(image)).hexdigest() if image else None,
            "noupdate_padding": env.ref("point_of_sale.seq_pos_session").padding,
            "bill_for_all": env.ref("point_of_sale.0_01").for_all_config,
            "customer": env["res.partner"].search_count([("email", "=", "safe@example.com")]),
            "modules": one("SELECT name, state FROM ir_module_module WHERE state = 'installed' ORDER BY name"),
        }
        cr.rollback()
    store = make_config().filestore(db_name)
    result["filestore"] = {}
    for relative in FILESTORE_FILES:
        if os.path.exists(os.path.join(store, relative)):
            with open(os.path.join(store, relative), "rb") as handle:
                result["filestore"][relative] = hashlib.sha256(handle.read()).hexdigest()
    return result


@pytest.fixture(scope="module")
def before(shop_db) -> dict:
    result = figures(shop_db)
    assert [(state, count) for state, count, _total, _paid in result["orders"]] == [("done", 30), ("paid", 30)]
    assert result["picture"] and result["customer"] == 1 and len(result["filestore"]) == 2
    assert {name for name, _state in result["modules"]} >= set(SHIPPED)
    return result


def serve(db_name: str):
    from framework.http.application import make_app
    server = make_server("127.0.0.1", 0, make_app(make_config()), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_xmlrpc_dump_and_restore_keep_everything(pg_address, shop_db, before):
    server = serve(shop_db)
    try:
        with database_names(pg_address) as new_name, \
                xmlrpc.client.ServerProxy(f"http://127.0.0.1:{server.port}/xmlrpc/2/db") as db:
            restored = new_name("test_safety_rpc_")
            backup = db.dump("admin", shop_db, "zip")
            assert db.restore("admin", restored, backup, True) is True
            try:
                assert figures(restored) == before
            finally:
                shutil.rmtree(make_config().filestore(restored), ignore_errors=True)
    finally:
        server.shutdown()
        server.server_close()


def test_cli_db_dump_and_load_keep_everything(pg_address, shop_db, before, tmp_path):
    backup = tmp_path / "shop.zip"
    with database_names(pg_address) as new_name:
        restored = new_name("test_safety_cli_")
        for args in (["db", *server_flags(pg_address), "dump", shop_db, str(backup)],
                     ["db", *server_flags(pg_address), "load", restored, str(backup)]):
            process = subprocess.run([sys.executable, str(ODOO_BIN), *args], capture_output=True, text=True,
                                     env=child_env(), cwd=REPO_DIR, timeout=600)
            assert process.returncode == 0, process.stderr[-3000:]
        try:
            assert figures(restored) == before
        finally:
            shutil.rmtree(make_config().filestore(restored), ignore_errors=True)


def test_upgrading_every_shipped_addon_loses_nothing(pg_address, shop_db, before):
    process = subprocess.run([sys.executable, str(ODOO_BIN), *server_flags(pg_address), "-d", shop_db,
                              "-u", ",".join(SHIPPED), "--stop-after-init", "--without-demo", "all"],
                             capture_output=True, text=True, env=child_env(), cwd=REPO_DIR, timeout=900)
    assert process.returncode == 0, process.stderr[-3000:]
    assert " ERROR " not in process.stderr, process.stderr[-3000:]
    from framework.service import registries
    registries.forget(shop_db)
    assert figures(shop_db) == before

