"""/web/database/manager on a server started by odoo-bin: a browser user's database chores."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

from framework.db import admin
from tests.support.cli import server_flags, start, stop, wait_for_port
from tests.support.db import database_names

pytestmark = pytest.mark.integration


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(port: int, path: str, **fields) -> tuple[int, bytes, str]:
    """(status, body, Location) of a form POST; redirects are not followed."""
    opener = urllib.request.build_opener(NoRedirect())
    data = urllib.parse.urlencode(fields).encode()
    try:
        with opener.open(f"http://127.0.0.1:{port}{path}", data=data, timeout=120) as reply:
            return reply.status, reply.read(), reply.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Location", "")


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def server(pg_address):
    process = start(*server_flags(pg_address), "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        port, _lines = wait_for_port(process)
        yield port
    finally:
        stop(process)


def test_create_back_up_duplicate_and_drop_from_the_manager(pg_address, server):
    with database_names(pg_address) as new_name:
        name, copy = new_name(), new_name()
        created = post(server, "/web/database/create", master_pwd="admin", name=name,
                       login="boss", password="secret", lang="en_US")
        page_status, page = get(server, "/web/database/manager")
        backup = post(server, "/web/database/backup", master_pwd="admin", name=name)
        duplicated = post(server, "/web/database/duplicate", master_pwd="admin", name=name,
                          new_name=copy)
        copy_exists = admin.database_exists(pg_address, copy)
        dropped = post(server, "/web/database/drop", master_pwd="admin", name=copy)
        gone = not admin.database_exists(pg_address, copy)
    assert (created[0], created[2].endswith("/web"), page_status, name in page) == \
        (303, True, 200, True), created
    assert (backup[0], backup[1][:2], duplicated[0], copy_exists, dropped[0], gone) == \
        (200, b"PK", 303, True, 303, True), (backup[0], duplicated, dropped)


def test_a_wrong_master_password_changes_nothing(pg_address, server):
    with database_names(pg_address) as new_name:
        name = new_name()
        status, body, _location = post(server, "/web/database/create", master_pwd="wrong",
                                       name=name, login="x", password="y")
        exists = admin.database_exists(pg_address, name)
    assert (status, b"Access Denied: wrong master password" in body, exists) == (403, True, False)


def test_no_database_list_turns_the_manager_off(pg_address):
    process = start(*server_flags(pg_address), "--no-database-list", "--http-interface",
                    "127.0.0.1", "--http-port", "0")
    try:
        port, _lines = wait_for_port(process)
        status, body = get(port, "/web/database/manager")
        posted = post(port, "/web/database/drop", master_pwd="admin", name="postgres")
    finally:
        stop(process)
    assert (status, "disabled by the administrator" in body, posted[0]) == (403, True, 403)
