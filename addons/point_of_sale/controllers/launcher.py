"""From the login to the till: the POS launcher (``/pos/launcher``), Odoo's POS dashboard of tills.

A Point of Sale user who logs in without asking for a page lands here: one card per till the
user may use, with its session's state and the buttons of Odoo 17's dashboard (open a
session, continue selling, close). Managers also get the sales dashboard and the refused
orders. ``/web`` lists the launcher among the user's pages.
"""
from __future__ import annotations

from odoo import _, http
from odoo.addons.web.controllers.home import Home
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

POS_USER = "point_of_sale.group_pos_user"
POS_MANAGER = "point_of_sale.group_pos_manager"
LAUNCHER = "/pos/launcher"


class PosHome(Home):

    def _login_redirect(self, uid: int, redirect: str | None = None) -> str:
        if not redirect and uid:
            user = request.env["res.users"].sudo().browse(uid)
            if user.has_group(POS_USER):           # the group implies an internal user
                return LAUNCHER
        return super()._login_redirect(uid, redirect=redirect)

    def _web_apps(self) -> list[tuple[str, str]]:
        apps = super()._web_apps()
        if request.env.user.has_group(POS_USER):
            apps.append((_("Point of Sale"), LAUNCHER))
        if request.env.user.has_group(POS_MANAGER):
            apps.append((_("Point of Sale Dashboard"), "/pos/dashboard"))
        return apps


class PosLauncher(http.Controller):

    @http.route(LAUNCHER, type="http", auth="user", methods=["GET"])
    def launcher(self, message=None, error=None, **kw):
        """The tills of the user's companies, each with its session and what can be done."""
        user = request.env.user
        if not user.has_group(POS_USER):
            return request.render("point_of_sale/no_session.html", {
                "config": None, "message": _("Only Point of Sale users may use the tills; ask an "
                                             "administrator for the Point of Sale access.")}, status=403)
        configs = request.env["pos.config"].search([], order="name, id")
        is_manager = user.has_group(POS_MANAGER)
        refused = request.env["pos.order.rejected"].search_count([("state", "=", "open")]) if is_manager else 0
        response = request.render("point_of_sale/launcher.html", {
            "cards": [self._card(config) for config in configs], "user": user, "is_manager": is_manager,
            "refused_count": refused, "csrf_token": request.csrf_token(),
            "message": message, "error": error})
        response.headers["Cache-Control"] = "no-store"
        return response

    def _card(self, config) -> dict:
        """What one till's card shows: its session and the actions open to the user."""
        session = config.current_session_id
        state = session.state if session else False
        labels = dict(request.env["pos.session"]._fields["state"].selection)
        ui = f"/pos/ui?config_id={config.id}"
        actions = []
        if not session:
            actions.append({"kind": "open", "label": _("Open Session"), "post": f"{LAUNCHER}/open"})
        elif state == "opening_control":
            actions.append({"kind": "open", "label": _("Open Session"), "url": ui})
        elif state == "opened":
            actions.append({"kind": "continue", "label": _("Continue Selling"), "url": ui})
            actions.append({"kind": "close", "label": _("Close"), "url": f"{ui}&close=1"})
        elif state == "closing_control":
            actions.append({"kind": "close", "label": _("Close"), "post": f"{LAUNCHER}/close"})
        return {"config": config, "session": session, "state": state,
                "state_label": labels.get(state, _("Closed")) if state else _("Closed"),
                "cashier": session.user_id.name if session else False,
                "rescue": config.number_of_rescue_session, "actions": actions}

    @http.route(f"{LAUNCHER}/open", type="http", auth="user", methods=["POST"])
    def open_session(self, config_id=None, **kw):
        """Open a session of the till (``open_ui``) and go to it."""
        config = self._config(config_id)
        try:
            action = config.open_ui()
        except (UserError, ValidationError, AccessError) as error:
            return self._back(error=error.args[0])
        return request.redirect(action["url"], 303)

    @http.route(f"{LAUNCHER}/close", type="http", auth="user", methods=["POST"])
    def close_session(self, config_id=None, **kw):
        """Close and post a session left in closing control (its cash was counted on the till)."""
        config = self._config(config_id)
        session = config.current_session_id
        if not session or session.state != "closing_control":
            return self._back(error=_("%s has no session waiting to be closed.", config.name))
        try:
            session._check_own_session_or_manager(_("close"))
            result = session.action_pos_session_closing_control()
        except (UserError, ValidationError, AccessError) as error:
            return self._back(error=error.args[0])
        if isinstance(result, dict):
            return self._back(error=_("%s does not balance: a manager must force its closing.", session.name))
        return self._back(message=_("Session %s is closed.", session.name))

    def _config(self, config_id):
        try:
            config = request.env["pos.config"].search([("id", "=", int(config_id))], limit=1)
        except (TypeError, ValueError):
            config = None
        if not config:
            raise request.not_found(_("Point of Sale %s does not exist or is not yours.", config_id))
        return config

    @staticmethod
    def _back(message=None, error=None):
        query = {key: value for key, value in (("message", message), ("error", error)) if value}
        return request.redirect_query(LAUNCHER, query)
