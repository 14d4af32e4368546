"""The session's journal entry at closing (Odoo 17's ``_create_account_move`` and helpers).

One ``account.move`` in the till's journal, referenced by the session name, holds the sales,
the taxes, the rounding difference and a receivable line per payment method (per payment
for the methods that identify the customer). Beside it, in batches:

* cash methods: an ``account.bank.statement.line`` in the cash journal for what the drawer
  took, against the receivable, matched with the session's receivable line;
* bank methods: a posted ``account.payment`` in the method's journal from the outstanding
  account to the receivable, matched with the session's receivable line (a closing
  difference per method goes to the journal's profit or loss account);
* invoiced orders: their payment entries' POS receivable lines are matched with the
  session's "From invoice payments" lines;
* the cash count difference: a statement line to the cash journal's profit or loss account.

Every amount is known before anything is written (``pos_session_closing_amounts.py``): an
entry that would not balance writes nothing and answers Odoo's "Force Close Session" wizard.
Lines, statement lines and payments are each created in one batch, and every matching runs in
one ``_reconcile_plan``, so the queries do not grow with the orders.
"""
from __future__ import annotations

from collections import defaultdict

from odoo import Command, _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

CASH_DIFFERENCE_LABEL = "Cash difference observed during the counting (%s)"


class ClosingPlan:
    """The entry's lines and what goes beside them, as values, with what matches what."""

    def __init__(self) -> None:
        self.lines: list[dict] = []
        #: index of a line in ``lines`` -> the matching group it belongs to
        self.line_groups: dict[int, tuple] = {}
        self.statement_lines: list[dict] = []
        self.statement_groups: list[tuple] = []
        self.payments: list[dict] = []
        self.payment_groups: list[tuple] = []
        #: index of a combined payment in ``payments`` -> its method's closing difference
        self.payment_diffs: dict[int, float] = {}
        #: method id -> closing difference (as the UI counted them)
        self.bank_diffs: dict[int, float] = {}
        #: payment entries' lines (of invoiced orders) -> their matching group
        self.extra_lines: dict[tuple, list[int]] = defaultdict(list)
        #: sales line index -> (subtotal, total) written on it
        self.sales_totals: dict[int, tuple] = {}

    def add_line(self, vals: dict, group: tuple | None = None) -> int:
        self.lines.append(vals)
        if group:
            self.line_groups[len(self.lines) - 1] = group
        return len(self.lines) - 1


