"""pytest plugin: ``pytest path/to/addon`` runs the addon's tests (installed as ``pytest11``).

A directory holding a ``__manifest__.py`` is collected as an addon: the ``test_*`` modules
its ``tests`` package imports, imported as ``odoo.addons.<addon>.tests.<name>`` (as the
server does). For the session the plugin creates a database (on ``PGHOST`` when set, else
the embedded server of ``--odoo-data-dir``), installs the collected addons, runs the tests
on it and drops it at the end. ``--odoo-database NAME`` uses an existing database instead
(nothing is installed or dropped). ``--odoo-test-tags`` filters like ``--test-tags``
(default ``+standard``).
"""
from __future__ import annotations

import importlib
import secrets
from pathlib import Path
from types import SimpleNamespace

import pytest

from .. import compat
from ..config import Config
from ..db import admin, pool
from .case import BaseCase, use_database
from .runner import test_modules
from .tag_selector import TagsSelector


def pytest_addoption(parser) -> None:
    group = parser.getgroup("odoo", "Odoo addon tests (framework.testing.pytest_plugin)")
    group.addoption("--odoo-database", help="run on this existing database (default: a new one, "
                                            "dropped at the end)")
    group.addoption("--odoo-addons-path", default="",
                    help="comma-separated extra addons directories (dependencies of the addons)")
    group.addoption("--odoo-data-dir", help="data directory (embedded PostgreSQL) when PGHOST "
                                            "is not set")
    group.addoption("--odoo-test-tags", default="", help="--test-tags filters (default +standard)")


def pytest_collect_directory(path: Path, parent):
    """An addon named on the command line (or inside a folder named there) is collected.

    Addons met deeper in a test tree (fixtures of a project's own suite) are left alone,
    so having the plugin installed changes nothing for other pytest runs.
    """
    if (path / "__manifest__.py").is_file() and _targeted(path, parent.config):
        return OdooAddon.from_parent(parent, path=path)
    return None


def _targeted(path: Path, config) -> bool:
    targets = {Path(str(arg).split("::")[0]).resolve() for arg in config.args}
    return path.resolve() in targets or path.resolve().parent in targets


class OdooAddon(pytest.Directory):
    """An addon directory: collects the test modules of its ``tests`` package."""

    def collect(self):
        addon = self.path.name
        _session_state(self.config)["addons"].append(addon)
        # the built-in addons too: an addon's modules may import theirs (odoo.addons.web...)
        compat.install([*Config().addons_paths(), str(self.path.parent), *_extra_paths(self.config)])
        for module in test_modules(addon):
            yield OdooTestModule.from_parent(self, path=Path(module.__file__),
                                             name=module.__name__.rpartition(".")[2])


class OdooTestModule(pytest.Module):
    """A test module already imported under its ``odoo.addons...`` name."""

    def _getobj(self):
        return importlib.import_module(f"odoo.addons.{self.parent.path.name}.tests.{self.name}")


def pytest_collection_modifyitems(config, items) -> None:
    selector = TagsSelector(config.getoption("odoo_test_tags") or "+standard")
    selected, deselected = [], []
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is None or not issubclass(cls, BaseCase):
            selected.append(item)
            continue
        probe = SimpleNamespace(test_module=cls.test_module, test_tags=cls.test_tags,
                                test_class=cls.test_class, __module__=cls.__module__,
                                _testMethodName=item.name)
        (selected if selector.check(probe) else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session", autouse=True)
def odoo_database(request):
    """The database the addon tests run on (created and loaded once per session)."""
    state = _session_state(request.config)
    if not state["addons"]:
        yield None
        return
    from ..modules.registry_loader import load_registry
    config = Config()
    config["addons_path"] = ",".join(dict.fromkeys(
        [str(Path(p)) for p in compat.addons_paths() if p not in config.addons_paths()]
        + _extra_paths(request.config)))
    if request.config.getoption("odoo_data_dir"):
        config["data_dir"] = request.config.getoption("odoo_data_dir")
    name = request.config.getoption("odoo_database")
    address = pool.server_address(config)
    created = None
    if not name:
        name = created = f"test_addons_{secrets.token_hex(5)}"
        admin.create_database(address, name)
    try:
        load_registry(name, install=[] if not created else state["addons"], config=config)
        use_database(name)
        yield name
    finally:
        use_database(None)
        if created:
            pool.close_db(created, address)
            admin.drop_database(address, created)


def _session_state(config) -> dict:
    if not hasattr(config, "_odoo_addons_state"):
        config._odoo_addons_state = {"addons": []}
    return config._odoo_addons_state


def _extra_paths(config) -> list[str]:
    return [str(Path(p).resolve()) for p in
            (config.getoption("odoo_addons_path") or "").split(",") if p.strip()]
