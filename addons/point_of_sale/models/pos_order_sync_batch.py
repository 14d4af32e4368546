"""The orders of one ``create_from_ui`` call stored together: a constant number of queries
per call rather than dozens per order.

The plain orders of a call — new, of a session that is not closing,
with known products, amounts that check and payments that cover them — are checked in
Python first (taxes with ``account.tax._compute_all_batch``, products, taxes, methods and
tills read once for the call), then created by one ``create`` with their lines and
payments, numbered from their sequences at once, and their terminal payments confirmed and
invoices made. Their numbers and the ids of their rows are drawn with the plan's read, so
the rows need no round trip each: their INSERTs travel together (many lines: one COPY).
Any other order (a draft stored before, a late order of a closed session, one without a
``uuid`` whose receipt number is known, one the checks refuse) goes through the per-order
steps of ``pos_order_sync.py``, which refuse it with their reason; so does every order of the batch
when storing them together fails, in a savepoint rolled back first. The answers and what is
stored are the same either way.

An addon that overrides the per-order step ``_process_order_from_ui`` gets every order
through it (slower, never wrong); extend ``_order_fields`` and ``_orders_stored_from_ui``.
"""
from __future__ import annotations

import logging

from odoo import _, api, fields, models
from odoo.sql_db import TRANSACTION_NOW
from odoo.tools import SQL

from .pos_order_sync import PosOrder as PosOrderSync
from .pos_order_sync import _sqlstate
from .pos_order_sync_plan import PlanContext, set_ids
from .pos_till_facts import known_companies, known_numbering, seed_sessions, till_facts

_logger = logging.getLogger(__name__)

