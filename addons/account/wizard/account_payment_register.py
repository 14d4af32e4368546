"""Register a payment on invoices (``account.payment.register``, Odoo 17's "Pay" wizard).

Opened on posted entries (``account.move.action_register_payment``) or on journal items,
it takes their open receivable/payable items, grouped in batches (same partner, account,
currency and direction). With one batch the amount, date, journal and memo can be edited; a
payment below what is due either keeps the rest open or marks it paid with a write-off
line. Each payment is posted and reconciled with the items it pays.
"""
from __future__ import annotations

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

PAYABLE_TYPES = ("asset_receivable", "liability_payable")


class AccountPaymentRegister(models.TransientModel):
    _name = "account.payment.register"
    _description = "Pay"

    payment_date = fields.Date("Payment Date", required=True, default=fields.Date.context_today)
    amount = fields.Monetary(currency_field="currency_id", store=True, readonly=False, compute="_compute_amount")
    communication = fields.Char("Memo", store=True, readonly=False, compute="_compute_communication")
    group_payment = fields.Boolean("Group Payments", store=True, readonly=False, compute="_compute_group_payment",
                                   help="Only one payment will be created by partner (bank), instead of one "
                                        "per bill.")
    currency_id = fields.Many2one("res.currency", "Currency", store=True, readonly=False,
                                  compute="_compute_currency_id")
    journal_id = fields.Many2one("account.journal", "Journal", store=True, readonly=False,
                                 compute="_compute_journal_id", domain="[('type', 'in', ('bank', 'cash'))]")
    line_ids = fields.Many2many("account.move.line", "account_payment_register_move_line_rel", "wizard_id",
                                "line_id", string="Journal items", readonly=True, copy=False,
                                default=lambda self: self._default_line_ids())
    company_id = fields.Many2one("res.company", store=True, compute="_compute_from_lines")
    company_currency_id = fields.Many2one("res.currency", "Company Currency", related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", "Customer/Vendor", store=True, compute="_compute_from_lines")
    payment_type = fields.Selection([("outbound", "Send"), ("inbound", "Receive")], "Payment Type", store=True,
                                    compute="_compute_from_lines")
    partner_type = fields.Selection([("customer", "Customer"), ("supplier", "Vendor")], store=True,
                                    compute="_compute_from_lines")
    source_amount = fields.Monetary("Amount to Pay (company currency)", store=True,
                                    currency_field="company_currency_id", compute="_compute_from_lines")
    source_amount_currency = fields.Monetary("Amount to Pay (foreign currency)", store=True,
                                             currency_field="source_currency_id", compute="_compute_from_lines")
    source_currency_id = fields.Many2one("res.currency", "Source Currency", store=True,
                                         compute="_compute_from_lines")
    can_edit_wizard = fields.Boolean(store=True, compute="_compute_from_lines",
                                     help="One batch of items only: the payment's values can be edited.")
    can_group_payments = fields.Boolean(store=True, compute="_compute_from_lines",
                                        help="A batch holds items of several entries.")
    payment_difference = fields.Monetary(currency_field="currency_id", compute="_compute_payment_difference")
    payment_difference_handling = fields.Selection([("open", "Keep open"), ("reconcile", "Mark as fully paid")],
                                                   "Payment Difference Handling", default="open")
    writeoff_account_id = fields.Many2one("account.account", "Difference Account", copy=False,
                                          domain="[('deprecated', '=', False)]")
    writeoff_label = fields.Char("Journal Item Label", default="Write-Off",
                                 help="Change label of the counterpart that will hold the payment difference")

    # -- the items to pay ------------------------------------------------------------------

    @api.model
    def _default_line_ids(self):
        return [Command.set(self._lines_from_context().ids)]

    @api.model
    def _lines_from_context(self):
        context = self.env.context
        model, ids = context.get("active_model"), context.get("active_ids") or []
        if model == "account.move":
            moves = self.env["account.move"].browse(ids)
            if any(move.state != "posted" for move in moves):
                raise UserError("You can only register payment for posted journal entries.")
            lines = moves.mapped("line_ids")
        elif model == "account.move.line":
            lines = self.env["account.move.line"].browse(ids)
            if any(line.parent_state != "posted" for line in lines):
                raise UserError("You can only register payment for posted journal entries.")
        else:
            raise UserError("The register payment wizard should only be called on account.move or "
                            "account.move.line records.")
        if len(lines.mapped("company_id")) > 1:
            raise UserError("You can't create payments for entries belonging to different companies.")
        open_lines = lines.filtered(lambda line: line.account_id.account_type in PAYABLE_TYPES
                                    and not line.reconciled
                                    and not line.currency_id.is_zero(line.amount_residual_currency))
        if not open_lines:
            raise UserError("You can't register a payment because there is nothing left to pay on the "
                            "selected journal items.")
        if len(set(open_lines.mapped("account_id.account_type"))) > 1:
            raise UserError("You can't register payments for both inbound and outbound moves at the same time.")
        return open_lines

    def _get_batches(self) -> list[dict]:
        """The items grouped by what one payment can pay: ``[{'payment_values', 'lines'}]``."""
        self.ensure_one()
        groups = defaultdict(lambda: self.env["account.move.line"])
        for line in self.line_ids._origin if hasattr(self.line_ids, "_origin") else self.line_ids:
            key = self._batch_key(line)
            groups[tuple(sorted(key.items()))] |= line
        return [{"payment_values": dict(key), "lines": lines} for key, lines in groups.items()]

    @api.model
    def _batch_key(self, line) -> dict:
        receivable = line.account_id.account_type == "asset_receivable"
        return {
            "partner_id": line.partner_id.id,
            "account_id": line.account_id.id,
            "currency_id": line.currency_id.id,
            "partner_type": "customer" if receivable else "supplier",
            "payment_type": "inbound" if line.balance > 0.0 else "outbound",
        }

    @api.model
    def _get_communication(self, lines) -> str:
        """The memo of a payment of ``lines``: their entries' payment references (or numbers)."""
        moves = lines.mapped("move_id")
        if len(moves) == 1:
            return moves.payment_reference or moves.ref or moves.name
        labels = {move.payment_reference or move.ref or move.name for move in moves}
        separator = ", " if any(move.is_outbound() for move in moves) else " "
        return separator.join(sorted(filter(None, labels)))

    @api.depends("line_ids")
    def _compute_from_lines(self):
        for wizard in self:
            batches = wizard._get_batches() if wizard.line_ids else []
            lines = wizard.line_ids
            wizard.company_id = lines[:1].company_id
            wizard.can_edit_wizard = len(batches) == 1
            wizard.can_group_payments = any(len(batch["lines"].mapped("move_id")) > 1 for batch in batches)
            if len(batches) == 1:
                key, batch_lines = batches[0]["payment_values"], batches[0]["lines"]
                wizard.partner_id = key["partner_id"]
                wizard.payment_type = key["payment_type"]
                wizard.partner_type = key["partner_type"]
                wizard.source_currency_id = key["currency_id"]
                wizard.source_amount = abs(sum(batch_lines.mapped("amount_residual")))
                wizard.source_amount_currency = abs(sum(batch_lines.mapped("amount_residual_currency")))
            else:
                first = batches[0]["payment_values"] if batches else {}
                wizard.partner_id = False
                wizard.payment_type = first.get("payment_type", False)
                wizard.partner_type = first.get("partner_type", False)
                wizard.source_currency_id = False
                wizard.source_amount = wizard.source_amount_currency = 0.0

    @api.depends("line_ids")
    def _compute_communication(self):
        for wizard in self:
            batches = wizard._get_batches() if wizard.line_ids else []
            wizard.communication = wizard._get_communication(batches[0]["lines"]) if len(batches) == 1 else False

    @api.depends("line_ids")
    def _compute_group_payment(self):
        for wizard in self:
            # one batch of one entry's items: paid together; several entries: one payment each
            batches = wizard._get_batches() if wizard.line_ids else []
            wizard.group_payment = len(batches) == 1 and len(batches[0]["lines"].mapped("move_id")) == 1

    @api.depends("company_id", "source_currency_id")
    def _compute_journal_id(self):
        for wizard in self:
            company = wizard.company_id or self.env.company
            domain = [("company_id", "=", company.id), ("type", "in", ("bank", "cash"))]
            journal = self.env["account.journal"]
            if wizard.source_currency_id and wizard.source_currency_id != company.currency_id:
                journal = journal.search(domain + [("currency_id", "=", wizard.source_currency_id.id)], limit=1)
            wizard.journal_id = journal or journal.search(domain, limit=1)

    @api.depends("journal_id", "source_currency_id")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = wizard.journal_id.currency_id or wizard.source_currency_id or \
                wizard.company_id.currency_id

    def _amount_in(self, currency):
        """What the batch owes, in ``currency`` (converted at the payment date if needed)."""
        if currency == self.source_currency_id:
            return self.source_amount_currency
        if currency == self.company_id.currency_id:
            return self.source_amount
        return self.company_id.currency_id._convert(self.source_amount, currency, self.company_id,
                                                    self.payment_date)

    @api.depends("source_amount", "source_amount_currency", "currency_id", "payment_date")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard._amount_in(wizard.currency_id) if wizard.can_edit_wizard and wizard.currency_id \
                else 0.0

    @api.depends("amount", "source_amount", "source_amount_currency", "currency_id", "payment_date")
    def _compute_payment_difference(self):
        for wizard in self:
            if wizard.can_edit_wizard and wizard.currency_id:
                wizard.payment_difference = wizard._amount_in(wizard.currency_id) - wizard.amount
            else:
                wizard.payment_difference = 0.0

    # -- the payments ----------------------------------------------------------------------

    def _create_payment_vals_from_wizard(self, batch: dict) -> dict:
        values = {
            "date": self.payment_date, "amount": self.amount, "payment_type": self.payment_type,
            "partner_type": self.partner_type, "ref": self.communication, "journal_id": self.journal_id.id,
            "currency_id": self.currency_id.id, "partner_id": self.partner_id.id,
            "destination_account_id": batch["lines"][:1].account_id.id,
        }
        if not self.currency_id.is_zero(self.payment_difference) and self.payment_difference_handling == "reconcile":
            if not self.writeoff_account_id:
                raise UserError("Choose a difference account to mark the invoice as fully paid.")
            amount_currency = self.payment_difference if self.payment_type == "inbound" else -self.payment_difference
            balance = self.currency_id._convert(amount_currency, self.company_id.currency_id, self.company_id,
                                                self.payment_date)
            values["write_off_line_vals"] = [{
                "name": self.writeoff_label, "account_id": self.writeoff_account_id.id,
                "partner_id": self.partner_id.id, "currency_id": self.currency_id.id,
                "amount_currency": amount_currency, "balance": balance}]
        return values

    def _create_payment_vals_from_batch(self, batch: dict) -> dict:
        key, lines = batch["payment_values"], batch["lines"]
        currency = self.env["res.currency"].browse(key["currency_id"])
        journal = self.journal_id
        if journal.currency_id and journal.currency_id != currency:
            # a journal in another currency pays the company-currency amount, converted
            amount = self.company_id.currency_id._convert(abs(sum(lines.mapped("amount_residual"))),
                                                          journal.currency_id, self.company_id, self.payment_date)
            currency = journal.currency_id
        else:
            amount = abs(sum(lines.mapped("amount_residual_currency")))
        return {
            "date": self.payment_date, "amount": amount, "payment_type": key["payment_type"],
            "partner_type": key["partner_type"], "ref": self._get_communication(lines),
            "journal_id": journal.id, "currency_id": currency.id, "partner_id": key["partner_id"],
            "destination_account_id": key["account_id"],
        }

    def _create_payments(self):
        self.ensure_one()
        if not self.journal_id:
            raise UserError("Choose a bank or cash journal to register the payment in.")
        batches = self._get_batches()
        edit_mode = self.can_edit_wizard and (len(batches[0]["lines"]) == 1 or self.group_payment)
        to_process = []
        if edit_mode:
            if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
                raise UserError("The payment amount must be strictly positive.")
            to_process.append((self._create_payment_vals_from_wizard(batches[0]), batches[0]["lines"]))
        else:
            if not self.group_payment:
                # one payment per entry in each batch
                batches = [{"payment_values": batch["payment_values"], "lines": lines}
                           for batch in batches for lines in self._lines_per_move(batch["lines"])]
            to_process = [(self._create_payment_vals_from_batch(batch), batch["lines"]) for batch in batches]
        payments = self.env["account.payment"].create([values for values, _lines in to_process])
        payments.action_post()
        for payment, (_values, lines) in zip(payments, to_process):
            _liquidity, counterpart, _others = payment._seek_for_lines()
            account = lines[:1].account_id
            (counterpart | lines).filtered(lambda line: line.account_id == account and not line.reconciled).reconcile()
        return payments

    @staticmethod
    def _lines_per_move(lines) -> list:
        per_move = defaultdict(lambda: lines.browse())
        for line in lines:
            per_move[line.move_id.id] |= line
        return list(per_move.values())

    def action_create_payments(self):
        payments = self._create_payments()
        if self.env.context.get("dont_redirect_to_payments"):
            return True
        action = {"name": "Payments", "type": "ir.actions.act_window", "res_model": "account.payment",
                  "context": {"create": False}}
        if len(payments) == 1:
            action.update({"view_mode": "form", "res_id": payments.id})
        else:
            action.update({"view_mode": "tree,form", "domain": [("id", "in", payments.ids)]})
        return action
