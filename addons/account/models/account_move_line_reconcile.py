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
        (how the Point of Sale matches a session's receivables, cash and payments)."""
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
        partials = self.env["account.partial.reconcile"].create(partial_vals) if partial_vals else \
            self.env["account.partial.reconcile"]
        touched = everything.filtered(lambda l: residuals[l.id] != [l.amount_residual, l.amount_residual_currency])
        self._write_residuals({line.id: residuals[line.id] for line in touched}, everything)
        full = everything._create_full_reconciles()
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
        """Write ``{line id: [residual, residual in currency]}`` in one statement; a line of
        a reconcilable account with nothing left is ``reconciled``."""
        if not values:
            return
        rows = []
        for line in lines.filtered(lambda l: l.id in values):
            residual, residual_currency = values[line.id]
            rounding = line.company_currency_id.rounding or 0.01
            residual = _clean(residual, rounding)
            residual_currency = _clean(residual_currency, line.currency_id.rounding or rounding)
            reconciled = bool(line.account_id.reconcile and not residual and not residual_currency)
            rows.append(SQL("(%s, %s::numeric, %s::numeric, %s)", line.id, residual, residual_currency, reconciled))
        self.flush_model(RESIDUAL_FIELDS)
        self.env.cr.execute(SQL("""
            UPDATE account_move_line l
               SET amount_residual = v.residual, amount_residual_currency = v.residual_currency,
                   reconciled = v.reconciled
              FROM (VALUES %s) AS v(id, residual, residual_currency, reconciled)
             WHERE l.id = v.id
        """, SQL.join(", ", rows)))
        changed = self.browse(list(values))
        changed.invalidate_recordset(RESIDUAL_FIELDS, flush=False)
        changed.modified(RESIDUAL_FIELDS)

    # -- full reconciliation ---------------------------------------------------------------

    def _create_full_reconciles(self):
        """A full reconciliation for each group of lines matched together (directly or
        through others) whose residuals are all zero and that has none yet."""
        Partial = self.env["account.partial.reconcile"]
        Partial.flush_model()
        ids = set(self.ids)
        edges: list[tuple] = []
        frontier = set(ids)
        while frontier:
            self.env.cr.execute(SQL("""
                SELECT id, debit_move_id, credit_move_id FROM account_partial_reconcile
                 WHERE debit_move_id IN %s OR credit_move_id IN %s
            """, tuple(frontier), tuple(frontier)))
            rows = [row for row in self.env.cr.fetchall() if row not in edges]
            edges += rows
            reached = {line_id for _pid, debit, credit in rows for line_id in (debit, credit)}
            frontier = reached - ids
            ids |= reached
        if not edges:
            return self.env["account.full.reconcile"]
        parent = {line_id: line_id for line_id in ids}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for _pid, debit, credit in edges:
            parent[find(debit)] = find(credit)
        components: dict = defaultdict(lambda: {"lines": set(), "partials": set()})
        for pid, debit, credit in edges:
            component = components[find(debit)]
            component["lines"].update((debit, credit))
            component["partials"].add(pid)
        lines = self.browse(list(ids))
        by_id = {line.id: line for line in lines}
        vals_list, members = [], []
        for component in components.values():
            group = [by_id[i] for i in component["lines"]]
            if any(line.full_reconcile_id for line in group) or not all(line.reconciled for line in group):
                continue
            vals_list.append({})
            members.append((sorted(component["lines"]), sorted(component["partials"])))
        if not vals_list:
            return self.env["account.full.reconcile"]
        full = self.env["account.full.reconcile"].create(vals_list)
        # the links are written in two statements (through the one2many commands of each
        # new record, the ORM would write them a record at a time)
        for model_name, position in (("account.move.line", 0), ("account.partial.reconcile", 1)):
            Model = self.env[model_name]
            rows = [SQL("(%s, %s)", record_id, record.id)
                    for record, group in zip(full, members) for record_id in group[position]]
            Model.flush_model(["full_reconcile_id"])
            self.env.cr.execute(SQL("UPDATE %s t SET full_reconcile_id = v.full_id FROM (VALUES %s) "
                                    "AS v(id, full_id) WHERE t.id = v.id",
                                    SQL.identifier(Model._table), SQL.join(", ", rows)))
        changed = self.browse([i for group in members for i in group[0]])
        partials = self.env["account.partial.reconcile"].browse([i for group in members for i in group[1]])
        changed.invalidate_recordset(["full_reconcile_id"], flush=False)
        partials.invalidate_recordset(["full_reconcile_id"], flush=False)
        full.invalidate_recordset(["reconciled_line_ids", "partial_reconcile_ids"], flush=False)
        changed.modified(["full_reconcile_id"])
        return full

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
