"""Asset bundles served: hashed URLs, one response per kind, a per-process cache, HTML tags.

Which files a bundle holds is worked out by :mod:`framework.http.asset_resolution` from the
manifests and the ``ir.asset`` rows (read through ``ir.asset._get_asset_rows``).

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

import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Iterable, Mapping

from lxml import etree
from markupsafe import Markup

from ..config import config
from ..config import server_wide_modules as config_server_wide_modules
from ..logging_setup import odoo_logger_name
from .asset_resolution import SCRIPT_EXTENSIONS, STYLE_EXTENSIONS, TEMPLATE_EXTENSIONS, Asset, AssetError, Resolver

_logger = logging.getLogger(odoo_logger_name(__name__))

KINDS = {"js": SCRIPT_EXTENSIONS, "css": STYLE_EXTENSIONS, "xml": TEMPLATE_EXTENSIONS}
URL_PREFIX = "/web/assets"
UNIQUE_LENGTH = 16


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
    records = env["ir.asset"]._get_asset_rows() if "ir.asset" in registry else ()
    dev_mode = getattr(registry, "config", None) and registry.config.get("dev_mode") or ()
    key = None if {"assets", "xml", "all"} & set(dev_mode) else \
        (registry.db_name, id(registry), tuple(installed))
    return get_bundle(name, registry.manifests, installed, records, cache_key=key)


def server_wide_modules(registry) -> tuple[str, ...]:
    """The ``--load`` addons of the registry's config (the process's when it has none)."""
    return config_server_wide_modules(getattr(registry, "config", None) or config)


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
__all__ = ["Bundle", "asset_tags", "asset_urls", "env_bundle", "get_bundle", "parse_filename"]
