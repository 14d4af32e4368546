"""Fixtures shared by the whole suite.

``pg_address``: the PostgreSQL server of the test session: ``PGHOST``/``PGPORT``/``PGUSER``/
``PGPASSWORD`` when ``PGHOST`` is set, else the embedded server under ``<repo>/.data/test``
(started on first use, left running for the next session). Never skips.
``make_db``: creates a fresh, uniquely named database (``test_<random>``) and drops every
database it made at the end of the session.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))     # `import framework` without `pip install -e`

import pytest  # noqa: E402

from framework import sql_db  # noqa: E402
from framework.db import ServerAddress  # noqa: E402
from framework.db.embedded import ensure_embedded_server  # noqa: E402

TEST_DATA_DIR = REPO_DIR / ".data" / "test"
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
    import pgserver     # imported by the session already (framework.db.embedded)
    pgserver.get_server(pgdata, cleanup_mode="delete").cleanup()
    shutil.rmtree(GUARD_DATA_HOME, ignore_errors=True)
    session.config.get_terminal_writer().line(
        f"a test started odoo-bin or pytest without --data-dir/--odoo-data-dir: an embedded "
        f"PostgreSQL ran in {pgdata} (stopped and deleted now); give the test its own data dir",
        red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def pg_address() -> ServerAddress:
    if os.environ.get("PGHOST"):
        return ServerAddress.from_env()
    return ensure_embedded_server(str(TEST_DATA_DIR))


@pytest.fixture(scope="session")
def make_db(pg_address: ServerAddress) -> Iterator[Callable[..., str]]:
    created: list[str] = []

    def make(prefix: str = "test_") -> str:
        name = f"{prefix}{secrets.token_hex(6)}"
        sql_db.create_database(pg_address, name)
        created.append(name)
        return name

    yield make
    for name in created:
        if sql_db.database_exists(pg_address, name):
            sql_db.drop_database(pg_address, name)


ADDONS_DIR = REPO_DIR / "tests" / "addons"


def make_config(**options):
    """A fresh Config for tests: test addons on the path, the test data dir, no file, and no
    demo data (the suite's tests count records; tests/integration/test_cli_demo.py is about demo)."""
    from framework.config import Config
    config = Config()
    config["data_dir"] = str(TEST_DATA_DIR)
    config["addons_path"] = str(ADDONS_DIR)
    config["without_demo"] = "all"
    for key, value in options.items():
        config[key] = value
    return config


def install(make_db, prefix: str, addons: list[str], **options):
    """A new database (named ``<prefix><random>``) with ``addons`` installed; its registry."""
    from framework.modules.loader import load_registry
    return load_registry(make_db(prefix), install=addons, config=make_config(**options))


@contextlib.contextmanager
def rolled_back_env(registry, uid: int = 1, context: dict | None = None):
    """An environment on a new cursor of ``registry``, rolled back and closed afterwards."""
    from framework.orm.environment import Environment
    cr = registry.cursor()
    try:
        yield Environment(cr, uid, context or {})
    finally:
        cr.rollback()
        cr.close()


@pytest.fixture(scope="session")
def orm_registry(make_db):
    """A database with the ORM test addons installed (shared by the session; tests roll back)."""
    return install(make_db, "test_orm_", ["test_orm_ext2"])


@pytest.fixture
def env(orm_registry):
    """A superuser environment on a cursor that is rolled back after the test."""
    with rolled_back_env(orm_registry) as env:
        yield env
