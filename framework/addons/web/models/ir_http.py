"""``ir.http.session_info()``: what the web client and JSON clients learn about their session."""
from odoo import api, models, release


class IrHttp(models.AbstractModel):
    _name = "ir.http"
    _description = "HTTP Routing"

    @api.model
    def session_info(self):
        """The session description of Odoo 17 (the keys clients read)."""
        from odoo.http import request
        user = self.env.user
        session = request.session if request else None
        is_internal = user._is_internal() if user else False
        is_system = user._is_system() if user else False
        company = user.company_id
        user_context = dict(user.context_get()) if user else {}
        info = {
            "uid": user.id or None,
            "is_system": is_system,
            "is_admin": is_system or (user._is_admin() if user else False),
            "is_internal_user": is_internal,
            "is_public": user._is_public() if user else True,
            "user_context": user_context,
            "db": self.env.cr.dbname,
            "user_settings": {},
            "server_version": release.version,
            "server_version_info": list(release.version_info),
            "support_url": "https://www.odoo.com/buy",
            "name": user.name,
            "username": user.login,
            "partner_display_name": user.partner_id.display_name,
            "partner_id": user.partner_id.id,
            "partner_write_date": _datetime_string(user.partner_id.write_date),
            "company_id": company.id,
            "web.base.url": self.env["ir.config_parameter"].sudo().get_param(
                "web.base.url", request.httprequest.url_root.rstrip("/") if request else ""),
            "active_ids_limit": 20000,
            "profile_session": None,
            "profile_collectors": None,
            "profile_params": None,
            "max_file_upload_size": 128 * 1024 * 1024,
            "home_action_id": user.action_id.id or False,
            "cache_hashes": {"translations": "0"},
            "currencies": self._currencies(),
            "bundle_params": {"lang": user_context.get("lang", "en_US")},
            "test_mode": False,
            "show_effect": True,
            "display_switch_company_menu": len(user.company_ids) > 1,
        }
        if session is not None and session.get("debug"):
            info["bundle_params"]["debug"] = session["debug"]
        if is_internal:
            info["user_companies"] = {
                "current_company": company.id,
                "allowed_companies": {
                    c.id: {"id": c.id, "name": c.name, "sequence": getattr(c, "sequence", 10),
                           "child_ids": [], "parent_id": False}
                    for c in (user.company_ids or company)},
                "disallowed_ancestor_companies": {},
            }
        return info

    @api.model
    def _currencies(self):
        currencies = self.env["res.currency"].search([])
        return {c.id: {"symbol": c.symbol, "position": c.position,
                       "digits": [69, getattr(c, "decimal_places", 2)]} for c in currencies}


def _datetime_string(value):
    if not value:
        return False
    return value if isinstance(value, str) else value.strftime("%Y-%m-%d %H:%M:%S")
