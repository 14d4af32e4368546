"""``odoo-bin cloc``: lines of code of addons, as Odoo's ``cloc`` counts them.

``-p PATH`` (repeatable) counts the addon at PATH, or every addon in the folder PATH;
``-d NAME`` counts the installed addons of a database that are not built in (the
customisations, what Odoo's maintenance pricing counts). A line is code unless it is
blank or only a comment (docstrings count as comments in Python). Tests, ``static/lib``,
``__manifest__.py`` and the files a manifest lists under ``cloc_exclude`` are left out, as
in Odoo. ``-v`` lists the files.
"""
from __future__ import annotations

import argparse
import ast
import fnmatch
import io
import re
import sys
import tokenize
from collections.abc import Iterable, Sequence
from pathlib import Path

from framework.config import FRAMEWORK_DIR, config
from framework.modules.manifest import find_addons, manifest_file

from .db_command import add_connection_flags, parse_with_connection
from .options import PROG

EXTENSIONS = (".py", ".js", ".xml", ".css", ".scss")
DEFAULT_EXCLUDE = ("__manifest__.py", "__openerp__.py", "tests/*", "static/lib/*",
                   "static/tests/*", "migrations/*", "upgrades/*")


def count_python(text: str) -> int:
    """Lines holding Python code (comments, blank lines and docstrings left out)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return _count_generic(text, r"#.*$")
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(getattr(body[0], "value", None), ast.Constant) and \
                isinstance(body[0].value.value, str):
            docstrings.update(range(body[0].lineno, body[0].end_lineno + 1))
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                          tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)


def _count_generic(text: str, *comment_patterns: str) -> int:
    for pattern in comment_patterns:
        text = re.sub(pattern, lambda match: "\n" * match.group(0).count("\n"), text,
                      flags=re.S | re.M)
    return sum(1 for line in text.splitlines() if line.strip())


def count_file(path: Path) -> tuple[int, int]:
    """``(lines, code lines)`` of one file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    total = len(text.splitlines())
    if path.suffix == ".py":
        return total, count_python(text)
    if path.suffix == ".xml":
        return total, _count_generic(text, r"<!--.*?-->")
    return total, _count_generic(text, r"/\*.*?\*/", r"(?<![:\"'])//.*$")


def addon_files(addon: Path, exclude: Iterable[str] = ()) -> list[Path]:
    patterns = (*DEFAULT_EXCLUDE, *exclude)
    found = []
    for path in sorted(addon.rglob("*")):
        relative = path.relative_to(addon).as_posix()
        if path.suffix in EXTENSIONS and path.is_file() and not any(
                fnmatch.fnmatch(relative, pattern) for pattern in patterns):
            found.append(path)
    return found


def run(args: Sequence[str]) -> int:
    """The ``cloc`` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog=f"{PROG} cloc", description=(
        "Count the lines of code of addons (-p) or of a database's custom addons (-d)."))
    add_connection_flags(parser)
    parser.add_argument("-d", "--database", dest="db_name", metavar="NAME",
                        help="count the installed addons of this database that are not built in")
    parser.add_argument("-p", "--path", action="append", default=[], metavar="PATH",
                        help="an addon, or a folder of addons (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each file")
    options = parse_with_connection(parser, args, "cloc")
    if isinstance(options, int):
        return options
    if not (options.path or options.db_name):
        print(f"{PROG} cloc: error: give -p PATH or -d DATABASE", file=sys.stderr)
        return 2
    addons = [addon for path in options.path for addon in _addons_in(Path(path).expanduser())]
    if options.db_name:
        addons += _custom_addons(options.db_name)
    report(addons, options.verbose)
    return 0


def _addons_in(path: Path) -> list[Path]:
    if manifest_file(str(path)):
        return [path.resolve()]
    return [child.resolve() for child in sorted(path.iterdir())
            if child.is_dir() and manifest_file(str(child))] if path.is_dir() else []


def _custom_addons(db_name: str) -> list[Path]:
    from framework.db import pool
    with pool.db_connect(db_name, pool.server_address(config)).cursor() as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        installed = {row[0] for row in cr.fetchall()}
    manifests = find_addons(config.addons_paths())
    built_in = str(FRAMEWORK_DIR)
    return [Path(manifests[name].path) for name in sorted(installed)
            if name in manifests and not manifests[name].path.startswith(built_in)]


def report(addons: list[Path], verbose: bool) -> None:
    """Print Odoo's table: per addon, lines, other (blank/comment) lines and code lines."""
    width = 60
    print(f"{'Odoo cloc':<{width}}{'Line':>8}{'Other':>8}{'Code':>8}")
    print("-" * (width + 24))
    totals = [0, 0]
    for addon in addons:
        manifest = manifest_file(str(addon))
        exclude = _manifest_excludes(manifest) if manifest else []
        lines = code = 0
        rows = []
        for path in addon_files(addon, exclude):
            file_lines, file_code = count_file(path)
            lines, code = lines + file_lines, code + file_code
            rows.append((path.relative_to(addon).as_posix(), file_lines, file_code))
        print(f"{addon.name:<{width}}{lines:>8}{lines - code:>8}{code:>8}")
        if verbose:
            for name, file_lines, file_code in rows:
                print(f"    {name:<{width - 4}}{file_lines:>8}{file_lines - file_code:>8}{file_code:>8}")
        totals = [totals[0] + lines, totals[1] + code]
    print("-" * (width + 24))
    print(f"{'':<{width}}{totals[0]:>8}{totals[0] - totals[1]:>8}{totals[1]:>8}")


def _manifest_excludes(path: str) -> list[str]:
    try:
        values = ast.literal_eval(Path(path).read_text(encoding="utf-8"))
    except (ValueError, SyntaxError):
        return []
    return list(values.get("cloc_exclude", ())) if isinstance(values, dict) else []
