"""Running a matched endpoint: authentication, CSRF, parameters, transaction, response.

``serve_endpoint(req, endpoint, args)`` picks the route type:

* ``http``: parameters are the query string, the form, the files and the URL values;
  unsafe methods need a valid ``csrf_token`` unless the route says ``csrf=False``;
  an expired session redirects to ``/web/login``.
* ``json``: the JSON-RPC envelope (``jsonrpc.parse``); every failure, including an
  expired session, becomes the error object (``jsonrpc.respond``).

On a request with a database, the endpoint runs in the request's unit of work
(``service.unit_of_work.run``): its cursor, if the endpoint opened one, is committed once
at the end, the endpoint run again on concurrency errors, and rolled back on any error.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

import werkzeug.exceptions
import werkzeug.wrappers

from ..exceptions import AccessDenied, AccessError, MissingError, UserError
from ..logging_setup import odoo_logger_name
from ..orm.shared_cache import CacheSignaled
from ..service import rpc as service_rpc
from ..service import security as service_security
from ..service import unit_of_work
from ..tools.qweb import QWebException
from . import jsonrpc
from .controller import missing_params
from .request import Request, Response, SessionExpiredException
from .session import SessionChanged

_logger = logging.getLogger(odoo_logger_name(__name__))

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CORS_HEADERS = {"Access-Control-Max-Age": str(60 * 60 * 24),
                "Access-Control-Allow-Headers":
                    "Origin, X-Requested-With, Content-Type, Accept, Authorization"}


def serve_endpoint(req: Request, endpoint, args: dict):
    routing = endpoint.routing
    if routing.get("cors") and req.httprequest.method == "OPTIONS":
        response = Response(status=204, headers=CORS_HEADERS)
    elif routing["type"] == "json":
        response = serve_json(req, endpoint, args)
    else:
        response = serve_http(req, endpoint, args)
    if routing.get("cors"):
        response.headers["Access-Control-Allow-Origin"] = routing["cors"]
        response.headers["Access-Control-Allow-Methods"] = ", ".join(
            routing.get("methods") or ["GET", "POST"])
    return response


def serve_http(req: Request, endpoint, args: dict):
    httprequest = req.httprequest
    params = {**httprequest.args.to_dict(), **args}
    if httprequest.mimetype in FORM_MIMETYPES:      # an XML-RPC body is not parsed as a form
        params = {**httprequest.args.to_dict(), **httprequest.form.to_dict(),
                  **httprequest.files.to_dict(), **args}
    token = params.pop("csrf_token", None)
    req.params = params
    try:
        authenticate(req, endpoint.routing["auth"])
        if httprequest.method not in SAFE_METHODS and endpoint.routing.get("csrf", True):
            if not req.validate_csrf(token):
                _logger.warning("%s %s: missing or invalid CSRF token", httprequest.method,
                                httprequest.path)
                raise werkzeug.exceptions.BadRequest(
                    "Session expired (invalid CSRF token): reload the page and submit again, or "
                    "declare the route with csrf=False if it is called by other systems")
        missing = missing_params(getattr(endpoint.func, "__func__", endpoint.func), params)
        if missing:
            # a form without a field the route needs: the client's mistake, not a crash
            raise werkzeug.exceptions.BadRequest(f"Missing parameter: {', '.join(missing)}")
        # a template (request.render) is rendered in the route's transaction, as Odoo does
        result = in_unit_of_work(req, lambda: _flattened(endpoint(**params)),
                                 recheck=lambda: authenticate(req, endpoint.routing["auth"]))
        return Response.load(result)
    except SessionExpiredException:
        query = urlencode({"redirect": httprequest.full_path.rstrip("?")})
        return req.redirect(f"/web/login?{query}")
    except werkzeug.exceptions.HTTPException:
        raise
    except (AccessDenied, UserError) as error:
        raise _http_error(httprequest.path, error, error) from error
    except QWebException as error:
        # a template that failed on what the user may not see answers as that error
        # would have (403, 404, 400), its message naming the template; anything else is a 500
        if not isinstance(error.__cause__, (AccessDenied, UserError)):
            raise
        raise _http_error(httprequest.path, error.__cause__, error) from error


def _http_error(path: str, cause: Exception, error: Exception) -> werkzeug.exceptions.HTTPException:
    """The HTTP answer to an access, missing-record or business error ``cause`` (``error``
    is what was raised: ``cause`` itself, or the QWebException around it)."""
    if isinstance(cause, MissingError):
        return werkzeug.exceptions.NotFound(str(error))
    _logger.warning("%s: %s", path, error)
    if isinstance(cause, (AccessDenied, AccessError)):
        return werkzeug.exceptions.Forbidden(str(error))
    return werkzeug.exceptions.BadRequest(str(error))


def _flattened(response):
    if isinstance(response, Response) and response.is_qweb:
        response.flatten()
    return response


def serve_json(req: Request, endpoint, args: dict):
    """A JSON-RPC route, in Odoo's order: the session is checked before the body is read
    (a refused session answers ``id: null`` and sets no cookie), then the body is parsed
    (not JSON: a plain 400), then the route runs (any error: a JSON-RPC error object)."""
    refusal = json_authenticate(req, endpoint.routing["auth"])
    if refusal is not None:
        return refusal
    try:
        body = jsonrpc.parse(req.httprequest)
    except werkzeug.exceptions.BadRequest as error:
        _logger.warning("%s: %s", req.httprequest.path, error.description)
        req.save_session = False
        return error.get_response()
    message_id = body.get("id")
    try:
        req.params = params = {**jsonrpc.params_of(body), **args}
        result = in_unit_of_work(req, lambda: endpoint(**params),
                                 recheck=lambda: json_authenticate(req, endpoint.routing["auth"]))
    except Exception as error:  # the JSON-RPC boundary: log and answer the error object
        jsonrpc.log_error(error, req.httprequest.path)
        return jsonrpc.respond(message_id, error=error)
    if isinstance(result, werkzeug.wrappers.Response):
        return result
    return jsonrpc.respond(message_id, result=result)


def json_authenticate(req: Request, auth: str) -> Response | None:
    """``authenticate`` for a JSON-RPC route: None, or the answer to a refused session
    (before the request id is known: ``id: null``, and no cookie is set)."""
    try:
        authenticate(req, auth)
    except Exception as error:  # the JSON-RPC boundary, before the request id is known
        jsonrpc.log_error(error, req.httprequest.path)
        if isinstance(error, SessionExpiredException):
            req.save_session = False
        return jsonrpc.respond(None, error=error)
    return None


def authenticate(req: Request, auth: str) -> None:
    """Check the session against the route's ``auth``; SessionExpiredException if refused."""
    if auth in ("none", "bearer"):
        return
    try:
        _authenticate(req, auth)
    except CacheSignaled:
        # the shared cache was used before the request's first query told it was stale
        req.work.reset()
        _authenticate(req, auth)


