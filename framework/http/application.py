"""The WSGI application: static files, then database and session, routing and dispatch.

    make_app(config) -> Application
    Application(environ, start_response)
      ├─ ProxyFix (``--proxy-mode`` and an X-Forwarded-Host header)
      ├─ /<addon>/static/...               → static.StaticFiles (no db, no session)
      ├─ session_and_db(httprequest)       → the session (cookie/header/query) and the db:
      │                                      ?db=, else the session's, else the only one
      ├─ router.routing_map(installed addons of the db | server-wide auth='none' routes)
      ├─ endpoint.serve_endpoint(req, endpoint, args)  (auth, CSRF, unit of work, envelope)
      └─ session saved / cookie set; request cursor closed
Any exception that escapes is logged here and answered with a 500 page: the catch-all of
the HTTP layer (JSON and XML-RPC routes answer their own error formats before that).
"""
from __future__ import annotations

import hashlib
import importlib
import logging
import os
import re
import threading

import jinja2
import werkzeug.exceptions
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Request as HTTPRequest

from .. import compat
from ..config import server_wide_modules
from ..db import DatabaseConnectError
from ..logging_setup import odoo_logger_name
from ..service import db as service_db
from ..service import registries
from ..service import security as service_security
from . import assets, router
from .endpoint import serve_endpoint
from .request import Request, bind
from .session import Session, SessionStore
from .static import IMPORT_MAP, SHARED_DIR, StaticFiles

_logger = logging.getLogger(odoo_logger_name(__name__))

DEFAULT_MAX_CONTENT_LENGTH = 128 * 1024 * 1024     # as Odoo
TEMPLATES_DIR = os.path.join(os.path.dirname(__file__), "templates")


def make_app(config) -> Application:
    """The WSGI application serving ``config`` (the CLI and the tests call this)."""
    return Application(config)


