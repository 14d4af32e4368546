"""/web/session/*: log in and out, describe the session."""
from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.service import db as db_service


class Session(http.Controller):

    @http.route("/web/session/get_session_info", type="json", auth="user")
    def get_session_info(self):
        request.session.touch()
        return request.env["ir.http"].session_info()

    @http.route("/web/session/authenticate", type="json", auth="none")
    def authenticate(self, db, login, password, base_location=None):
        if db not in http.db_list():
            raise AccessError("Database not found.")
        request.session.authenticate(db, login, password)
        return request.env["ir.http"].session_info()

    @http.route("/web/session/get_lang_list", type="json", auth="none")
    def get_lang_list(self):
        return http.dispatch_rpc("db", "list_lang", []) or []

    @http.route("/web/session/modules", type="json", auth="user")
    def modules(self):
        return list(request.registry.loaded_modules)

    @http.route("/web/session/check", type="json", auth="user")
    def check(self):
        return None         # the auth='user' check did the work

    @http.route("/web/session/account", type="json", auth="user")
    def account(self):
        return {"type": "ir.actions.act_url", "url": "/web", "target": "self"}

    @http.route("/web/session/destroy", type="json", auth="user")
    def destroy(self):
        request.session.logout()

    @http.route("/web/session/logout", type="http", auth="none")
    def logout(self, redirect="/web"):
        request.session.logout(keep_db=True)
        return request.redirect(redirect, 303)


class Database(http.Controller):

    @http.route("/web/database/list", type="json", auth="none")
    def list(self):
        return http.db_list(force=False)

    @http.route("/web/database/server_version", type="json", auth="none")
    def server_version(self):
        return db_service.exp_server_version(request.config)
