"""/web/dataset/*: model calls from a logged-in session."""
from odoo import http
from odoo.http import request
from odoo.service.model import call_kw


class DataSet(http.Controller):

    @http.route(["/web/dataset/call_kw", "/web/dataset/call_kw/<path:path>"], type="json", auth="user")
    def call_kw(self, model, method, args, kwargs, path=None):
        """``call_kw(env[model], method, args, kwargs)``; ``path`` is only for readable logs.
        ``kwargs`` must be sent (``{}`` for none), as Odoo requires."""
        return call_kw(request.env[model], method, args, kwargs)

    @http.route(["/web/dataset/call_button", "/web/dataset/call_button/<path:path>"], type="json",
                auth="user")
    def call_button(self, model, method, args, kwargs, path=None):
        """Like call_kw; a result that is not an action becomes False."""
        action = call_kw(request.env[model], method, args, kwargs)
        if isinstance(action, dict) and action.get("type"):
            return {key: value for key, value in action.items() if value is not None}
        return False

    @http.route("/web/dataset/resequence", type="json", auth="user")
    def resequence(self, model, ids, field="sequence", offset=0, context=None):
        records = request.env[model].with_context(**(context or {}))
        if field not in records._fields:
            return False
        for index, record in enumerate(records.browse(ids)):
            record.write({field: index + offset})
        return True
