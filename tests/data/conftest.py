"""Fixtures of the data-loading tests: databases with the ``test_data_*`` addons, a directory
for throwaway addons, and real published addons (their helpers are in tests/support/data.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.data import real_addons
from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="session")
def data_registry(make_db):
    """test_data_basic + test_data_ext installed (with demo data); tests roll back."""
    return install(make_db, "test_data_", ["test_data_ext"], without_demo=False)


@pytest.fixture
def data_env(data_registry):
    with rolled_back_env(data_registry) as env:
        yield env


@pytest.fixture
def addon_dir(tmp_path):
    """A fresh addons directory; ``write_addon(name, files)`` puts an addon in it."""
    root = tmp_path / "addons"
    root.mkdir()
    return root


@pytest.fixture(scope="session")
def real_addons_dir() -> Path:
    """The addons of ``REAL_ADDONS`` (tests/support/data.py), downloaded once."""
    return real_addons()
