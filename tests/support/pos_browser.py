"""What the Chromium tests of the browser POS share: running ORM code on the test database,
making a till, logging in and opening it, finding a product card, saving screenshots."""
from __future__ import annotations

import json
import time

from playwright.sync_api import expect

from tests.support.paths import REPO_DIR

#: where the browser tests save their screenshots (kept by CI as artifacts)
ARTIFACTS_DIR = REPO_DIR / ".data" / "artifacts"


def run(registry, function):
    """``function(env)`` as the superuser in a committed transaction; its result."""
    from framework.orm.environment import Environment
    with registry.cursor() as cr:
        result = function(Environment(cr, 1, {}))
        cr.commit()
        return result


def new_till(registry, configure=None) -> int:
    """A new till like "Cash Register 1" (``configure(env, config)`` may change it first) with
    a session in opening_control: its id."""
    def make(env):
        main = env.ref("point_of_sale.pos_config_main")
        config = main.copy({"name": f"Test Till {time.monotonic_ns()}"})
        if configure:
            configure(env, config)
        config.open_ui()
        return config.id
    return run(registry, make)


def orders_of(registry, config_id: int) -> list[dict]:
    return run(registry, lambda env: env["pos.order"].search_read(
        [("session_id.config_id", "=", config_id)],
        ["pos_reference", "amount_total", "amount_tax", "amount_paid", "amount_return", "uuid"]))


def log_in(page, server, login: str = "admin", password: str = "admin") -> None:
    """Log the page's browser context in (a JSON-RPC authenticate, cookie kept)."""
    answer = page.request.post(f"{server.base_url}/web/session/authenticate", data=json.dumps({
        "jsonrpc": "2.0", "method": "call", "params": {"db": server.db, "login": login, "password": password}}),
        headers={"Content-Type": "application/json"})
    assert answer.ok and "error" not in answer.json(), answer.text()


def open_till(page, server, config_id: int, retry_ms: int = 5000, query: str = "", login: str = "admin",
              password: str = "admin") -> None:
    """Log in, load the till (``query`` added to its URL) and count its opening cash (100)."""
    log_in(page, server, login, password)
    page.goto(f"{server.base_url}/pos/ui?config_id={config_id}&retry_ms={retry_ms}{query}")
    page.locator(".opening-cash").fill("100")
    page.locator(".open-session").click()
    expect(page.locator(".product").first).to_be_visible()


def product(page, name: str):
    return page.locator(".product", has=page.locator(".product-name", has_text=name)).first


def artifact(name: str):
    """The path a screenshot ``name`` is saved at."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR / name


def demo_registry(make_db, prefix: str, addons: list[str]):
    """A new database with ``addons`` installed with their demo data (the till sells the demo
    catalogue; the suite's default config has none): its registry."""
    from framework.modules.registry_loader import load_registry
    from tests.support.db import make_config
    return load_registry(make_db(prefix), install=addons, config=make_config(without_demo=False))


def app_for(registry):
    """The WSGI app serving only ``registry``'s database."""
    from framework.http.application import make_app
    from tests.support.db import make_config
    return make_app(make_config(dbfilter=f"^{registry.db_name}$"))


def serve(app, registry):
    """A live server of ``app`` (its ``db`` named) for one test: a generator for a fixture."""
    from tests.support.http import LiveServer
    server = LiveServer(app)
    server.db = registry.db_name
    yield server
    server.down()


def call_kw(page, server, model: str, method: str, args: list, kwargs: dict | None = None):
    """An ORM call over /web/dataset/call_kw with the page's session (as any RPC client)."""
    answer = page.request.post(f"{server.base_url}/web/dataset/call_kw/{model}/{method}", data=json.dumps({
        "jsonrpc": "2.0", "method": "call",
        "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}}),
        headers={"Content-Type": "application/json"})
    body = answer.json()
    assert "error" not in body, body
    return body["result"]
