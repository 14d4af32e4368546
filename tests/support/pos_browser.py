"""What the POS Chromium tests share: a database with the demo catalogue, tills, the login."""
from __future__ import annotations

import json
import time

from playwright.sync_api import expect


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
        config = env.ref("point_of_sale.pos_config_main").copy({"name": f"Test Till {time.monotonic_ns()}"})
        if configure:
            configure(env, config)
        config.open_ui()
        return config.id
    return run(registry, make)


def log_in(page, server, login: str = "admin", password: str = "admin") -> None:
    answer = page.request.post(f"{server.base_url}/web/session/authenticate", data=json.dumps({
        "jsonrpc": "2.0", "method": "call", "params": {"db": server.db, "login": login, "password": password}}),
        headers={"Content-Type": "application/json"})
    assert answer.ok and "error" not in answer.json(), answer.text()


def open_till(page, server, config_id: int, query: str = "", login: str = "admin", password: str = "admin") -> None:
    """Log in, open the till's page and its session (opening cash 100)."""
    log_in(page, server, login, password)
    page.goto(f"{server.base_url}/pos/ui?config_id={config_id}{query}")
    page.locator(".opening-cash").fill("100")
    page.locator(".open-session").click()
    expect(page.locator(".product").first).to_be_visible()


def product(page, name: str):
    return page.locator(".product", has=page.locator(".product-name", has_text=name)).first


def call_kw(page, server, model: str, method: str, args: list, kwargs: dict | None = None):
    """An ORM call over /web/dataset/call_kw with the page's session (as any RPC client)."""
    answer = page.request.post(f"{server.base_url}/web/dataset/call_kw/{model}/{method}", data=json.dumps({
        "jsonrpc": "2.0", "method": "call",
        "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}}),
        headers={"Content-Type": "application/json"})
    body = answer.json()
    assert "error" not in body, body
    return body["result"]
