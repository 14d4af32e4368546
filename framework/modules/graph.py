"""Dependency questions over a set of manifests: load order, install closure, dependents.

Pure functions over ``Mapping[str, Manifest]`` (as returned by ``find_addons``): no
file, import or database access, so they are tested with hand-built manifests.

Load order is Odoo's: an addon's depth is one more than its deepest dependency
(addons without dependencies, i.e. ``base``, have depth 0), and addons load by
``(depth, name)``. Every addon therefore loads after all its dependencies, and the
order does not depend on the order of the addons path.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from framework.modules.errors import AddonNotFound, DependencyError
from framework.modules.manifest import Manifest


def load_order(manifests: Mapping[str, Manifest], names: Iterable[str]) -> list[str]:
    """``names`` and all their dependencies, dependencies first, sorted by (depth, name).

    :raises AddonNotFound: a name in ``names`` is not in ``manifests``.
    :raises DependencyError: a dependency is missing or not installable, or the
        dependencies form a cycle.
    """
    depths: dict[str, int] = {}
    for name in sorted(set(names)):
        _check_requested(manifests, name)
        _depth(manifests, name, (), depths)
    return sorted(depths, key=lambda name: (depths[name], name))


def install_closure(manifests: Mapping[str, Manifest], requested: Iterable[str],
                    installed: Iterable[str] = frozenset()) -> set[str]:
    """The addons to install for ``-i requested`` when ``installed`` are already installed.

    That is the requested addons, their dependencies, and the ``auto_install`` addons
    whose triggers are then all installed, with their own dependencies, repeated
    until nothing changes. Already installed addons are not part of the result.

    As in Odoo, an auto_install addon follows along only when at least one of its
    triggers is being installed now, except on a fresh database (nothing installed)
    where every satisfied one is taken, including those with ``auto_install: []``.
    Restricting auto-install to the countries of the companies is not done.

    :raises AddonNotFound: a requested name is not in ``manifests``.
    :raises DependencyError: see :func:`load_order`.
    """
    installed = frozenset(installed)
    closure = set(installed)
    closure.update(load_order(manifests, requested))
    fresh = not installed
    while True:
        added = closure - installed
        ready = [name for name, manifest in manifests.items()
                 if name not in closure and _auto_installs(manifest, closure, added, fresh)]
        if not ready:
            return closure - installed
        closure.update(load_order(manifests, ready))


def dependents(manifests: Mapping[str, Manifest], names: Iterable[str],
               installed: Iterable[str]) -> set[str]:
    """``names`` plus the installed addons that depend on any of them, directly or not.

    This is what ``-u names`` updates. ``names`` are kept whether installed or not;
    installed addons missing from ``manifests`` are ignored.

    :raises AddonNotFound: a name in ``names`` is not in ``manifests``.
    """
    names = set(names)
    for name in sorted(names):
        if name not in manifests:
            raise _not_found(manifests, name)
    users: dict[str, set[str]] = {}                     # dependency -> installed addons using it
    for addon in installed:
        if addon in manifests:
            for dependency in manifests[addon].depends:
                users.setdefault(dependency, set()).add(addon)
    result, todo = set(names), list(names)
    while todo:
        for user in users.get(todo.pop(), ()):
            if user not in result:
                result.add(user)
                todo.append(user)
    return result


# -- helpers ----------------------------------------------------------------------------

def _depth(manifests: Mapping[str, Manifest], name: str, path: tuple[str, ...],
           depths: dict[str, int]) -> int:
    """Depth of ``name``, memoised in ``depths``; ``path`` is the chain that led here."""
    if name in depths:
        return depths[name]
    if name in path:
        raise DependencyError.circular((*path[path.index(name):], name))
    manifest = manifests.get(name)
    if manifest is None:
        raise DependencyError.missing(path[-1], name, _addons_paths(manifests))
    if not manifest.installable:
        raise DependencyError.not_installable(name, manifest.manifest_file, required_by=path[-1])
    chain = (*path, name)
    depth = 1 + max((_depth(manifests, dep, chain, depths) for dep in manifest.depends),
                    default=-1)
    depths[name] = depth
    return depth


def _check_requested(manifests: Mapping[str, Manifest], name: str) -> None:
    manifest = manifests.get(name)
    if manifest is None:
        raise _not_found(manifests, name)
    if not manifest.installable:
        raise DependencyError.not_installable(name, manifest.manifest_file)


def _auto_installs(manifest: Manifest, closure: set[str], added: set[str], fresh: bool) -> bool:
    triggers = manifest.auto_install
    if triggers is None or not manifest.installable or not triggers <= closure:
        return False
    return fresh or bool(triggers & added)


def _not_found(manifests: Mapping[str, Manifest], name: str) -> AddonNotFound:
    return AddonNotFound(name, manifests, _addons_paths(manifests))


def _addons_paths(manifests: Mapping[str, Manifest]) -> list[str]:
    """The addons paths seen in ``manifests``, in scan order (for messages)."""
    return list(dict.fromkeys(manifest.addons_path for manifest in manifests.values()))
