"""Asset bundles: the manifests' ``assets`` key resolved to files, hashed and served.

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
kept as they are.

What is served, at ``/web/assets/<unique>/<bundle>.<js|css|xml>`` (``unique`` is a hash of
the file list and contents of that kind, so the URL changes whenever a file does):

* ``.js``: an ES module whose body is ``import "/<addon>/static/...js";`` per file, in
  bundle order. There is no bundler: the browser loads each module from its static URL,
  so relative imports between modules keep working and every module is instantiated
  once. ``asset_tags`` also writes an import map sending each of those URLs to
  ``...js?unique=<file hash>``, which the static server caches for a year.
* ``.css``: the CSS files concatenated; relative ``url(...)`` rewritten to absolute URLs.
  SCSS/Sass/Less files are listed but not compiled (a comment says so in the output).
* ``.xml``: the children of every template file's ``<templates>`` root, in one
  ``<templates>`` document (for ``new owl.App(..., {templates})``).
"""
from __future__ import annotations

import dataclasses
import glob
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Iterable, Mapping

from lxml import etree
from markupsafe import Markup
from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

SCRIPT_EXTENSIONS = ("js",)
STYLE_EXTENSIONS = ("css", "scss", "sass", "less")
TEMPLATE_EXTENSIONS = ("xml",)
ASSET_EXTENSIONS = SCRIPT_EXTENSIONS + STYLE_EXTENSIONS + TEMPLATE_EXTENSIONS
KINDS = {"js": SCRIPT_EXTENSIONS, "css": STYLE_EXTENSIONS, "xml": TEMPLATE_EXTENSIONS}

DEFAULT_SEQUENCE = 16           # ir.asset rows below it apply before the manifests
DIRECTIVES = ("append", "prepend", "before", "after", "remove", "replace", "include")
DIRECTIVES_WITH_TARGET = ("before", "after", "replace")
URL_PREFIX = "/web/assets"
UNIQUE_LENGTH = 16


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


def _is_glob(path: str) -> bool:
    return any(char in path for char in "*?[]")


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


# -- content ----------------------------------------------------------------------------------

_digests: dict[str, tuple[tuple, str]] = {}
_digests_lock = threading.Lock()


def file_digest(path: str) -> str:
    """SHA-256 of the file, recomputed only when its mtime or size changes."""
    stat = os.stat(path)
    signature = (stat.st_mtime_ns, stat.st_size)
    known = _digests.get(path)
    if known is not None and known[0] == signature:
        return known[1]
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    with _digests_lock:
        _digests[path] = (signature, digest)
    return digest


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?!['"]?(?:[a-z][a-z0-9+.-]*:|/|#))([^'")]+)\1\s*\)""",
                      re.IGNORECASE)


class Bundle:
    """The resolved files of one bundle, with their per-kind hash and rendered contents."""

    def __init__(self, name: str, assets: list[Asset]) -> None:
        self.name = name
        self.assets = assets

    def files(self, kind: str) -> list[Asset]:
        extensions = KINDS[kind]
        return [asset for asset in self.assets if asset.extension in extensions]

    def unique(self, kind: str) -> str:
        """Hash of the URLs and contents of the ``kind`` files: it changes when any of them does."""
        digest = hashlib.sha256(f"{self.name}.{kind}".encode())
        for asset in self.files(kind):
            digest.update(f"\n{asset.url}:{file_digest(asset.path) if asset.path else ''}".encode())
        return digest.hexdigest()[:UNIQUE_LENGTH]

    def url(self, kind: str) -> str:
        return f"{URL_PREFIX}/{self.unique(kind)}/{self.name}.{kind}"

    def content(self, kind: str) -> bytes:
        return {"js": self.js, "css": self.css, "xml": self.xml}[kind]()

    def js(self) -> bytes:
        lines = [f"// bundle {self.name}: one ES module per file, in order"]
        lines += [f"import {json.dumps(asset.url)};" for asset in self.files("js")]
        return ("\n".join(lines) + "\n").encode()

    def importmap(self) -> dict[str, str]:
        """Each module URL → the same URL with ``?unique=<file hash>`` (cached a year)."""
        return {asset.url: f"{asset.url}?unique={file_digest(asset.path)[:UNIQUE_LENGTH]}"
                for asset in self.files("js") if asset.path}

    def css(self) -> bytes:
        chunks = []
        for asset in self.files("css"):
            if asset.path is None:
                chunks.append(f"@import url({json.dumps(asset.url)});")
                continue
            if asset.extension != "css":
                _logger.warning("%s: %s files are not compiled by this server; left out of %s",
                                asset.url, asset.extension, self.name)
                chunks.append(f"/* {asset.url}: {asset.extension} is not compiled; left out */")
                continue
            with open(asset.path, encoding="utf-8") as handle:
                text = handle.read()
            base = asset.url.rpartition("/")[0]
            text = _CSS_URL.sub(lambda m: f"url({m.group(1)}{_join_url(base, m.group(2))}{m.group(1)})",
                                text)
            chunks.append(f"/* {asset.url} */\n{text}")
        return ("\n".join(chunks) + "\n").encode()

    def xml(self) -> bytes:
        root = etree.Element("templates")
        for asset in self.files("xml"):
            if asset.path is None:
                continue
            parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
            try:
                tree = etree.parse(asset.path, parser).getroot()
            except etree.XMLSyntaxError as exc:
                raise AssetError(f"{asset.url} is not well-formed XML: {exc}") from exc
            root.append(etree.Comment(f" {asset.url} "))
            if tree.tag == "templates":
                if tree.text and tree.text.strip():
                    raise AssetError(f"{asset.url}: text directly under <templates>")
                root.extend(list(tree))
            else:
                root.append(tree)
        return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _join_url(base: str, relative: str) -> str:
    parts = base.split("/")
    for piece in relative.split("/"):
        if piece == "..":
            if len(parts) > 1:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


