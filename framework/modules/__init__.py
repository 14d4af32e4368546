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
