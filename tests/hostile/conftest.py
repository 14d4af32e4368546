"""Fixtures of the hostile-input and access tests: a Point of Sale database with its demo data
(the admin, the ``cashier`` of ``point_of_sale.group_pos_user``, the public user, the tills),
the application in process (werkzeug's test client, for volume), and one client per kind of
sender, each from its own client address (the login throttle counts per address).

An open session of Cash Register 1 exists, so that the POS routes reach their real work.
"""
from __future__ import annotations

import pytest

from tests.support.db import install, make_config, rolled_back_env
from tests.support.hostile import json_call, login, new_client

ADDONS = ["point_of_sale", "pos_loyalty", "pos_demo_terminal"]


@pytest.fixture(scope="session")
def hostile_registry(make_db):
    registry = install(make_db, "test_hostile_", ADDONS, without_demo=False)
    with rolled_back_env(registry) as env:
        config = env["pos.config"].search([("name", "=", "Cash Register 1")], limit=1)
        config.open_ui()
        env.cr.commit()
    return registry


@pytest.fixture(scope="session")
def hostile_db(hostile_registry) -> str:
    return hostile_registry.db_name


@pytest.fixture(scope="session")
def hostile_config(hostile_db):
    return make_config(dbfilter=f"^{hostile_db}$", login_cooldown_after=5, login_cooldown_duration=60,
                       limit_request_size=8 * 1024 * 1024)


@pytest.fixture(scope="session")
def hostile_app(hostile_config):
    from framework.http.application import make_app
    return make_app(hostile_config)


@pytest.fixture(scope="session")
def uids(hostile_registry) -> dict:
    with rolled_back_env(hostile_registry) as env:
        return {"admin": env.ref("base.user_admin").id, "cashier": env.ref("point_of_sale.pos_user_cashier").id,
                "public": env.ref("base.public_user").id}


@pytest.fixture(scope="session")
def clients(hostile_app, hostile_db) -> dict:
    """One client per kind of sender of ``tests.support.hostile.WHO``."""
    stale = login(hostile_app, hostile_db, "cashier", "cashier")
    json_call(stale, "/web/session/destroy")
    return {"admin": login(hostile_app, hostile_db, "admin", "admin"),
            "cashier": login(hostile_app, hostile_db, "cashier", "cashier"),
            "anonymous": new_client(hostile_app), "public": new_client(hostile_app),
            "bad_password": new_client(hostile_app), "stale_session": stale}


@pytest.fixture
def pg_connection(pg_address, hostile_db):
    """An autocommit connection to the database, for snapshots and transaction watching."""
    from framework.db.pool import connect
    connection = connect(pg_address, hostile_db, autocommit=True)
    yield connection
    connection.close()
