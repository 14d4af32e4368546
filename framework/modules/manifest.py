"""Find addons on the addons path and read their manifests into ``Manifest`` values.

An addon is a directory holding an ``__init__.py`` and a ``__manifest__.py`` (the
legacy ``__openerp__.py`` is accepted too). The manifest is one dict literal, read
with ``ast.literal_eval``: it is never executed. Missing keys get Odoo's defaults.

This module only reads files; it imports no addon code and knows nothing of
databases. Ordering addons is :mod:`framework.modules.graph`'s job.
"""
from __future__ import annotations

import ast
import dataclasses
import logging
import os
from collections.abc import Iterable
from typing import Any

from framework import release
from framework.logging_setup import odoo_logger_name
from framework.modules.errors import ManifestError, ModuleError

_logger = logging.getLogger(odoo_logger_name(__name__))

MANIFEST_NAMES = ("__manifest__.py", "__openerp__.py")   # first found wins
README_NAMES = ("README.rst", "README.md", "README.txt")
DEFAULT_ICON = "/base/static/description/icon.png"

#: Keys read into ``Manifest`` attributes, with Odoo's defaults. ``name`` is
#: the manifest's human label (``Manifest.label``); other keys stay in ``raw``.
DEFAULTS: dict[str, Any] = {
    "name": "",
    "version": "1.0",
    "depends": [],
    "data": [],
    "demo": [],
    "assets": {},
    "installable": True,
    "auto_install": False,
    "application": False,
    "license": "LGPL-3",
    "category": "Uncategorized",
    "summary": "",
    "description": "",
    "author": "Odoo S.A.",
    "website": "",
    "pre_init_hook": "",
    "post_init_hook": "",
    "uninstall_hook": "",
    "post_load": "",
    "external_dependencies": {},
    "countries": [],
    "sequence": 100,
}


@dataclasses.dataclass(frozen=True)
class Manifest:
    """One addon's manifest, normalised. Treat the dict attributes as read-only."""

    name: str                           # technical name: the directory name
    path: str                           # absolute path of the addon directory
    manifest_file: str                  # absolute path of the file read
    label: str                          # the manifest's 'name' (its human title)
    version: str                        # normalised: '17.0.x.y'
    depends: tuple[str, ...]
    data: tuple[str, ...] = ()
    demo: tuple[str, ...] = ()
    assets: dict[str, list] = dataclasses.field(default_factory=dict, hash=False)
    installable: bool = True
    # None: installed only on request. A set: installed as soon as all those
    # dependencies are (True in the file means all of `depends`; [] means always).
    auto_install: frozenset[str] | None = None
    application: bool = False
    license: str = "LGPL-3"
    category: str = "Uncategorized"
    summary: str = ""
    description: str = ""
    author: str = "Odoo S.A."
    website: str = ""
    pre_init_hook: str = ""
    post_init_hook: str = ""
    uninstall_hook: str = ""
    post_load: str = ""
    external_dependencies: dict[str, list] = dataclasses.field(default_factory=dict, hash=False)
    countries: tuple[str, ...] = ()
    sequence: int = 100
    icon: str = DEFAULT_ICON
    raw: dict[str, Any] = dataclasses.field(default_factory=dict, hash=False, repr=False)

    @property
    def addons_path(self) -> str:
        """The addons path entry this addon was found in."""
        return os.path.dirname(self.path)


def find_addons(paths: Iterable[str]) -> dict[str, Manifest]:
    """Scan each addons path in order; the first addon of a given name wins, as in Odoo.

    Non-installable addons are listed too (``installable=False``); directories that
    are not addons are skipped. Returns the manifests in discovery order.
    """
    if isinstance(paths, str):
        raise TypeError(f"find_addons() expects a list of addons paths, got the string {paths!r}")
    found: dict[str, Manifest] = {}
    for addons_path in map(os.path.abspath, paths):
        if not os.path.isdir(addons_path):
            raise ModuleError(f"addons path {addons_path!r} is not a directory; "
                              f"fix --addons-path")
        for name in sorted(os.listdir(addons_path)):
            addon_dir = os.path.join(addons_path, name)
            if not _is_addon_dir(addon_dir):
                continue
            if name in found:
                _logger.debug("addon %s in %s is shadowed by %s",
                              name, addons_path, found[name].path)
                continue
            found[name] = load_manifest(addon_dir)
    return found


def manifest_file(addon_dir: str) -> str | None:
    """The manifest file of ``addon_dir``, or None when it has none."""
    for filename in MANIFEST_NAMES:
        candidate = os.path.join(addon_dir, filename)
        if os.path.isfile(candidate):
            return candidate
    return None


