"""``odoo-bin check PATH``: what an addon uses, and whether this server has it, before installing.

The addon is read, never imported or installed: its Python files are parsed (``ast``) for
the ``odoo`` names they import, the ``api.*``/``http.*`` decorators, the field types and
their parameters, the model methods they override and the ``super()`` calls those make;
its XML data files for their tags; its manifest for its dependencies and asset bundles.
Each finding is checked against this server (the names are resolved through the same
``odoo`` alias the addon will import). The report ends with a verdict; the exit code is 1
when something the addon needs is missing (an import, a decorator, a field type, a data
file tag, a dependency), else 0. Parameters this server ignores, bundles that only Odoo's
own web client runs and ``super()`` calls no framework model answers are listed without
failing the check: they matter only for some uses.
"""
from __future__ import annotations

import argparse
import ast
import importlib
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from framework import compat
from framework.config import config
from framework.modules.manifest import find_addons, manifest_file

from .db_command import add_connection_flags, parse_with_connection
from .options import PROG

#: Model base classes an addon's model classes derive from.
MODEL_BASES = {"Model", "TransientModel", "AbstractModel"}
#: Bundles of Odoo's own web client (this server serves the files, the client is Odoo's).
WEB_CLIENT_PREFIXES = ("web.assets_backend", "web.assets_frontend", "web.assets_web",
                       "web.assets_tests", "web.qunit", "web.assets_unit_tests",
                       "point_of_sale._assets_pos", "point_of_sale.assets")


@dataclass
class Report:
    """What ``check`` found: counted uses, and the missing ones (which fail the check)."""

    addon: str
    imports: Counter = field(default_factory=Counter)
    decorators: Counter = field(default_factory=Counter)
    field_types: Counter = field(default_factory=Counter)
    overrides: Counter = field(default_factory=Counter)
    xml_tags: Counter = field(default_factory=Counter)
    bundles: Counter = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: model name -> method names its dependencies' classes define (for super() calls)
    methods: dict[str, set[str]] = field(default_factory=dict)


def run(args: Sequence[str]) -> int:
    """The ``check`` command; returns 1 when an addon needs what this server lacks."""
    parser = argparse.ArgumentParser(prog=f"{PROG} check", description=(
        "Report what an addon uses and whether this server supports it (nothing is installed)."))
    add_connection_flags(parser)
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="an addon, or a folder of addons")
    options = parse_with_connection(parser, args, "check")
    if isinstance(options, int):
        return options
    addons = []
    for path in map(Path, options.paths):
        path = path.expanduser().resolve()
        if manifest_file(str(path)):
            addons.append(path)
        elif path.is_dir():
            addons += sorted(child for child in path.iterdir() if manifest_file(str(child)))
    if not addons:
        print(f"{PROG} check: error: no addon (folder with a __manifest__.py) in "
              f"{', '.join(options.paths)}", file=sys.stderr)
        return 2
    known = find_addons([*config.addons_paths(), *sorted({str(a.parent) for a in addons})])
    compat.install(config.addons_paths())
    failed = False
    for addon in addons:
        report = check_addon(addon, known)
        print_report(report)
        failed = failed or bool(report.missing)
    return 1 if failed else 0


def check_addon(addon: Path, known: dict) -> Report:
    report = Report(addon.name)
    manifest = known.get(addon.name)
    if manifest is None:
        report.missing.append(f"manifest: {addon / '__manifest__.py'} does not parse")
        return report
    for dependency in manifest.depends:
        if dependency not in known:
            report.missing.append(f"dependency {dependency}: not on the addons path")
    report.methods = _dependency_methods(manifest.depends, known)
    for path in sorted(addon.rglob("*.py")):
        if "tests" in path.relative_to(addon).parts:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as exc:
            report.missing.append(f"{path.relative_to(addon)}:{exc.lineno}: syntax error ({exc.msg})")
            continue
        _check_python(tree, path.relative_to(addon).as_posix(), known, report)
    for filename in [*manifest.data, *manifest.demo]:
        if filename.endswith(".xml"):
            _check_xml(addon / filename, filename, report)
    for bundle, files in (getattr(manifest, "assets", None) or {}).items():
        report.bundles[bundle] += len(files)
        if bundle.startswith(WEB_CLIENT_PREFIXES):
            report.notes.append(f"assets {bundle}: served here, run only inside Odoo's web client")
    report.missing.sort(key=_by_place)
    report.notes.sort(key=_by_place)
    return report


