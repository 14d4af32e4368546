"""Demo data through odoo-bin: base's demo records, ``--without-demo``, ``ir.module.module.demo``.

Each test creates its databases with ``odoo-bin -d NAME -i ...`` as a user would, on the
session's server, and reads the result back with SQL.
"""
from __future__ import annotations

import xmlrpc.client

import pytest

from tests.support.cli import run, server_flags, start, stop, wait_for_port
from tests.support.db import database_names, query
from tests.support.paths import ADDONS_DIR

TEST_ADDONS = str(ADDONS_DIR)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def new_db_name(pg_address):
    with database_names(pg_address) as new_name:
        yield new_name


def odoo_bin(pg_address, *args: str):
    process = run(*server_flags(pg_address), "--addons-path", TEST_ADDONS, "--stop-after-init",
                  *args)
    assert process.returncode == 0, process.stderr[-3000:]
    return process


def demo_flags(pg_address, dbname: str) -> dict[str, bool]:
    return dict(query(pg_address, dbname, "SELECT name, demo FROM ir_module_module "
                                          "WHERE state = 'installed'"))


def xmlid_names(pg_address, dbname: str, model: str, names: tuple[str, ...]) -> dict[str, str]:
    """``{xmlid: display name}`` of the records of ``model`` with those base external ids."""
    table = model.replace(".", "_")
    column = "p.name" if model == "res.partner" else "p.login"
    rows = query(pg_address, dbname,
                 f"SELECT d.name, {column} FROM ir_model_data d JOIN {table} p ON p.id = d.res_id "
                 "WHERE d.module = 'base' AND d.model = %s AND d.name IN %s", (model, names))
    return dict(rows)


@pytest.fixture(scope="module")
def demo_db(pg_address, new_db_name):
    name = new_db_name()
    odoo_bin(pg_address, "-d", name, "-i", "test_data_basic")
    return name


@pytest.fixture(scope="module")
def bare_db(pg_address, new_db_name):
    name = new_db_name()
    odoo_bin(pg_address, "-d", name, "-i", "base", "--without-demo", "all")
    return name


def test_base_demo_has_odoo_17s_demo_user_and_partners(pg_address, demo_db):
    users = xmlid_names(pg_address, demo_db, "res.users", ("user_demo", "demo_user0"))
    partners = xmlid_names(pg_address, demo_db, "res.partner",
                           ("partner_demo", "res_partner_2", "res_partner_12"))
    assert (users, partners) == (
        {"user_demo": "demo", "demo_user0": "portal"},
        {"partner_demo": "Marc Demo", "res_partner_2": "Deco Addict",
         "res_partner_12": "Azure Interior"})


def test_the_demo_user_logs_in_with_demo_demo(pg_address, demo_db):
    server = start(*server_flags(pg_address), "--addons-path", TEST_ADDONS, "-d", demo_db,
                   "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        port, _lines = wait_for_port(server)
        url = f"http://127.0.0.1:{port}/xmlrpc/2"
        uid = xmlrpc.client.ServerProxy(f"{url}/common").authenticate(demo_db, "demo", "demo", {})
        [user] = xmlrpc.client.ServerProxy(f"{url}/object").execute_kw(
            demo_db, uid, "demo", "res.users", "read", [[uid], ["name"]])
    finally:
        stop(server)
    assert user["name"] == "Marc Demo"


def test_installed_addons_are_flagged_with_demo_and_load_their_demo_files(pg_address, demo_db):
    tags = query(pg_address, demo_db, "SELECT count(*) FROM ir_model_data WHERE "
                                      "module = 'test_data_basic' AND name = 'tag_demo'")
    assert (demo_flags(pg_address, demo_db)["base"],
            demo_flags(pg_address, demo_db)["test_data_basic"], tags) == (True, True, [(1,)])


def test_without_demo_all_leaves_base_demo_out_and_flags_it(pg_address, bare_db):
    users = xmlid_names(pg_address, bare_db, "res.users", ("user_demo",))
    flags = demo_flags(pg_address, bare_db)      # base, and web (auto-installed)
    assert (users, flags["base"], any(flags.values())) == ({}, False, False)


def test_addons_installed_later_on_a_demo_free_database_stay_demo_free(pg_address, bare_db):
    odoo_bin(pg_address, "-d", bare_db, "-i", "test_data_basic")
    tags = query(pg_address, bare_db, "SELECT count(*) FROM ir_model_data WHERE "
                                      "module = 'test_data_basic' AND name = 'tag_demo'")
    assert (demo_flags(pg_address, bare_db)["test_data_basic"], tags) == (False, [(0,)])


def test_without_demo_can_name_single_addons(pg_address, new_db_name):
    name = new_db_name()
    odoo_bin(pg_address, "-d", name, "-i", "test_data_basic", "--without-demo", "test_data_basic")
    flags = demo_flags(pg_address, name)
    assert (flags["base"], flags["test_data_basic"]) == (True, False)
