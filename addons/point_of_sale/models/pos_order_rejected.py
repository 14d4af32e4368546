"""Orders the server refused (``pos.order.rejected``): kept so that no sale is lost.

The raw data the till sent and the reason are kept; a manager can fix the data and store
the order again (``action_retry``) or drop it (``action_drop``).
"""
from __future__ import annotations

import hashlib
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PosOrderRejected(models.Model):
    _name = "pos.order.rejected"
    _description = "Refused Point of Sale Order"
    _order = "id desc"

    name = fields.Char("Receipt Number", readonly=True)
    uuid = fields.Char("Client Identifier", readonly=True, index=True)
    session_id = fields.Many2one("pos.session", "Session", readonly=True, ondelete="set null")
    config_id = fields.Many2one("pos.config", "Point of Sale", readonly=True, ondelete="set null")
    company_id = fields.Many2one("res.company", "Company", required=True, index=True,
                                 default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", "Sent By", readonly=True, default=lambda self: self.env.uid)
    reason = fields.Text("Reason", readonly=True)
    raw_data = fields.Text("Order Data (JSON)", required=True,
                           help="What the till sent; fix it here, then store the order again.")
    fingerprint = fields.Char(readonly=True, index=True)
    draft = fields.Boolean("Sent as Draft", readonly=True)
    attempts = fields.Integer("Attempts", default=1, readonly=True)
    state = fields.Selection([("open", "To Review"), ("stored", "Stored"), ("dropped", "Dropped")],
                             default="open", required=True, index=True, readonly=True)
    order_id = fields.Many2one("pos.order", "Stored Order", readonly=True, ondelete="set null")
    note = fields.Text("Note", help="Why the order was dropped, or what was fixed.")

    @api.model
    def _keep(self, envelope, reason: str, draft: bool):
        """Keep a refused order (a resend of the same data counts as one more attempt)."""
        raw = json.dumps(envelope, sort_keys=True, default=str)
        fingerprint = hashlib.sha256(raw.encode()).hexdigest()
        known = self.search([("fingerprint", "=", fingerprint), ("state", "=", "open")], limit=1)
        if known:
            known.write({"attempts": known.attempts + 1, "reason": reason})
            return known
        data = envelope.get("data", envelope) if isinstance(envelope, dict) else {}
        data = data if isinstance(data, dict) else {}
        session = self.env["pos.session"].browse(
            data.get("pos_session_id") if isinstance(data.get("pos_session_id"), int) else []).exists()
        return self.create({
            "name": str(data.get("name") or _("Unreadable order")),
            "uuid": self._order_key(data),
            "session_id": session.id or False,
            "config_id": session.config_id.id or False,
            "company_id": session.company_id.id or self.env.company.id,
            "reason": reason, "raw_data": raw, "fingerprint": fingerprint, "draft": draft,
        })

    @api.model
    def _order_key(self, data: dict) -> str | bool:
        """The identifier the order would have been stored under (the client's, or the one
        made from its receipt number and content)."""
        if data.get("uuid"):
            return str(data["uuid"])
        if not data.get("name") or not isinstance(data.get("lines", []), list):
            return False
        try:
            return self.env["pos.order"]._order_uuid(data)
        except (AttributeError, IndexError, TypeError, ValueError):
            return False        # content too broken to make one; the raw data is kept

    @api.model
    def _mark_stored(self, order) -> None:
        """A send of a refused order went through at last: its refusals are settled."""
        self._mark_stored_orders(order)

    @api.model
    def _mark_stored_orders(self, orders, found: list | None = None) -> None:
        """``_mark_stored`` of many orders, in one search; ``found``, the ``[(id, uuid)]`` of
        the open refusals of their uuids read earlier in this transaction, spares it."""
        by_uuid = {order.uuid: order for order in orders if order.uuid}
        if not by_uuid:
            return
        if found is None:
            refusals = self.search([("uuid", "in", list(by_uuid)), ("state", "=", "open")])
        else:
            refusals = self.browse([rejected_id for rejected_id, uuid in found if uuid in by_uuid])
        for rejected in refusals:
            rejected.write({"state": "stored", "order_id": by_uuid[rejected.uuid].id})

    def action_retry(self) -> bool:
        """Store the (possibly fixed) order again; it stays here with the new reason when
        it is refused again."""
        for rejected in self:
            if rejected.state != "open":
                raise UserError(_("%s is not waiting for review.", rejected.name))
            try:
                envelope = json.loads(rejected.raw_data)
            except ValueError as error:
                raise UserError(_("The order data is not valid JSON: %s", error)) from error
            answer = self.env["pos.order"].with_company(rejected.company_id) \
                .create_from_ui([envelope], draft=rejected.draft)[0]
            if answer["status"] == "refused":
                rejected_again = self.browse(answer["rejected_id"])
                if rejected_again != rejected:
                    # the fixed data was kept as a new refusal: keep only this one
                    rejected_again.unlink()
                    rejected.write({"reason": answer["reason"], "attempts": rejected.attempts + 1})
            elif rejected.state == "open":      # stored under another identifier than the first
                rejected.write({"state": "stored", "order_id": answer["id"]})
        return True

    def action_drop(self, note: str | None = None) -> bool:
        """Give up on these orders (they stay listed as dropped, with ``note`` saying why)."""
        values = {"state": "dropped"}
        if note:
            values["note"] = note
        self.filtered(lambda rejected: rejected.state == "open").write(values)
        return True

    def action_update_raw_data(self, raw_data: str) -> bool:
        """Replace the order data by a fixed version (JSON text), before a retry."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(_("%s is not waiting for review: its data can no longer change.", self.name))
        try:
            envelope = json.loads(raw_data)
        except (TypeError, ValueError) as error:
            raise UserError(_("The order data is not valid JSON: %s", error)) from error
        if not isinstance(envelope, dict):
            raise UserError(_("The order data must be a JSON object {'id', 'data': {...}}."))
        self.write({"raw_data": json.dumps(envelope, sort_keys=True, indent=1)})
        return True