def load_manifest(addon_dir: str) -> Manifest:
    """Read and normalise the manifest of the addon in ``addon_dir``."""
    addon_dir = os.path.abspath(addon_dir)
    name = os.path.basename(addon_dir)
    path = manifest_file(addon_dir)
    if path is None:
        raise ModuleError(f"{addon_dir} is not an addon: it holds no {MANIFEST_NAMES[0]}; "
                          f"point at an addon directory")
    raw = _read_literal(name, path)
    values = {**DEFAULTS, **raw}
    if "license" not in raw:
        _logger.warning("addon %s: no 'license' key in %s, assuming LGPL-3", name, path)
    depends = _names(name, path, values, "depends")
    if not depends and name != "base":
        # An addon declaring no dependency still needs base loaded first (newer Odoo
        # does the same); without it, (depth, name) order could put it before base.
        depends = ("base",)
    return Manifest(
        name=name, path=addon_dir, manifest_file=path,
        label=str(values["name"]) or name,
        version=adapt_version(str(values["version"])),
        depends=depends,
        data=_names(name, path, values, "data"),
        demo=_names(name, path, values, "demo"),
        assets=_mapping(name, path, values, "assets"),
        installable=bool(values["installable"]),
        auto_install=_auto_install(name, path, values["auto_install"], depends),
        application=bool(values["application"]),
        license=str(values["license"]),
        category=str(values["category"]),
        summary=str(values["summary"]),
        description=str(values["description"]) or _readme(addon_dir),
        author=str(values["author"]),
        website=str(values["website"]),
        pre_init_hook=str(values["pre_init_hook"] or ""),
        post_init_hook=str(values["post_init_hook"] or ""),
        uninstall_hook=str(values["uninstall_hook"] or ""),
        post_load=str(values["post_load"] or ""),
        external_dependencies=_mapping(name, path, values, "external_dependencies"),
        countries=_names(name, path, values, "countries"),
        sequence=_integer(name, path, values, "sequence"),
        icon=_icon(addon_dir),
        raw=raw,
    )


def adapt_version(version: str) -> str:
    """Prefix a manifest version with the serie, as Odoo does: '1.0' -> '17.0.1.0'."""
    serie = release.serie
    if version == serie or not version.startswith(serie + "."):
        return f"{serie}.{version}"
    return version


# -- reading --------------------------------------------------------------------------

def _is_addon_dir(path: str) -> bool:
    if not os.path.isdir(path) or manifest_file(path) is None:
        return False
    name = os.path.basename(path)
    if not name.isidentifier():
        _logger.warning("skipping %s: %r is not a valid Python name, so it cannot be "
                        "imported as odoo.addons.%s", path, name, name)
        return False
    if not os.path.isfile(os.path.join(path, "__init__.py")):
        _logger.warning("skipping %s: it has a manifest but no __init__.py", path)
        return False
    return True


def _read_literal(addon: str, path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as file:
        source = file.read()
    try:
        tree = ast.parse(source, filename=path, mode="eval")
    except SyntaxError as exc:
        raise ManifestError(addon, path, f"syntax error ({exc.msg})", exc.lineno) from None
    try:
        value = ast.literal_eval(tree)
    except ValueError:
        node = _first_non_literal(tree)
        line = getattr(node, "lineno", None)
        snippet = ast.get_source_segment(source, node) if node is not None else None
        raise ManifestError(addon, path, f"{snippet or 'an expression'} is not a literal",
                            line) from None
    if not isinstance(value, dict):
        raise ManifestError(addon, path, f"the manifest is a {type(value).__name__}, not a dict")
    return value


_LITERAL_NODES = (ast.Expression, ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set,
                  ast.UnaryOp, ast.BinOp, ast.USub, ast.UAdd, ast.Add, ast.Sub, ast.Load)


def _first_non_literal(tree: ast.AST) -> ast.AST | None:
    """The first node ``literal_eval`` rejects (a name, a call...), to point at it."""
    for node in ast.walk(tree):
        if not isinstance(node, _LITERAL_NODES):
            return node
    return None


def _readme(addon_dir: str) -> str:
    for filename in README_NAMES:
        readme = os.path.join(addon_dir, filename)
        if os.path.isfile(readme):
            with open(readme, encoding="utf-8") as file:
                return file.read()
    return ""


def _icon(addon_dir: str) -> str:
    name = os.path.basename(addon_dir)
    if os.path.isfile(os.path.join(addon_dir, "static", "description", "icon.png")):
        return f"/{name}/static/description/icon.png"
    return DEFAULT_ICON


# -- value checks: each names the key, the addon and the file -------------------------

def _names(addon: str, path: str, values: dict[str, Any], key: str) -> tuple[str, ...]:
    value = values[key]
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ManifestError(addon, path, f"{key!r} must be a list of strings, "
                                         f"got {type(value).__name__} {value!r}")
    if not all(isinstance(item, str) for item in value):
        raise ManifestError(addon, path, f"{key!r} must hold only strings, got {value!r}")
    return tuple(value)


def _mapping(addon: str, path: str, values: dict[str, Any], key: str) -> dict:
    value = values[key]
    if not isinstance(value, dict):
        raise ManifestError(addon, path, f"{key!r} must be a dict, got {type(value).__name__}")
    return value


def _integer(addon: str, path: str, values: dict[str, Any], key: str) -> int:
    value = values[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ManifestError(addon, path, f"{key!r} must be an integer, got {value!r}")
    return value


def _auto_install(addon: str, path: str, value: Any,
                  depends: tuple[str, ...]) -> frozenset[str] | None:
    if value is True:
        return frozenset(depends)
    if value is False or value is None:
        return None
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise ManifestError(addon, path, f"'auto_install' must be True, False or a list of "
                                         f"dependencies, got {value!r}")
    triggers = frozenset(value)
    strays = sorted(triggers.difference(depends))
    if strays:
        raise ManifestError(addon, path, f"'auto_install' lists {', '.join(strays)}, which "
                                         f"'depends' does not; auto_install triggers must be "
                                         f"dependencies")
    return triggers
