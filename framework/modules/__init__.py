"""Addons as files: find them on the addons path, read their manifests, order them.

Also reachable as ``odoo.modules`` through the alias (:mod:`framework.compat`).
"""
from __future__ import annotations

from .errors import AddonNotFound as AddonNotFound
from .errors import DependencyError as DependencyError
from .errors import ManifestError as ManifestError
from .errors import ModuleError as ModuleError
from .graph import dependents as dependents
from .graph import install_closure as install_closure
from .graph import load_order as load_order
from .manifest import Manifest as Manifest
from .manifest import find_addons as find_addons
from .manifest import load_manifest as load_manifest


#: Odoo's ``odoo.modules`` also offers the helpers of ``odoo.modules.module``
#: (``from odoo.modules import get_module_path``); imported on first use, as that module
#: needs the ``odoo`` alias
_MODULE_HELPERS = frozenset({
    "adapt_version", "check_resource_path", "get_manifest", "get_module_path", "get_module_resource",
    "get_modules", "get_modules_with_version", "get_resource_from_path", "get_resource_path",
    "initialize_sys_path"})


def __getattr__(name: str):
    if name in _MODULE_HELPERS:
        from . import module
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
