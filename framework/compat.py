"""The ``odoo`` import alias: addon code imports Odoo's names and gets the framework's modules.

``install(addons_paths)`` sets up three things, once per process:

* a synthetic ``odoo`` package. Its attributes (``odoo.api``, ``odoo._``,
  ``odoo.Command``...) are resolved on first access from ``ALIASES`` and
  ``ATTRIBUTES``, so installing the alias imports nothing else;
* ``odoo.addons``, a package whose ``__path__`` is the addons path list, so that
  ``import odoo.addons.<addon>`` imports the addon from disk under that full name
  (models and controllers take their addon's name from ``__module__``);
* a meta-path finder that answers ``odoo.<alias>`` and any ``odoo.<alias>.x.y`` with
  the very module object imported as ``framework.<target>.x.y``. No file is ever
  executed twice: ``odoo.models is framework.orm.models``, and classes, metaclass
  registries and ``isinstance`` checks stay single.

Framework code never imports ``odoo``; only addons (and their tests) do. Tests that
need the alias use ``installed()``, which puts everything back on exit.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Iterable, Iterator
from typing import Any

#: The reviewed public surface: ``odoo.<name>`` -> the framework module it *is*.
#: Submodules follow (``odoo.tools.float_utils`` is ``framework.tools.float_utils``);
#: the longest matching entry wins. Only what addons and their tests import is
#: listed; anything else under ``odoo.`` is an ImportError that lists these names.
ALIASES: dict[str, str] = {
    "odoo.api": "framework.orm.api",
    "odoo.models": "framework.orm.models",
    "odoo.fields": "framework.orm.fields",
    "odoo.exceptions": "framework.exceptions",
    "odoo.tools": "framework.tools",
    "odoo.http": "framework.http",
    "odoo.osv": "framework.osv",                  # `from odoo.osv import expression`
    "odoo.tests": "framework.testing",
    "odoo.tests.common": "framework.testing.common",
    "odoo.release": "framework.release",
    "odoo.modules": "framework.modules",          # `odoo.modules.module.get_module_resource`
    "odoo.service": "framework.service",
    "odoo.sql_db": "framework.sql_db",
}

#: Packages other than ``odoo`` that addons import and the framework stands in for, when
#: they are not installed: ``psycopg2`` (the server uses psycopg 3, whose errors an addon's
#: ``except psycopg2.IntegrityError`` must catch; see framework/db/psycopg2_alias).
EXTERNAL_ALIASES: dict[str, str] = {
    "psycopg2": "framework.db.psycopg2_alias",
}

#: Attributes of the root ``odoo`` module that are not modules: name -> (module, attribute).
ATTRIBUTES: dict[str, tuple[str, str]] = {
    "_": ("framework.tools.translate", "_"),
    "_lt": ("framework.tools.translate", "_lt"),
    "Command": ("framework.orm.commands", "Command"),
    "__version__": ("framework.release", "version"),
    "version_info": ("framework.release", "version_info"),
}

SUPERUSER_ID = 1


def install(addons_paths: Iterable[str] = ()) -> types.ModuleType:
    """Install the alias (once) and add ``addons_paths`` to ``odoo.addons.__path__``.

    Calling it again only appends the paths not yet there. Returns the ``odoo`` module.
    """
    if isinstance(addons_paths, str):
        raise TypeError(f"install() expects a list of addons paths, "
                        f"got the string {addons_paths!r}")
    root = sys.modules.get("odoo")
    if root is None:
        root = _new_root()
        sys.modules["odoo"] = root
    elif not _is_ours(root):
        raise ImportError(f"a real 'odoo' package is already imported (from "
                          f"{getattr(root, '__file__', None) or 'an unknown location'}); "
                          f"remove it from this environment to use the framework's alias")
    sys.modules.setdefault("odoo.addons", root.addons)
    if _FINDER not in sys.meta_path:
        _FINDER.external = {name: target for name, target in EXTERNAL_ALIASES.items()
                            if name in sys.modules and _is_alias_of(sys.modules[name], target)
                            or importlib.machinery.PathFinder.find_spec(name) is None}
        # First: before the path finder, which would run framework files a second time
        # under the odoo.* name (it can see them through the packages' __path__).
        sys.meta_path.insert(0, _FINDER)
    paths = root.addons.__path__
    paths.extend(path for path in dict.fromkeys(map(os.path.abspath, addons_paths))
                 if path not in paths)
    return root


def uninstall() -> None:
    """Remove the finder, ``odoo`` and every ``odoo.*`` module (imported addons too).

    The framework modules stay imported. A real ``odoo`` package is left alone.
    """
    while _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    root = sys.modules.get("odoo")
    if root is not None and not _is_ours(root):
        return
    for name in _odoo_module_names():
        del sys.modules[name]


def addons_paths() -> list[str]:
    """The current ``odoo.addons.__path__`` (a copy); empty when the alias is not installed."""
    root = sys.modules.get("odoo")
    if root is None or not _is_ours(root):
        return []
    return list(root.addons.__path__)


@contextlib.contextmanager
def preserved() -> Iterator[None]:
    """Restore the alias as it was on entry: ``odoo.*`` modules, finder and addons path."""
    modules = {name: sys.modules[name] for name in _odoo_module_names()}
    had_finder = _FINDER in sys.meta_path
    root = modules.get("odoo")
    paths = list(root.addons.__path__) if root is not None and _is_ours(root) else None
    try:
        yield
    finally:
        while _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)
        if had_finder:
            sys.meta_path.insert(0, _FINDER)
        for name in _odoo_module_names():
            del sys.modules[name]
        sys.modules.update(modules)
        if paths is not None:
            root.addons.__path__[:] = paths      # same list object: the module keeps it


@contextlib.contextmanager
def installed(addons_paths: Iterable[str] = ()) -> Iterator[types.ModuleType]:
    """``install(addons_paths)`` for the duration of a ``with`` block (for tests)."""
    with preserved():
        yield install(addons_paths)


def registry(database_name: str) -> Any:
    """``odoo.registry(db)``: the loaded model registry of one database (loaded on first use),
    as ``with odoo.registry(db).cursor() as cr:`` expects."""
    return importlib.import_module("framework.service.registries").registry(database_name)


# -- the root module ----------------------------------------------------------------------

_MARK = "__framework_alias__"


def _new_root() -> types.ModuleType:
    root = _package("odoo", "Odoo's import names, aliased to the framework (framework.compat).")
    root.addons = _package("odoo.addons", "The addons: its __path__ is the addons path.")
    root.SUPERUSER_ID = SUPERUSER_ID
    root.registry = registry
    setattr(root, _MARK, True)

    def __getattr__(name: str) -> Any:          # PEP 562: called for missing attributes only
        value = _resolve(name)
        setattr(root, name, value)              # later accesses skip this function
        return value

    def __dir__() -> list[str]:
        return sorted({*root.__dict__, *_root_children(), *ATTRIBUTES})

    root.__getattr__ = __getattr__
    root.__dir__ = __dir__
    return root


def _package(name: str, doc: str) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    module.__path__ = []
    module.__package__ = name
    module.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
    module.__spec__.submodule_search_locations = module.__path__
    return module


def _resolve(name: str) -> Any:
    if name in _root_children():
        return importlib.import_module(f"odoo.{name}")
    if name in ATTRIBUTES:
        module_name, attribute = ATTRIBUTES[name]
        return getattr(importlib.import_module(module_name), attribute)
    raise AttributeError(f"module 'odoo' has no attribute {name!r}; the alias provides "
                         f"{', '.join(sorted({*_root_children(), *ATTRIBUTES}))} "
                         f"(see framework/compat.py)")


def _root_children() -> set[str]:
    return {alias.split(".")[1] for alias in ALIASES}


def _is_ours(module: types.ModuleType) -> bool:
    return bool(module.__dict__.get(_MARK))


def _odoo_module_names() -> list[str]:
    roots = ("odoo", *_FINDER.external)
    return [name for name in sys.modules if name.partition(".")[0] in roots]


def _is_alias_of(module: types.ModuleType, target: str) -> bool:
    return getattr(module.__spec__, "name", None) == target


# -- the finder -----------------------------------------------------------------------------

def _real_name(fullname: str) -> str | None:
    """``odoo.tools.float_utils`` -> ``framework.tools.float_utils``; None if not aliased."""
    aliases = {**ALIASES, **_FINDER.external}
    matches = [alias for alias in aliases
               if fullname == alias or fullname.startswith(alias + ".")]
    if not matches:
        return None
    alias = max(matches, key=len)
    return aliases[alias] + fullname[len(alias):]


class _AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Loads ``odoo.<alias>...`` (and the ``external`` packages standing in for absent ones,
    from ``EXTERNAL_ALIASES``) by returning the already imported framework module."""

    external: dict[str, str] = {}

    def find_spec(self, fullname: str, path: Any = None,
                  target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in self.external:
            real = _real_name(fullname)
            return self._alias_spec(fullname, real)
        if not fullname.startswith("odoo.") or fullname.startswith("odoo.addons."):
            return None
        real = _real_name(fullname)
        if real is None:
            if fullname.count(".") > 1:
                return None                     # below an alias: let the parent decide
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: the odoo alias provides "
                f"{', '.join(sorted(_root_children()))} (see framework/compat.py)", name=fullname)
        return self._alias_spec(fullname, real)

    def _alias_spec(self, fullname: str, real: str) -> importlib.machinery.ModuleSpec:
        real_spec = sys.modules[real].__spec__ if real in sys.modules else _find(real)
        if real_spec is None:
            raise ModuleNotFoundError(f"No module named {fullname!r}: it is an alias of "
                                      f"{real!r}, which does not exist", name=fullname)
        return importlib.util.spec_from_loader(
            fullname, self, is_package=real_spec.submodule_search_locations is not None)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = importlib.import_module(_real_name(spec.name))
        # The import system is about to set module.__spec__ to the alias spec; keep the
        # real one so that exec_module can put it back (relative imports rely on it).
        spec.loader_state = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the module was executed under its real name."""
        alias_spec = module.__spec__
        module.__spec__ = alias_spec.loader_state
        if not hasattr(module, "__path__"):
            _register_nested(alias_spec.name, module)


def _find(real: str) -> importlib.machinery.ModuleSpec | None:
    try:
        return importlib.util.find_spec(real)
    except ModuleNotFoundError:                 # a parent package of `real` is missing
        return None


def _register_nested(alias: str, module: types.ModuleType) -> None:
    """Make ``alias.child`` entries importable below a plain (non-package) module.

    The import system refuses to look for ``odoo.tests.common`` when ``odoo.tests``
    has no ``__path__``, unless ``odoo.tests.common`` is already in ``sys.modules``.
    """
    for nested, target in ALIASES.items():
        parent, _, child = nested.rpartition(".")
        if parent == alias and nested not in sys.modules:
            sys.modules[nested] = nested_module = importlib.import_module(target)
            if not hasattr(module, child):
                setattr(module, child, nested_module)


_FINDER = _AliasFinder()
