"""Asset bundles resolved: the manifests' ``assets`` key (and ``ir.asset`` rows) to ordered files.

A manifest declares, per bundle, a list of commands applied in order::

    'assets': {
        'my_addon.assets': [
            'my_addon/static/src/**/*.js',                    # append (globs, recursive **)
            ('include', 'web.assets_common'),                 # another bundle, in place
            ('prepend', 'my_addon/static/src/first.js'),      # at the start of this bundle
            ('before', 'other/static/src/x.js', 'my_addon/static/src/y.js'),
            ('after', 'other/static/src/x.js', 'my_addon/static/src/z.js'),
            ('remove', 'other/static/src/old.css'),
            ('replace', 'other/static/src/x.js', 'my_addon/static/src/better_x.js'),
        ],
    }

Resolution follows Odoo's ``ir.asset``: installed addons are visited in Odoo's asset order
(applications first, then ``sequence``, then name, each addon after its dependencies);
``ir.asset`` rows with a sequence below 16 apply before the manifests, the others after.
A file appears once (the first time it is added); ``before``/``after``/``replace`` and a
``remove`` that names files absent from the bundle raise ``AssetError``; paths must stay
inside the ``static`` folder of an installed addon; external URLs (``https://...``) are
kept as they are. Nothing here reads the database or serves anything (``assets`` does).
"""
from __future__ import annotations

import dataclasses
import glob
import logging
import os
from collections.abc import Iterable, Mapping

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

SCRIPT_EXTENSIONS = ("js",)
STYLE_EXTENSIONS = ("css", "scss", "sass", "less")
TEMPLATE_EXTENSIONS = ("xml",)
ASSET_EXTENSIONS = SCRIPT_EXTENSIONS + STYLE_EXTENSIONS + TEMPLATE_EXTENSIONS

DEFAULT_SEQUENCE = 16           # ir.asset rows below it apply before the manifests
DIRECTIVES = ("append", "prepend", "before", "after", "remove", "replace", "include")
DIRECTIVES_WITH_TARGET = ("before", "after", "replace")


class AssetError(ValueError):
    """A bundle declaration cannot be applied (missing target, circular include...)."""


@dataclasses.dataclass(frozen=True)
class Asset:
    """One entry of a bundle: its URL, its file (None when external) and the bundle that added it."""

    url: str
    path: str | None
    bundle: str

    @property
    def extension(self) -> str:
        return self.url.partition("?")[0].rpartition(".")[2].lower()


def is_external(path: str) -> bool:
    return path.startswith(("http://", "https://", "//"))


def parse_command(command) -> tuple[str, str | None, str]:
    """``(directive, target, path)`` of one manifest command (a string means append)."""
    if isinstance(command, str):
        return "append", None, command
    if not isinstance(command, (list, tuple)) or not command or command[0] not in DIRECTIVES:
        raise AssetError(f"invalid asset command {command!r}: expected a path or a tuple "
                         f"starting with one of {', '.join(DIRECTIVES)}")
    expected = 3 if command[0] in DIRECTIVES_WITH_TARGET else 2
    if len(command) != expected:
        raise AssetError(f"invalid asset command {command!r}: {command[0]!r} takes "
                         f"{expected - 1} argument(s)")
    if expected == 3:
        return command[0], command[1], command[2]
    return command[0], None, command[1]


# -- addon order ------------------------------------------------------------------------------

def addon_order(manifests: Mapping, installed: Iterable[str]) -> list[str]:
    """Installed addons in Odoo's asset order: dependencies first, else by (not application,
    sequence, name)."""
    names = [name for name in installed if name in manifests]

    def key(name):
        manifest = manifests[name]
        return (not manifest.application, manifest.sequence, name)

    ordered: list[str] = []
    visited: set[str] = set()
    present = set(names)

    def visit(name: str) -> None:
        if name in visited:
            return
        visited.add(name)
        for dependency in manifests[name].depends or ("base",):
            if dependency in present:
                visit(dependency)
        ordered.append(name)

    for name in sorted(names, key=key):
        visit(name)
    return ordered


# -- resolution -------------------------------------------------------------------------------

class _AssetList:
    """The bundle being built: ordered assets, each URL at most once."""

    def __init__(self) -> None:
        self.items: list[Asset] = []
        self.urls: set[str] = set()

    def index(self, url: str, bundle: str) -> int:
        for position, asset in enumerate(self.items):
            if asset.url == url:
                return position
        raise AssetError(f"file {url} not found in bundle {bundle}; the target of before/after/"
                         f"replace must already be in the bundle (check the addon order)")

    def insert(self, found: list[tuple[str, str | None]], bundle: str, position: int) -> None:
        new = []
        for url, path in found:
            if url not in self.urls:
                self.urls.add(url)
                new.append(Asset(url, path, bundle))
        self.items[position:position] = new

    def append(self, found, bundle: str) -> None:
        self.insert(found, bundle, len(self.items))

    def remove(self, found, bundle: str) -> None:
        urls = {url for url, _path in found if url in self.urls}
        if urls:
            self.items = [asset for asset in self.items if asset.url not in urls]
            self.urls -= urls
        elif found:
            raise AssetError(f"file(s) {', '.join(url for url, _ in found)} not found in bundle "
                             f"{bundle}; nothing to remove")