# -- per-process cache and entry points -------------------------------------------------------

_resolved: dict[tuple, list[Asset] | None] = {}
_resolved_lock = threading.Lock()
_CACHE_SIZE = 512


def get_bundle(name: str, manifests: Mapping, installed: Iterable[str], records: Iterable[tuple] = (),
               *, cache_key: tuple | None = None) -> Bundle | None:
    """The bundle ``name``, or None when no installed addon (or ir.asset row) declares it.

    Resolutions are cached per process under ``cache_key`` (the caller includes what they
    depend on: database, installed addons, ir.asset rows); file contents are re-hashed when
    a file's mtime or size changes. ``cache_key=None`` resolves afresh (``--dev assets``).
    """
    records = tuple(records)
    key = None if cache_key is None else (cache_key, name, records)
    if key is not None and key in _resolved:
        assets = _resolved[key]
    else:
        resolver = Resolver(manifests, installed, records)
        assets = resolver.resolve(name) if resolver.declared(name) else None
        if key is not None:
            with _resolved_lock:
                if len(_resolved) >= _CACHE_SIZE:
                    _resolved.clear()
                _resolved[key] = assets
    return None if assets is None else Bundle(name, assets)


def clear_cache() -> None:
    with _resolved_lock:
        _resolved.clear()
    with _digests_lock:
        _digests.clear()


def env_bundle(env, name: str) -> Bundle | None:
    """The bundle ``name`` for the addons installed in ``env``'s database."""
    registry = env.registry
    installed = (*registry.loaded_modules, *server_wide_modules(registry))
    records = _records(env.cr, registry) if "ir.asset" in registry else ()
    dev_mode = getattr(registry, "config", None) and registry.config.get("dev_mode") or ()
    key = None if {"assets", "xml", "all"} & set(dev_mode) else \
        (registry.db_name, id(registry), tuple(installed))
    return get_bundle(name, registry.manifests, installed, records, cache_key=key)


def server_wide_modules(registry) -> tuple[str, ...]:
    config = getattr(registry, "config", None)
    if config is None:
        from ..config import config
    value = config.get("server_wide_modules") or "base,web"
    return tuple(name.strip() for name in str(value).split(",") if name.strip())


_tables: dict[int, bool] = {}      # id(registry) -> whether ir_asset exists (web updated)


def _records(cr, registry) -> list[tuple]:
    """Every active ``ir.asset`` row (few; an include may need another bundle's rows)."""
    if id(registry) not in _tables:
        cr.execute("SELECT to_regclass('ir_asset') IS NOT NULL")
        _tables[id(registry)] = cr.fetchone()[0]
    if not _tables[id(registry)]:
        return []
    cr.execute("SELECT bundle, directive, target, path, sequence FROM ir_asset "
               "WHERE active ORDER BY sequence, id")
    return [tuple(row) for row in cr.fetchall()]


def asset_urls(env, bundle: str) -> dict[str, str]:
    """``{'js': url, 'css': url, 'xml': url}`` of ``bundle`` (KeyError when undeclared)."""
    found = env_bundle(env, bundle)
    if found is None:
        raise KeyError(f"no installed addon declares the asset bundle {bundle!r}")
    return {kind: found.url(kind) for kind in KINDS}


def asset_tags(env, *bundles: str, css: bool = True, js: bool = True) -> Markup:
    """HTML loading ``bundles``: one import map, the stylesheets and the module entries."""
    found = []
    for name in bundles:
        bundle = env_bundle(env, name)
        if bundle is None:
            raise KeyError(f"no installed addon declares the asset bundle {name!r}")
        found.append(bundle)
    tags = []
    if js:
        imports: dict[str, str] = {}
        for bundle in found:
            imports.update(bundle.importmap())
        if imports:
            mapping = json.dumps({"imports": imports}).replace("</", "<\\/")
            tags.append(Markup('<script type="importmap">{}</script>').format(Markup(mapping)))
    for bundle in found:
        if css and bundle.files("css"):
            tags.append(Markup('<link rel="stylesheet" href="{}"/>').format(bundle.url("css")))
    for bundle in found:
        if js and bundle.files("js"):
            tags.append(Markup('<script type="module" src="{}"></script>').format(bundle.url("js")))
    return Markup("\n").join(tags)


def parse_filename(filename: str) -> tuple[str, str] | None:
    """``'web.assets.min.js'`` → ``('web.assets', 'js')``; None if not a bundle file name."""
    stem, _, kind = filename.rpartition(".")
    if kind not in KINDS or not stem:
        return None
    if stem.endswith(".min"):
        stem = stem[:-4]
    return (stem, kind) if stem else None


MIMETYPES = {"js": "text/javascript", "css": "text/css", "xml": "text/xml"}
__all__ = ["Asset", "AssetError", "Bundle", "Resolver", "addon_order", "asset_tags", "asset_urls",
           "env_bundle", "get_bundle", "parse_command", "parse_filename"]
