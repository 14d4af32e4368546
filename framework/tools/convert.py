"""``odoo.tools.convert``: load one data file of an addon (XML, CSV or SQL) from code, as an
addon's hook or test does (``convert_file(env, "my_addon", "data/extra.xml", None)``).

The data loader belongs to the modules layer (``framework.modules.data_files``), above
this one: it registers itself here when imported (``use_loader``), which the registry
loader does before any environment exists.
"""
from __future__ import annotations

from collections.abc import Callable

_loader: list[Callable] = []


def use_loader(loader: Callable) -> None:
    """Make ``loader`` (``data_files.convert_file``) the one ``convert_file`` calls."""
    _loader[:] = [loader]


def convert_file(env, module: str, filename: str, idref: dict | None = None, mode: str = "update",
                 noupdate: bool = False, kind: str | None = None, pathname: str | None = None) -> None:
    """Load ``filename`` of ``module`` (found in the addons directories; ``pathname``: its
    path, when given) into the database, by its extension: ``.xml`` records, ``.csv`` rows
    of the model the file name names, ``.sql`` run as it is, ``.js`` ignored.

    ``idref`` (a dict, or None) gets the database id of each record the XML file defines,
    under its id as written and under its full ``module.name``; ids it already holds name
    records for the file. ``mode``: ``"init"`` loads every record, ``"update"`` leaves those
    of ``noupdate`` blocks that exist. ``kind`` is accepted and unused, as in Odoo 17.
    """
    if not _loader:
        raise RuntimeError("convert_file: no data loader yet (framework.modules.data_files is "
                           "imported when a registry is loaded)")
    _loader[0](env, module, filename, {} if idref is None else idref, mode=mode,
               noupdate=noupdate, pathname=pathname)


__all__ = ["convert_file"]