class Resolver:
    """Applies the commands of installed addons (and ``ir.asset`` rows) to build bundles.

    :param manifests: every known addon's Manifest, by name (``registry.manifests``).
    :param installed: the installed addons (and server-wide ones); only they count.
    :param records: ``ir.asset`` rows ``(bundle, directive, target, path, sequence)``.
    """

    def __init__(self, manifests: Mapping, installed: Iterable[str], records: Iterable[tuple] = ()):
        self.manifests = manifests
        self.installed = set(installed)
        self.addons = addon_order(manifests, self.installed)
        self.records: dict[str, list[tuple]] = {}
        for bundle, directive, target, path, sequence in records:
            self.records.setdefault(bundle, []).append((directive, target, path, sequence))

    def declared(self, bundle: str) -> bool:
        """Whether an installed addon or an ``ir.asset`` row declares ``bundle``."""
        return bundle in self.records or any(
            bundle in (self.manifests[addon].assets or {}) for addon in self.addons)

    def resolve(self, bundle: str) -> list[Asset]:
        assets = _AssetList()
        self._fill(bundle, assets, [])
        return assets.items

    def _fill(self, bundle: str, assets: _AssetList, seen: list[str]) -> None:
        if bundle in seen:
            raise AssetError(f"Circular assets bundle declaration: {' > '.join([*seen, bundle])}")
        start = len(assets.items)
        records = self.records.get(bundle, ())
        for directive, target, path, sequence in records:
            if sequence < DEFAULT_SEQUENCE:
                self._apply(bundle, directive, target, path, assets, seen, start)
        for addon in self.addons:
            for command in (self.manifests[addon].assets or {}).get(bundle, ()):
                directive, target, path = parse_command(command)
                self._apply(bundle, directive, target, path, assets, seen, start)
        for directive, target, path, sequence in records:
            if sequence >= DEFAULT_SEQUENCE:
                self._apply(bundle, directive, target, path, assets, seen, start)

    def _apply(self, bundle, directive, target, path, assets: _AssetList, seen, start) -> None:
        if directive == "include":
            self._fill(path, assets, [*seen, bundle])
            return
        found = self.paths(path)
        position = None
        if directive in DIRECTIVES_WITH_TARGET:
            targets = self.paths(target)
            if not targets and target.rpartition(".")[2] not in ASSET_EXTENSIONS:
                return              # as Odoo: a target of another kind is no-op
            target_url = targets[0][0] if targets else "/" + target.lstrip("/")
            position = assets.index(target_url, bundle)
        if directive == "append":
            assets.append(found, bundle)
        elif directive == "prepend":
            assets.insert(found, bundle, start)
        elif directive == "before":
            assets.insert(found, bundle, position)
        elif directive == "after":
            assets.insert(found, bundle, position + 1)
        elif directive == "remove":
            assets.remove(found, bundle)
        elif directive == "replace":
            assets.insert(found, bundle, position)
            assets.remove(targets, bundle)
        else:
            raise AssetError(f"unknown asset directive {directive!r} in bundle {bundle}")

    def paths(self, path_def: str) -> list[tuple[str, str | None]]:
        """``(url, file)`` pairs matched by ``path_def`` (a glob inside an addon's static/)."""
        if is_external(path_def):
            return [(path_def, None)]
        parts = [part for part in path_def.replace(os.sep, "/").split("/") if part]
        addon = parts[0] if parts else ""
        manifest = self.manifests.get(addon)
        if manifest is None:
            _logger.warning("asset path %r names no known addon; ignored", path_def)
            return []
        if addon not in self.installed:
            raise AssetError(f"asset path {path_def!r} is in addon {addon!r}, which is not "
                             f"installed; install it or remove the path from the bundle")
        root = manifest.addons_path
        full = os.path.normpath(os.path.join(root, *parts))
        static = os.path.join(manifest.path, "static", "")
        if not full.startswith(static):
            _logger.warning("asset path %r is outside %s/static; ignored", path_def, addon)
            return []
        files = sorted(name for name in glob.glob(full, recursive=True)
                       if os.path.isfile(name) and name.rpartition(".")[2] in ASSET_EXTENSIONS)
        if not files:
            _logger.warning("asset path %r did not resolve to any file", path_def)
        return [(name[len(root):].replace(os.sep, "/"), name) for name in files]
