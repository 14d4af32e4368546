"""Which addons load their demo data, by Odoo's rule, and the ``demo`` flag that records it.

An addon being installed loads its manifest's ``demo`` files unless ``--without-demo``
names it (or says ``all``) or one of its dependencies was installed without demo data: a
database created with ``--without-demo=all`` stays demo-free for the addons installed
later, as in Odoo. An addon being updated reloads them when it was installed with them.
``ir.module.module.demo`` keeps the answer for each installed addon (``reflection.mark_installed``).
"""
from __future__ import annotations

from collections.abc import Sequence

from ..tools.sql import SQL


def excluded(addon: str, without_demo: object) -> bool:
    """Whether ``--without-demo`` (True, ``all``, or a comma list / list of addons) names ``addon``."""
    if without_demo in (True, "all", "True", "1"):
        return True
    if isinstance(without_demo, str):
        without_demo = [name.strip() for name in without_demo.split(",")]
    return bool(without_demo) and addon in without_demo


def wanted(cr, addon: str, depends: Sequence[str], *, install: bool, without_demo: object) -> bool:
    """Whether ``addon`` loads its demo files in this install (or update)."""
    if not install:
        cr.execute(SQL("SELECT demo FROM ir_module_module WHERE name = %s", addon))
        row = cr.fetchone()
        return bool(row and row[0])
    if excluded(addon, without_demo):
        return False
    if not depends:
        return True
    cr.execute(SQL("SELECT count(*) FROM ir_module_module WHERE name IN %s AND demo IS TRUE",
                   tuple(depends)))
    return cr.fetchone()[0] == len(set(depends))