class PosSession(models.Model):
    _inherit = "pos.session"

    move_id = fields.Many2one("account.move", "Journal Entry", index=True, readonly=True, copy=False)
    statement_line_ids = fields.One2many("account.bank.statement.line", "pos_session_id", "Cash Lines",
                                         readonly=True)
    # the seed's name of the same lines (Odoo up to 15 had statements here)
    statement_ids = fields.One2many("account.bank.statement.line", "pos_session_id", "Cash Statements",
                                    readonly=True)
    bank_payment_ids = fields.One2many("account.payment", "pos_session_id", "Bank Payments", readonly=True,
                                       help="The payments booking the session's bank payments at closing.")

    # -- entry point -------------------------------------------------------------------------------

    def _create_closing_entries(self, balancing_account, amount_to_balance, bank_payment_method_diffs: dict):
        """Book the session (see the module docstring). Returns the "Force Close Session"
        action when the entry would not balance (nothing is written then), else None."""
        self.ensure_one()
        self._check_invoices_are_posted()
        self.env.cr.execute(SQL("SELECT COALESCE(SUM(amount), 0), COUNT(*) FROM account_bank_statement_line "
                                "WHERE pos_session_id = %s", self.id))
        moved, moves_count = self.env.cr.fetchone()
        if self.cash_real_transaction != float(moved):      # unchanged: the cash count stays computed
            self.write({"cash_real_transaction": float(moved)})
        cash_difference = self.cash_register_difference if self.cash_control else 0.0
        data = self._accumulate_closing_amounts()
        if not data.order_count and not moves_count:
            self._post_statement_difference(cash_difference)
            return None
        plan = self._closing_plan(data, bank_payment_method_diffs or {})
        if balancing_account and amount_to_balance:
            account = self.env["account.account"].browse(getattr(balancing_account, "id", balancing_account))
            self._add_balancing_line(plan, account, amount_to_balance)
        imbalance = self.company_id.currency_id.round(sum(vals["balance"] for vals in plan.lines))
        if imbalance:
            return self._close_session_action(imbalance)
        self._post_statement_difference(cash_difference)
        self._write_closing_entries(plan)
        return None

    def _check_invoices_are_posted(self) -> None:
        invoices = self.env["pos.order"].search([("session_id", "=", self.id), ("state", "=", "invoiced"),
                                                 ("account_move.state", "!=", "posted")]).mapped("account_move")
        if invoices:
            raise UserError(_("You cannot close the POS when invoices are not posted.\nInvoices: %s",
                              "\n".join(f"{invoice.name} - {invoice.state}" for invoice in invoices)))

    # -- the plan ----------------------------------------------------------------------------------

    def _closing_plan(self, data, diffs: dict) -> ClosingPlan:
        plan = ClosingPlan()
        plan.bank_diffs = dict(diffs)
        self._plan_sales_and_taxes(plan, data)
        self._plan_receivables(plan, data, diffs)
        self._plan_invoice_receivables(plan, data)
        return plan

    def _line(self, name: str, account_id: int, balance: float, converted: float | None = None, **values) -> dict:
        """A line of the session's entry: ``balance`` in the session currency; when the
        company's differs, it is the amount in currency and ``converted`` (its value in the
        company currency, at the rates of its orders' days) the balance."""
        currency = self.currency_id
        vals = {"name": name, "account_id": account_id, "partner_id": False, **values}
        if self.is_in_company_currency:
            vals["balance"] = currency.round(balance)
        else:
            vals["amount_currency"] = currency.round(balance)
            vals["currency_id"] = currency.id
            company_currency = self.company_id.currency_id
            vals["balance"] = company_currency.round(converted) if converted is not None else currency._convert(
                balance, company_currency, self.company_id, fields.Date.context_today(self))
        return vals

    def _plan_sales_and_taxes(self, plan: ClosingPlan, data) -> None:
        Tax = self.env["account.tax"]
        currency = self.currency_id
        names = {tax.id: tax.name for tax in Tax.browse({tax_id for key in data.taxes for tax_id in [key[2]]}
                                                       | {t[0] for key in data.sales for t in key[2]})}
        company_currency = self.company_id.currency_id
        for (account_id, repartition_id, tax_id, tag_ids), (amount, base, converted, base_converted) \
                in data.taxes.items():
            if currency.is_zero(amount) and currency.is_zero(base):
                continue
            plan.add_line(self._line(names[tax_id], account_id, amount, converted, display_type="tax",
                                     tax_base_amount=abs(company_currency.round(base_converted)),
                                     tax_repartition_line_id=repartition_id, tax_line_id=tax_id,
                                     tax_tag_ids=[Command.set(list(tag_ids))]))
        for (account_id, sign, tax_keys, base_tags), (amount, tax_amount, converted) in data.sales.items():
            tax_ids = list(dict.fromkeys(tax[0] for tax in tax_keys))
            title = _("Sales") if sign == 1 else _("Refund")
            name = (_("%(title)s with %(taxes)s", title=title, taxes=", ".join(names[t] for t in tax_ids))
                    if tax_ids else _("%s untaxed", title))
            index = plan.add_line(self._line(name, account_id, amount, converted, tax_ids=[Command.set(tax_ids)],
                                             tax_tag_ids=[Command.set(list(base_tags))],
                                             price_subtotal=abs(currency.round(amount)),
                                             price_total=abs(currency.round(amount)) + abs(currency.round(tax_amount))))
            plan.sales_totals[index] = (amount, tax_amount)
        if not currency.is_zero(data.rounding):
            method = self.config_id.rounding_method
            account = method.loss_account_id if data.rounding < 0 else method.profit_account_id
            if not account:
                raise UserError(_("Set the %(kind)s account of the cash rounding %(rounding)s: the session has "
                                  "a rounding difference of %(amount)s to book.",
                                  kind=_("loss") if data.rounding < 0 else _("profit"), rounding=method.name,
                                  amount=currency.round(data.rounding)))
            plan.add_line(self._line(_("Rounding line"), account.id, -data.rounding, -data.rounding_converted))

    def _receivable_account(self, method):
        """The method's intermediary account, else the company's POS receivable."""
        return method.receivable_account_id or self.company_id.account_default_pos_receivable_account_id

    def _partner_receivable(self, partner):
        partner = partner.commercial_partner_id or partner
        return partner.property_account_receivable_id or \
            self.env["res.partner"]._default_property_account(self.company_id, "asset_receivable")

    def _plan_receivables(self, plan: ClosingPlan, data, diffs: dict) -> None:
        methods = self.env["pos.payment.method"].browse(set(data.combined) | {p.method_id for p in data.split})
        by_id = {method.id: method for method in methods}
        today = fields.Date.context_today(self)
        for method_id, amount in data.combined.items():
            method = by_id[method_id]
            converted = data.combined_converted[method_id]
            account = self._receivable_account(method)
            if not account:
                raise UserError(_("Set a POS receivable account on the company %(company)s or an intermediary "
                                  "account on the payment method %(method)s.",
                                  company=self.company_id.name, method=method.name))
            label = f"{self.name} - {method.name}"
            if method.type == "cash":
                group = ("cash", account.id)
                plan.add_line(self._line(label, account.id, amount, converted), group)
                plan.statement_lines.append({
                    "journal_id": method.journal_id.id, "amount": amount, "date": today, "payment_ref": self.name,
                    "pos_session_id": self.id, "counterpart_account_id": account.id})
                plan.statement_groups.append(group)
            elif method.type == "bank":
                group = ("bank", method.id)
                plan.add_line(self._line(label, account.id, amount, converted), group)
                plan.payments.append(self._payment_vals(method, amount, account, False, _(
                    "Combine %(method)s POS payments from %(session)s", method=method.name, session=self.name)))
                plan.payment_groups.append(group)
                plan.payment_diffs[len(plan.payments) - 1] = diffs.get(method.id) or 0.0
            else:
                plan.add_line(self._line(label, account.id, amount, converted))
        partners = self.env["res.partner"].browse({p.partner_id for p in data.split if p.partner_id})
        partner_of = {partner.id: partner for partner in partners}
        for payment in data.split:
            method = by_id[payment.method_id]
            partner = partner_of.get(payment.partner_id)
            if not partner:
                raise UserError(_('You have enabled the "Identify Customer" option for %(method)s payment method, '
                                  "but the order %(order)s does not contain a customer.",
                                  method=method.name, order=payment.order_name))
            accounting_partner = partner.commercial_partner_id or partner
            account = self._partner_receivable(partner)
            vals = self._line(f"{self.name} - {method.name}", account.id, payment.amount, payment.converted,
                              partner_id=accounting_partner.id)
            if method.type == "cash":
                group = ("cash", account.id)
                plan.add_line(vals, group)
                plan.statement_lines.append({
                    "journal_id": method.journal_id.id, "amount": payment.amount, "payment_ref": payment.name,
                    "date": fields.Date.context_today(self, payment.date) if payment.date else today,
                    "pos_session_id": self.id, "counterpart_account_id": account.id,
                    "partner_id": accounting_partner.id})
                plan.statement_groups.append(group)
            elif method.type == "bank":
                group = ("bank_payment", payment.id)
                plan.add_line(vals, group)
                plan.payments.append(self._payment_vals(method, payment.amount, account, accounting_partner, _(
                    "%(method)s POS payment of %(partner)s in %(session)s", method=method.name,
                    partner=partner.display_name, session=self.name)))
                plan.payment_groups.append(group)
            else:
                plan.add_line(vals)

    def _payment_vals(self, method, amount: float, destination, partner, ref: str) -> dict:
        outstanding = method.outstanding_account_id or self.company_id.account_journal_payment_debit_account_id
        return {
            "amount": abs(amount), "payment_type": "inbound" if amount >= 0 else "outbound",
            "partner_type": "customer", "journal_id": method.journal_id.id,
            "partner_id": partner.id if partner else False,
            "force_outstanding_account_id": outstanding.id, "outstanding_account_id": outstanding.id,
            "destination_account_id": destination.id, "ref": ref, "date": fields.Date.context_today(self),
            "pos_payment_method_id": method.id, "pos_session_id": self.id, "company_id": self.company_id.id,
        }

    def _plan_invoice_receivables(self, plan: ClosingPlan, data) -> None:
        for account_id, amount in data.invoice_receivables.items():
            if self.currency_id.is_zero(amount):
                continue
            group = ("invoice", account_id)
            plan.add_line(self._line(_("From invoice payments"), account_id, -amount,
                                     -data.invoice_receivables_converted[account_id]), group)
            plan.extra_lines[group] += data.invoice_payment_lines.get(account_id, [])

    def _add_balancing_line(self, plan: ClosingPlan, account, amount: float) -> None:
        if not self.company_id.currency_id.is_zero(amount):
            vals = self._line(_("Difference at closing PoS session"), account.id, 0.0)
            vals["balance"] = -self.company_id.currency_id.round(amount)
            if "amount_currency" in vals:
                vals["amount_currency"] = self.company_id.currency_id._convert(
                    -amount, self.currency_id, self.company_id, fields.Date.context_today(self))
            plan.add_line(vals)

    def _get_balancing_account(self):
        return self.company_id.account_default_pos_receivable_account_id or \
            self.env["res.partner"]._default_property_account(self.company_id, "asset_receivable")

    def _close_session_action(self, amount_to_balance: float) -> dict:
        """Odoo's "Force Close Session" wizard, proposing the POS receivable to balance."""
        wizard = self.env["pos.close.session.wizard"].create({
            "amount_to_balance": amount_to_balance,
            "account_id": self._get_balancing_account().id,
            "message": _("There is a difference between the amounts to post and the amounts of the orders, it "
                         "is probably caused by taxes or accounting configurations changes."),
        })
        return {"name": _("Force Close Session"), "type": "ir.actions.act_window", "view_mode": "form",
                "res_model": "pos.close.session.wizard", "res_id": wizard.id, "target": "new",
                "context": {**self.env.context, "active_ids": self.ids, "active_model": "pos.session"}}

    # -- writing -----------------------------------------------------------------------------------

    def _write_closing_entries(self, plan: ClosingPlan) -> None:
        Move = self.env["account.move"].with_context(skip_invoice_sync=True)
        MoveLine = self.env["account.move.line"].with_context(skip_invoice_sync=True, check_move_validity=False)
        if not plan.lines:
            return
        move = Move.create({"journal_id": self.config_id.journal_id.id, "date": fields.Date.context_today(self),
                            "ref": self.name, "move_type": "entry", "company_id": self.company_id.id})
        self.write({"move_id": move.id})
        for vals in plan.lines:
            vals["move_id"] = move.id
        lines = MoveLine.create(plan.lines)
        statement_lines = self.env["account.bank.statement.line"].create(plan.statement_lines) \
            if plan.statement_lines else self.env["account.bank.statement.line"]
        payments = self.env["account.payment"].create(plan.payments) if plan.payments else self.env["account.payment"]
        self._apply_bank_differences(plan, payments)
        # the payments' entries (linked to their payments: numbered as such) and the session's
        # are posted in one batch
        (move | payments.move_id)._post(soft=False)
        self._reconcile_closing_lines(plan, lines, statement_lines, payments)

    def _apply_bank_differences(self, plan: ClosingPlan, payments) -> None:
        """Book each combined bank method's closing difference on its payment (to the
        journal's profit or loss account), and the split methods' in an entry of their own."""
        for index, diff in plan.payment_diffs.items():
            if self.currency_id.is_zero(diff):
                continue
            payment = payments[index]
            account = self._difference_account(payment.pos_payment_method_id, diff)
            outstanding = payment.move_id.line_ids.filtered(
                lambda line, p=payment: line.account_id == p.outstanding_account_id)[:1]
            payment.move_id.with_context(skip_readonly_check=True).write({"line_ids": [
                Command.create({"name": payment.ref, "account_id": account.id, "balance": -diff,
                                "amount_currency": -diff}),
                Command.update(outstanding.id, {"balance": outstanding.balance + diff,
                                                "amount_currency": outstanding.amount_currency + diff}),
            ]})
        split_methods = self.payment_method_ids.filtered(lambda m: m.type == "bank" and m.split_transactions)
        for method in split_methods:
            diff = plan.bank_diffs.get(method.id) or 0.0
            if self.currency_id.is_zero(diff):
                continue
            outstanding = method.outstanding_account_id or self.company_id.account_journal_payment_debit_account_id
            entry = self.env["account.move"].create({
                "journal_id": method.journal_id.id, "date": fields.Date.context_today(self),
                "ref": _("Closing difference in %(method)s (%(session)s)", method=method.name, session=self.name),
                "line_ids": [Command.create({"account_id": outstanding.id, "balance": diff, "name": method.name}),
                             Command.create({"account_id": self._difference_account(method, diff).id,
                                             "balance": -diff, "name": method.name})]})
            entry._post(soft=False)

    def _difference_account(self, method, diff: float):
        journal = method.journal_id
        account = journal.profit_account_id if diff > 0 else journal.loss_account_id
        if not account:
            kind = _("profit") if diff > 0 else _("loss")
            raise UserError(_("Need %(kind)s account for the following journals to post the difference: %(journal)s",
                              kind=kind, journal=journal.name))
        return account

    def _reconcile_closing_lines(self, plan: ClosingPlan, lines, statement_lines, payments) -> None:
        """Match each receivable of the entry with what settles it, in one batch."""
        groups: dict[tuple, list[int]] = defaultdict(list)
        for index, group in plan.line_groups.items():
            groups[group].append(lines[index].id)
        wanted = {}   # move id -> (group, account of the line that settles the group)
        for record, group, vals in zip(statement_lines, plan.statement_groups, plan.statement_lines):
            wanted[record.move_id.id] = (group, vals["counterpart_account_id"])
        for record, group, vals in zip(payments, plan.payment_groups, plan.payments):
            wanted[record.move_id.id] = (group, vals["destination_account_id"])
        if wanted:
            self.env.flush_all()
            self.env.cr.execute(SQL("SELECT move_id, id, account_id FROM account_move_line WHERE move_id = ANY(%s)",
                                    list(wanted)))
            for move_id, line_id, account_id in self.env.cr.fetchall():
                group, account = wanted[move_id]
                if account_id == account:
                    groups[group].append(line_id)
        for group, line_ids in plan.extra_lines.items():
            groups[group] += line_ids
        MoveLine = self.env["account.move.line"]
        accounts = {line.account_id.id: line.account_id.reconcile
                    for line in MoveLine.browse([ids[0] for ids in groups.values() if ids])}
        plans = []
        for line_ids in groups.values():
            group_lines = MoveLine.browse(line_ids)
            if len(line_ids) > 1 and accounts.get(group_lines[:1].account_id.id):
                plans.append(group_lines)
        if plans:
            MoveLine._reconcile_plan(plans)

    # -- cash ---------------------------------------------------------------------------------------

    def _post_statement_difference(self, amount: float, is_opening: bool = False) -> None:
        """Book a difference between the counted and the expected cash as a statement line of
        the cash journal (Odoo's labels): at closing to its profit or loss account; at opening
        (the last closing count was not found in the drawer) on its suspense account, for the
        accountant to explain, as Odoo 17 does. Either needs the profit or loss account set."""
        amount = self.currency_id.round(amount or 0.0)
        if not amount or not self.cash_journal_id:
            return
        account = self._cash_difference_account(amount)
        label = _(CASH_DIFFERENCE_LABEL, _("Loss") if amount < 0 else _("Profit")) + (
            _(" - opening") if is_opening else _(" - closing"))
        vals = {"journal_id": self.cash_journal_id.id, "amount": amount, "date": fields.Date.context_today(self),
                "payment_ref": label, "pos_session_id": self.id}
        if not is_opening:
            vals["counterpart_account_id"] = account.id
        self.env["account.bank.statement.line"].create(vals)

    def _check_cash_difference_account(self) -> None:
        """Refuse to start closing when the counted cash differs from the expected and the
        cash journal has no account for that difference (before anything is written)."""
        for session in self.sudo():
            if session.cash_control and not session.currency_id.is_zero(session.cash_register_difference):
                session._cash_difference_account(session.cash_register_difference)

    def _cash_difference_account(self, amount: float):
        journal = self.cash_journal_id
        if amount < 0:
            account = journal.loss_account_id
            if not account:
                raise UserError(_("Please go on the %s journal and define a Loss Account. This account will be used "
                                  "to record cash difference.", journal.name))
        else:
            account = journal.profit_account_id
            if not account:
                raise UserError(_("Please go on the %s journal and define a Profit Account. This account will be "
                                  "used to record cash difference.", journal.name))
        return account
