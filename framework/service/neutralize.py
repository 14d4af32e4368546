"""Neutralize a database, as Odoo 17 does: each installed addon's ``data/neutralize.sql``.

A neutralized database is a copy of a production one made safe to play with: the addons'
scripts switch off what reaches the outside world (scheduled actions, mail servers,
payment providers...), and base's sets ``database.is_neutralized``. ``odoo-bin neutralize``
and ``odoo-bin db load/duplicate --neutralize`` run them.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from ..logging_setup import odoo_logger_name
from ..modules.manifest import find_addons

_logger = logging.getLogger(odoo_logger_name(__name__))

SCRIPT = os.path.join("data", "neutralize.sql")


def installed_addons(cr) -> list[str]:
    cr.execute("SELECT name FROM ir_module_module WHERE state IN ('installed', 'to upgrade', "
               "'to remove') ORDER BY name")
    return [row[0] for row in cr.fetchall()]


def neutralization_queries(addons: Iterable[str], addons_paths: list[str]) -> list[tuple[str, str]]:
    """``(addon, SQL)`` of each addon of ``addons`` that ships a neutralize script."""
    manifests = find_addons(addons_paths)
    queries = []
    for addon in addons:
        manifest = manifests.get(addon)
        path = os.path.join(manifest.path, SCRIPT) if manifest else None
        if path and os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                queries.append((addon, handle.read()))
    return queries


def neutralize_database(cr, addons_paths: list[str]) -> list[str]:
    """Run the neutralize scripts of the installed addons on ``cr``; the addons that had one."""
    done = []
    for addon, query in neutralization_queries(installed_addons(cr), addons_paths):
        cr.execute(query)
        done.append(addon)
    _logger.info("neutralization finished (%s)", ", ".join(done) or "no script")
    return done
