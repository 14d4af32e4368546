"""Orders sent by the browser (``pos.order.create_from_ui``): stored exactly once, checked.

The plain orders of a call are checked and stored together (``pos_order_sync_batch.py``);
the others are handled here one by one, each in a savepoint: one bad order does not stop
the others, and the answer says for each order whether it was stored, already known, or
refused and why. A refused order is kept in ``pos.order.rejected`` with its raw data.

Exactly once: an order is known by its client ``uuid``; an order without one (Odoo 16/17
clients) gets one made from its receipt number and content, which is Odoo's rule (same
``pos_reference`` and same lines and payments) kept by the same unique index. A replay of a
stored order answers that order's id and changes nothing; a draft is updated. Two
concurrent sends of one order meet on the unique index: the second's transaction is
retried (as a serialization failure), and then finds the first's order.

The server does not trust the client's figures: lines are recomputed with the tax engine,
and an order whose client totals differ beyond rounding, or whose payments do not cover
its total, is refused.
"""
from __future__ import annotations

import json
import logging
import uuid as uuidlib

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .pos_session import raise_serialization_failure

_logger = logging.getLogger(__name__)

#: namespace of the identifiers given to orders sent without one
ORDER_UUID_NAMESPACE = uuidlib.UUID("6f1c1d0e-6b5e-4c1e-9d65-0c8f6a3f2b10")
#: SQLSTATEs the unit of work retries: let them through
RETRYABLE_SQLSTATES = ("40001", "40P01", "55P03")
UNIQUE_VIOLATION, EXCLUSION_VIOLATION = "23505", "23P01"
#: constraints two calls storing the same order, or the first late orders of a closed
#: session, run into at once
CONCURRENT_INSERTS = ("pos_order_uuid_unique", "pos_session_one_rescue_session_per_config")
LINE_KEYS_NOT_STORED = frozenset(("id", "order_id", "description", "price_manually_set",
                                  "price_type", "skip_change", "attribute_value_ids", "combo_line_ids",
                                  "combo_parent_id"))


class OrderRefused(UserError):
    """An order the server will not store as sent (the message says why)."""