class Application:
    """See the module docstring."""

    def __init__(self, config) -> None:
        self.config = config
        paths = config.addons_paths()
        compat.install(paths)
        self.server_wide_modules = server_wide_modules(config)
        for name in self.server_wide_modules:
            try:
                importlib.import_module(f"odoo.addons.{name}")
            except ImportError as exc:
                _logger.warning("server-wide module %s could not be imported: %s", name, exc)
        self.static = StaticFiles(paths)
        self.session_store = SessionStore(config)
        # CSRF key for requests without a database: the same in every worker process
        self.secret = hashlib.sha256(f"csrf:{config.get('admin_passwd')}:{config.get('data_dir')}"
                                     .encode()).digest()
        self.max_content_length = int(config.get("limit_request_size") or DEFAULT_MAX_CONTENT_LENGTH)
        service_security.configure_throttle(config)
        self.jinja = jinja2.Environment(loader=_TemplateLoader(self.static),
                                        autoescape=jinja2.select_autoescape(default=True))
        self.jinja.globals.update(asset_tags=_asset_tags, asset_urls=_asset_urls,
                                  shared_import_map=IMPORT_MAP)
        self._proxied = ProxyFix(self._serve, x_for=1, x_proto=1, x_host=1)

    def __call__(self, environ, start_response):
        if self.config.get("proxy_mode") and environ.get("HTTP_X_FORWARDED_HOST"):
            return self._proxied(environ, start_response)
        return self._serve(environ, start_response)

    # -- serving ----------------------------------------------------------------------------

    def _serve(self, environ, start_response):
        httprequest = HTTPRequest(environ)
        httprequest.max_content_length = self.max_content_length
        httprequest.max_form_memory_size = self.max_content_length
        try:
            static = self.static.match(httprequest.path)
            if static is not None:
                response = self.static.serve(httprequest, *static)
            else:
                response = self.serve_dynamic(httprequest)
        except werkzeug.exceptions.HTTPException as exc:
            response = exc.get_response(environ)
        except Exception:  # the outer boundary: log and answer a 500 page
            _logger.exception("%s %s failed", httprequest.method, httprequest.path)
            if "werkzeug" in (self.config.get("dev_mode") or ()):
                raise           # --dev=werkzeug: the debugger around the application shows it
            response = werkzeug.exceptions.InternalServerError().get_response(environ)
        return response(environ, start_response)

    def serve_dynamic(self, httprequest):
        session, db = self.session_and_db(httprequest)
        registry = None
        if db:
            try:
                registry = registries.registry(db, self.config)
            except (registries.DatabaseNotInitialized, DatabaseConnectError) as exc:
                _logger.warning("database %s unusable for %s: %s", db, httprequest.path, exc)
                if session.db == db:
                    session.logout()
                db = None
        if registry is not None:
            url_map = router.routing_map(tuple(registry.loaded_modules))
        else:
            url_map = router.routing_map(self.server_wide_modules, nodb_only=True)
        adapter = url_map.bind_to_environ(httprequest.environ)
        endpoint, args = adapter.match()
        req = Request(httprequest, self, session, db)
        req.endpoint = endpoint
        success = False
        thread = threading.current_thread()
        thread.dbname, thread.uid = db, session.uid        # named in log lines, as Odoo does
        try:
            try:
                with bind(req):
                    response = serve_endpoint(req, endpoint, args)
                success = True
            finally:
                req.close(commit=success)
                thread.dbname = thread.uid = None
            self._save_session(req, response, endpoint)
        except BaseException:
            _run_all(req.after_response)
            raise
        if req.after_response:
            # after the body is out (the WSGI server closes the response)
            response.call_on_close(lambda: _run_all(req.after_response))
        return response

    def _save_session(self, req: Request, response, endpoint) -> None:
        session = req.session
        if session.is_explicit or not endpoint.routing.get("save_session", True) \
                or not req.save_session:
            return
        saved = self.session_store.save(session)
        if saved or req.httprequest.cookies.get("session_id") != session.sid:
            response.set_cookie("session_id", session.sid, max_age=int(self.session_store.lifetime),
                                httponly=True, samesite="Lax", path="/")

    # -- database and session ---------------------------------------------------------------

    def db_list(self, httprequest) -> list[str]:
        """The databases this request may use (``--db-filter`` with %h/%d, ``-d``)."""
        try:
            names = service_db.list_dbs(self.config, force=True)
        except DatabaseConnectError as exc:
            _logger.error("cannot list databases: %s", exc)
            return []
        pattern = self.config.get("dbfilter")
        if pattern:
            host = httprequest.host.partition(":")[0]
            if host.startswith("www."):
                host = host[4:]
            domain = host.partition(".")[0]
            regex = re.compile(pattern.replace("%h", re.escape(host)).replace("%d", re.escape(domain)))
            names = [name for name in names if regex.match(name)]
        return names

    def session_and_db(self, httprequest):
        store = self.session_store
        explicit = httprequest.args.get("session_id") or httprequest.headers.get("X-Openerp-Session-Id")
        sid = explicit or httprequest.cookies.get("session_id")
        databases = self.db_list(httprequest)
        session = store.get(sid, databases, is_explicit=bool(explicit)) if sid else None
        if session is None:
            # an unknown (never stored, or expired) id is kept, as werkzeug's stores do:
            # a CSRF token given with a login form stays valid for the POST that follows
            session = (Session(sid, is_new=True, is_explicit=bool(explicit))
                       if store.is_valid_sid(sid) else store.new(is_explicit=bool(explicit)))
        query_db = httprequest.args.get("db")
        if query_db and query_db in databases and query_db != session.db:
            if session.db:
                session.logout()
            session.db = query_db
        if session.db and session.db not in databases:
            session.logout()
        db = session.db or (databases[0] if len(databases) == 1 else None)
        return session, db

    # -- templates --------------------------------------------------------------------------

    def render_template(self, name: str, values: dict) -> str:
        from .request import request
        return self.jinja.get_template(name).render({"request": request, **values})


def _run_all(functions: list) -> None:
    """Run each of ``functions`` once (a failure is logged and does not stop the others)."""
    while functions:
        try:
            functions.pop(0)()
        except Exception:
            _logger.exception("a function run after the response failed")


def _asset_tags(*bundles: str, **options):
    """``{{ asset_tags('web.assets_backend') }}``: import map, stylesheets and module entries."""
    from .request import request
    return assets.asset_tags(request.env, *bundles, **options)


def _asset_urls(bundle: str) -> dict:
    from .request import request
    return assets.asset_urls(request.env, bundle)


class _TemplateLoader(jinja2.BaseLoader):
    """``addon/file.html`` → ``<addon>/templates/file.html``; ``static/shell.html`` → the shared
    ``static/`` folder's (the page of an OWL app); else ``framework/http/templates``."""

    def __init__(self, static: StaticFiles) -> None:
        self.static = static
        self.fallback = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(TEMPLATES_DIR),
            jinja2.PrefixLoader({"static": jinja2.FileSystemLoader(SHARED_DIR)}),
        ])

    def get_source(self, environment, template):
        addon, _, rest = template.partition("/")
        addon_dir = self.static.addon_dir(addon) if rest else None
        if addon_dir:
            path = os.path.join(addon_dir, "templates", rest)
            if os.path.isfile(path):
                mtime = os.path.getmtime(path)
                with open(path, encoding="utf-8") as handle:
                    source = handle.read()
                return source, path, lambda: os.path.getmtime(path) == mtime
        return self.fallback.get_source(environment, template)
