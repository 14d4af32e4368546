"""``--dev=reload,xml,werkzeug`` as a developer uses them, on an addon made by ``scaffold``."""
from __future__ import annotations

import re
import textwrap
import time
import urllib.error
import urllib.request

import pytest

from tests.support.cli import run, server_flags, start, stop, wait_for_port
from tests.support.db import database_names

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def shelf(pg_address, tmp_path_factory):
    """A database with the scaffolded ``shelf`` addon: (database, addons dir, addon dir)."""
    addons = tmp_path_factory.mktemp("dev_addons")
    assert run("scaffold", "shelf", str(addons)).returncode == 0
    with database_names(pg_address) as new_name:
        name = new_name()
        process = run(*server_flags(pg_address), "-d", name, "--addons-path", str(addons),
                      "-i", "shelf", "--stop-after-init")
        assert process.returncode == 0, process.stderr[-3000:]
        yield name, addons, addons / "shelf"


def read_until(process, pattern: str, timeout: float = 60) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if re.search(pattern, line):
            return lines
    raise AssertionError(f"no line matching {pattern!r}:\n{''.join(lines)}")


def test_reload_restarts_the_server_when_an_addon_file_changes(pg_address, shelf):
    name, addons, addon = shelf
    server = start(*server_flags(pg_address), "-d", name, "--addons-path", str(addons),
                   "--dev", "reload", "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        first_port, _lines = wait_for_port(server)
        pid = server.pid
        model = addon / "models" / "models.py"
        time.sleep(1.1)             # a modification time the watcher can tell apart
        model.write_text(model.read_text() + "\n# edited\n")
        lines = read_until(server, r"changed: restarting the server")
        second_port, more = wait_for_port(server)
        with urllib.request.urlopen(f"http://127.0.0.1:{second_port}/web/health", timeout=10) as r:
            health = r.status
    finally:
        code, _rest = stop(server)
    assert (str(model) in lines[-1], server.pid == pid, health, code) == (True, True, 200, 0), \
        "".join(lines + more)


def test_xml_reads_views_from_their_files_without_a_restart(pg_address, shelf):
    name, addons, addon = shelf
    views = addon / "views" / "views.xml"
    script = textwrap.dedent(f"""\
        import pathlib
        view = env.ref("shelf.shelf_form")
        print("before:", "Notes" in env["shelf.shelf"].get_view(view.id, "form")["arch"])
        path = pathlib.Path({str(views)!r})
        path.write_text(path.read_text().replace('<field name="description"/>',
                                                 '<field name="description" string="Notes"/>'))
        env.invalidate_all()
        print("after:", "Notes" in env["shelf.shelf"].get_view(view.id, "form")["arch"])
        """)
    original = views.read_text()
    try:
        with_dev = run("shell", *server_flags(pg_address), "-d", name, "--addons-path",
                       str(addons), "--dev", "xml", stdin=script)
        views.write_text(original)
        without = run("shell", *server_flags(pg_address), "-d", name, "--addons-path",
                      str(addons), stdin=script)
    finally:
        views.write_text(original)
    assert (with_dev.stdout.split("\n")[-3:-1], without.stdout.split("\n")[-3:-1]) == \
        (["before: False", "after: True"], ["before: False", "after: False"]), \
        with_dev.stderr[-3000:] + without.stderr[-3000:]


def test_werkzeug_shows_the_debugger_on_an_http_route_error(pg_address, tmp_path):
    addon = tmp_path / "broken_page"
    addon.mkdir()
    (addon / "__manifest__.py").write_text("{'name': 'Broken page', 'depends': ['base'], "
                                           "'license': 'LGPL-3'}\n")
    (addon / "__init__.py").write_text(textwrap.dedent("""\
        from odoo import http


        class Broken(http.Controller):
            @http.route("/broken_page", type="http", auth="none")
            def page(self):
                raise ZeroDivisionError("on purpose")
        """))
    bodies = {}
    for dev in ("werkzeug", None):
        flags = ["--dev", dev] if dev else []
        # no database may match: the route is served by the server-wide addons (--load)
        server = start(*server_flags(pg_address), "--addons-path", str(tmp_path), "--load",
                       "base,web,broken_page", "--db-filter", "^no_database_here$", *flags,
                       "--http-interface", "127.0.0.1", "--http-port", "0")
        try:
            port, _lines = wait_for_port(server)
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/broken_page", timeout=10)
            except urllib.error.HTTPError as error:
                bodies[dev] = (error.code, error.read().decode())
        finally:
            stop(server)
    debugger, plain = bodies["werkzeug"], bodies[None]
    assert (debugger[0], "Werkzeug Debugger" in debugger[1], "ZeroDivisionError" in debugger[1],
            plain[0], "Werkzeug Debugger" in plain[1]) == (500, True, True, 500, False), debugger
