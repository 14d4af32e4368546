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
from .csv_data import CsvImportError, load_csv
from .upgrade import delete_obsolete
from .xml_data import ParseError, load_xml

_logger = logging.getLogger(odoo_logger_name(__name__))

__all__ = ["load_files", "load_file", "process_end", "ParseError", "CsvImportError"]


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
    mode = "init" if install else "update"
    _logger.info("loading %s/%s", addon, filename)
    extension = os.path.splitext(filename)[1].lower()
    started = time.monotonic()
    if extension == ".xml":
        load_xml(env, addon, path, mode=mode, noupdate=noupdate, addons_path=manifest.addons_path)
    elif extension == ".csv":
        load_csv(env, addon, path, mode=mode, noupdate=noupdate)
    elif extension == ".sql":
        with open(path, encoding="utf-8") as handle:
            env.cr.execute(handle.read())
    elif extension == ".js":
        return
    else:
        raise ValueError(f"{addon}: cannot load data file {filename!r}: unknown file type "
                         f"{extension or '(none)'} (expected .xml, .csv or .sql)")
    env.flush_all()
    _logger.debug("%s: loaded %s in %.3fs", addon, filename, time.monotonic() - started)


def process_end(env, modules) -> int:
    """Delete records of ``modules`` (installed or upgraded in this load) that their data no
    longer defines. Returns the number of records deleted."""
    return delete_obsolete(env, modules)
