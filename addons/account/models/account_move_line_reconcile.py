"""Matching journal items (``account.move.line.reconcile``): partial reconciliations by
amount, a full reconciliation once nothing is left, residual amounts kept in step.

Everything here works on whole batches: the lines are read once, the partials and full
reconciliations created in one ``create`` each, the residuals written in one statement;
the number of queries does not grow with the number of lines.
"""
from __future__ import annotations

from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

RESIDUAL_FIELDS = ["amount_residual", "amount_residual_currency", "reconciled"]


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # -- public API ------------------------------------------------------------------------

    def reconcile(self):
        """Match these lines (one account, posted, reconcilable) against each other, oldest
        first, as far as their amounts go (Odoo 17). Returns the partials and the full
        reconciliation made, as Odoo's ``{'partials': ..., 'full_reconcile': ...}``."""
        return self._reconcile_plan([self])

    def _reconcile_plan(self, reconciliation_plan: list):
        """Reconcile each recordset of ``reconciliation_plan`` on its own, all in one batch
        (how the Point of Sale matches a session's receivables, cash and payments).

        The partials are paired in memory; the groups of lines matched together (through
        these partials and the older ones) that have nothing left get a full
        reconciliation, made before the partials so that these are created with it; then
        one UPDATE gives each line its residual, state and full reconciliation."""
        Partial = self.env["account.partial.reconcile"]
        Full = self.env["account.full.reconcile"]
        groups = [lines for lines in reconciliation_plan if lines]
        everything = self.browse().union(*groups)
        # one read for all the lines, whatever part of their values is cached already
        everything.fetch(["account_id", "company_id", "parent_state", "reconciled", "amount_residual",
                          "amount_residual_currency", "date", "date_maturity", "currency_id",
                          "amount_currency", "company_currency_id", "move_id", "full_reconcile_id"])
        everything.mapped("account_id").fetch(["reconcile", "account_type"])
        for lines in groups:
            lines._check_reconcilable()
        residuals = {line.id: [line.amount_residual, line.amount_residual_currency] for line in everything}
        partial_vals = []
        for lines in groups:
            partial_vals += self._pair_lines(lines, residuals)
        if not partial_vals:
            return {"partials": Partial, "full_reconcile": Full}
        rows = everything._residual_rows(residuals)
        members = self._fully_matched_groups(everything, rows, partial_vals)
        full = Full.create([{} for _group in members]) if members else Full
        full_of, older = {}, {}
        for record, (line_ids, partial_ids, new_indexes) in zip(full, members):
            for line_id in line_ids:
                full_of[line_id] = record.id
            for index in new_indexes:
                partial_vals[index]["full_reconcile_id"] = record.id
            for partial_id in partial_ids:
                older[partial_id] = record.id
        Partial._link_full_reconciles(older)
        partials = Partial.create(partial_vals)
        for line_id in full_of:
            rows.setdefault(line_id, None)
        self._write_residual_rows(rows, full_of)
        if full:
            full.invalidate_recordset(["reconciled_line_ids", "partial_reconcile_ids"], flush=False)
        everything._recompute_payment_states()
        return {"partials": partials, "full_reconcile": full}

    def remove_move_reconcile(self):
        """Undo every matching of these lines (their partials and full reconciliations)."""
        (self.mapped("matched_debit_ids") | self.mapped("matched_credit_ids")).unlink()

    def _reconciled_lines(self):
        """The lines matched with these ones."""
        return self.mapped("matched_debit_ids.debit_move_id") | self.mapped("matched_credit_ids.credit_move_id")

    # -- checks and pairing ----------------------------------------------------------------

    def _check_reconcilable(self) -> None:
        if len(self.mapped("company_id")) > 1:
            raise UserError("Entries don't belong to the same company: "
                            + ", ".join(self.mapped("company_id.display_name")))
        if len(self.mapped("account_id")) > 1:
            raise UserError("Entries are not from the same account: "
                            + ", ".join(self.mapped("account_id.display_name")))
        account = self.mapped("account_id")
        if account and not account._keeps_residual():
            raise UserError(f"Account {account.display_name} does not allow reconciliation. First change "
                            "the configuration of this account to allow it.")
        if any(line.parent_state != "posted" for line in self):
            raise UserError("You can only reconcile posted entries.")
        if any(line.reconciled for line in self):
            raise UserError("You are trying to reconcile some entries that are already reconciled.")

    def _pair_lines(self, lines, residuals: dict) -> list[dict]:
        """Partials matching the debits with the credits of ``lines``, both taken in order of
        due date (then currency, amount), each partial for what the smaller side has left.
        ``residuals`` (line id -> [residual, residual in currency]) is updated."""
        order = sorted(lines, key=lambda l: (l.date_maturity or l.date, l.currency_id.id, l.amount_currency, l.id))
        rounding = lines[:1].company_currency_id.rounding or 0.01
        debits = [line for line in order if residuals[line.id][0] > rounding / 2]
        credits = [line for line in order if residuals[line.id][0] < -rounding / 2]
        result = []
        d = c = 0
        while d < len(debits) and c < len(credits):
            debit, credit = debits[d], credits[c]
            debit_left, credit_left = residuals[debit.id], residuals[credit.id]
            amount = round(min(debit_left[0], -credit_left[0]), 10)
            debit_cur = _share(amount, debit_left)
            credit_cur = _share(amount, credit_left, negative=True)
            result.append({"debit_move_id": debit.id, "credit_move_id": credit.id, "amount": amount,
                           "debit_amount_currency": debit_cur, "credit_amount_currency": credit_cur,
                           "max_date": max(debit.date, credit.date), "company_id": debit.company_id.id})
            debit_left[0] = _clean(debit_left[0] - amount, rounding)
            debit_left[1] = _clean(debit_left[1] - debit_cur, rounding)
            credit_left[0] = _clean(credit_left[0] + amount, rounding)
            credit_left[1] = _clean(credit_left[1] + credit_cur, rounding)
            if not debit_left[0]:
                d += 1
            if not credit_left[0]:
                c += 1
        return result

    # -- residuals -------------------------------------------------------------------------

    def _compute_amount_residual(self) -> None:
        """The residuals of these lines from their balance and their partials (one query),
        for lines whose amounts or account changed."""
        lines = self.filtered("id")
        if not lines:
            return
        self.env["account.partial.reconcile"].flush_model()
        self.flush_recordset(["balance", "amount_currency", "account_id"])
        # read before the query: a read afterwards would replace its pending result
        kept = {line.id: line.account_id._keeps_residual() for line in lines}
        self.env.cr.execute(SQL("""
            SELECT line.id,
                   line.balance - COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                                             WHERE p.debit_move_id = line.id), 0)
                                + COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                                             WHERE p.credit_move_id = line.id), 0),
                   line.amount_currency - COALESCE((SELECT SUM(p.debit_amount_currency) FROM account_partial_reconcile p
                                                    WHERE p.debit_move_id = line.id), 0)
                                        + COALESCE((SELECT SUM(p.credit_amount_currency) FROM account_partial_reconcile p
                                                    WHERE p.credit_move_id = line.id), 0)
              FROM account_move_line line WHERE line.id IN %s
        """, tuple(lines.ids)))
        values = {}
        for line_id, residual, residual_currency in self.env.cr.fetchall():
            values[line_id] = [float(residual), float(residual_currency)] if kept[line_id] else [0.0, 0.0]
        self._write_residuals(values, lines)

    def _write_residuals(self, values: dict, lines) -> None:
        """Write ``{line id: [residual, residual in currency]}`` in one statement."""
        if values:
            self._write_residual_rows(lines.filtered(lambda l: l.id in values)._residual_rows(values), {})

    def _residual_rows(self, values: dict) -> dict:
        """``{line id: (residual, residual in currency, reconciled)}`` for these lines whose
        residual ``values`` differ from what they have; a line of a reconcilable account
        with nothing left is reconciled."""
        rows = {}
        for line in self:
            residual, residual_currency = values[line.id]
            rounding = line.company_currency_id.rounding or 0.01
            residual = _clean(residual, rounding)
            residual_currency = _clean(residual_currency, line.currency_id.rounding or rounding)
            reconciled = bool(line.account_id.reconcile and not residual and not residual_currency)
            if (residual, residual_currency, reconciled) != (line.amount_residual, line.amount_residual_currency,
                                                             line.reconciled):
                rows[line.id] = (residual, residual_currency, reconciled)
        return rows

    def _write_residual_rows(self, rows: dict, full_of: dict) -> None:
        """One UPDATE: each line of ``rows`` gets its (residual, residual in currency,
        reconciled) (None: unchanged) and its full reconciliation from ``full_of``."""
        if not rows:
            return
        ids = list(rows)
        self.flush_model(RESIDUAL_FIELDS + ["full_reconcile_id"])
        self.env.cr.execute(SQL("""
            UPDATE account_move_line l
               SET amount_residual = COALESCE(v.residual, l.amount_residual),
                   amount_residual_currency = COALESCE(v.residual_currency, l.amount_residual_currency),
                   reconciled = COALESCE(v.reconciled, l.reconciled),
                   full_reconcile_id = COALESCE(v.full_id, l.full_reconcile_id)
              FROM unnest(%s::int[], %s::numeric[], %s::numeric[], %s::bool[], %s::int[])
                   AS v(id, residual, residual_currency, reconciled, full_id)
             WHERE l.id = v.id
        """, ids, [rows[i][0] if rows[i] else None for i in ids], [rows[i][1] if rows[i] else None for i in ids],
            [rows[i][2] if rows[i] else None for i in ids], [full_of.get(i) for i in ids]))
        changed = self.browse(ids)
        fnames = RESIDUAL_FIELDS + (["full_reconcile_id"] if full_of else [])
        changed.invalidate_recordset(fnames, flush=False)
        changed.modified(fnames)

    # -- full reconciliation ---------------------------------------------------------------

    def _fully_matched_groups(self, lines, rows: dict, partial_vals: list[dict]) -> list[tuple]:
        """The groups of lines matched together, through the new partials
        (``partial_vals``) and the older ones, left with nothing to match and with no full
        reconciliation yet: (line ids, older partial ids, indexes of new partials) each."""
        ids = set(lines.ids)
        edges = [(None, vals["debit_move_id"], vals["credit_move_id"], index)
                 for index, vals in enumerate(partial_vals)]
        seen, frontier = set(), set(ids)
        self.env["account.partial.reconcile"].flush_model()
        while frontier:
            self.env.cr.execute(SQL("""
                SELECT id, debit_move_id, credit_move_id FROM account_partial_reconcile
                 WHERE debit_move_id = ANY(%s) OR credit_move_id = ANY(%s)
            """, list(frontier), list(frontier)))
            found = [row for row in self.env.cr.fetchall() if row[0] not in seen]
            seen.update(row[0] for row in found)
            edges += [(pid, debit, credit, None) for pid, debit, credit in found]
            reached = {line_id for _pid, debit, credit in found for line_id in (debit, credit)}
            frontier = reached - ids
            ids |= reached
        parent = {line_id: line_id for line_id in ids}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for _pid, debit, credit, _index in edges:
            parent[find(debit)] = find(credit)
        components: dict = defaultdict(lambda: ([], [], set()))
        for pid, debit, credit, index in edges:
            line_ids, partial_ids, new = components[find(debit)]
            (partial_ids.append(pid) if pid else new.add(index))
        for line_id in ids:
            if find(line_id) in components:
                components[find(line_id)][0].append(line_id)
        all_lines = self.browse(list(ids))
        all_lines.fetch(["reconciled", "full_reconcile_id"])
        by_id = {line.id: line for line in all_lines}
        result = []
        for line_ids, partial_ids, new in components.values():
            if not new:
                continue
            if all((rows[i][2] if rows.get(i) else by_id[i].reconciled) and not by_id[i].full_reconcile_id
                   for i in line_ids):
                result.append((sorted(line_ids), sorted(partial_ids), sorted(new)))
        return result

    def _recompute_payment_states(self) -> None:
        """The invoices whose payment status may have moved: those of these lines, and those
        paid by the payments among them (a payment matched with the bank turns its invoices
        from 'in payment' to 'paid')."""
        moves = self.mapped("move_id")
        payment_moves = moves.filtered("payment_id")
        if payment_moves:
            moves |= payment_moves.mapped("line_ids")._reconciled_lines().mapped("move_id")
        field = moves._fields["payment_state"]
        # Odoo's env.add_to_compute; the environment here has no such method yet, the
        # transaction behind it queues the computation the same way
        add_to_compute = getattr(self.env, "add_to_compute", None)
        if add_to_compute:
            add_to_compute(field, moves)
        else:
            self.env.transaction.mark_to_compute(field, moves.ids)


def _share(amount: float, left: list, negative: bool = False) -> float:
    """The part of a line's amount in currency that ``amount`` (company currency) stands
    for: all of it when it takes the whole residual, else in proportion."""
    residual, residual_currency = left
    if abs(abs(residual) - amount) < 1e-9:
        return abs(residual_currency)
    return abs(residual_currency) * amount / abs(residual) if residual else amount


def _clean(amount: float, rounding: float) -> float:
    """``amount`` rounded to the currency's precision, a zero being a plain 0.0."""
    digits = max(0, len(f"{rounding:.10f}".rstrip("0").split(".")[1]))
    value = round(amount, digits)
    return 0.0 if abs(value) < rounding / 2 else value
