"""Routes of the browser tests' app: its page, its product list, JSON-RPC echo and error, order sync."""
import threading

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

PRODUCTS = [
    {"id": 1, "name": "Coffee", "price": 2.2},
    {"id": 2, "name": "Croissant", "price": 2.1},
    {"id": 3, "name": "Orange juice", "price": 3.5},
]


class SyncedOrders:
    """What /test_browser/sync received and kept (tests read and reset it in-process)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.orders = {}         # uuid -> order, each stored once
        self.received = []       # the uuids of every order posted, retries included
        self.drop_acks = 0       # answer that many syncs with an error after storing (a lost ack)


SYNCED = SyncedOrders()


class TestBrowser(http.Controller):

    @http.route("/test_browser/app", type="http", auth="none")
    def app(self, retry_ms="5000"):
        return request.render("static/shell.html", {
            "title": "Browser test app",
            "entry": "/test_browser/static/src/main.js",
            "imports": {"@test_browser/": "/test_browser/static/src/"},
            "styles": ["/test_browser/static/src/app.css"],
            "config": {"retry_ms": int(retry_ms), "sync_route": "/test_browser/sync"},
        })

    @http.route("/test_browser/products", type="http", auth="none", save_session=False)
    def products(self):
        return request.make_json_response(PRODUCTS)

    @http.route("/test_browser/echo", type="json", auth="none")
    def echo(self, **params):
        return {"echo": params}

    @http.route("/test_browser/fail", type="json", auth="none")
    def fail(self, reason="no reason"):
        raise UserError(f"Refused: {reason}")

    @http.route("/test_browser/sync", type="json", auth="none")
    def sync(self, orders):
        with SYNCED.lock:
            for order in orders:
                SYNCED.received.append(order["uuid"])
                SYNCED.orders.setdefault(order["uuid"], order)      # idempotent on the client uuid
            if SYNCED.drop_acks:
                SYNCED.drop_acks -= 1
                raise UserError("acknowledgement lost (test)")
        return {"acked": [order["uuid"] for order in orders]}
