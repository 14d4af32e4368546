"""Odoo's ``odoo.modules.module`` helpers: where an addon is, its files, its manifest as a dict.

Addons call these by their Odoo names (``get_module_path('point_of_sale')``,
``get_resource_path('pos', 'static', 'img', 'logo.png')``, ``get_manifest('web')``). They look
on the addons path of this process: ``odoo.addons.__path__`` once the alias is installed
(``framework.compat.addons_paths()``), else the one ``framework.config.config`` describes.
As in Odoo, "not found" is answered with ``False``, not an exception.

Reading and checking manifests is :mod:`framework.modules.manifest`'s job; this module only
turns its ``Manifest`` values into the plain dicts Odoo code expects.
"""
from __future__ import annotations

import copy
import functools
import logging
import os
from typing import Any

from framework import compat
from framework.logging_setup import odoo_logger_name
from framework.modules import manifest as manifest_module
from framework.modules.errors import ModuleError
from framework.modules.manifest import MANIFEST_NAMES as MANIFEST_NAMES
from framework.modules.manifest import adapt_version as adapt_version

_logger = logging.getLogger(odoo_logger_name(__name__))

README = list(manifest_module.README_NAMES)
ICON_PARTS = ("static", "description", "icon.png")


def addons_paths() -> list[str]:
    """The directories searched for addons, in order (absolute paths)."""
    paths = compat.addons_paths()
    if not paths:
        from framework.config import config
        paths = config.addons_paths()
    return list(dict.fromkeys(map(os.path.abspath, paths)))


def initialize_sys_path() -> None:
    """Make ``import odoo.addons.<addon>`` work for the configured addons path."""
    from framework.config import config
    compat.install(config.addons_paths())


# -- where things are -------------------------------------------------------------------

def get_module_path(module: str, downloaded: bool = False,
                    display_warning: bool = True) -> str | bool:
    """The directory of addon ``module`` (first on the addons path wins), or False.

    ``downloaded`` is accepted for compatibility; there is no download directory here.
    """
    if not _is_plain_name(module):
        return False
    for path in addons_paths():
        candidate = os.path.join(path, module)
        if module_manifest(candidate):
            return candidate
    if display_warning:
        _logger.warning("module %s: not found on the addons path (%s)",
                        module, ", ".join(addons_paths()) or "empty")
    return False


def module_manifest(path: str) -> str | None:
    """The manifest file inside directory ``path``, or None when it is not an addon."""
    if not path or not os.path.isdir(path):
        return None
    return manifest_module.manifest_file(path)


def get_module_root(path: str) -> str | None:
    """The addon directory containing ``path`` (a file or folder inside it), or None."""
    current = os.path.abspath(path)
    while not module_manifest(current):
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
    return current


def check_resource_path(mod_path: str, *parts: str) -> str | bool:
    """``mod_path/parts...`` if that file or folder exists inside ``mod_path``, else False."""
    base = os.path.abspath(mod_path)
    resource = os.path.abspath(os.path.join(base, *parts))
    if resource != base and not resource.startswith(base + os.sep):
        return False                        # '..' must not lead out of the addon
    return resource if os.path.exists(resource) else False


def get_resource_path(module: str, *parts: str) -> str | bool:
    """The absolute path of an addon's file (``'pos', 'static', 'x.png'``), or False."""
    mod_path = get_module_path(module, display_warning=False)
    if not mod_path:
        return False
    return check_resource_path(mod_path, *parts)


#: The older name (deprecated in Odoo 17 in favour of get_resource_path; same answer here).
get_module_resource = get_resource_path


def get_resource_from_path(path: str) -> tuple[str, str, str] | None:
    """Split a file path into ``(addon, 'a/b/c.ext', 'a<sep>b<sep>c.ext')``; None if outside."""
    path = os.path.abspath(path)
    for addons_path in addons_paths():
        prefix = addons_path.rstrip(os.sep) + os.sep
        if not path.startswith(prefix):
            continue
        module, *relative = path[len(prefix):].split(os.sep)
        if module_manifest(os.path.join(addons_path, module)):
            return module, "/".join(relative), os.sep.join(relative)
    return None


def get_module_icon(module: str) -> str:
    """The URL path of the addon's icon; base's icon when it has none."""
    if get_resource_path(module, *ICON_PARTS):
        return "/" + "/".join((module, *ICON_PARTS))
    return manifest_module.DEFAULT_ICON


def get_module_icon_path(module: str) -> str | bool:
    """The file of the addon's icon (base's when it has none); False when neither exists."""
    return get_resource_path(module, *ICON_PARTS) or get_resource_path("base", *ICON_PARTS)


# -- the addons -------------------------------------------------------------------------

def get_modules() -> list[str]:
    """The names of all addons on the addons path, sorted (manifests are not read)."""
    names = set()
    for path in addons_paths():
        if not os.path.isdir(path):
            continue
        names.update(name for name in os.listdir(path)
                     if _is_plain_name(name) and module_manifest(os.path.join(path, name)))
    return sorted(names)


def get_modules_with_version() -> dict[str, str]:
    """``{addon: full version}``; addons whose manifest cannot be read are left out (logged)."""
    versions = {}
    for module in get_modules():
        try:
            versions[module] = _manifest_dict(module, None, tuple(addons_paths()))["version"]
        except ModuleError as exc:
            _logger.warning("%s", exc)
    return versions


def load_manifest(module: str, mod_path: str | None = None) -> dict[str, Any]:
    """The manifest of ``module`` as a dict, Odoo's defaults filled in; ``{}`` if not found.

    :raises ManifestError: the manifest exists but cannot be read (the message says where).
    """
    mod_path = mod_path or get_module_path(module, display_warning=False)
    if not mod_path or not module_manifest(mod_path):
        _logger.debug("module %s: no manifest found", module)
        return {}
    return _as_dict(manifest_module.load_manifest(mod_path))


def get_manifest(module: str, mod_path: str | None = None) -> dict[str, Any]:
    """``load_manifest``, read once per process; the caller gets its own copy to change."""
    return copy.deepcopy(_manifest_dict(module, mod_path, tuple(addons_paths())))


@functools.cache
def _manifest_dict(module: str, mod_path: str | None, _paths: tuple[str, ...]) -> dict:
    # _paths is part of the key only: the same name may be another addon on another path
    return load_manifest(module, mod_path)


def _as_dict(manifest: manifest_module.Manifest) -> dict[str, Any]:
    """Odoo's manifest dict: defaults, then the file's keys, then the normalised values."""
    values = {**copy.deepcopy(manifest_module.DEFAULTS), **copy.deepcopy(manifest.raw)}
    auto_install = manifest.auto_install
    values.update(
        name=manifest.label,
        version=manifest.version,
        depends=list(manifest.depends),
        data=list(manifest.data),
        demo=list(manifest.demo),
        auto_install=set(auto_install) if auto_install is not None else False,
        description=manifest.description,
        icon=manifest.raw.get("icon") or manifest.icon,
        addons_path=manifest.addons_path,
        countries=list(manifest.countries),
    )
    return values


def _is_plain_name(module: str) -> bool:
    """A bare directory name: no separator, not '.' or '..' (names come from callers)."""
    return bool(module) and module not in (".", "..") and os.sep not in module \
        and "/" not in module and (os.altsep is None or os.altsep not in module)
