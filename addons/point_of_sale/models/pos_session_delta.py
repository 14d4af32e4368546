"""What changed in a till's catalogue since it loaded it: ``pos.session._load_pos_ui_delta``.

The payload carries ``bus_last_id``, the newest bus notification when it was read. A till
that still has that payload (a reload, or a push heard on ``/longpolling/poll``) asks for
the records announced after it (``pos_catalogue_push.py``) instead of the whole payload:

    {"delta": true, "bus_last_id": N,
     "records": {"product.product": [rows shaped as in the payload], ...},
     "removed": {"product.product": [ids no longer sold], ...},
     "attributes_by_ptal_id": {...of the changed products},
     "pos.session": {...}, "pos.config": {...}, ...}   # the small records, always fresh

A record announced but no longer matching its loader's domain (archived, no longer available
in the POS, another company) is in ``removed``. When the notifications after ``since`` may
have been garbage-collected (``bus.gc_last_id``), or name a model a delta does not carry
(units, countries, fiscal positions...: rare changes), there is no delta: the caller sends
the whole payload.
"""
from __future__ import annotations

import copy

from odoo import models
from odoo.osv import expression

from .pos_catalogue_push import CATALOGUE_CHANNEL

#: the payload's list models a notification may name (their loaders read them by id)
CATALOGUE_MODELS = ("product.product", "res.partner", "product.pricelist", "account.tax", "pos.category")
#: the small records a delta always carries again (the session's state, the till's settings...)
FRESH_MODELS = ("res.company", "pos.session", "pos.config", "res.users", "res.currency",
                "pos.payment.method", "pos.bill")


class PosSession(models.Model):
    _inherit = "pos.session"

    def _pos_data_process(self, loaded_data: dict) -> None:
        super()._pos_data_process(loaded_data)
        loaded_data["bus_last_id"] = self.env["bus.bus"].sudo()._last_id()

    def _load_pos_ui_delta(self, since: int) -> dict | None:
        """The changes announced after bus id ``since`` (see the module docstring), or None
        when some may have been forgotten."""
        self.ensure_one()
        self._check_can_load()
        bus = self.env["bus.bus"].sudo()
        since = int(since)
        if since < 0 or since < bus._gc_last_id():
            return None
        notifications = bus._read_after([CATALOGUE_CHANNEL], since)
        changed: dict = {}
        for notification in notifications:
            payload = notification["message"].get("payload") or {}
            model = payload.get("model")
            if model in CATALOGUE_MODELS:
                changed.setdefault(model, set()).update(payload.get("ids") or [])
            elif model not in FRESH_MODELS:
                return None

        records, removed = {}, {}
        for model, ids in changed.items():
            rows = self._load_pos_ui_records(model, sorted(ids))
            records[model] = rows
            removed[model] = sorted(ids - {row["id"] for row in rows})
        delta = {"delta": True, "bus_last_id": max([since, *(n["id"] for n in notifications)]),
                 "records": records, "removed": removed,
                 "attributes_by_ptal_id": self._get_attributes_by_ptal_id(records.get("product.product", []))}
        loaded: dict = {}
        session = self.with_context(loaded_data=loaded)
        for model in FRESH_MODELS:
            delta[model] = loaded[model] = session._load_model(model)
        return delta

    def _load_pos_ui_records(self, model: str, ids: list) -> list:
        """The records ``ids`` of ``model`` as the payload has them (its loader, by id)."""
        name = model.replace(".", "_")
        params = copy.deepcopy(getattr(self, f"_loader_params_{name}")())
        search_params = params["search_params"]
        search_params["domain"] = expression.AND([search_params.get("domain") or [], [("id", "in", ids)]])
        search_params.pop("limit", None)
        return getattr(self, f"_get_pos_ui_{name}")(params)