def _sqlstate(error: BaseException) -> str | None:
    # psycopg 3 names it sqlstate, psycopg2 pgcode: read either so this runs on both
    return getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def create_from_ui(self, orders: list, draft: bool = False) -> list:
        """Store the orders sent by the browser; one answer per order, in order.

        Each answer is Odoo's ``{'id', 'pos_reference', 'account_move'}`` (the invoice's id when
        the order was invoiced) plus ``invoice_name`` (its number), ``uuid``,
        ``status`` (``stored``, ``updated``, ``known`` for a replay, ``refused``) and, when
        refused, ``reason`` and ``rejected_id`` (the kept copy), with ``id`` False.
        """
        if not isinstance(orders, list):
            raise UserError(_("create_from_ui expects a list of orders."))
        draft = bool(draft)
        # the plain orders of the call are stored together (pos_order_sync_batch.py); the
        # others (replays of drafts, late orders of a closed session, any order the batch
        # could not store) one by one, each in its own savepoint
        answers = self._sync_orders_together(orders, draft)
        return [answers[index] if index in answers else self._sync_order_from_ui(envelope, draft)
                for index, envelope in enumerate(orders)]

    def _sync_orders_together(self, orders: list, draft: bool) -> dict:
        """``{index: answer}`` of the orders stored at once (none here; see the batch module)."""
        return {}

    def _raise_if_retryable(self, error: BaseException) -> None:
        """Let the errors through that mean the whole call must run again."""
        state = _sqlstate(error)
        if state in RETRYABLE_SQLSTATES:
            raise error
        if state in (UNIQUE_VIOLATION, EXCLUSION_VIOLATION) and any(
                name in str(error) for name in CONCURRENT_INSERTS):
            # another transaction stored this order (or opened the till's rescue session)
            # after ours began: run the call again, it then finds that order (or session)
            raise_serialization_failure(self.env.cr, "pos order or rescue session stored twice at once")

    def _sync_answer(self, status: str) -> dict:
        """The answer for this order, stored, updated or known."""
        invoice = self.account_move.sudo()
        return {"id": self.id, "pos_reference": self.pos_reference, "account_move": invoice.id or False,
                "invoice_name": invoice.name or False, "uuid": self.uuid, "status": status}

    def _orders_stored_from_ui(self, datas: list) -> None:
        """Hook: these orders were just stored or updated from the browser's ``datas`` (the
        order data of each, in the same order). Called for every order stored, one by one or
        together; extend it rather than the per-order steps."""

    def _sync_order_from_ui(self, envelope, draft: bool) -> dict:
        data = envelope.get("data", envelope) if isinstance(envelope, dict) else None
        reference = (data.get("name") if isinstance(data, dict) else None) or False
        try:
            with self.env.cr.savepoint():
                order, status = self._process_order_from_ui(envelope, draft)
        except Exception as error:  # any failure of one order refuses that order only
            self._raise_if_retryable(error)
            reason = error.args[0] if isinstance(error, (UserError, ValidationError)) and error.args \
                else f"{type(error).__name__}: {error}"
            if not isinstance(error, (UserError, ValidationError)):
                _logger.exception("POS order %s refused", reference)
            rejected = self.env["pos.order.rejected"].sudo()._keep(envelope, reason, draft)
            return {"id": False, "pos_reference": reference, "account_move": False,
                    "uuid": rejected.uuid or False,
                    "status": "refused", "reason": reason, "rejected_id": rejected.id}
        if status != "known":
            self.env["pos.order.rejected"].sudo()._mark_stored(order)
        return order._sync_answer(status)

    # -- one order -----------------------------------------------------------------------------

    def _process_order_from_ui(self, envelope, draft: bool):
        """Store one order; returns (order, status)."""
        if not isinstance(envelope, dict) or not isinstance(envelope.get("data", envelope), dict):
            raise OrderRefused(_("An order must be an object {'id', 'data': {...}, 'to_invoice'}."))
        data = dict(envelope.get("data", envelope))
        data["to_invoice"] = bool(envelope.get("to_invoice", data.get("to_invoice")))
        for key in ("name", "pos_session_id", "lines"):
            if key not in data:
                raise OrderRefused(_("The order has no '%s'.", key))
        key = self._order_uuid(data)
        existing = self._find_existing_order(data, key)
        if existing and existing.state != "draft":
            return existing, "known"
        session = self._session_for_order(data)
        values = self._order_fields(data, session)
        if existing:
            existing.lines.unlink()
            existing.payment_ids.sudo().unlink()
            values.pop("user_id", None)     # the draft keeps who started it
            values.pop("uuid", None)
            existing.write(values)
            order, status = existing, "updated"
        else:
            values["uuid"] = key
            order, status = self.create(values), "stored"
        order._check_amounts_from_ui(data)
        order._process_payments_from_ui(data, draft)
        if not draft:
            if not order._is_pos_order_paid():
                raise OrderRefused(_(
                    "Order %(order)s is not fully paid: its total is %(total)s and its payments "
                    "come to %(paid)s.", order=order.pos_reference, total=order.amount_total,
                    paid=order.amount_paid))
            order.action_pos_order_paid()
            order._compute_total_cost_in_real_time()
            if data["to_invoice"]:
                order._invoice_from_ui()
        order._orders_stored_from_ui([envelope.get("data", envelope)])
        return order, status

    def _invoice_from_ui(self) -> None:
        """Invoice an order paid at the till that asked for it (refused when the till may
        not invoice or the order has no customer)."""
        self.ensure_one()
        if not self.config_id.module_account:
            raise OrderRefused(_("Invoicing is turned off for %s.", self.config_id.name))
        if not self.partner_id:
            raise OrderRefused(_("Order %s asks for an invoice but has no customer: choose the "
                                 "customer to invoice.", self.pos_reference))
        self._generate_pos_order_invoice()

    def _order_uuid(self, data: dict) -> str:
        """The client's identifier, else one made from the receipt number and the content."""
        if data.get("uuid"):
            return str(data["uuid"])
        return str(uuidlib.uuid5(ORDER_UUID_NAMESPACE, f"{data.get('name')}|{self._content_key(data)}"))

    @api.model
    def _content_key(self, data: dict) -> str:
        """What makes two sends with one receipt number the same order (Odoo's rule): the
        products and unit prices of the lines, the methods and amounts of the payments."""
        lines = sorted((line[2].get("product_id"), float(line[2].get("price_unit") or 0),
                        float(line[2].get("qty") or 0))
                       for line in data.get("lines") or [] if len(line) > 2 and isinstance(line[2], dict))
        payments = sorted((payment[2].get("payment_method_id"), float(payment[2].get("amount") or 0))
                          for payment in data.get("statement_ids") or []
                          if len(payment) > 2 and isinstance(payment[2], dict))
        return json.dumps([lines, payments])

    def _find_existing_order(self, data: dict, key: str):
        """The order this send is a replay or an update of, if any."""
        found = self.search([("uuid", "=", key)], limit=1)
        if found:
            return found
        if data.get("server_id"):
            found = self.search([("id", "=", int(data["server_id"]))], limit=1)
            if found:
                return found
        if data.get("uuid"):
            return found
        candidates = self.search([("pos_reference", "=", data["name"])])
        drafts = candidates.filtered(lambda order: order.state == "draft")
        if drafts:
            return drafts[:1]
        content = self._content_key(data)
        return candidates.filtered(lambda order: self._content_key(order._export_for_ui()) == content)[:1]

    def _session_for_order(self, data: dict):
        """The order's session, or the rescue session of its till when it was closed since."""
        session = self.env["pos.session"].browse(int(data["pos_session_id"])).exists()
        if not session:
            raise OrderRefused(_("Session %s does not exist.", data["pos_session_id"]))
        if session._lock_for_new_order() in ("closing_control", "closed"):
            session = self._get_valid_session(session)
        return session

    @api.model
    def _get_valid_session(self, closed_session):
        """A non-closed rescue session of the closed session's till, made when missing."""
        sessions = self.env["pos.session"].sudo()
        rescue = sessions.search([("config_id", "=", closed_session.config_id.id), ("rescue", "=", True),
                                  ("state", "not in", ("closing_control", "closed"))], limit=1)
        if rescue and rescue._lock_for_new_order() not in ("closing_control", "closed"):
            return rescue.with_env(self.env)
        _logger.warning("session %s is closed: its orders go to a rescue session", closed_session.name)
        rescue = sessions.create({"config_id": closed_session.config_id.id,
                                  "name": _("(RESCUE FOR %s)", closed_session.name),
                                  "rescue": True, "user_id": closed_session.user_id.id})
        rescue.action_pos_session_open()
        return rescue.with_env(self.env)

    def _order_fields(self, data: dict, session) -> dict:
        """The ``pos.order`` values of a client order (Odoo 17 names; 16's ``creation_date``)."""
        date = data.get("date_order") or data.get("creation_date")
        date = str(date).replace("T", " ")[:19] if date else fields.Datetime.now()
        order_lines = self.env["pos.order.line"]
        lines = [order_lines._order_line_fields(line, session) for line in data.get("lines") or []]
        values = {
            "user_id": data.get("user_id") or self.env.uid,
            "session_id": session.id,
            "company_id": session.company_id.id,
            "lines": lines,
            "pos_reference": data["name"],
            "sequence_number": data.get("sequence_number") or 1,
            "partner_id": data.get("partner_id") or False,
            "date_order": date,
            "fiscal_position_id": data.get("fiscal_position_id") or False,
            "pricelist_id": data.get("pricelist_id") or False,
            "amount_paid": data.get("amount_paid") or 0.0,
            "amount_total": data.get("amount_total") or 0.0,
            "amount_tax": data.get("amount_tax") or 0.0,
            "amount_return": data.get("amount_return") or 0.0,
            "to_invoice": data["to_invoice"],
            "shipping_date": data.get("shipping_date") or False,
            "is_tipped": bool(data.get("is_tipped")),
            "tip_amount": data.get("tip_amount") or 0.0,
            "access_token": data.get("access_token") or False,
            "ticket_code": data.get("ticket_code") or False,
        }
        return values

    def _check_amounts_from_ui(self, data: dict) -> None:
        """Recompute the lines and totals; refuse client figures that differ beyond rounding."""
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id
        client_lines = [line[2] for line in data.get("lines") or []]
        line_taxes = []
        for line, client in zip(self.lines, client_lines):
            amounts = line._compute_amount_line_all()
            line_taxes.append(sum(tax["amount"] for tax in amounts["taxes"]))
            for fname in ("price_subtotal", "price_subtotal_incl"):
                sent = client.get(fname)
                if sent is not None and abs(float(sent) - amounts[fname]) > currency.rounding + 1e-9:
                    raise OrderRefused(_(
                        "Line %(product)s of %(order)s: %(field)s is %(sent)s on the till but "
                        "%(server)s on the server (taxes %(taxes)s).", product=line.product_id.display_name,
                        order=self.pos_reference, field=fname, sent=sent, server=amounts[fname],
                        taxes=", ".join(line.tax_ids_after_fiscal_position.mapped("name")) or "none"))
            line.write({"price_subtotal": amounts["price_subtotal"],
                        "price_subtotal_incl": amounts["price_subtotal_incl"]})
        tax, total = self._amounts_from_lines(line_taxes)
        tolerance = currency.rounding * max(1, len(client_lines)) / 2 + 1e-9
        for fname, server in (("amount_total", total), ("amount_tax", tax)):
            sent = data.get(fname)
            if sent is not None and abs(float(sent) - server) > tolerance:
                raise OrderRefused(_("Order %(order)s: %(field)s is %(sent)s on the till but %(server)s "
                                     "on the server.", order=self.pos_reference, field=fname,
                                     sent=sent, server=server))
        self.write({"amount_tax": tax, "amount_total": total})

    def _process_payments_from_ui(self, data: dict, draft: bool) -> None:
        """Create the payments sent, and the change given back as a negative cash payment."""
        self.ensure_one()
        payments = self.env["pos.payment"]
        values = [self._payment_fields(payment[2]) for payment in data.get("statement_ids") or []
                  if len(payment) > 2 and isinstance(payment[2], dict)]
        for vals in values:
            vals["pos_order_id"] = self.id
        if values:
            payments.create(values)
        amount_return = float(data.get("amount_return") or 0.0)
        currency = self.currency_id or self.company_id.currency_id
        if not draft and not currency.is_zero(amount_return):
            cash = self.session_id.payment_method_ids.filtered("is_cash_count")[:1]
            if not cash:
                raise OrderRefused(_("No cash statement found for this session. Unable to record "
                                     "returned cash."))
            payments.create({"name": _("return"), "pos_order_id": self.id, "amount": -amount_return,
                             "payment_date": fields.Datetime.now(), "payment_method_id": cash.id,
                             "is_change": True})
        self.write({"amount_paid": sum(self.payment_ids.mapped("amount")),
                    "amount_return": amount_return})
        self._check_terminal_payments()

    @api.model
    def _payment_fields(self, client: dict) -> dict:
        date = client.get("name") or client.get("payment_date")
        return {
            "amount": client.get("amount") or 0.0,
            "payment_date": str(date).replace("T", " ")[:19] if date else fields.Datetime.now(),
            "payment_method_id": client.get("payment_method_id"),
            "card_type": client.get("card_type"),
            "cardholder_name": client.get("cardholder_name"),
            "transaction_id": client.get("transaction_id"),
            "payment_status": client.get("payment_status"),
            "ticket": client.get("ticket"),
        }


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    @api.model
    def _order_line_fields(self, line, session) -> tuple:
        """A client line ``[0, 0, {...}]`` as a create command: unknown keys dropped, taxes
        from the product when the client sent none."""
        if not (isinstance(line, (list, tuple)) and len(line) > 2 and isinstance(line[2], dict)):
            raise OrderRefused(_("An order line must be [0, 0, {...}]."))
        fields_ = self._fields
        values = {key: value for key, value in line[2].items()
                  if key in fields_ and key not in LINE_KEYS_NOT_STORED}
        product = self.env["product.product"].browse(values.get("product_id")).exists()
        if not product:
            raise OrderRefused(_("Product %s does not exist (any more).", values.get("product_id")))
        if not values.get("tax_ids"):
            taxes = product.taxes_id.filtered(lambda tax: tax.company_id == session.company_id)
            values["tax_ids"] = [(6, 0, taxes.ids)]
        values.setdefault("price_subtotal", 0.0)
        values.setdefault("price_subtotal_incl", 0.0)
        if "full_product_name" not in values:
            values["full_product_name"] = product.display_name
        lots = values.pop("pack_lot_ids", None)
        if lots:
            values["pack_lot_ids"] = _lot_commands(lots)
        return (0, 0, values)


def _lot_commands(lots) -> list:
    """The lot and serial numbers of a client line (``[[0, 0, {'lot_name': ...}], ...]``, as
    Odoo 17's browser sends them) as create commands; anything else is refused."""
    commands = []
    for lot in lots if isinstance(lots, list) else [None]:
        if not (isinstance(lot, (list, tuple)) and len(lot) > 2 and isinstance(lot[2], dict)
                and isinstance(lot[2].get("lot_name"), str) and lot[2]["lot_name"].strip()):
            raise OrderRefused(_("A line's lot or serial numbers must be [[0, 0, {'lot_name': 'LOT1'}], ...]."))
        commands.append((0, 0, {"lot_name": lot[2]["lot_name"].strip()}))
    return commands
