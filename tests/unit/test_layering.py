"""The dependency direction of the framework's packages (STYLE.md §3), checked with ``ast``.

cli → http → service → modules → orm → sql_db/db → config, tools, exceptions, release.
A module may import only from its own layer or the layers to its right; addons import only
``odoo.*`` (and the standard library or third-party packages), never ``framework.*``.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ROOT / "framework"
RANKS = {"tools": 0, "exceptions": 0, "release": 0, "logging_setup": 0, "config": 0, "db": 2,
         "sql_db": 2, "orm": 3, "osv": 3, "compat": 4, "modules": 4, "service": 5, "testing": 6, "http": 6,
         "cli": 7}


def layer_of(parts: tuple[str, ...]) -> str | None:
    return parts[1] if len(parts) > 1 and parts[0] == "framework" else None


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(), str(path))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield tuple(alias.name.split(".")), node.lineno, False
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield tuple(base) + tuple((node.module or "").split(".")), node.lineno, True
            elif node.module:
                yield tuple(node.module.split(".")), node.lineno, False


def framework_sources():
    for path in sorted(FRAMEWORK.rglob("*.py")):
        if "addons" not in path.relative_to(FRAMEWORK).parts:
            yield path


def test_framework_layers_only_import_to_the_right():
    problems = []
    for path in framework_sources():
        own = layer_of(path.relative_to(ROOT).with_suffix("").parts)
        if own not in RANKS:
            continue
        for target, line, _relative in imported_modules(path):
            other = layer_of(target)
            if other in RANKS and RANKS[other] > RANKS[own]:
                problems.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {'.'.join(target)} ({other})")
    assert problems == []


def test_every_framework_package_has_a_layer():
    names = {p.name if p.is_dir() else p.stem for p in FRAMEWORK.iterdir()
             if not p.name.startswith("_") and (p.is_dir() or p.suffix == ".py")}
    assert names - {"addons"} <= set(RANKS)


def test_addons_import_odoo_not_framework():
    addon_roots = [FRAMEWORK / "addons", ROOT / "addons", ROOT / "tests" / "addons"]
    problems = []
    for root in addon_roots:
        for path in sorted(root.rglob("*.py")) if root.exists() else ():
            for target, line, relative in imported_modules(path):
                if target[0] == "framework" and not relative:
                    problems.append(f"{path.relative_to(ROOT)}:{line} imports {'.'.join(target)}")
    assert problems == []