def _authenticate(req: Request, auth: str) -> None:
    session = req.session
    if session.uid and req.db and session.db == req.db:
        if service_security.check_session_token(req.cr, session.sid, session.uid,
                                                session.session_token):
            return
        _logger.info("session of uid %s on %s is no longer valid (password changed?)",
                     session.uid, req.db)
        session.logout(keep_db=True)
        req.env = None
    if auth == "public" and req.db:
        public = req.env.ref("base.public_user", raise_if_not_found=False)
        if public:
            req.update_env(user=public.id)
            return
    raise SessionExpiredException("Session expired")


def in_unit_of_work(req: Request, func, recheck=None):
    """``func()`` in the request's unit of work when it has a database (committed once).

    The session was checked before, in the same transaction, maybe from the token the
    process remembers (``security.check_session_token``), maybe from the session the
    process remembers (its row is read with the transaction's first query). When the unit
    runs again (the shared cache or the remembered session turned out stale at its first
    query or at its commit: ``CacheSignaled``; or a concurrency error), ``recheck()``
    checks the session again first: a password changed or a session ended in another
    process refuses the session there. What ``recheck()`` returns, when not None, is the
    answer instead of ``func()``'s (a JSON-RPC refusal). A try whose session was found
    stale never stands, even if ``func()`` caught the error its query raised.
    """
    if not req.db:
        return func()
    tries = 0

    def attempt():
        nonlocal tries
        tries += 1
        if tries > 1 and recheck is not None:
            refusal = recheck()
            if refusal is not None:
                return refusal
        result = func()
        if req.session_replaced:
            raise SessionChanged("the session was found stale during the call; run again")
        return result

    return unit_of_work.run(attempt, req.work)


def dispatch_rpc(service_name: str, method: str, params) -> object:
    """``odoo.http.dispatch_rpc``: run an RPC service call for the current request."""
    from .request import request
    return service_rpc.dispatch_rpc(service_name, method, params, config=request.app.config,
                                    address=request.httprequest.remote_addr,
                                    defer=request.after_response.append)


def db_list(force: bool = False) -> list[str]:
    """``odoo.http.db_list``: the databases the current request may use.

    :raises AccessDenied: database listing is disabled (``list_db``) and not ``force``.
    """
    from .request import request
    if not force and not request.app.config.get("list_db", True):
        raise AccessDenied()
    return request.app.db_list(request.httprequest)


def db_filter(dbs: list[str]) -> list[str]:
    """``odoo.http.db_filter``: the names of ``dbs`` the current request may use."""
    from .request import request
    allowed = set(request.app.db_list(request.httprequest))
    return [name for name in dbs if name in allowed]
