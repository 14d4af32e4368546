"""The dependency direction of the framework's packages (ARCHITECTURE.md, "The layers"), with ``ast``.

cli → testing, http → service → modules, compat → orm → db, sql_db → config, tools,
exceptions, release (RANKS below is that table).
A module may import only from its own layer or the layers to its right; addons import only
``odoo.*`` (and the standard library or third-party packages), never ``framework.*``. Within
a layer, no module imports one that imports it back (lazy imports in functions count too).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = ROOT / "framework"
RANKS = {"tools": 0, "exceptions": 0, "release": 0, "logging_setup": 0, "config": 0, "db": 2,
         "sql_db": 2, "orm": 3, "osv": 3, "compat": 4, "modules": 4, "service": 5, "testing": 6, "http": 6,
         "cli": 7}


#: import cycles allowed between two modules: none (the structure issue removed the last ones)
KNOWN_CYCLES: set = set()
#: modules (by name prefix) that must not sit on an import cycle of any length
CYCLE_FREE = ("framework.db", "framework.sql_db", "framework.cli", "framework.orm.fields")


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
            # ``from a.b import c`` yields a.b.c: c may be a module (``from .. import sql_db``)
            base = tuple(package[: len(package) - node.level + 1]) if node.level else ()
            module = base + (tuple(node.module.split(".")) if node.module else ())
            for alias in node.names:
                yield module + (alias.name,), node.lineno, bool(node.level)


def framework_sources():
    for path in sorted(FRAMEWORK.rglob("*.py")):
        if "addons" not in path.relative_to(FRAMEWORK).parts:
            yield path


def import_graph() -> dict[str, set[str]]:
    """Each framework module (dotted name) and the framework modules it imports."""
    modules = {}
    for path in framework_sources():
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in modules.items():
        targets = set()
        for target, _line, _relative in imported_modules(path):
            while target and ".".join(target) not in modules:
                target = target[:-1]        # a name imported from a module: that module
            if target:
                targets.add(".".join(target))
        graph[name] = targets - {name}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    return seen


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph()
    pairs = {frozenset({name, other}) for name, targets in graph.items() for other in targets
             if name in graph[other]}
    assert sorted(sorted(pair) for pair in pairs - KNOWN_CYCLES) == []


def test_database_layer_cli_and_fields_are_on_no_import_cycle():
    graph = import_graph()
    checked = [name for name in graph if name.startswith(CYCLE_FREE)]
    assert "framework.db.pool" in checked and "framework.orm.fields_relational" in checked
    assert [name for name in checked if name in reachable(graph, name)] == []


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
