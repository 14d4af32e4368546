"""Matching journal items (``account.move.line.reconcile``): partial reconciliations by
amount, a full reconciliation once nothing is left, residual amounts kept in step.

Lines in one foreign currency are matched on their amounts in that currency, as Odoo 17 does;
what a line fully matched in currency still has in the company currency (the rates of the
two dates differed) is settled by an exchange difference entry
(``account_move_line_exchange.py``).

Everything here works on whole batches: the lines are read once, the partials and full
reconciliations created in one ``create`` each, the residuals written in one statement;
the number of queries does not grow with the number of lines.
"""
from __future__ import annotations

from collections import defaultdict, namedtuple

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

RESIDUAL_FIELDS = ["amount_residual", "amount_residual_currency", "reconciled"]
# what the reconciliation needs of a line, read once (see _reconcile_snapshot)
LineState = namedtuple("LineState", [
    "id", "account_id", "company_id", "parent_state", "reconciled", "amount_residual",
    "amount_residual_currency", "due_date", "date", "currency_id", "amount_currency", "full_reconcile_id",
    "company_rounding", "currency_rounding", "company_currency_id"])


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
        # the lines' values in one query, worked on as plain tuples from here on
        data = self._reconcile_snapshot(everything.ids)
        reconcile_flags = self._account_flags({row.account_id for row in data.values()})
        for lines in groups:
            self._check_reconcile_group(lines.ids, data, reconcile_flags)
        residuals = {line_id: [row.amount_residual, row.amount_residual_currency] for line_id, row in data.items()}
        partial_vals = []
        exchange_fixes = []         # per group: the lines matched in currency with an amount left
        for lines in groups:
            partial_vals += self._pair_lines(lines.ids, residuals, data)
            exchange_fixes.append(self._exchange_lines_to_fix(lines.ids, residuals, data))
        if not partial_vals:
            return {"partials": Partial, "full_reconcile": Full}
        if any(exchange_fixes):
            partial_vals += self._settle_exchange_differences(exchange_fixes, residuals, data)
        rows = self._residual_rows(residuals, data, reconcile_flags)
        members = self._fully_matched_groups(data, rows, partial_vals)
        full = Full.create([{"exchange_move_id": next(
            (partial_vals[i]["exchange_move_id"] for i in new_indexes if partial_vals[i].get("exchange_move_id")),
            False)} for _lines, _partials, new_indexes in members]) if members else Full
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

    @api.model
    def _reconcile_snapshot(self, ids) -> dict:
        """``{line id: LineState}`` of the given lines, read in one query."""
        if not ids:
            return {}
        self.flush_model()
        self.env.cr.execute(SQL("""
            SELECT l.id, l.account_id, l.company_id, l.parent_state, COALESCE(l.reconciled, false),
                   COALESCE(l.amount_residual, 0), COALESCE(l.amount_residual_currency, 0),
                   COALESCE(l.date_maturity, l.date), l.date, COALESCE(l.currency_id, 0),
                   COALESCE(l.amount_currency, 0), l.full_reconcile_id,
                   company_currency.rounding, COALESCE(line_currency.rounding, company_currency.rounding),
                   company_currency.id
              FROM account_move_line l
              JOIN res_company company ON company.id = l.company_id
              JOIN res_currency company_currency ON company_currency.id = company.currency_id
              LEFT JOIN res_currency line_currency ON line_currency.id = l.currency_id
             WHERE l.id = ANY(%s)
        """, list(ids)))
        return {row[0]: LineState(*row[:5], float(row[5]), float(row[6]), *row[7:10], float(row[10]), row[11],
                                  float(row[12] or 0.01), float(row[13] or 0.01), row[14])
                for row in self.env.cr.fetchall()}

    @api.model
    def _account_flags(self, account_ids) -> dict:
        """``{account id: (keeps a residual, reconcilable)}``."""
        accounts = self.env["account.account"].browse(sorted(i for i in account_ids if i))
        return {account.id: (account._keeps_residual(), account.reconcile) for account in accounts}

    def _check_reconcile_group(self, ids: list[int], data: dict, flags: dict) -> None:
        """Odoo 17's checks of the lines reconciled together."""
        rows = [data[i] for i in ids]
        companies = {row.company_id for row in rows}
        if len(companies) > 1:
            raise UserError("Entries don't belong to the same company: "
                            + ", ".join(self.env["res.company"].browse(sorted(companies)).mapped("display_name")))
        accounts = {row.account_id for row in rows}
        if len(accounts) > 1:
            raise UserError("Entries are not from the same account: "
                            + ", ".join(self.env["account.account"].browse(sorted(accounts)).mapped("display_name")))
        account_id = next(iter(accounts))
        if account_id and not flags[account_id][0]:
            account = self.env["account.account"].browse(account_id)
            raise UserError(f"Account {account.display_name} does not allow reconciliation. First change "
                            "the configuration of this account to allow it.")
        if any(row.parent_state != "posted" for row in rows):
            raise UserError("You can only reconcile posted entries.")
        if any(row.reconciled for row in rows):
            raise UserError("You are trying to reconcile some entries that are already reconciled.")

    @api.model
    def _pair_lines(self, ids: list[int], residuals: dict, data: dict) -> list[dict]:
        """Partials matching the debits with the credits of lines ``ids``, both taken in
        order of due date (then currency, amount), each partial for what the smaller side
        has left. ``residuals`` (line id -> [residual, residual in currency]) is updated."""
        order = sorted(ids, key=lambda i: (data[i].due_date, data[i].currency_id, data[i].amount_currency, i))
        rounding = data[ids[0]].company_rounding
        debits = [i for i in order if residuals[i][0] > rounding / 2]
        credits = [i for i in order if residuals[i][0] < -rounding / 2]
        result = []
        d = c = 0
        while d < len(debits) and c < len(credits):
            debit, credit = debits[d], credits[c]
            debit_left, credit_left = residuals[debit], residuals[credit]
            if _same_foreign_currency(data[debit], data[credit]) and debit_left[1] > 0 > credit_left[1]:
                # matched in their currency; each side's company amount in proportion (all
                # of it for a side matched in full): the smaller is the partial's
                debit_cur = credit_cur = round(min(debit_left[1], -credit_left[1]), 10)
                amount = round(min(_company_share(debit_cur, debit_left), _company_share(debit_cur, credit_left)), 10)
                debit_left[0] = _clean(debit_left[0] - amount, rounding)
                debit_left[1] = _clean(debit_left[1] - debit_cur, data[debit].currency_rounding)
                credit_left[0] = _clean(credit_left[0] + amount, rounding)
                credit_left[1] = _clean(credit_left[1] + credit_cur, data[credit].currency_rounding)
                result.append({"debit_move_id": debit, "credit_move_id": credit, "amount": amount,
                               "debit_amount_currency": debit_cur, "credit_amount_currency": credit_cur,
                               "max_date": max(data[debit].date, data[credit].date),
                               "company_id": data[debit].company_id})
                if not debit_left[1]:
                    d += 1
                if not credit_left[1]:
                    c += 1
                continue
            amount = round(min(debit_left[0], -credit_left[0]), 10)
            debit_cur = _share(amount, debit_left)
            credit_cur = _share(amount, credit_left, negative=True)
            result.append({"debit_move_id": debit, "credit_move_id": credit, "amount": amount,
                           "debit_amount_currency": debit_cur, "credit_amount_currency": credit_cur,
                           "max_date": max(data[debit].date, data[credit].date),
                           "company_id": data[debit].company_id})
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
                   line.balance - COALESCE(debit.amount, 0) + COALESCE(credit.amount, 0),
                   line.amount_currency - COALESCE(debit.amount_currency, 0) + COALESCE(credit.amount_currency, 0)
              FROM account_move_line line
              LEFT JOIN (SELECT debit_move_id AS id, SUM(amount) AS amount,
                                SUM(debit_amount_currency) AS amount_currency
                           FROM account_partial_reconcile GROUP BY debit_move_id) debit ON debit.id = line.id
              LEFT JOIN (SELECT credit_move_id AS id, SUM(amount) AS amount,
                                SUM(credit_amount_currency) AS amount_currency
                           FROM account_partial_reconcile GROUP BY credit_move_id) credit ON credit.id = line.id
             WHERE line.id IN %s
        """, tuple(lines.ids)))
        values = {}
        for line_id, residual, residual_currency in self.env.cr.fetchall():
            values[line_id] = [float(residual), float(residual_currency)] if kept[line_id] else [0.0, 0.0]
        self._write_residuals(values, lines)

    def _write_residuals(self, values: dict, lines) -> None:
        """Write ``{line id: [residual, residual in currency]}`` in one statement."""
        if values:
            data = self._reconcile_snapshot(list(values))
            self._write_residual_rows(
                self._residual_rows(values, data, self._account_flags({row.account_id for row in data.values()})), {})

    @api.model
    def _residual_rows(self, values: dict, data: dict, flags: dict) -> dict:
        """``{line id: (residual, residual in currency, reconciled)}`` of the lines whose
        residual ``values`` differ from what they have; a line of a reconcilable account
        with nothing left is reconciled."""
        rows = {}
        for line_id, (residual, residual_currency) in values.items():
            row = data[line_id]
            residual = _clean(residual, row.company_rounding)
            residual_currency = _clean(residual_currency, row.currency_rounding)
            reconciled = bool(flags.get(row.account_id, (False, False))[1] and not residual and not residual_currency)
            if (residual, residual_currency, reconciled) != (row.amount_residual, row.amount_residual_currency,
                                                             row.reconciled):
                rows[line_id] = (residual, residual_currency, reconciled)
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

    def _fully_matched_groups(self, data: dict, rows: dict, partial_vals: list[dict]) -> list[tuple]:
        """The groups of lines matched together, through the new partials
        (``partial_vals``) and the older ones, left with nothing to match and with no full
        reconciliation yet: (line ids, older partial ids, indexes of new partials) each."""
        ids = set(data)
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
        for pid, debit, _credit, index in edges:
            line_ids, partial_ids, new = components[find(debit)]
            (partial_ids.append(pid) if pid else new.add(index))
        for line_id in ids:
            if find(line_id) in components:
                components[find(line_id)][0].append(line_id)
        data = {**data, **self._reconcile_snapshot(ids - set(data))}
        result = []
        for line_ids, partial_ids, new in components.values():
            if not new:
                continue
            if all((rows[i][2] if rows.get(i) else data[i].reconciled) and not data[i].full_reconcile_id
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


def _same_foreign_currency(debit: LineState, credit: LineState) -> bool:
    return bool(debit.currency_id) and debit.currency_id == credit.currency_id \
        and debit.currency_id != debit.company_currency_id


def _company_share(amount_currency: float, left: list) -> float:
    """The company-currency part of a line's residual that ``amount_currency`` of its
    currency stands for: all of it when it takes the whole residual in currency."""
    residual, residual_currency = abs(left[0]), abs(left[1])
    if abs(residual_currency - amount_currency) < 1e-9:
        return residual
    return residual * amount_currency / residual_currency if residual_currency else 0.0


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
