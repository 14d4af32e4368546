"""/web/database/manager: create, duplicate, drop, back up and restore databases from a browser.

Odoo 17's routes and form fields (``master_pwd``, ``name``, ``new_name``...), answered
through the ``db`` service, so the master password (``admin_passwd``) guards every change
and ``--no-database-list`` turns the whole manager off, as in Odoo. After a change the
manager page is shown again, with the error when there was one.
"""
import datetime
import os
import tempfile

from odoo import http
from odoo.exceptions import AccessDenied
from odoo.http import request
from odoo.service import db as db_service

DISABLED = "The database manager has been disabled by the administrator"


class DatabaseManager(http.Controller):

    def _enabled(self):
        return request.config.get("list_db", True)

    def _page(self, error=None, status=200):
        if not self._enabled():
            return request.make_response(DISABLED, status=403,
                                         headers=[("Content-Type", "text/plain; charset=utf-8")])
        values = {"databases": sorted(http.db_list(force=True)), "error": error,
                  "languages": db_service.exp_list_lang(request.config)}
        response = request.render("web/database_manager.html", values)
        response.status_code = status
        return response

    def _refused(self, master_pwd):
        """The manager page that refuses the request (disabled, wrong master password), or None."""
        if not self._enabled():
            return self._page()
        try:
            db_service.check_super(request.config, master_pwd)
        except AccessDenied:
            return self._page("Access Denied: wrong master password", status=403)
        return None

    def _change(self, method, params, redirect="/web/database/manager"):
        """A ``db`` service call; the manager again, with the error when it failed."""
        if not self._enabled():
            return self._page()
        try:
            http.dispatch_rpc("db", method, params)
        except AccessDenied:
            return self._page("Access Denied: wrong master password", status=403)
        except Exception as error:  # the manager shows what went wrong, as Odoo's does
            return self._page(f"Database {method} error: {error}", status=400)
        return request.redirect(redirect, 303)

    @http.route(["/web/database/manager", "/web/database/selector"], type="http", auth="none")
    def manager(self, **kw):
        return self._page()

    @http.route("/web/database/create", type="http", auth="none", methods=["POST"], csrf=False)
    def create(self, master_pwd, name, lang="en_US", password="admin", login="admin",
               demo=False, country_code=None, phone=None, **kw):
        response = self._change("create_database", [master_pwd, name, bool(demo), lang, password,
                                                     login, country_code or None, phone or None],
                                redirect="/web")
        if response.status_code == 303:
            request.session.authenticate(name, login, password)
        return response

    @http.route("/web/database/duplicate", type="http", auth="none", methods=["POST"], csrf=False)
    def duplicate(self, master_pwd, name, new_name, neutralize_database=False, **kw):
        return self._change("duplicate_database",
                            [master_pwd, name, new_name, bool(neutralize_database)])

    @http.route("/web/database/drop", type="http", auth="none", methods=["POST"], csrf=False)
    def drop(self, master_pwd, name, **kw):
        return self._change("drop", [master_pwd, name])

    @http.route("/web/database/change_password", type="http", auth="none", methods=["POST"],
                csrf=False)
    def change_password(self, master_pwd, master_pwd_new, **kw):
        return self._change("change_admin_password", [master_pwd, master_pwd_new])

    @http.route("/web/database/backup", type="http", auth="none", methods=["POST"], csrf=False)
    def backup(self, master_pwd, name, backup_format="zip", **kw):
        refused = self._refused(master_pwd)
        if refused is not None:
            return refused
        if name not in http.db_list(force=True):
            return self._page(f"Database backup error: no database {name}", status=400)
        extension = "dump" if backup_format == "dump" else "zip"
        stamp = datetime.datetime.utcnow().strftime("%Y-%m-%d_%H-%M-%S")
        with tempfile.TemporaryFile() as stream:
            db_service.dump_db(request.config, name, stream, backup_format)
            stream.seek(0)
            data = stream.read()
        return request.make_response(data, headers=[
            ("Content-Type", "application/octet-stream; charset=binary"),
            ("Content-Disposition", f'attachment; filename="{name}_{stamp}.{extension}"')])

    @http.route("/web/database/restore", type="http", auth="none", methods=["POST"], csrf=False)
    def restore(self, master_pwd, backup_file, name, copy=False, neutralize_database=False, **kw):
        refused = self._refused(master_pwd)
        if refused is not None:
            return refused
        handle, path = tempfile.mkstemp(suffix=".backup")
        try:
            with os.fdopen(handle, "wb") as target:
                backup_file.save(target)
            db_service.restore_db(request.config, name, path, copy=bool(copy))
            if neutralize_database:
                db_service.neutralize(request.config, name)
        except Exception as error:  # shown on the manager page, as Odoo's does
            return self._page(f"Database restore error: {error}", status=400)
        finally:
            os.unlink(path)
        return request.redirect("/web/database/manager", 303)
