"""Fixtures shared by the whole suite (their helpers are in tests/support).

``pg_address``: the PostgreSQL server of the test session: ``PGHOST``/``PGPORT``/``PGUSER``/
``PGPASSWORD`` when ``PGHOST`` is set, else the embedded server under ``<repo>/.data/test``
(started on first use, left running for the next session). Never skips. Every fixture giving
a database depends on it, and every test using it is marked ``integration``, so
``pytest -m "not integration"`` runs without any PostgreSQL.
``make_db``: creates a fresh, uniquely named database (``test_<random>``) and drops every
database it made at the end of the session.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest

from framework.db import ServerAddress
from tests.support.db import install, new_databases, rolled_back_env, session_server
from tests.support.paths import TEST_DATA_DIR


def pytest_addoption(parser) -> None:
    parser.addoption("--long", action="store_true",
                     help="full-size runs of the reliability tests (tests/reliability: 4 x 250 "
                          "orders instead of CI's bounded size)")


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark ``integration`` the tests reaching PostgreSQL: those using ``pg_address``."""
    if "pg_address" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.integration)


#: Stands in for ``$XDG_DATA_HOME`` during the session: a subprocess that forgets
#: ``--data-dir`` lands here, never in the user's ``~/.local/share/Odoo``, and the session
#: fails (after stopping what it started there) so that the forgetful test gets fixed.
GUARD_DATA_HOME = TEST_DATA_DIR / "xdg-data-home"
os.environ["XDG_DATA_HOME"] = str(GUARD_DATA_HOME)


def pytest_sessionfinish(session, exitstatus) -> None:
    """Stop and report an embedded server some test started in the default data dir."""
    pgdata = GUARD_DATA_HOME / "Odoo" / "pgdata"
    if not pgdata.is_dir():
        return
    import pgserver  # imported by the session already (framework.db.embedded)
    pgserver.get_server(pgdata, cleanup_mode="delete").cleanup()
    shutil.rmtree(GUARD_DATA_HOME, ignore_errors=True)
    session.config.get_terminal_writer().line(
        f"a test started odoo-bin or pytest without --data-dir/--odoo-data-dir: an embedded "
        f"PostgreSQL ran in {pgdata} (stopped and deleted now); give the test its own data dir",
        red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="module", autouse=True)
def _close_pools_after_each_module():
    """The databases of a test module keep their pools (a connection or more each, idle for
    up to ten minutes) until closed: closed after each module, so that a session of a few
    hundred databases stays below the server's max_connections (100 by default). A
    database used again opens its pool again."""
    yield
    from framework.db import pool
    pool.close_pools()


@pytest.fixture(scope="session")
def pg_address() -> ServerAddress:
    return session_server()


@pytest.fixture(scope="session")
def make_db(pg_address: ServerAddress) -> Iterator[Callable[..., str]]:
    with new_databases(pg_address) as make:
        yield make


@pytest.fixture(scope="session")
def orm_registry(make_db):
    """A database with the ORM test addons installed (shared by the session; tests roll back)."""
    return install(make_db, "test_orm_", ["test_orm_ext2"])


@pytest.fixture
def env(orm_registry):
    """A superuser environment on a cursor that is rolled back after the test."""
    with rolled_back_env(orm_registry) as env:
        yield env


@pytest.fixture(scope="session")
def mail_registry(make_db):
    """A database with ``mail`` and its test application (tests/addons/test_mail_app)."""
    return install(make_db, "test_mail_", ["test_mail_app"])


@pytest.fixture
def mail_env(mail_registry):
    """An environment of the administrator (not the superuser: base.user_admin, active, with
    a partner and an e-mail), rolled back after the test."""
    with rolled_back_env(mail_registry) as env:
        admin = env.ref("base.user_admin")
        yield env(user=admin.id)


@pytest.fixture(scope="module")
def smtp():
    """A local SMTP server for a module's tests (``tests.support.smtp``): a database whose
    ``--smtp``/``--smtp-port`` point at it sends its e-mail there."""
    from tests.support.smtp import SmtpServer
    with SmtpServer() as server:
        yield server


@pytest.fixture
def mailbox(smtp):
    """The module's SMTP server, emptied for the test: nothing received, nothing refused."""
    smtp.messages.clear()
    smtp.refuse.clear()
    return smtp
