"""``odoo-bin start``: serve the addons of the current folder, on a database named after it.

The folder (``--path``, default the current one) is an addon or a folder of addons; it
becomes the addons path, the database (``-d``, default the folder's name) is created when
missing, its addons are installed when they are not yet, and the server serves only that
database (``--db-filter``). Every other flag goes to the server as given.
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

from framework.modules.manifest import manifest_file

from .options import PROG


def run(args: Sequence[str]) -> int:
    """The ``start`` command; returns the exit code of the server it runs."""
    parser = argparse.ArgumentParser(prog=f"{PROG} start", description=(
        "Serve the addons of a folder on a database named after it (other flags: the server's)."))
    parser.add_argument("--path", default=".", help="an addon or a folder of addons "
                                                    "(default: the current folder)")
    parser.add_argument("-d", "--database", dest="db_name", metavar="NAME",
                        help="database (default: the folder's name)")
    try:
        options, rest = parser.parse_known_args(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    path = Path(options.path).expanduser().resolve()
    if manifest_file(str(path)):
        addons_path, addons = path.parent, [path.name]
    else:
        addons_path = path
        addons = sorted(child.name for child in path.iterdir()
                        if child.is_dir() and manifest_file(str(child))) if path.is_dir() else []
    if not addons:
        parser.error(f"{path} is neither an addon nor a folder of addons (no __manifest__.py)")
    db_name = options.db_name or re.sub(r"[^\w.-]", "_", path.name)
    from . import main
    return main(["server", "--addons-path", str(addons_path), "-d", db_name,
                 "--db-filter", f"^{re.escape(db_name)}$", "-i", ",".join(addons), *rest])
