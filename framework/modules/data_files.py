"""Load an addon's data files (manifest ``data``, then ``demo``) into the database.

Called by :mod:`framework.modules.registry_loader` for each addon installed or upgraded, with the
files in manifest order. Each file is handled by its extension:

* ``.xml``: :mod:`framework.modules.xml_data` (records, menus, views, functions...);
* ``.csv``: :mod:`framework.modules.csv_data` (one model per file);
* ``.sql``: executed as is (the addon author's SQL, as in Odoo);
* ``.js``: ignored (old manifests listed test tours there).

At install (``install=True``) records are created and updated whatever their
``noupdate``; at an upgrade, ``noupdate`` records are left as they are. Demo files load as
``noupdate``, as in Odoo. Once every addon is loaded, :func:`process_end` deletes the
records that upgraded addons no longer define (:mod:`framework.modules.upgrade`).
"""
from __future__ import annotations

import logging
import os
import time

from ..logging_setup import odoo_logger_name
from ..tools.convert import use_loader
from ..tools.misc import file_path
from .csv_data import CsvImportError, load_csv
from .upgrade import delete_obsolete
from .xml_data import ParseError, load_xml

_logger = logging.getLogger(odoo_logger_name(__name__))

__all__ = ["load_files", "load_file", "convert_file", "process_end", "ParseError", "CsvImportError"]


def load_files(env, addon: str, manifest, files, install: bool) -> None:
    """Load ``files`` (paths relative to the addon) of ``addon`` in order."""
    demo = set(getattr(manifest, "demo", ()))
    for filename in files:
        load_file(env, addon, manifest, filename, install=install, noupdate=filename in demo)


def load_file(env, addon: str, manifest, filename: str, *, install: bool, noupdate: bool = False) -> None:
    """Load one data file of ``addon``; ``noupdate`` is the default of its ``<data>`` blocks."""
    path = os.path.join(manifest.path, filename)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{addon}: data file {filename!r} listed in the manifest does not "
                                f"exist ({path})")
    _logger.info("loading %s/%s", addon, filename)
    _load_path(env, addon, path, mode="init" if install else "update", noupdate=noupdate,
               addons_path=manifest.addons_path)


def convert_file(env, module: str, filename: str, idref: dict, *, mode: str = "update",
                 noupdate: bool = False, pathname: str | None = None) -> None:
    """``odoo.tools.convert_file`` (see ``framework.tools.convert``): one file of ``module``,
    found in the addons directories as ``module/filename`` (or at ``pathname``)."""
    if mode not in ("init", "update"):
        raise ValueError(f"convert_file: mode must be 'init' or 'update', not {mode!r}")
    path = file_path(pathname or os.path.join(module, filename))
    folder = os.path.dirname(path)
    while os.path.basename(folder) != module and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    addons_path = os.path.dirname(folder) if os.path.basename(folder) == module else os.path.dirname(
        os.path.dirname(path))
    _load_path(env, module, path, mode=mode, noupdate=noupdate, addons_path=addons_path, idref=idref)
    # Odoo's importer keeps the ids as the file writes them: an addon's own without its name
    prefix = f"{module}."
    for xml_id, record_id in list(idref.items()):
        if isinstance(xml_id, str) and xml_id.startswith(prefix):
            idref.setdefault(xml_id[len(prefix):], record_id)


def _load_path(env, addon: str, path: str, *, mode: str, noupdate: bool, addons_path: str,
               idref: dict | None = None) -> None:
    """Load the data file at ``path`` by its extension."""
    extension = os.path.splitext(path)[1].lower()
    started = time.monotonic()
    if extension == ".xml":
        load_xml(env, addon, path, mode=mode, noupdate=noupdate, addons_path=addons_path, idref=idref)
    elif extension == ".csv":
        load_csv(env, addon, path, mode=mode, noupdate=noupdate)
    elif extension == ".sql":
        with open(path, encoding="utf-8") as handle:
            env.cr.execute(handle.read())
    elif extension == ".js":
        return
    else:
        raise ValueError(f"{addon}: cannot load data file {os.path.basename(path)!r}: unknown file "
                         f"type {extension or '(none)'} (expected .xml, .csv or .sql)")
    env.flush_all()
    _logger.debug("%s: loaded %s in %.3fs", addon, path, time.monotonic() - started)


use_loader(convert_file)


def process_end(env, modules) -> int:
    """Delete records of ``modules`` (installed or upgraded in this load) that their data no
    longer defines. Returns the number of records deleted."""
    return delete_obsolete(env, modules)
