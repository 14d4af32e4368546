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

from collections.abc import Callable, Iterator

import pytest

from framework.db import ServerAddress
from tests.support.db import install, new_databases, rolled_back_env, session_server


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark ``integration`` the tests reaching PostgreSQL: those using ``pg_address``."""
    if "pg_address" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.integration)


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