#: client keys of an order that mean it is not a plain new one
SERVER_ORDER_KEYS = ("server_id",)
#: the key of the plans that holds what the plan read for storing them (not an index)
_READ = "read"


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _sync_orders_together(self, orders: list, draft: bool) -> dict:
        answers = super()._sync_orders_together(orders, draft)
        if type(self)._process_order_from_ui is not PosOrderSync._process_order_from_ui:
            return answers          # an addon extends the per-order step: every order takes it
        plans, known = self._plan_orders_from_ui(orders, draft)
        answers.update(known)
        if not plans:
            return answers
        read = plans.pop(_READ, None)
        try:
            with self.env.cr.savepoint():
                stored = self._store_planned_orders(plans, draft, read)
            # what the block queued is sent by the savepoint's release at the latest: the
            # orders are stored only once it is released
            answers.update(stored)
        except Exception as error:  # the orders are then stored one by one
            self._raise_if_retryable(error)
            _logger.info("%d POS orders stored one by one: storing them together failed (%s)",
                         len(plans), error)
        return answers

    # -- the plan: what each order will be, checked in Python ------------------------------------------

    def _plan_orders_from_ui(self, orders: list, draft: bool) -> tuple[dict, dict]:
        """``({index: (data, values)}, {index: answer})``: the orders to store together with
        their ``pos.order`` values, and the replays of orders stored already. (The plans also
        hold, under ``_READ``, what ``_read_for_plan`` read for storing them.)"""
        datas, keys = {}, {}
        for index, envelope in enumerate(orders):
            data = self._plain_order_data(envelope)
            if data is not None:
                try:
                    keys[index] = self._order_uuid(data)
                except (AttributeError, IndexError, KeyError, TypeError, ValueError):
                    continue        # content too broken to make a key of: refused one by one
                datas[index] = data
        if not datas:
            return {}, {}
        seen, known, plans = set(), {}, {}
        sessions = self.env["pos.session"].browse(list({d["pos_session_id"] for d in datas.values()}))
        existing, states, read = self._read_for_plan(list(keys.values()), sessions, datas.values(), draft)
        # an order sent without a uuid may also be a draft or a replay stored under another
        # key (Odoo's rule: its receipt number): those with a receipt number known already
        # take the per-order steps
        unkeyed = [data["name"] for index, data in datas.items()
                   if not data.get("uuid") and keys[index] not in existing]
        named = set(self.search([("pos_reference", "in", unkeyed)]).mapped("pos_reference")) if unkeyed else set()
        seed_sessions(sessions.browse(list(states)))     # the ones that exist
        self._prefetch_products(datas.values())
        context = PlanContext(self, draft)
        context.product_ids = {line[2]["product_id"] for data in datas.values() for line in data["lines"]}
        context.known_costs(read["costs"])
        for index, data in datas.items():
            key = keys[index]
            if key in seen:
                continue            # the second send of one order in a call: one by one, after
            seen.add(key)
            order = existing.get(key)
            if order:
                if order.state != "draft":
                    known[index] = order._sync_answer("known")
                continue
            if not data.get("uuid") and data["name"] in named:
                continue
            if states.get(data["pos_session_id"]) not in ("opening_control", "opened"):
                continue
            try:
                values = self._planned_values(data, key, sessions.browse(data["pos_session_id"]), context)
            except Exception as error:  # the per-order steps give the reason
                if _sqlstate(error) is not None:
                    raise
                values = None
            if values is not None:
                plans[index] = (data, values)
        if plans:
            plans[_READ] = read
        return plans, known

    def _read_for_plan(self, keys: list, sessions, datas, draft: bool) -> tuple[dict, dict, dict]:
        """What the plan reads of the database, in one round trip: ``({key: order}`` of the
        orders stored under these keys already, ``{session id: state}`` of the sessions
        under their lock (``pos.session._lock_for_new_orders``), ``{'refusals': [(id, key)]
        of the open refusals of these keys, 'numbers': {sequence id: [numbers]}}``)``; and
        which products of the lines exist, as ``exists()`` learns it (``_prefetch_products``
        then needs no query).

        The numbers are those the orders and their lines will take from their tills'
        sequences (``_name_planned_orders``), drawn with the rest when the process knows
        the tills already, the call stores paid orders and none of its orders is stored
        yet: an order the plan leaves to the per-order steps leaves a gap, as an order
        refused after its number was drawn does."""
        self.env.flush_all()
        stored = self._search([("uuid", "in", keys)], order=False, flush=False)     # flushed just now
        refused = self.env["pos.order.rejected"].sudo()._search(
            [("uuid", "in", keys), ("state", "=", "open")], order=False, flush=False)
        products = self.env["product.product"]
        known_ids = self.env.transaction.cache[products._fields["id"]]
        product_ids = tuple(dict.fromkeys(line[2]["product_id"] for data in datas for line in data["lines"]
                                          if line[2]["product_id"] not in known_ids))
        queries = {"stored": stored.select(SQL.identifier(stored.alias, "id"), SQL.identifier(stored.alias, "uuid")),
                   "refusals": refused.select(SQL.identifier(refused.alias, "id"),
                                              SQL.identifier(refused.alias, "uuid")),
                   "states": sessions._new_orders_lock()}
        if product_ids:
            queries["products"] = SQL("SELECT id FROM %s WHERE id IN %s", SQL.identifier(products._table),
                                      product_ids)
        requests = [] if draft else self._numbers_to_draw(sessions, datas)
        numbers_query = self.env["ir.sequence"].sudo()._numbers_query(requests, stored.select()) \
            if requests else None
        if numbers_query is not None:
            queries["numbers"] = numbers_query
        # the ids of the rows the call will create, drawn as its numbers are (none for a replay)
        queries["ids"] = SQL.join(" UNION ALL ", [
            SQL("SELECT %s, drawn.id FROM (%s) AS drawn(id)", name,
                self.env[name]._new_ids_query(count, stored.select()))
            for name, count in self._ids_to_draw(datas).items()])
        if self.env.cr.now_or_sql() is TRANSACTION_NOW:
            queries["now"] = SQL("SELECT (now() AT TIME ZONE 'UTC')")   # the creates' time: no query of its own
        # the products' costs (paid orders are costed: margins), when one company is known
        companies = set() if draft else known_companies(sessions)
        cost_ids = list(dict.fromkeys(line[2]["product_id"] for data in datas for line in data["lines"]))
        properties = self.env["ir.property"].sudo()
        if len(companies) == 1 and cost_ids:
            properties = properties.with_company(next(iter(companies)))
            cost_query = properties._get_multi_query("standard_price", "product.product", cost_ids)
            if cost_query is not None:
                queries["costs"] = cost_query
        rows = dict(zip(queries, self.env.cr.execute_reads(list(queries.values()))))
        if "now" in rows:
            self.env.cr.remember_now(rows["now"][0][0])
        for (product_id,) in rows.get("products", ()):
            known_ids[product_id] = product_id
        numbers: dict = {}
        for index, number in rows.get("numbers", ()):
            numbers.setdefault(requests[index][0].id, []).append(number)
        ids: dict = {}
        for name, new_id in rows["ids"]:
            ids.setdefault(name, []).append(new_id)
        costs = {}
        if len(companies) == 1 and cost_ids:
            costs = properties._get_multi_rows("standard_price", "product.product", cost_ids, rows.get("costs"))
            costs = {next(iter(companies)): {pid: cost for pid, cost in costs.items() if pid is not None}}
        return ({key: self.browse(order_id) for order_id, key in rows["stored"]},
                sessions._new_orders_locked(rows["states"]),
                {"refusals": rows["refusals"], "numbers": {i: sorted(drawn) for i, drawn in numbers.items()},
                 "costs": costs, "ids": ids})

    def _ids_to_draw(self, datas) -> dict:
        """``{model name: count}``: as many new ids as the orders ``datas`` may create of
        orders, lines and payments (a change payment each that returns some); those not
        used are gaps."""
        return {"pos.order": len(datas),
                "pos.order.line": sum(len(data["lines"]) for data in datas),
                "pos.payment": sum(len(data.get("statement_ids") or ()) + bool(data.get("amount_return"))
                                   for data in datas)}

    def _numbers_to_draw(self, sessions, datas) -> list:
        """``[(sequence, count)]``: the numbers the orders ``datas`` and their lines take
        from their tills' sequences, when the process knows all their tills; else none."""
        numbering = known_numbering(sessions)
        counts: dict = {}
        for data in datas:
            if data["pos_session_id"] not in numbering:
                return []
            order_sequence, line_sequence = numbering[data["pos_session_id"]]
            if order_sequence:
                counts[order_sequence] = counts.get(order_sequence, 0) + 1
            if line_sequence:
                counts[line_sequence] = counts.get(line_sequence, 0) + sum(
                    1 for line in data["lines"] if line[2].get("name", "/") == "/")
        sequences = self.env["ir.sequence"].sudo()
        return [(sequences.browse(sequence_id), count) for sequence_id, count in counts.items() if count]

    @api.model
    def _plain_order_data(self, envelope) -> dict | None:
        """The order data of a send the batch may store (a copy), else None."""
        if not isinstance(envelope, dict) or not isinstance(envelope.get("data", envelope), dict):
            return None
        data = dict(envelope.get("data", envelope))
        data["to_invoice"] = bool(envelope.get("to_invoice", data.get("to_invoice")))
        if any(key not in data for key in ("name", "pos_session_id", "lines")) or \
                not isinstance(data.get("uuid") or "", str) or not isinstance(data["name"], str) or \
                any(data.get(key) for key in SERVER_ORDER_KEYS):
            return None
        session_id, lines = data["pos_session_id"], data["lines"]
        if not isinstance(session_id, int) or isinstance(session_id, bool) or not isinstance(lines, list) or \
                not all(isinstance(line, (list, tuple)) and len(line) > 2 and isinstance(line[2], dict)
                        and isinstance(line[2].get("product_id"), int) for line in lines):
            return None
        payments = data.get("statement_ids") or []
        if not isinstance(payments, list) or not all(isinstance(p, (list, tuple)) for p in payments):
            return None
        return data

    def _prefetch_products(self, datas) -> None:
        """Check the products of the call's lines exist and read the names of those sent
        without one, at once. (The lines' taxes are the ones sent: the tax engine's plans
        of them are kept for the process, ``account.tax._compute_all_batch``.)"""
        ids = {line[2]["product_id"] for data in datas for line in data["lines"]}
        unnamed = {line[2]["product_id"] for data in datas for line in data["lines"]
                   if "full_product_name" not in line[2]}
        products = self.env["product.product"]
        found = products.browse(list(ids)).exists().ids     # a missing one is refused one by one
        products.browse([i for i in found if i in unnamed]).mapped("display_name")

    def _planned_values(self, data: dict, key: str, session, context: PlanContext) -> dict | None:
        """The ``pos.order`` values of one order, lines and payments included, with the
        amounts recomputed; None when the order must take the per-order steps (which then
        refuse it, or store it their way)."""
        values = self._order_fields(data, session)
        values["date_order"] = context.datetime(self, "date_order", values["date_order"])
        config, currency = session.config_id, context.currency(session)
        if not self._planned_lines(values, data, session, currency, context):
            return None
        payments = self._planned_payments(data, session, currency, context)
        if payments is None:
            return None
        paid = sum(payment[2]["amount"] for payment in payments)
        if not context.draft:
            if not self._paid_in_full(config, currency, values["amount_total"], paid):
                return None
            if data["to_invoice"] and not (config.module_account and values.get("partner_id")):
                return None
            values["state"] = "paid"
        values.update({
            "uuid": key, "config_id": config.id, "payment_ids": payments, "amount_paid": paid,
            "amount_return": float(data.get("amount_return") or 0.0),
            # precomputed one by one otherwise (a scratch record per order)
            "currency_rate": context.rate(session, values["date_order"]),
        })
        return values

    def _planned_lines(self, values: dict, data: dict, session, currency, context: PlanContext) -> bool:
        """Put the recomputed amounts on the line values and the order's totals in
        ``values``; False when a figure sent differs (the per-order steps refuse it)."""
        lines = values["lines"]
        position = self.env["account.fiscal.position"].browse(values.get("fiscal_position_id") or [])
        partner = self.env["res.partner"].browse(values.get("partner_id") or [])
        line_fields = context.line_converters()
        defaults = context.line_defaults
        taxed = []
        for _command, _id, line in lines:
            tax_ids = set_ids(line.get("tax_ids"))
            if tax_ids is None:
                return False
            for name, convert in line_fields:
                line[name] = convert(line[name] if name in line else defaults.get(name))
            taxes = context.taxes(tax_ids)
            taxes = position.map_tax(taxes) if position else taxes
            price = line["price_unit"] * (1 - (line["discount"] or 0.0) / 100.0)
            taxed.append((taxes, price, line["qty"], context.product(line["product_id"]), partner))
        results = self.env["account.tax"]._compute_all_batch(taxed, currency=currency) if taxed else []
        round_amount, step = context.rounder(currency)
        rounding = step + 1e-9
        to_subtotal, to_subtotal_incl = context.line_amount_converters()
        company_id = context.company_id(session)
        line_taxes, untaxed, cost_rate = [], 0.0, None
        for (_command, _id, line), client, result in zip(lines, data["lines"], results):
            client = client[2]
            for fname, server, convert in (("price_subtotal", result["total_excluded"], to_subtotal),
                                           ("price_subtotal_incl", result["total_included"], to_subtotal_incl)):
                sent = client.get(fname)
                if sent is not None and abs(float(sent) - server) > rounding:
                    return False
                line[fname] = convert(server)
            line["company_id"] = company_id
            if not context.draft:       # paid: costed now, as Odoo 17 does (margins)
                if cost_rate is None:
                    cost_rate = context.rate(session, values["date_order"])
                line["total_cost"] = line["qty"] * context.unit_cost(session, line["product_id"]) * cost_rate
                line["is_total_cost_computed"] = True
            line_taxes.append(sum(tax["amount"] for tax in result["taxes"]))
            untaxed += line["price_subtotal"]
        tax = round_amount(sum(line_taxes))
        total = round_amount(tax + round_amount(untaxed))
        tolerance = step * max(1, len(lines)) / 2 + 1e-9
        for fname, server in (("amount_total", total), ("amount_tax", tax)):
            sent = data.get(fname)
            if sent is not None and abs(float(sent) - server) > tolerance:
                return False
        values.update(amount_tax=tax, amount_total=total)
        return True

    def _planned_payments(self, data: dict, session, currency, context: PlanContext) -> list | None:
        """The payment create commands of one order (the change as a negative cash
        payment), or None when a payment is not one its till takes."""
        config = session.config_id
        payment_model = self.env["pos.payment"]
        method_ids = context.method_ids(config)
        commands = []
        for payment in data.get("statement_ids") or []:
            if len(payment) <= 2 or not isinstance(payment[2], dict):
                continue
            vals = self._payment_fields(payment[2])
            method_id = vals.get("payment_method_id")
            if not isinstance(method_id, int) or method_id not in method_ids:
                return None
            vals["amount"] = context.cached(payment_model, "amount", vals["amount"])
            vals["payment_date"] = context.datetime(payment_model, "payment_date", vals["payment_date"])
            commands.append((0, 0, vals))
        amount_return = float(data.get("amount_return") or 0.0)
        if not context.draft and not currency.is_zero(amount_return):
            cash = session.payment_method_ids.filtered("is_cash_count")[:1]
            if not cash or cash.id not in method_ids:
                return None
            commands.append((0, 0, {"name": _("return"), "amount": -amount_return, "is_change": True,
                                    "payment_date": fields.Datetime.now(), "payment_method_id": cash.id}))
        session_id, company_id = session.id, context.company_id(session)
        for _command, _id, vals in commands:
            vals.update(session_id=session_id, company_id=company_id)
        return commands

    # -- storing ---------------------------------------------------------------------------------------

    def _store_planned_orders(self, plans: dict, draft: bool, read: dict | None = None) -> dict:
        """Create the planned orders at once, then what the per-order steps do after: names,
        terminal payments, invoices, the hook, their refusals settled; ``{index: answer}``.
        ``read``: what the plan read (``_read_for_plan``): the numbers and ids drawn, the
        open refusals (else they are drawn and searched here). With the ids, the create
        queues its INSERTs (or COPYs many rows) rather than waiting for each one's ids: they
        travel with the next query or the savepoint's release, inside the savepoint."""
        read = read or {}
        indexes = list(plans)
        vals_list = [plans[index][1] for index in indexes]
        if not draft:
            self._name_planned_orders(vals_list, read.get("numbers"))
        reserved = [self.env[name] for name, ids in (read.get("ids") or {}).items() if ids]
        for model in reserved:
            model._reserve_ids(sorted(read["ids"][model._name]))
        try:
            orders = self.create(vals_list)
        finally:
            for model in reserved:
                model._drop_reserved_ids()      # unused ones are gaps
        # the rows' INSERTs, queued, go now: a row the database refuses fails here, before
        # anything acts on the orders (the savepoint's release rides with what follows)
        self.env.cr.begin()
        # terminal payments are confirmed by their drivers: only the orders that have some
        configs = self.env["pos.config"].browse(list({vals["config_id"] for vals in vals_list}))
        terminal = set().union(*(till_facts(config).terminal_ids for config in configs))
        orders.browse([order.id for order, vals in zip(orders, vals_list) if any(
            payment[2]["payment_method_id"] in terminal for payment in vals["payment_ids"])])._check_terminal_payments()
        for order, index in zip(orders, indexes):
            if plans[index][0]["to_invoice"] and not draft:
                order._invoice_from_ui()
        orders._orders_stored_from_ui([plans[index][0] for index in indexes])
        self.env["pos.order.rejected"].sudo()._mark_stored_orders(orders, read.get("refusals"))
        return {index: order._sync_answer("stored") for index, order in zip(indexes, orders)}

    def _name_planned_orders(self, vals_list: list, numbers: dict | None = None) -> None:
        """The paid orders' numbers, and their lines' (as ``pos.order.line.create`` numbers
        them), from their tills' sequences: ``numbers`` (``{sequence id: [numbers]}``)
        drawn already, else every sequence's numbers drawn in one query."""
        numbers = numbers or {}
        sessions = self.env["pos.session"].browse(list({vals["session_id"] for vals in vals_list}))
        by_sequence: dict = {}
        sequences_of: dict = {}             # session id: its till's (order, line) sequences
        for vals in vals_list:
            sequences = sequences_of.get(vals["session_id"])
            if sequences is None:
                config = sessions.browse(vals["session_id"]).config_id
                till_facts(config)          # the till's sequences, known since an earlier call
                sequences = sequences_of[vals["session_id"]] = (config.sequence_id, config.sequence_line_id)
            order_sequence, line_sequence = sequences
            by_sequence.setdefault(order_sequence, []).append(vals)
            if line_sequence:
                by_sequence.setdefault(line_sequence, []).extend(
                    line for _command, _id, line in vals["lines"] if line.get("name", "/") == "/")
        named = {sequence: vals for sequence, vals in by_sequence.items() if sequence and vals}
        drawn = {sequence: numbers[sequence.id][:len(vals)] for sequence, vals in named.items()
                 if len(numbers.get(sequence.id, ())) >= len(vals)}
        for sequence, vals in named.items():
            if sequence in drawn:
                references = sequence.sudo()._format_many(drawn[sequence])
                for one, name in zip(vals, references):
                    one["name"] = name
        to_draw = [(sequence, vals) for sequence, vals in named.items() if sequence not in drawn]
        references = self.env["ir.sequence"].sudo()._next_many_of(
            [(sequence.sudo(), len(vals)) for sequence, vals in to_draw])
        for (_sequence, vals), names in zip(to_draw, references):
            for one, name in zip(vals, names):
                one["name"] = name
        for sequence, vals in by_sequence.items():
            for one in vals if not sequence else ():
                one["name"] = self.env["ir.sequence"].sudo().next_by_code("pos.order") or "/"
