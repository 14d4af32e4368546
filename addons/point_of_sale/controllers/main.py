"""The POS routes: the page, its payload, loading more records, and sending orders.

``GET /pos/ui`` serves the POS page; ``POST /pos/ui``, ``/pos/web_read_models`` and
``/pos/create_from_ui`` are JSON-RPC routes that reach the same model methods as Odoo 17's
``call_kw`` calls (``load_pos_data``, ``get_pos_ui_*_by_params``, ``create_from_ui``).
"""
from __future__ import annotations

from odoo import _, http
from odoo.exceptions import AccessError, UserError
from odoo.http import assets, request

from .payload import payload_response

#: the asset bundle of the browser POS, and its entry module (in point_of_sale/static/src/)
POS_BUNDLE = "point_of_sale.assets_pos"
ENTRY = "main.js"

#: what /pos/web_read_models accepts at most per call
MAX_READ_LIMIT = 1000


class PosController(http.Controller):

    @http.route(["/pos/ui", "/pos/web"], type="http", auth="user", methods=["GET"])
    def pos_web(self, config_id=None, **kw):
        """The POS page of a till with an open session, else a page saying how to open one."""
        if not request.env.user._is_internal():
            return request.not_found()
        config = self._config(config_id)
        if config is None:
            return request.render("point_of_sale/no_session.html", {
                "config": None, "message": _("Give the till to open: /pos/ui?config_id=<id>.")},
                status=400)
        session = self._open_session(config)
        if not session:
            return request.render("point_of_sale/no_session.html", {
                "config": config, "message": _(
                    "%s has no open session. Open one from Point of Sale ▸ Dashboard (Open Session), "
                    "or call pos.config.open_ui on it, then reload this page.", config.name)})
        login_number = session.login()
        info = {"pos_session_id": session.id, "pos_config_id": config.id,
                "login_number": login_number, "db": request.db, "uid": request.env.uid,
                "user_companies": {"current_company": session.company_id.id,
                                   "allowed_companies": {session.company_id.id: {
                                       "id": session.company_id.id, "name": session.company_id.name}}}}
        entry = f"/point_of_sale/static/src/{ENTRY}"
        response = request.render("static/shell.html", {
            "title": f"{config.name} – Point of Sale",
            "entry": entry,
            "imports": {"@point_of_sale/": "/point_of_sale/static/src/"},
            "styles": ["/point_of_sale/static/src/pos.css"],
            "config": {**info, "config_name": config.name, "session_name": session.name,
                       "extensions": self._extension_modules(entry)},
        })
        response.headers["Cache-Control"] = "no-store"
        return response

    def _extension_modules(self, entry: str) -> list[str]:
        """The JS modules other addons add to the POS bundle (each may export ``setup(pos)``)."""
        bundle = assets.env_bundle(request.env, POS_BUNDLE)
        if bundle is None:
            return []
        return [asset.url for asset in bundle.files("js")
                if asset.url != entry and not asset.url.startswith("/point_of_sale/")]

    @http.route("/pos/ui", type="json", auth="user", methods=["POST"])
    def pos_ui_data(self, config_id, since=None):
        """The payload of the till's open session (``pos.config._get_pos_ui_data``), its
        catalogue from the cache while it has not changed, gzip-encoded when accepted.

        ``since``: ``{"session_id", "bus_last_id"}`` of the payload the till still has; when
        it is the open session's, only what changed since (``_load_pos_ui_delta``) comes back.
        """
        config = self._config(config_id)
        if config is None:
            raise UserError(_("Point of Sale %s does not exist or is not yours.", config_id))
        session = config.current_session_id
        if isinstance(since, dict) and session and since.get("session_id") == session.id \
                and isinstance(since.get("bus_last_id"), int):
            delta = session._load_pos_ui_delta(since.get("bus_last_id"))
            if delta is not None:
                return delta
        return payload_response(config._pos_ui_session())

    @http.route("/pos/web_read_models", type="json", auth="user", methods=["POST"])
    def web_read_models(self, model, config_id=None, domain=None, fields=None, offset=0, limit=None,
                        ids=None, order=None):
        """More records of a model the payload loads, within the user's rights."""
        env = request.env
        if not env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(_("Only Point of Sale users may read the POS models."))
        if config_id is not None:
            config = self._config(config_id)
            session = config.current_session_id if config else None
        else:
            session = env["pos.session"].search([("state", "=", "opened"), ("user_id", "=", env.uid)], limit=1)
        if not session:
            raise UserError(_("Open a session of the till first (no open session found)."))
        if model not in session.config_id._pos_ui_loadable_models():
            raise AccessError(_("%s is not a model the Point of Sale loads.", model))
        limit = min(int(limit or MAX_READ_LIMIT), MAX_READ_LIMIT)
        domain = list(domain or [])
        if ids is not None:
            domain.append(("id", "in", list(ids)))
        params = {"domain": domain, "offset": int(offset or 0), "limit": limit}
        if fields:
            params["fields"] = list(fields)
        if order:
            params["order"] = order
        if model == "product.product":
            return session.get_pos_ui_product_product_by_params(params)
        if model == "res.partner":
            return session.get_pos_ui_res_partner_by_params(params)
        env[model].check_access_rights("read")
        return env[model].search_read(**params)

    @http.route("/pos/create_from_ui", type="json", auth="user", methods=["POST"])
    def create_from_ui(self, orders, draft=False):
        """Store orders (``pos.order.create_from_ui``): one answer per order."""
        return request.env["pos.order"].create_from_ui(orders, draft=draft)

    def _config(self, config_id):
        try:
            config_id = int(config_id)
        except (TypeError, ValueError):
            return None
        config = request.env["pos.config"].search([("id", "=", config_id)], limit=1)
        return config or None

    def _open_session(self, config):
        """The user's open session of the till, else anyone's (several cashiers may share one)."""
        sessions = request.env["pos.session"]
        states = ("opening_control", "opened")
        return sessions.search([("config_id", "=", config.id), ("state", "in", states),
                                ("rescue", "=", False), ("user_id", "=", request.env.uid)], limit=1) or \
            sessions.search([("config_id", "=", config.id), ("state", "in", states),
                             ("rescue", "=", False)], limit=1)
