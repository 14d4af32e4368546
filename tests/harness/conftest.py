"""The harness tests: addons under ``tests/harness/addons`` hold addon tests, some failing on
purpose. They are run by the tests here (odoo-bin --test-enable, pytest with the plugin),
never collected directly by the suite."""
from __future__ import annotations

from pathlib import Path

from tests.support.paths import HARNESS_ADDONS


def pytest_ignore_collect(collection_path, config):
    if HARNESS_ADDONS in (collection_path, *collection_path.parents) and not any(
            HARNESS_ADDONS in (Path(str(arg).split("::")[0]).resolve(),
                               *Path(str(arg).split("::")[0]).resolve().parents)
            for arg in config.args):
        return True
    return None
