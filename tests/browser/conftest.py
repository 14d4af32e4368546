"""Fixtures of the browser tests: the project's server with ``test_browser``, and Chromium.

``live_server``: a :class:`tests.support.http.LiveServer` serving a database with the
``test_browser`` addon (its app at ``/test_browser/app``); ``down()``/``up()`` stop and restart
it on the same port. ``synced``: what the app's sync route received (reset for each test).
``pos_app``/``pos_server``: the POS served from the ``pos_registry`` a test module defines
(its database, its addons). ``browser``: Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) launched once per
test module through Playwright; ``context``/``page``: a fresh profile per test (IndexedDB and
service workers start empty). Every test here is marked ``browser``.
"""
from __future__ import annotations

import importlib
import logging
import os
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.support.db import make_config
from tests.support.http import LiveServer
from tests.support.pos_browser import app_for, serve

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # without it Chromium still resolves Google hosts at each start: only loopback is reached
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
FETCH_LIB = os.path.join(os.path.dirname(__file__), "..", "..", "static", "fetch_lib.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_db(make_db) -> str:
    from framework.modules.registry_loader import load_registry
    name = make_db("test_browser_")
    load_registry(name, install=["test_browser"], config=make_config())
    return name


@pytest.fixture(scope="session")
def browser_app(browser_db):
    from framework.http.application import make_app
    done = subprocess.run([sys.executable, FETCH_LIB, "--check"], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"the browser libraries are missing: {done.stdout.strip()}", pytrace=False)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)     # no line per request
    return make_app(make_config(dbfilter=f"^{browser_db}$"))


@pytest.fixture
def live_server(browser_app):
    server = LiveServer(browser_app)
    yield server
    server.down()


@pytest.fixture
def synced(browser_app):
    state = importlib.import_module("odoo.addons.test_browser.controllers.main").SYNCED
    state.reset()
    return state


@pytest.fixture(scope="module")
def pos_app(pos_registry):
    return app_for(pos_registry)


@pytest.fixture
def pos_server(pos_app, pos_registry):
    yield from serve(pos_app, pos_registry)


@pytest.fixture(scope="module")
def browser():
    # one per test module, closed after it: while Playwright's sync API runs, the main thread has
    # a running asyncio loop, which any later test calling asyncio.run() would trip over (and
    # "package" scope lasts the whole session here, tests/ folders being no packages)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: install it (Debian: apt-get install -y chromium) or "
                    "set CHROMIUM=/path/to/chromium", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def chromium_options() -> dict:
    """What launches Chromium here, for tests that start their own (a persistent profile)."""
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


#: how long a browser test waits for a page or an element: generous, since a loaded CI machine
#: may take seconds to build a first POS payload (a bound on waiting, not a speed check)
TIMEOUT_MS = 30_000


@pytest.fixture
def context(browser):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()
