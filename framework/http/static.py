"""Static files: ``/<addon>/static/<path>`` from ``<addons path>/<addon>/static/``, and the
repository's shared browser files, ``/static/src/<path>`` and ``/static/lib/<path>``.

The shared folder (``static/`` at the top of the checkout) holds what every OWL app stands on:
``src/`` the shared modules (JSON-RPC client, offline queue, app shell, service worker) and
``lib/`` the libraries ``./dev setup`` fetches (OWL, idb; git-ignored, so served only once
fetched). :data:`IMPORT_MAP` maps their bare names; ``static/shell.html`` is the page template
putting it in place. The service worker script is sent with ``Service-Worker-Allowed: /`` so an
app may register it for its own scope (``/pos/``) although it lives under ``/static/src/``.

Served before any database or session work. Caching: with a ``unique`` query parameter
(URLs that change with the content, as asset bundles use) a year and ``immutable``;
otherwise a week, revalidated through ETag / Last-Modified (304 answers), except for
JavaScript: ES modules import each other by their plain URL, so a stale module could
be combined with fresh ones for a week; they are revalidated on every use (``no-cache``,
cheap 304s) unless loaded through an asset bundle's import map (``?unique=``).
"""
from __future__ import annotations

import mimetypes
import os
import re

import werkzeug.exceptions
from werkzeug.utils import send_from_directory

STATIC_CACHE = 60 * 60 * 24 * 7
STATIC_CACHE_LONG = 60 * 60 * 24 * 365

_STATIC_PATH = re.compile(r"^/([A-Za-z0-9_]+)/static/(.+)$")
_SHARED_PATH = re.compile(r"^/static/(src|lib)/(.+)$")

#: the checkout's ``static/`` folder (next to the ``framework`` package)
SHARED_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "static")
SHARED_SRC_DIR = os.path.join(SHARED_DIR, "src")
SHARED_LIB_DIR = os.path.join(SHARED_DIR, "lib")
#: bare module names of the shared files, for an app page's ``<script type="importmap">``
IMPORT_MAP = {
    "@odoo/owl": "/static/lib/owl.es.js",
    "idb": "/static/lib/idb.js",
    "@static/": "/static/src/",
}
#: shared scripts that are service workers: their scope may be any path of the site
SERVICE_WORKERS = frozenset({os.path.join(SHARED_SRC_DIR, "service_worker.js")})

mimetypes.add_type("text/javascript", ".js")        # ES modules need a JavaScript type
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("font/woff2", ".woff2")


class StaticFiles:
    """Maps addon names to their directory; looks each addon up once on the addons path."""

    def __init__(self, addons_paths: list[str]) -> None:
        self.addons_paths = list(addons_paths)
        self._dirs: dict[str, str | None] = {}

    def addon_dir(self, addon: str) -> str | None:
        if addon not in self._dirs:
            found = None
            for path in self.addons_paths:
                candidate = os.path.join(path, addon)
                if os.path.isfile(os.path.join(candidate, "__manifest__.py")):
                    found = candidate
                    break
            self._dirs[addon] = found
        return self._dirs[addon]

    def match(self, path: str) -> tuple[str, str] | None:
        """``(static directory, file path inside it)`` for a static URL, else None."""
        shared = _SHARED_PATH.match(path)
        if shared:
            # each folder is the root of its URLs: "src/../x" cannot reach the rest of static/
            return os.path.join(SHARED_DIR, shared.group(1)), shared.group(2)
        found = _STATIC_PATH.match(path)
        if not found:
            return None
        addon_dir = self.addon_dir(found.group(1))
        if addon_dir is None:
            return None
        return os.path.join(addon_dir, "static"), found.group(2)

    def serve(self, httprequest, directory: str, filename: str):
        if httprequest.method not in ("GET", "HEAD"):
            raise werkzeug.exceptions.MethodNotAllowed(["GET", "HEAD"])
        long_cache = "unique" in httprequest.args
        module = not long_cache and filename.endswith((".js", ".mjs"))
        max_age = STATIC_CACHE_LONG if long_cache else 0 if module else STATIC_CACHE
        try:
            response = send_from_directory(directory, filename, httprequest.environ,
                                           max_age=max_age, etag=True, conditional=True)
        except werkzeug.exceptions.NotFound:
            if directory == SHARED_LIB_DIR:
                raise werkzeug.exceptions.NotFound(
                    f"static/lib/{filename} is not there: ./dev setup fetches the browser libraries "
                    "into static/lib/ (it needs npm)") from None
            raise
        if os.path.join(directory, filename) in SERVICE_WORKERS:
            response.headers["Service-Worker-Allowed"] = "/"
        if long_cache:
            response.cache_control.immutable = True
        elif module:
            response.cache_control.max_age = None
            response.cache_control.no_cache = True
        response.cache_control.public = True
        return response
