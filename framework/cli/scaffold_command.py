"""``odoo-bin scaffold NAME [DIR]``: a new addon from a template, ready to install and test.

The ``default`` template (``framework/cli/templates/default``) gives what Odoo's gives: a
manifest, a model with a computed field, its access rights, list and form views with an
action and menus, demo records, a controller, and a test that passes. The ``pos`` template
(``-t pos``) gives a Point of Sale extension: a till setting with its form view extension,
a model of its own with access rights and records, the model loaded into the POS payload
through Odoo 17's loader hooks, a JS module of ``point_of_sale.assets_pos`` exporting
``setup(pos)``, and a test proving the payload carries the data. ``-t`` names another
built-in template or the path of a folder of ``*.jinja2`` files. Every file of the template
is rendered with jinja2 (``name``, ``snake``, ``pascal``, ``model``, ``model_snake``); a
file name's ``NAME`` becomes the addon's name.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import jinja2

from .options import PROG

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
SUFFIX = ".jinja2"


def snake(text: str) -> str:
    """``"LibraryShelf"``, ``"library shelf"`` or ``"Library-Shelf"`` -> ``"library_shelf"``."""
    spaced = re.sub(r"(?<=[^A-Z\s_-])([A-Z])", r" \1", text.strip())
    return "_".join(word.lower() for word in re.split(r"[\s_-]+", spaced) if word)


def pascal(text: str) -> str:
    """``"library_shelf"`` -> ``"LibraryShelf"``."""
    return "".join(word.capitalize() for word in snake(text).split("_"))


def run(args: Sequence[str]) -> int:
    """The ``scaffold`` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog=f"{PROG} scaffold",
                                     description="Create a new addon from a template.")
    built_in = ", ".join(sorted(p.name for p in TEMPLATES_DIR.iterdir() if p.is_dir()))
    parser.add_argument("-t", "--template", default="default",
                        help=f"a built-in template ({built_in}) or the path of a template folder")
    parser.add_argument("name", help="name of the addon (its folder is the snake_case of it)")
    parser.add_argument("dest", nargs="?", default=".",
                        help="folder to create the addon in (default: the current one)")
    try:
        options = parser.parse_args(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    template = _template_dir(options.template)
    if template is None:
        print(f"{PROG} scaffold: error: no template {options.template!r}: give a built-in name "
              f"or an existing folder", file=sys.stderr)
        return 2
    if not snake(options.name).isidentifier():
        print(f"{PROG} scaffold: error: {options.name!r} does not make a Python package name; "
              "use letters, digits and underscores", file=sys.stderr)
        return 2
    target = Path(options.dest).expanduser().resolve() / snake(options.name)
    if target.exists() and any(target.iterdir()):
        print(f"{PROG} scaffold: error: {target} already exists and is not empty; pick another "
              "name or folder", file=sys.stderr)
        return 1
    written = render(template, target, options.name)
    print(f"created addon {snake(options.name)} in {target} ({len(written)} files); install it "
          f"with: {PROG} -d DATABASE --addons-path {target.parent} -i {snake(options.name)}")
    return 0


def render(template: Path, target: Path, name: str) -> list[Path]:
    """Write the rendered files of ``template`` under ``target``; the paths written."""
    values = {"name": name, "snake": snake(name), "pascal": pascal(name),
              "model": f"{snake(name)}.{snake(name)}", "model_snake": f"{snake(name)}_{snake(name)}"}
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template)),
                                     keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    written = []
    for source in sorted(template.rglob(f"*{SUFFIX}")):
        relative = source.relative_to(template).as_posix()
        path = target / relative[:-len(SUFFIX)].replace("NAME", snake(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(environment.get_template(relative).render(values), encoding="utf-8")
        written.append(path)
    return written


def _template_dir(template: str) -> Path | None:
    builtin = TEMPLATES_DIR / template
    if os.sep not in template and builtin.is_dir():
        return builtin
    path = Path(template).expanduser()
    return path.resolve() if path.is_dir() else None
