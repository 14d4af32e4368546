"""Races between a session's closing and the orders still arriving, step by step on two
connections (the load test in tests/reliability meets them at random).

Each transaction runs in the unit of work's retry loop, as every call does: what the fix
turns into a serialization failure runs again on a new snapshot.
"""
from __future__ import annotations

import json
import uuid

import pytest

from framework.orm.environment import Environment
from framework.service import unit_of_work
from framework.service.unit_of_work import UnitOfWork, run
from tests.support.db import install
from tests.support.shop import build_shop


@pytest.fixture(scope="module")
def shop_registry(make_db):
    registry = install(make_db, "test_pos_races_", ["point_of_sale"])
    return registry, build_shop(registry)


@pytest.fixture
def opened(shop_registry):
    """A fresh session of the till (the previous test's is closed first)."""
    registry, shop = shop_registry
    close_all(registry, shop)
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        config = env["pos.config"].browse(shop.config_id)
        config.open_ui()
        session = config.current_session_id
        if session.state == "opening_control":
            session.set_cashbox_pos(0.0, "")
        session_id = session.id
    return registry, shop, session_id


def close_all(registry, shop) -> None:
    with registry.cursor() as cr:
        in_unit_of_work(cr, registry, lambda env: env["pos.session"].search(
            [("config_id", "=", shop.config_id), ("state", "!=", "closed")]).action_pos_session_closing_control())


def order_payload(shop, session_id: int) -> dict:
    product = shop.products[2]          # no tax
    amount = product["amounts"]["1"][1]
    data = {"name": f"Order {session_id:05d}-009-0001", "uuid": str(uuid.uuid4()), "pos_session_id": session_id,
            "user_id": shop.cashier_uid, "date_order": "2024-05-01 10:00:00", "amount_paid": amount,
            "amount_total": amount, "amount_tax": 0, "amount_return": 0, "lines": [[0, 0, {
                "product_id": product["id"], "qty": 1, "price_unit": product["price"],
                "price_subtotal": amount, "price_subtotal_incl": amount, "tax_ids": [[6, False, []]]}]],
            "statement_ids": [[0, 0, {"name": "2024-05-01 10:00:00", "payment_method_id": shop.cash,
                                      "amount": amount}]]}
    return {"id": data["name"], "to_invoice": False, "data": json.loads(json.dumps(data))}


def in_unit_of_work(cr, registry, func):
    return run(lambda: func(Environment(cr, 1, {})), UnitOfWork.on_cursor(cr, registry))


def close(env, session_id):
    return env["pos.session"].browse(session_id).close_session_from_ui()


def where_is(registry, order_uuid):
    with registry.cursor() as cr:
        cr.execute("SELECT o.state, s.id, s.rescue, s.state FROM pos_order o JOIN pos_session s "
                   "ON s.id = o.session_id WHERE o.uuid = %s", (order_uuid,))
        return cr.fetchall()


def test_closing_an_open_session_runs_twice_at_once_and_never_backs_off(opened, monkeypatch):
    """Moving the session to closing control on its own connection outdates the closing's
    snapshot by design: the call runs again at once, no serialization failure, no sleep."""
    registry, shop, session_id = opened
    with registry.cursor() as cr:
        in_unit_of_work(cr, registry, lambda env: env["pos.order"].create_from_ui([order_payload(shop, session_id)]))
    sleeps, tries = [], []
    monkeypatch.setattr(unit_of_work.time, "sleep", sleeps.append)

    def closing(env):
        tries.append(env["pos.session"].browse(session_id).state)
        return close(env, session_id)
    with registry.cursor() as cr:
        assert in_unit_of_work(cr, registry, closing) == {"successful": True}
    assert (tries, sleeps) == (["opened", "closing_control"], [])
    with registry.cursor() as cr:
        cr.execute("SELECT state FROM pos_session WHERE id = %s", (session_id,))
        assert cr.fetchone()[0] == "closed"


def test_an_order_whose_snapshot_predates_the_closing_goes_to_a_rescue_session(opened):
    registry, shop, session_id = opened
    payload = order_payload(shop, session_id)
    order_cr = registry.cursor()
    try:
        order_cr.execute("SELECT 1")                    # the order's snapshot: the session is open
        with registry.cursor() as close_cr:             # a manager closes it meanwhile
            assert in_unit_of_work(close_cr, registry, lambda env: close(env, session_id)) == {"successful": True}
        answers = in_unit_of_work(order_cr, registry,
                                  lambda env: env["pos.order"].create_from_ui([payload]))
        order_cr.commit()
    finally:
        order_cr.close()
    assert answers[0]["status"] == "stored"
    [(state, landed_in, rescue, session_state)] = where_is(registry, payload["data"]["uuid"])
    assert (landed_in != session_id, rescue, state, session_state) == (True, True, "paid", "opened")


