"""/, /web, /web/login and /web/health."""
import json

from odoo import http
from odoo.exceptions import AccessDenied
from odoo.http import request


class Home(http.Controller):

    @http.route("/", type="http", auth="none")
    def index(self):
        return request.redirect("/web", 303)

    @http.route("/web", type="http", auth="user")
    def web_client(self, **kw):
        info = request.env["ir.http"].session_info()
        return request.render("web/webclient.html", {
            "session_info": json.dumps(info, default=str).replace("</", "<\\/"), "csrf_token": request.csrf_token(),
            "user_name": info["name"], "apps": self._web_apps()})

    def _web_apps(self) -> list[tuple[str, str]]:
        """(name, url) of the pages the installed addons offer the user on /web (addons extend)."""
        return []

    def _login_redirect(self, uid: int, redirect: str | None = None) -> str:
        """Where a successful login goes (Odoo's hook: addons send their users elsewhere)."""
        return redirect or "/web"

    @http.route("/web/login", type="http", auth="none")
    def web_login(self, redirect=None, **kw):
        values = {"redirect": redirect or "", "login": kw.get("login", ""), "error": None,
                  "db": request.db, "databases": [] if request.db else http.db_list()}
        if request.httprequest.method == "GET" and redirect and request.session.uid:
            return request.redirect(redirect)
        if request.httprequest.method == "POST":
            db = request.db or kw.get("db")
            if not db or db not in http.db_list():
                values["error"] = "Choose a database."
            else:
                try:
                    request.session.authenticate(db, kw.get("login", ""), kw.get("password", ""))
                except AccessDenied as error:
                    values["error"] = ("Wrong login/password" if error.args[0] == "Access Denied"
                                       else error.args[0])
                else:
                    return request.redirect(self._login_redirect(request.session.uid, redirect=redirect))
        values["csrf_token"] = request.csrf_token()
        response = request.render("web/login.html", values)
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response

    @http.route("/web/health", type="http", auth="none", save_session=False)
    def health(self, db_server_status=False):
        info, status = {"status": "pass"}, 200
        if db_server_status:
            try:
                http.db_list(force=True)
                info["db_server_status"] = True
            except Exception:  # any failure means the database server is not usable
                info.update(status="fail", db_server_status=False)
                status = 500
        return request.make_json_response(info, status=status)
