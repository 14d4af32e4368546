"""``call_kw`` of ``pos.session.load_pos_data`` (Odoo 17's browser loads its data so) answered
like ``POST /pos/ui``: the cached catalogue, gzip-encoded when accepted."""
from __future__ import annotations

from odoo import http
from odoo.addons.web.controllers.dataset import DataSet
from odoo.http import request

from .payload import payload_response


class PosDataSet(DataSet):

    @http.route()
    def call_kw(self, model, method, args, kwargs, path=None):
        if model == "pos.session" and method == "load_pos_data" and len(args or ()) == 1 \
                and set(kwargs or {}) <= {"context"}:
            ids = args[0] if isinstance(args[0], list) else [args[0]]
            env = request.env(context={**request.env.context, **((kwargs or {}).get("context") or {})})
            session = env["pos.session"].browse(ids)
            session.ensure_one()
            return payload_response(session)
        return super().call_kw(model, method, args, kwargs, path=path)