def _by_place(finding: str) -> tuple:
    """Dependencies first, then by file and line (``file:line: ...``)."""
    place, _sep, _rest = finding.partition(": ")
    filename, _colon, line = place.partition(":")
    if finding.startswith("dependency "):
        return (0, "", 0)
    return (1, filename, int(line)) if line.isdigit() else (2, finding, 0)


# -- Python -------------------------------------------------------------------------------------

def _dependency_methods(depends: Sequence[str], known: dict) -> dict[str, set[str]]:
    """Methods per model name of the classes the dependencies (and theirs) define; the
    dependencies are imported, not installed."""
    from framework.orm.models import MetaModel
    todo, seen = list(depends), set()
    while todo:
        name = todo.pop()
        if name in seen or name not in known:
            continue
        seen.add(name)
        todo += known[name].depends
        try:
            importlib.import_module(f"odoo.addons.{name}")
        except Exception as exc:
            print(f"{PROG} check: cannot import dependency {name}: {exc}", file=sys.stderr)
    methods: dict[str, set[str]] = {}
    for module in seen:
        for cls in MetaModel.module_to_models.get(module, ()):
            names = [cls._name] if getattr(cls, "_name", None) else []
            inherit = getattr(cls, "_inherit", None) or []
            names += [inherit] if isinstance(inherit, str) else list(inherit)
            for model in names:
                methods.setdefault(model, set()).update(
                    attr for attr, value in vars(cls).items() if callable(value))
    return methods


def _check_python(tree: ast.AST, filename: str, known: dict, report: Report) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and \
                (node.module == "odoo" or node.module.startswith(("odoo.", "openerp"))):
            for alias in node.names:
                _check_import(f"{node.module}.{alias.name}", f"from {node.module} import "
                              f"{alias.name}", filename, node.lineno, known, report)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "odoo" or alias.name.startswith("odoo."):
                    _check_import(alias.name, f"import {alias.name}", filename, node.lineno,
                                  known, report)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                _check_decorator(decorator, filename, report)
        elif isinstance(node, ast.Call) and _dotted(node.func).count(".") == 1 and \
                _dotted(node.func).startswith("fields."):
            _check_field(node, filename, report)
        elif isinstance(node, ast.Attribute) and _dotted(node).startswith("fields.") and \
                _dotted(node).count(".") == 2:
            _check_attribute_chain(_dotted(node), filename, node.lineno, report)
        elif isinstance(node, ast.ClassDef) and {_dotted(b).rpartition(".")[2] for b in node.bases} & MODEL_BASES:
            _check_model_class(node, filename, report)


def _check_import(name: str, statement: str, filename: str, line: int, known: dict,
                  report: Report) -> None:
    report.imports[statement] += 1
    if name.startswith("odoo.addons."):
        addon = name.split(".")[2]
        if addon not in known:
            report.missing.append(f"{filename}:{line}: {statement}: addon {addon} is not on "
                                  "the addons path")
        return
    module, _dot, attribute = name.rpartition(".")
    for candidate in (name, module):
        try:
            imported = importlib.import_module(candidate)
        except ImportError:
            continue
        if candidate == name or hasattr(imported, attribute):
            return
    report.missing.append(f"{filename}:{line}: {statement}: not provided by this server")


def _check_decorator(decorator: ast.expr, filename: str, report: Report) -> None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = _dotted(target)
    module, _dot, attribute = name.partition(".")
    if module not in ("api", "http") or not attribute:
        return
    report.decorators[name] += 1
    provider = importlib.import_module(f"odoo.{module}")
    if not hasattr(provider, attribute):
        report.missing.append(f"{filename}:{decorator.lineno}: @{name}: not provided by this server")


