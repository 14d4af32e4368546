"""Installed addons whose code is gone from the addons path: skipped with a warning, as Odoo.

A database can name an addon as installed that is no longer on the addons path (a branch
switched, a folder left out of ``--addons-path``). Odoo logs ``module X: not installable,
skipped`` and loads the rest; the addons that depend on a skipped one are skipped too. The
database keeps them installed: they load again once their folder is back.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))


def loadable(installed: set[str], manifests: Mapping) -> set[str]:
    """``installed`` without the addons that cannot be loaded, each logged once."""
    missing = {name for name in installed
               if name not in manifests or not manifests[name].installable}
    for name in sorted(missing):
        _logger.warning("module %s: not installable, skipped (not found on the addons path, or "
                        "installable is False); add its folder to --addons-path", name)
    skipped = set(missing)
    changed = True
    while changed:              # dependents of skipped addons cannot load either
        changed = False
        for name in sorted(installed - skipped):
            gone = [dep for dep in manifests[name].depends if dep in skipped]
            if gone:
                _logger.warning("module %s: skipped, it depends on %s", name, ", ".join(gone))
                skipped.add(name)
                changed = True
    if skipped:
        _logger.error("Some modules are not loaded, some dependencies or manifest may be "
                      "missing: %s", sorted(skipped))
    return installed - skipped
