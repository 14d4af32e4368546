"""The browser POS reloads offline from what its service worker cached: ``SHELL`` in
``main.js`` must name every module and stylesheet of the app, or an offline reload fails on
the first import left out (as it did for ``receipt_image.js``)."""
from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "addons" / "point_of_sale" / "static" / "src"


def test_the_offline_shell_names_every_file_of_the_app():
    main = (SRC / "main.js").read_text()
    shell = set(re.findall(r'"([\w/]+\.(?:js|css))"', main[main.index("export const SHELL"):main.index("].map")]))
    files = {path.relative_to(SRC).as_posix() for path in SRC.rglob("*") if path.suffix in (".js", ".css")
             and path.relative_to(SRC).parts[0] != "backend"}      # the back office's, not the till's
    assert files - shell == set()
    assert shell - files == set()       # and nothing it names is missing
