"""Posting entries: the balance check, the number each entry takes from its journal's
sequence, reset to draft, cancel, and reversal (credit notes)."""
from __future__ import annotations

from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


def _format_amount(amount: float, currency) -> str:
    """An amount as Odoo's format_amount shows it in its messages ($ 1,234.50 / 1,234.50 €)."""
    text = f"{amount:,.{currency.decimal_places}f}"
    symbol = currency.symbol or ""
    return f"{symbol}\N{NO-BREAK SPACE}{text}" if currency.position == "before" else f"{text}\N{NO-BREAK SPACE}{symbol}"


class AccountMove(models.Model):
    _inherit = "account.move"

    def init(self):
        """A number is given once per journal among posted entries (Odoo 17's unique index):
        two transactions numbering at the same time cannot both keep the same name."""
        super().init()
        self.env.cr.execute(SQL("""
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_unique_name
                ON account_move (name, journal_id) WHERE (state = 'posted' AND name != '/')
        """))

    # -- balance ---------------------------------------------------------------------------

    def _get_unbalanced_moves(self) -> list[tuple]:
        """(move id, debit, credit) of the entries whose lines do not balance, to the
        company currency's decimals: one query for all of them."""
        moves = self.filtered(lambda m: isinstance(m.id, int))
        if not moves:
            return []
        self.env["account.move.line"].flush_model(["debit", "credit", "balance", "move_id"])
        self.env.cr.execute(SQL("""
            SELECT line.move_id,
                   ROUND(SUM(line.debit), currency.decimal_places),
                   ROUND(SUM(line.credit), currency.decimal_places)
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN res_company company ON company.id = move.company_id
              JOIN res_currency currency ON currency.id = company.currency_id
             WHERE line.move_id IN %s
          GROUP BY line.move_id, currency.decimal_places
            HAVING ROUND(SUM(line.balance), currency.decimal_places) != 0
        """, tuple(moves.ids)))
        return self.env.cr.fetchall()

    def _check_balanced(self) -> None:
        """Refuse entries whose debits and credits differ (Odoo's message). Skipped with the
        context ``check_move_validity=False``, as in Odoo, except when posting."""
        if self.env.context.get("check_move_validity") is False or self.env.context.get("skip_balance_check"):
            return
        self._raise_if_unbalanced()

    def _raise_if_unbalanced(self) -> None:
        unbalanced = self._get_unbalanced_moves()
        if not unbalanced:
            return
        message = "An error has occurred."
        for move_id, debit, credit in unbalanced:
            move = self.browse(move_id)
            currency = move.company_id.currency_id
            message += ("\n\n"
                        f"The move ({move.display_name}) is not balanced.\n"
                        f"The total of debits equals {_format_amount(float(debit), currency)} and the total of "
                        f"credits equals {_format_amount(float(credit), currency)}.\n"
                        f"You might want to specify a default account on journal \"{move.journal_id.name}\" "
                        "to automatically balance each move.")
        raise UserError(message)

    # -- posting ---------------------------------------------------------------------------

    def action_register_payment(self):
        """The "Pay" wizard on these posted entries (``account.payment.register``)."""
        return {
            "name": "Register Payment",
            "res_model": "account.payment.register",
            "view_mode": "form",
            "views": [[False, "form"]],
            "context": {"active_model": "account.move", "active_ids": self.ids},
            "target": "new",
            "type": "ir.actions.act_window",
        }

    def action_post(self):
        self._post(soft=False)
        return False

    def _post(self, soft: bool = True):
        """Post the entries: checks, a number from the journal's sequence, state posted (its
        lines follow). ``soft``: entries dated in the future wait (auto_post), as in Odoo."""
        if not self.env.su:
            self.check_access_rights("write")
            self.check_access_rule("write")
        today = fields.Date.context_today(self)
        to_post = self
        if soft:
            future = self.filtered(lambda m: m.date > today)
            future.write({"auto_post": "at_date"})
            to_post = self - future
        for move in to_post:
            if move.state == "posted":
                raise UserError(f"The entry {move.display_name} (id {move.id}) is already posted.")
            if not move.line_ids.filtered(lambda line: line.display_type not in ("line_section", "line_note")):
                raise UserError("You need to add a line before posting.")
            if move.is_invoice(True):
                if not move.partner_id:
                    kind = "customer" if move.is_sale_document(True) else "vendor"
                    raise UserError(f"The field 'Customer' is required, please complete it to validate "
                                    f"the {'Customer Invoice' if kind == 'customer' else 'Vendor Bill'}."
                                    if move.move_type in ("out_invoice", "in_invoice")
                                    else f"Please set a {kind} on this document before posting.")
                if move.currency_id.compare_amounts(move.amount_total, 0) < 0:
                    raise UserError("You cannot validate an invoice with a negative total amount. You "
                                    "should create a credit note instead.")
                if not move.invoice_date:
                    move.with_context(skip_invoice_sync=True).invoice_date = today
            if not move.journal_id.active:
                raise UserError(f"You cannot post an entry in an archived journal ({move.journal_id.name}).")
        if not to_post:
            return to_post
        to_post._raise_if_unbalanced()
        to_post._assign_names()
        # the lines take the state and the entry's new name in one statement; their balance
        # was just checked, the state write need not check it again
        to_post.with_context(skip_readonly_check=True, skip_copy_to_lines=True, skip_balance_check=True).write(
            {"state": "posted", "posted_before": True})
        self.env["account.move.line"]._write_from_moves(
            to_post, {"parent_state": "posted", "move_name": SQL("m.name")})
        return to_post

    # -- numbering -------------------------------------------------------------------------

    def _get_starting_sequence_prefix(self) -> str:
        """Odoo 17's numbering: ``INV/2026/`` yearly for sales and liquidity journals,
        ``MISC/2026/12/`` monthly for the others; ``R`` before refunds of journals with a
        refund sequence, ``P`` before payments of journals with a payment sequence."""
        journal, date = self.journal_id, self.date
        if journal.type in ("sale", "bank", "cash"):
            prefix = f"{journal.code}/{date.year:04d}/"
        else:
            prefix = f"{journal.code}/{date.year:04d}/{date.month:02d}/"
        if journal.refund_sequence and self.move_type in ("out_refund", "in_refund"):
            prefix = "R" + prefix
        if journal.payment_sequence and (self.payment_id or self.env.context.get("is_payment")):
            prefix = "P" + prefix
        return prefix

    def _sequence_padding(self) -> int:
        return 5 if self.journal_id.type in ("sale", "bank", "cash") else 4

    def _assign_names(self) -> None:
        """Number the entries still named '/': one query finds the last number used in each
        (journal, prefix) of the batch, locking its row (as Odoo locks the last entry of a
        sequence); one statement writes all the names."""
        todo = self.filtered(lambda m: not m.name or m.name == "/").sorted(lambda m: (m.date, m.id))
        groups: dict[tuple, list] = defaultdict(list)
        for move in todo:
            groups[(move.journal_id.id, move._get_starting_sequence_prefix())].append(move)
        if not groups:
            return
        last_numbers = self._last_sequence_numbers(list(groups))
        names = {}
        for key, moves in groups.items():
            number, padding = last_numbers.get(key, 0), moves[0]._sequence_padding()
            prefix = key[1]
            for move in moves:
                number += 1
                names[move.id] = f"{prefix}{number:0{padding}d}"
        self._write_names(names)

    def _last_sequence_numbers(self, keys: list[tuple]) -> dict[tuple, int]:
        """{(journal id, prefix): the highest number taken} for the sequences that have one,
        each one's last entry locked until the end of the transaction."""
        self.flush_model(["sequence_prefix", "sequence_number", "journal_id"])
        self.env.cr.execute(SQL("""
            SELECT v.journal_id, v.prefix, last.sequence_number
              FROM (VALUES %s) AS v(journal_id, prefix)
              CROSS JOIN LATERAL (
                    SELECT sequence_number FROM account_move
                     WHERE journal_id = v.journal_id AND sequence_prefix = v.prefix
                  ORDER BY sequence_number DESC LIMIT 1 FOR UPDATE) AS last
        """, SQL.join(", ", [SQL("(%s::int, %s::varchar)", journal_id, prefix) for journal_id, prefix in keys])))
        return {(journal_id, prefix): number for journal_id, prefix, number in self.env.cr.fetchall()}

    def _write_names(self, names: dict[int, str]) -> None:
        """Give the entries their names in one statement whatever their count (a write per
        entry would be a query per entry); _post copies them onto the lines."""
        rows = [SQL("(%s, %s, %s, %s)", move_id, name, *self._split_name(name)) for move_id, name in names.items()]
        values = SQL.join(", ", rows)
        self.flush_model()
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(SQL("""
            UPDATE account_move m SET name = v.name, sequence_prefix = v.prefix, sequence_number = v.number
              FROM (VALUES %s) AS v(id, name, prefix, number) WHERE m.id = v.id
        """, values))
        moves = self.browse(list(names))
        moves.invalidate_recordset(["name", "sequence_prefix", "sequence_number"], flush=False)

    # -- draft, cancel ---------------------------------------------------------------------

    def button_draft(self):
        for move in self:
            if move.state == "draft":
                continue
            if move.payment_id and move.payment_id.move_id != move:
                raise UserError("You cannot reset to draft the entry of another payment.")
        lines = self.mapped("line_ids").filtered(lambda line: line.matched_debit_ids or line.matched_credit_ids)
        if lines:
            lines.remove_move_reconcile()
        self.with_context(skip_readonly_check=True).write({"state": "draft"})

    def button_cancel(self):
        if any(move.state == "posted" for move in self):
            raise UserError("Only draft journal entries can be cancelled; reset the entry to draft first.")
        self.with_context(skip_readonly_check=True).write({"state": "cancel", "auto_post": "no"})

    # -- reversal --------------------------------------------------------------------------

    def _reverse_moves(self, default_values_list: list[dict] | None = None, cancel: bool = False):
        """The reversal of each entry (a credit note for an invoice): same lines, debit and
        credit swapped. With ``cancel`` the reversals are posted and reconciled with the
        originals, which are then fully paid (``reversed``)."""
        if not default_values_list:
            default_values_list = [{} for _move in self]
        reverse_type = {"entry": "entry", "out_invoice": "out_refund", "out_refund": "out_invoice",
                        "in_invoice": "in_refund", "in_refund": "in_invoice",
                        "out_receipt": "out_receipt", "in_receipt": "in_receipt"}
        vals_list = []
        for move, default_values in zip(self, default_values_list):
            default_values = dict(default_values)
            default_values.update({"move_type": reverse_type[move.move_type], "reversed_entry_id": move.id,
                                   "partner_id": move.partner_id.id})
            vals_list.append(move._reverse_move_vals(default_values))
        reversals = self.create(vals_list)
        if cancel:
            reversals._post(soft=False)
            for move, reversal in zip(self, reversals):
                lines = (move.line_ids | reversal.line_ids).filtered(
                    lambda line: line.account_id.reconcile and not line.reconciled)
                for account in lines.mapped("account_id"):
                    lines.filtered(lambda line, a=account: line.account_id == a).reconcile()
        return reversals

    def _reverse_move_vals(self, default_values: dict) -> dict:
        """The values of this entry's reversal: every line copied with its amounts negated;
        an invoice's product lines only, its taxes and amount due being computed again."""
        vals = {
            "move_type": default_values["move_type"], "journal_id": self.journal_id.id,
            "partner_id": self.partner_id.id, "currency_id": self.currency_id.id,
            "fiscal_position_id": self.fiscal_position_id.id, "invoice_payment_term_id": False,
            "date": default_values.get("date") or fields.Date.context_today(self),
            "ref": f"Reversal of: {self.name}" if self.move_type == "entry" else self.ref,
            "invoice_origin": self.invoice_origin, "invoice_cash_rounding_id": self.invoice_cash_rounding_id.id,
            "line_ids": [],
        }
        vals.update(default_values)
        lines = self.line_ids
        if self.is_invoice(True):
            # the taxes and the amount due are computed again for the credit note
            lines = lines.filtered(lambda line: line.display_type in ("product", "line_section", "line_note"))
        for line in lines:
            vals["line_ids"].append(Command.create({
                "name": line.name, "account_id": line.account_id.id, "partner_id": line.partner_id.id,
                "currency_id": line.currency_id.id, "display_type": line.display_type,
                "balance": -line.balance, "amount_currency": -line.amount_currency,
                "quantity": line.quantity, "price_unit": line.price_unit, "discount": line.discount,
                "price_subtotal": line.price_subtotal, "price_total": line.price_total,
                "tax_ids": [Command.set(line.tax_ids.ids)], "tax_line_id": line.tax_line_id.id,
                "tax_repartition_line_id": line.tax_repartition_line_id.id,
                "group_tax_id": line.group_tax_id.id, "tax_base_amount": line.tax_base_amount,
                "tax_tag_ids": [Command.set(line.tax_tag_ids.ids)], "date_maturity": line.date_maturity,
                "sequence": line.sequence,
            }))
        if self.is_invoice(True):
            vals["invoice_date"] = vals.get("invoice_date") or vals["date"]
        return vals



def _by_value(mapping: dict) -> dict:
    grouped: dict = defaultdict(list)
    for key, value in mapping.items():
        grouped[value].append(key)
    return grouped