def _check_field(call: ast.Call, filename: str, report: Report) -> None:
    type_name = _dotted(call.func).split(".", 1)[1]
    report.field_types[type_name] += 1
    field_class = getattr(importlib.import_module("odoo.fields"), type_name, None)
    if field_class is None:
        report.missing.append(f"{filename}:{call.lineno}: fields.{type_name}: no such field type here")
        return
    for keyword in call.keywords:
        if keyword.arg == "tracking" and "mail.thread" in report.methods:
            continue            # the addon depends on mail, which tracks these fields
        if keyword.arg and not hasattr(field_class, keyword.arg) and keyword.arg != "aggregator":
            report.notes.append(f"{filename}:{call.lineno}: fields.{type_name}({keyword.arg}=...): "
                                "kept, without effect in this server")


def _check_attribute_chain(name: str, filename: str, line: int, report: Report) -> None:
    """``fields.Datetime.now`` and the like: the attribute must exist here."""
    target = importlib.import_module("odoo.fields")
    for part in name.split(".")[1:]:
        target = getattr(target, part, None)
        if target is None:
            report.missing.append(f"{filename}:{line}: {name}: not provided by this server")
            return


def _model_names(node: ast.ClassDef) -> list[str]:
    """The ``_name`` and ``_inherit`` models a model class body names."""
    names = []
    for item in node.body:
        if isinstance(item, ast.Assign) and any(isinstance(t, ast.Name) and
                                                t.id in ("_name", "_inherit") for t in item.targets):
            value = item.value
            values = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
            names += [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return names


def _check_model_class(node: ast.ClassDef, filename: str, report: Report) -> None:
    base_model = importlib.import_module("odoo.models").BaseModel
    inherited = set().union(*(report.methods.get(name, set()) for name in _model_names(node)))
    for item in node.body:
        if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if hasattr(base_model, item.name):
            report.overrides[item.name] += 1
        for call in ast.walk(item):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
                    isinstance(call.func.value, ast.Call) and _dotted(call.func.value.func) == "super" \
                    and not hasattr(base_model, call.func.attr) and call.func.attr not in inherited:
                report.notes.append(f"{filename}:{call.lineno}: super().{call.func.attr}(): no "
                                    "framework model has it (fine when a dependency defines it)")


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        prefix = _dotted(node.value)
        return f"{prefix}.{node.attr}" if prefix else ""
    return ""


# -- XML ----------------------------------------------------------------------------------------

#: The data file elements the loader handles (``framework.modules.xml_data.XmlImporter.tags``,
#: without ``asset``, which it skips).
XML_TAGS = {"record", "delete", "function", "menuitem", "template", "act_window", "report"}


def _check_xml(path: Path, filename: str, report: Report) -> None:
    from framework.modules.xml_data import DATA_ROOTS
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        report.missing.append(f"{filename}: cannot be read ({exc})")
        return
    for element in _data_elements(root, DATA_ROOTS):
        report.xml_tags[element.tag] += 1
        if element.tag not in XML_TAGS:
            report.missing.append(f"{filename}:{element.sourceline}: <{element.tag}> is not "
                                  "loaded by this server")


def _data_elements(root, roots):
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag in roots:
            yield from _data_elements(element, roots)
        else:
            yield element


# -- output -------------------------------------------------------------------------------------

def print_report(report: Report) -> None:
    def counted(counter: Counter) -> str:
        return ", ".join(f"{name} ({count})" for name, count in sorted(counter.items())) or "-"

    print(f"== {report.addon}")
    print(f"imports:      {len(report.imports)} distinct, "
          f"{sum(1 for m in report.missing if ': from ' in m or ': import ' in m)} missing")
    print(f"decorators:   {counted(report.decorators)}")
    print(f"field types:  {counted(report.field_types)}")
    print(f"overrides:    {counted(report.overrides)}")
    print(f"XML tags:     {counted(report.xml_tags)}")
    print(f"asset bundles: {counted(report.bundles)}")
    for note in report.notes:
        print(f"  note     {note}")
    for missing in report.missing:
        print(f"  MISSING  {missing}")
    verdict = "needs what this server lacks" if report.missing else "supported by this server"
    print(f"-> {report.addon}: {verdict}\n")