def test_an_order_stored_after_the_closings_snapshot_is_closed_with_its_session(opened):
    registry, shop, session_id = opened
    payload = order_payload(shop, session_id)
    close_cr = registry.cursor()
    try:
        close_cr.execute("SELECT 1")                    # the closing's snapshot, before the order
        with registry.cursor() as order_cr:
            answers = in_unit_of_work(order_cr, registry, lambda env: env["pos.order"].create_from_ui([payload]))
        assert answers[0]["status"] == "stored"
        assert in_unit_of_work(close_cr, registry, lambda env: close(env, session_id)) == {"successful": True}
        close_cr.commit()
    finally:
        close_cr.close()
    assert where_is(registry, payload["data"]["uuid"]) == [("done", session_id, None, "closed")]


def test_the_first_late_orders_of_two_calls_share_one_rescue_session(opened):
    registry, shop, session_id = opened
    with registry.cursor() as cr:
        assert in_unit_of_work(cr, registry, lambda env: close(env, session_id)) == {"successful": True}
    first, second = order_payload(shop, session_id), order_payload(shop, session_id)
    cr_one, cr_two = registry.cursor(), registry.cursor()
    try:
        cr_one.execute("SELECT 1")
        cr_two.execute("SELECT 1")                      # both see no rescue session yet
        in_unit_of_work(cr_one, registry, lambda env: env["pos.order"].create_from_ui([first]))
        cr_one.commit()
        answers = in_unit_of_work(cr_two, registry, lambda env: env["pos.order"].create_from_ui([second]))
        cr_two.commit()
    finally:
        cr_one.close()
        cr_two.close()
    assert answers[0]["status"] == "stored"         # not refused: run again, it found the rescue
    [(_state, rescue_one, *_rest)] = where_is(registry, first["data"]["uuid"])
    [(_state, rescue_two, *_rest)] = where_is(registry, second["data"]["uuid"])
    assert rescue_one == rescue_two


def test_two_cashiers_opening_the_till_at_once_make_one_session(shop_registry):
    registry, shop = shop_registry
    close_all(registry, shop)
    cr_one, cr_two = registry.cursor(), registry.cursor()
    try:
        cr_one.execute("SELECT 1")
        cr_two.execute("SELECT 1")                      # neither sees a session of the till
        in_unit_of_work(cr_one, registry, lambda env: env["pos.config"].with_user(shop.cashier_uid)
                        .browse(shop.config_id).open_ui())
        cr_one.commit()
        with pytest.raises(Exception, match="Another session is already opened for this point of sale"):
            in_unit_of_work(cr_two, registry, lambda env: env["pos.config"].with_user(shop.cashier2_uid)
                            .browse(shop.config_id).open_ui())
    finally:
        cr_one.close()
        cr_two.close()
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM pos_session WHERE config_id = %s AND state != 'closed'",
                   (shop.config_id,))
        assert cr.fetchone()[0] == 1


def test_two_managers_closing_one_session_at_once_close_it_once(opened):
    registry, shop, session_id = opened
    payload = order_payload(shop, session_id)
    with registry.cursor() as cr:
        in_unit_of_work(cr, registry, lambda env: env["pos.order"].create_from_ui([payload]))
    cr_one, cr_two = registry.cursor(), registry.cursor()
    try:
        cr_one.execute("SELECT 1")
        cr_two.execute("SELECT 1")                      # both see the session open
        first = in_unit_of_work(cr_one, registry, lambda env: env["pos.session"].with_user(shop.manager_uid)
                                .browse(session_id).close_session_from_ui())
        cr_one.commit()
        second = in_unit_of_work(cr_two, registry, lambda env: env["pos.session"].with_user(shop.manager2_uid)
                                 .browse(session_id).close_session_from_ui())
        cr_two.commit()
    finally:
        cr_one.close()
        cr_two.close()
    assert first == {"successful": True}
    assert second == {"successful": False, "redirect": True, "message": "This session is already closed."}
    assert where_is(registry, payload["data"]["uuid"]) == [("done", session_id, None, "closed")]
