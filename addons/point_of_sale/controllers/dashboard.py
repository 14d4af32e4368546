"""The managers' dashboard (``/pos/dashboard``): sales charts and the orders the server refused.

The charts are the figures of ``pos.dashboard.get_sales_figures`` drawn as inline SVG by the
template (no chart library); the refused orders (``pos.order.rejected``) can be stored again
(after fixing their data), dropped with a note, or read as raw data. Cashiers get a 403 page
saying the dashboard is for managers.
"""
from __future__ import annotations

import datetime
import json

from odoo import _, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from .launcher import POS_MANAGER

DASHBOARD = "/pos/dashboard"
DEFAULT_DAYS = 7
CHARTS = [("hour", "Sales by hour"), ("product", "Sales by product"), ("category", "Sales by category"),
          ("payment_method", "Sales by payment method"), ("session", "Sales per session"),
          ("cashier", "Sales per cashier")]


class PosDashboardController(http.Controller):

    @http.route(DASHBOARD, type="http", auth="user", methods=["GET"])
    def dashboard(self, date_from=None, date_to=None, company_id=None, show=None, message=None, error=None,
                  **kw):
        refusal = self._refuse_non_managers()
        if refusal:
            return refusal
        env = request.env
        today = fields.Date.context_today(env.user)
        date_to = date_to or fields.Date.to_string(today)
        date_from = date_from or fields.Date.to_string(today - datetime.timedelta(days=DEFAULT_DAYS - 1))
        try:
            figures = env["pos.dashboard"].get_sales_figures(date_from, date_to, company_id or None)
        except (UserError, AccessError) as exc:
            error = exc.args[0]
            figures = env["pos.dashboard"].get_sales_figures(None, None, None)
        company = env["res.company"].browse(figures["company"]["id"])
        domain = [("company_id", "=", company.id)]
        if show != "all":
            domain.append(("state", "=", "open"))
        refused = env["pos.order.rejected"].search(domain, limit=200)
        currency = figures["currency"]

        def money(value) -> str:
            text = f"{value:,.{currency['decimal_places']}f}"
            symbol = currency["symbol"]
            return f"{symbol} {text}" if currency["position"] == "before" else f"{text} {symbol}"

        response = request.render("point_of_sale/dashboard.html", {
            "figures": figures, "charts": [(key, _(title), figures["charts"][key]) for key, title in CHARTS],
            "money": money, "companies": env.user.company_ids, "company": company,
            "refused": refused, "show": show or "open", "csrf_token": request.csrf_token(),
            "message": message, "error": error, "user": env.user,
        })
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route(f"{DASHBOARD}/data", type="json", auth="user", methods=["POST"])
    def dashboard_data(self, date_from=None, date_to=None, company_id=None):
        """The same figures as JSON (for a client that draws its own charts)."""
        return request.env["pos.dashboard"].get_sales_figures(date_from, date_to, company_id)

    @http.route(f"{DASHBOARD}/refused/<int:rejected_id>", type="http", auth="user", methods=["GET"])
    def refused_order(self, rejected_id, message=None, error=None, **kw):
        """One refused order: its reason and its raw data, to fix and store again."""
        refusal = self._refuse_non_managers()
        if refusal:
            return refusal
        rejected = self._rejected(rejected_id)
        try:
            pretty = json.dumps(json.loads(rejected.raw_data), indent=1, sort_keys=True)
        except ValueError:
            pretty = rejected.raw_data
        return request.render("point_of_sale/refused_order.html", {
            "rejected": rejected, "raw": pretty, "csrf_token": request.csrf_token(),
            "message": message, "error": error})

    @http.route(f"{DASHBOARD}/refused/<int:rejected_id>/retry", type="http", auth="user", methods=["POST"])
    def refused_retry(self, rejected_id, raw_data=None, **kw):
        """Store the order again, with its fixed data when given; says what came of it."""
        refusal = self._refuse_non_managers()
        if refusal:
            return refusal
        rejected = self._rejected(rejected_id)
        back = f"{DASHBOARD}/refused/{rejected.id}" if raw_data is not None else DASHBOARD
        try:
            if raw_data is not None:
                rejected.action_update_raw_data(raw_data)
            rejected.action_retry()
        except (UserError, ValidationError, AccessError) as exc:
            return request.redirect_query(back, {"error": exc.args[0]})
        if rejected.state == "stored":
            return request.redirect_query(DASHBOARD, {"message": _(
                "%(name)s is stored as order %(order)s.", name=rejected.name,
                order=rejected.order_id.pos_reference or rejected.order_id.name)})
        return request.redirect_query(back, {"error": _(
            "%(name)s was refused again: %(reason)s", name=rejected.name, reason=rejected.reason)})

    @http.route(f"{DASHBOARD}/refused/<int:rejected_id>/drop", type="http", auth="user", methods=["POST"])
    def refused_drop(self, rejected_id, note=None, **kw):
        refusal = self._refuse_non_managers()
        if refusal:
            return refusal
        rejected = self._rejected(rejected_id)
        if not (note or "").strip():
            return request.redirect_query(DASHBOARD, {"error": _("Say why %s is dropped (a note is needed).",
                                                                 rejected.name)})
        rejected.action_drop(note=note.strip())
        return request.redirect_query(DASHBOARD, {"message": _("%s is dropped.", rejected.name)})

    def _refuse_non_managers(self):
        user = request.env.user
        if user.has_group(POS_MANAGER):            # the group implies an internal user
            return None
        return request.render("point_of_sale/message.html", {
            "title": _("Point of Sale Dashboard"),
            "message": _("The Point of Sale dashboard is for managers: %s is not a Point of Sale "
                         "administrator.", user.name)}, status=403)

    def _rejected(self, rejected_id):
        rejected = request.env["pos.order.rejected"].search([("id", "=", rejected_id)], limit=1)
        if not rejected:
            raise request.not_found(_("No refused order %s.", rejected_id))
        return rejected
