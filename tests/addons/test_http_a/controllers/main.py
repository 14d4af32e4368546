import time

import psycopg.errors

from odoo import http
from odoo.http import request

#: calls of /test_http/retry_once per token (the first try of each fails)
RETRY_TRIES: dict = {}


class Main(http.Controller):

    @http.route("/test_http/greet", type="json", auth="none")
    def greet(self, name="world"):
        return {"greeting": f"hello {name}", "by": ["a"]}

    @http.route("/test_http/slow", type="http", auth="none", save_session=False)
    def slow(self, seconds="1"):
        time.sleep(min(float(seconds), 10))
        return "done"

    @http.route("/test_http/hello", type="http", auth="none")
    def hello(self, **kw):
        return "hello from a"

    @http.route("/test_http/whoami", type="json", auth="user")
    def whoami(self):
        return {"uid": request.env.uid, "db": request.db, "login": request.env.user.login}

    @http.route("/test_http/uid", type="json", auth="user")
    def uid(self):
        """A route that sends no query of its own."""
        return {"uid": request.uid}

    @http.route("/test_http/uid_page", type="http", auth="user")
    def uid_page(self):
        return str(request.uid)

    @http.route("/test_http/whoami_forgiving", type="json", auth="user")
    def whoami_forgiving(self):
        """A route that swallows what its first query raises (the try must not stand)."""
        try:
            login = request.env.user.login
        except Exception:  # deliberately careless, as some routes are
            login = None
        return {"uid": request.env.uid, "login": login}

    @http.route("/test_http/session_context", type="json", auth="user")
    def session_context(self, **values):
        """The session's context (no query of its own), updated with ``values`` if any."""
        if values:
            request.session.context = {**request.session.context, **values}
        return {"session": request.session.context, "env": dict(request.env.context)}

    @http.route("/test_http/mark_session", type="json", auth="none")
    def mark_session(self, mark):
        """Changes the session without opening a transaction on the database."""
        request.session["mark"] = mark
        return mark

    @http.route("/test_http/public", type="json", auth="public")
    def public(self):
        return {"uid": request.env.uid}

    @http.route("/test_http/form", type="http", auth="none", methods=["POST"])
    def form(self, value=""):
        return f"got {value}"

    @http.route("/test_http/form_nocsrf", type="http", auth="none", methods=["POST"], csrf=False)
    def form_nocsrf(self, value=""):
        return f"got {value}"

    @http.route("/test_http/csrf_token", type="http", auth="none")
    def csrf_token(self):
        return request.csrf_token()

    @http.route("/test_http/jsonrpc_alias", type="jsonrpc", auth="none")
    def jsonrpc_alias(self):
        return "alias ok"

    @http.route("/test_http/page", type="http", auth="none")
    def page(self, who="you"):
        return request.render("test_http_a/page.html", {"who": who})

    @http.route("/test_http/cors", type="json", auth="none", cors="*")
    def cors(self):
        return "cors ok"

    @http.route(["/test_http/two", "/test_http/deux"], type="json", auth="none")
    def two(self):
        return "two paths"

    @http.route("/test_http/create_and_fail", type="json", auth="user")
    def create_and_fail(self, name):
        request.env["test_http.thing"].create({"name": name})
        raise ValueError("the request fails after a write")

    @http.route("/test_http/retry_once", type="json", auth="public")
    def retry_once(self, token):
        """Creates a thing, then fails like a concurrent update on the first try only."""
        request.env["test_http.thing"].sudo().create({"name": token})
        RETRY_TRIES[token] = RETRY_TRIES.get(token, 0) + 1
        if RETRY_TRIES[token] == 1:
            raise psycopg.errors.SerializationFailure("could not serialize access (test)")
        things = request.env["test_http.thing"].sudo().search_count([("name", "=", token)])
        return {"uid": request.env.uid, "tries": RETRY_TRIES[token], "things": things}
