"""odoo-bin for the Point of Sale developer, as typed: ``populate`` of the POS models,
``scaffold --template pos``, ``--log-db``. Each runs ``odoo-bin`` in a subprocess."""
from __future__ import annotations

import pytest

from tests.support.cli import run, server_flags
from tests.support.db import database_names, query

pytestmark = pytest.mark.integration


@pytest.fixture
def new_db_name(pg_address):
    with database_names(pg_address) as new_name:
        yield new_name


# -- populate -----------------------------------------------------------------------------------

def test_populate_makes_a_coherent_pos_catalogue_tills_and_paid_orders(pg_address, new_db_name):
    name = new_db_name()
    flags = server_flags(pg_address)
    installed = run(*flags, "-d", name, "-i", "point_of_sale", "--without-demo", "all", "--stop-after-init")
    process = run("populate", *flags, "-d", name, "--models", "pos.order", "--size", "small")
    printed = dict(line.split(": ") for line in process.stdout.splitlines())
    [counts] = query(pg_address, name, """
        SELECT (SELECT count(*) FROM pos_order WHERE state = 'paid'),
               (SELECT count(*) FROM pos_order_line),
               (SELECT count(*) FROM pos_session WHERE state = 'opened'),
               (SELECT count(DISTINCT barcode) FROM product_product WHERE barcode LIKE '20%%'),
               (SELECT count(*) FROM product_template WHERE available_in_pos),
               (SELECT count(*) FROM pos_category)""")
    # every order's lines and payments add up to its total, and every line has its product's taxes
    [incoherent] = query(pg_address, name, """
        SELECT count(*) FROM pos_order o
         WHERE abs(o.amount_total - (SELECT sum(price_subtotal_incl) FROM pos_order_line l
                                      WHERE l.order_id = o.id)) > 0.01
            OR abs(o.amount_paid - (SELECT sum(amount) FROM pos_payment p WHERE p.pos_order_id = o.id)) > 0.01
            OR o.amount_total <= 0""")
    assert (installed.returncode, process.returncode) == (0, 0), process.stderr[-3000:]
    assert (printed["pos.order"], printed["product.product"], printed["pos.config"],
            printed["pos.payment.method"]) == ("20 records", "150 records", "2 records", "3 records")
    orders, lines, sessions, barcodes, in_pos, categories = counts
    assert (orders, lines, sessions >= 2, barcodes, in_pos > 100, categories) == \
        (20, 100, True, 150, True, 10)
    assert incoherent == (0,)


# -- scaffold --template pos ------------------------------------------------------------------------

def test_scaffold_pos_template_makes_an_addon_that_installs_and_passes_its_test(pg_address, tmp_path,
                                                                                new_db_name):
    made = run("scaffold", "--template", "pos", "Shop Notes", str(tmp_path))
    addon = tmp_path / "shop_notes"
    name = new_db_name()
    installed = run(*server_flags(pg_address), "-d", name, "--addons-path", str(tmp_path), "-i", "shop_notes",
                    "--without-demo", "all", "--test-enable", "--test-tags", "/shop_notes", "--stop-after-init")
    views = query(pg_address, name, "SELECT count(*) FROM ir_ui_view WHERE model = 'pos.config' "
                                     "AND arch_db::text LIKE '%%use_shop_notes%%'")
    records = query(pg_address, name, "SELECT count(*) FROM shop_notes_shop_notes")
    manifest = (addon / "__manifest__.py").read_text()
    assert made.returncode == 0, made.stderr
    assert ("shop_notes/static/src/shop_notes.js" in manifest, "point_of_sale.assets_pos" in manifest,
            "export function setup(pos)" in (addon / "static" / "src" / "shop_notes.js").read_text()) == \
        (True, True, True)
    assert (installed.returncode, "0 failed, 0 error(s) of 2 tests" in installed.stderr,
            "has no access rules" in installed.stderr, views, records) == (0, True, False, [(1,)], [(2,)]), \
        installed.stderr[-3000:]


# -- --log-db -----------------------------------------------------------------------------------------

def test_log_db_writes_records_to_ir_logging_at_its_level(pg_address, new_db_name):
    name = new_db_name()
    flags = server_flags(pg_address)
    created = run(*flags, "-d", name, "-i", "base", "--without-demo", "all", "--stop-after-init")
    # a failing command: its error is kept although nothing of it was committed
    failed = run(*flags, "-d", name, "--log-db", name, "-i", "no_such_addon", "--stop-after-init")
    rows = query(pg_address, name, "SELECT type, dbname, name, level, message, func FROM ir_logging")
    detailed = run(*flags, "-d", name, "--log-db", name, "--log-db-level", "info", "--stop-after-init")
    [(info_rows,)] = query(pg_address, name, "SELECT count(*) FROM ir_logging WHERE level = 'INFO' "
                                             "AND name LIKE 'odoo.%%'")
    assert (created.returncode, failed.returncode != 0, detailed.returncode) == (0, True, 0), detailed.stderr[-2000:]
    assert [row[:4] for row in rows] == [("server", name, "odoo.cli", "ERROR")], rows
    assert "no_such_addon" in rows[0][4]
    assert info_rows > 0
