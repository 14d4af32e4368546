"""Journal entries (``account.move``): entries, invoices, credit notes and bills, their
totals and what may change once they are posted.

Posting, numbering and reversal live in account_move_post.py; the lines an invoice
computes (taxes, receivable/payable) in account_move_invoice.py.
"""
from __future__ import annotations

from odoo import api, fields, models
from odoo.exceptions import UserError

MOVE_TYPES = [
    ("entry", "Journal Entry"), ("out_invoice", "Customer Invoice"), ("out_refund", "Customer Credit Note"),
    ("in_invoice", "Vendor Bill"), ("in_refund", "Vendor Credit Note"),
    ("out_receipt", "Sales Receipt"), ("in_receipt", "Purchase Receipt"),
]
PAYMENT_STATES = [("not_paid", "Not Paid"), ("in_payment", "In Payment"), ("paid", "Paid"),
                  ("partial", "Partially Paid"), ("reversed", "Reversed"), ("invoicing_legacy", "Invoicing App Legacy")]
# what a posted entry keeps (Odoo 17's list): reset it to draft to change them
UNMODIFIABLE_WHEN_POSTED = ("invoice_line_ids", "line_ids", "invoice_date", "date", "partner_id",
                            "partner_bank_id", "invoice_payment_term_id", "currency_id",
                            "fiscal_position_id", "invoice_cash_rounding_id")
# the move's values its lines copy (account_move_line.FROM_MOVE): line field -> move field
COPIED_TO_LINES = {"journal_id": "journal_id", "company_id": "company_id", "date": "date",
                   "parent_state": "state", "move_name": "name"}


class AccountMove(models.Model):
    _name = "account.move"
    _description = "Journal Entry"
    _order = "date desc, name desc, id desc"
    _rec_names_search = ["name", "partner_id.name", "ref"]

    name = fields.Char("Number", default="/", copy=False, index=True)
    ref = fields.Char("Reference", copy=False)
    date = fields.Date(required=True, index=True, copy=False, default=fields.Date.context_today)
    state = fields.Selection([("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
                             "Status", required=True, default="draft", copy=False)
    move_type = fields.Selection(MOVE_TYPES, "Type", required=True, index=True,
                                 default=lambda self: self.env.context.get("default_move_type", "entry"))
    journal_id = fields.Many2one("account.journal", "Journal", required=True, index=True, check_company=True)
    company_id = fields.Many2one("res.company", "Company", required=True, index=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    currency_id = fields.Many2one("res.currency", "Currency", required=True)
    partner_id = fields.Many2one("res.partner", "Partner", index=True, ondelete="restrict")
    commercial_partner_id = fields.Many2one("res.partner", "Commercial Entity",
                                            compute="_compute_commercial_partner_id", store=True)
    partner_shipping_id = fields.Many2one(
        "res.partner", "Delivery Address", compute="_compute_partner_shipping_id", store=True,
        readonly=False, help="Where the goods go: the customer's delivery address by default.")
    invoice_user_id = fields.Many2one("res.users", "Salesperson", copy=False,
                                      default=lambda self: self.env.user)
    fiscal_position_id = fields.Many2one("account.fiscal.position", "Fiscal Position", ondelete="restrict",
                                         check_company=True)
    invoice_payment_term_id = fields.Many2one("account.payment.term", "Payment Terms", check_company=True)
    invoice_date = fields.Date("Invoice/Bill Date", index=True, copy=False)
    invoice_date_due = fields.Date("Due Date", compute="_compute_invoice_date_due", store=True)
    invoice_origin = fields.Char("Origin")
    payment_reference = fields.Char("Payment Reference", copy=False)
    invoice_cash_rounding_id = fields.Many2one("account.cash.rounding", "Cash Rounding Method")
    narration = fields.Html("Terms and Conditions")
    line_ids = fields.One2many("account.move.line", "move_id", "Journal Items", copy=True)
    invoice_line_ids = fields.One2many("account.move.line", "move_id", "Invoice lines",
                                       domain=[("display_type", "in", ("product", "line_section", "line_note"))])
    sequence_prefix = fields.Char(compute="_compute_split_sequence", store=True)
    sequence_number = fields.Integer(compute="_compute_split_sequence", store=True)
    posted_before = fields.Boolean(copy=False)
    auto_post = fields.Selection([("no", "No"), ("at_date", "At Date")], default="no", copy=False)
    reversed_entry_id = fields.Many2one("account.move", "Reversal of", index=True, copy=False)
    reversal_move_id = fields.One2many("account.move", "reversed_entry_id")
    payment_id = fields.Many2one("account.payment", "Payment", index=True, copy=False)
    statement_line_id = fields.Many2one("account.bank.statement.line", "Statement Line", index=True,
                                        copy=False)
    direction_sign = fields.Integer(compute="_compute_direction_sign")

    amount_untaxed = fields.Monetary("Untaxed Amount", compute="_compute_amount", store=True)
    amount_tax = fields.Monetary("Tax", compute="_compute_amount", store=True)
    amount_total = fields.Monetary("Total", compute="_compute_amount", store=True)
    amount_residual = fields.Monetary("Amount Due", compute="_compute_amount", store=True)
    amount_untaxed_signed = fields.Monetary("Untaxed Amount Signed", compute="_compute_amount", store=True,
                                            currency_field="company_currency_id")
    amount_tax_signed = fields.Monetary("Tax Signed", compute="_compute_amount", store=True,
                                        currency_field="company_currency_id")
    amount_total_signed = fields.Monetary("Total Signed", compute="_compute_amount", store=True,
                                          currency_field="company_currency_id")
    amount_total_in_currency_signed = fields.Monetary("Total in Currency Signed", compute="_compute_amount",
                                                      store=True)
    amount_residual_signed = fields.Monetary("Amount Due Signed", compute="_compute_amount", store=True,
                                             currency_field="company_currency_id")
    payment_state = fields.Selection(PAYMENT_STATES, "Payment Status", compute="_compute_payment_state",
                                     store=True, copy=False)

    # -- kinds of entries (Odoo's helpers) ------------------------------------------------

    @api.model
    def get_sale_types(self, include_receipts: bool = False) -> list[str]:
        return ["out_invoice", "out_refund"] + (["out_receipt"] if include_receipts else [])

    @api.model
    def get_purchase_types(self, include_receipts: bool = False) -> list[str]:
        return ["in_invoice", "in_refund"] + (["in_receipt"] if include_receipts else [])

    @api.model
    def get_invoice_types(self, include_receipts: bool = False) -> list[str]:
        return self.get_sale_types(include_receipts) + self.get_purchase_types(include_receipts)

    @api.model
    def get_inbound_types(self, include_receipts: bool = True) -> list[str]:
        return ["out_invoice", "in_refund"] + (["out_receipt"] if include_receipts else [])

    @api.model
    def get_outbound_types(self, include_receipts: bool = True) -> list[str]:
        return ["in_invoice", "out_refund"] + (["in_receipt"] if include_receipts else [])

    def is_invoice(self, include_receipts: bool = False) -> bool:
        return self.move_type in self.get_invoice_types(include_receipts)

    def is_sale_document(self, include_receipts: bool = False) -> bool:
        return self.move_type in self.get_sale_types(include_receipts)

    def is_purchase_document(self, include_receipts: bool = False) -> bool:
        return self.move_type in self.get_purchase_types(include_receipts)

    def is_inbound(self, include_receipts: bool = True) -> bool:
        return self.move_type in self.get_inbound_types(include_receipts)

    def is_outbound(self, include_receipts: bool = True) -> bool:
        return self.move_type in self.get_outbound_types(include_receipts)

    # -- computes --------------------------------------------------------------------------

    @api.depends("move_type")
    def _compute_direction_sign(self):
        for move in self:
            if move.move_type == "entry" or move.is_outbound():
                move.direction_sign = 1
            else:
                move.direction_sign = -1

    @api.depends("partner_id")
    def _compute_commercial_partner_id(self):
        for move in self:
            partner = move.partner_id
            while partner.parent_id and not partner.is_company:
                partner = partner.parent_id
            move.commercial_partner_id = partner

    @api.depends("partner_id")
    def _compute_partner_shipping_id(self):
        for move in self:
            if move.is_invoice(include_receipts=True) and move.partner_id:
                delivery = move.partner_id.address_get(["delivery"])["delivery"]
                move.partner_shipping_id = self.env["res.partner"].browse(delivery)
            else:
                move.partner_shipping_id = False

    @api.depends("line_ids.date_maturity", "line_ids.display_type")
    def _compute_invoice_date_due(self):
        for move in self:
            if not move.is_invoice(True):
                move.invoice_date_due = move.invoice_date_due or False
                continue
            dates = [line.date_maturity for line in move.line_ids
                     if line.display_type == "payment_term" and line.date_maturity]
            move.invoice_date_due = max(dates) if dates else move.invoice_date_due or False

    @api.depends("line_ids.balance", "line_ids.amount_currency", "line_ids.amount_residual",
                 "line_ids.amount_residual_currency", "line_ids.display_type", "line_ids.debit",
                 "line_ids.tax_repartition_line_id", "move_type", "state")
    def _compute_amount(self):
        for move in self:
            untaxed = untaxed_cur = tax = tax_cur = total = total_cur = residual = residual_cur = 0.0
            invoice = move.is_invoice(True)
            if not invoice:
                # a plain entry's total is its debits (read as two lists: no per-line access)
                lines = move.line_ids
                total = sum(b for b in lines.mapped("balance") if b > 0)
                total_cur = sum(a for a, b in zip(lines.mapped("amount_currency"), lines.mapped("balance")) if b > 0)
            for line in (move.line_ids if invoice else ()):
                kind = line.display_type
                if kind == "tax" or (kind == "rounding" and line.tax_repartition_line_id):
                    tax += line.balance
                    tax_cur += line.amount_currency
                    total += line.balance
                    total_cur += line.amount_currency
                elif kind in ("product", "rounding"):
                    untaxed += line.balance
                    untaxed_cur += line.amount_currency
                    total += line.balance
                    total_cur += line.amount_currency
                elif kind == "payment_term":
                    residual += line.amount_residual
                    residual_cur += line.amount_residual_currency
            sign = move.direction_sign
            move.amount_untaxed = sign * untaxed_cur
            move.amount_tax = sign * tax_cur
            move.amount_total = sign * total_cur
            move.amount_residual = -sign * residual_cur
            move.amount_untaxed_signed = -untaxed
            move.amount_tax_signed = -tax
            move.amount_total_signed = abs(total) if move.move_type == "entry" else -total
            move.amount_residual_signed = residual
            move.amount_total_in_currency_signed = (abs(move.amount_total) if move.move_type == "entry"
                                                    else -(sign * move.amount_total))

    @api.depends("amount_residual", "amount_total", "state", "move_type",
                 "line_ids.full_reconcile_id", "line_ids.amount_residual")
    def _compute_payment_state(self):
        for move in self:
            move.payment_state = move._payment_state()

    def _payment_state(self) -> str:
        """Odoo 17's rule: an unposted entry or a plain entry is not paid; a posted invoice
        with nothing left to pay is paid, or in payment while one of the payments that paid
        it still waits on an outstanding account for its bank statement; partly paid when
        the amount due differs from the total."""
        if self.state != "posted" or not self.is_invoice(True):
            return "not_paid"
        currency = self.currency_id
        if currency.is_zero(self.amount_residual):
            counterparts = self.line_ids.filtered(lambda line: line.display_type == "payment_term")._reconciled_lines()
            matched_moves = counterparts.mapped("move_id")
            if matched_moves.mapped("reversed_entry_id") == self or self.reversal_move_id & matched_moves:
                return "reversed"
            payments = counterparts.mapped("move_id.payment_id")
            if payments and not all(payment.is_matched for payment in payments):
                return self._get_invoice_in_payment_state()
            return "paid"
        if currency.compare_amounts(self.amount_residual, self.amount_total) != 0:
            return "partial"
        return "not_paid"

    def _get_invoice_in_payment_state(self) -> str:
        """The state of an invoice paid by payments not yet matched with the bank (Odoo's
        hook; accounting apps make it 'paid')."""
        return "in_payment"

    @api.depends("name", "journal_id")
    def _compute_split_sequence(self):
        for move in self:
            prefix, number = move._split_name(move.name)
            move.sequence_prefix, move.sequence_number = prefix, number

    @staticmethod
    def _split_name(name: str | None) -> tuple[str, int]:
        """``INV/2026/00012`` -> (``INV/2026/``, 12); a name without a trailing number gives 0."""
        if not name or name == "/":
            return "", 0
        digits = len(name) - len(name.rstrip("0123456789"))
        if not digits:
            return name, 0
        return name[:-digits], int(name[-digits:])

    @api.depends("name", "partner_id", "ref", "state", "move_type")
    def _compute_display_name(self):
        labels = dict(MOVE_TYPES)
        for move in self:
            if move.name and move.name != "/":
                move.display_name = move.name + (f" ({move.ref})" if move.ref and not move.is_invoice(True) else "")
            elif move.state == "draft":
                suffix = f" ({move.id})" if move.id else ""
                move.display_name = f"Draft {labels.get(move.move_type, 'Entry')}{suffix}"
            else:
                move.display_name = move.name or "/"

    @api.constrains("company_id", "journal_id", "fiscal_position_id", "invoice_payment_term_id")
    def _check_company_links(self):
        self._check_company(["journal_id", "fiscal_position_id", "invoice_payment_term_id"])

    # -- defaults --------------------------------------------------------------------------

    @api.model
    def _search_default_journal(self, move_type: str, company=None):
        """The journal an entry of ``move_type`` goes to by default: sales for customer
        documents, purchases for vendor ones, miscellaneous otherwise (Odoo's choice)."""
        company = company or self.env.company
        journal_type = ("sale" if move_type in self.get_sale_types(True) else
                        "purchase" if move_type in self.get_purchase_types(True) else "general")
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", journal_type)], limit=1)
        if not journal:
            raise UserError(f"No journal of type '{journal_type}' could be found in company "
                            f"{company.name}; create one, or load a chart of accounts.")
        return journal

    def _cached_line_ids(self) -> list[int]:
        """The ids of these entries' lines the cache knows (no query)."""
        cache = self.env.transaction.cache.get(self._fields["line_ids"], {})
        return [line_id for move_id in self.ids for line_id in (cache.get(move_id) or ())]

    def _line_values_from_move(self) -> dict:
        """What each new line of this entry copies from it (see account_move_line.py)."""
        currency = self.company_id.currency_id
        rates: dict = {}
        Currency = self.env["res.currency"]

        def to_company(amount_currency: float, currency_id: int) -> float:
            # a line given in another currency only: its balance at the entry's date, each
            # rate read once for all the lines of the entry
            if currency_id not in rates:
                rates[currency_id] = Currency._get_conversion_rate(
                    Currency.browse(currency_id), currency, self.company_id,
                    self.date or fields.Date.context_today(self)) if currency_id else 1.0
            return amount_currency * rates[currency_id]

        return {"journal_id": self.journal_id.id, "company_id": self.company_id.id, "date": self.date,
                "parent_state": self.state, "move_name": self.name, "company_currency_id": currency.id,
                "currency_id": self.currency_id.id, "is_invoice": self.is_invoice(True),
                "default_account_id": self.journal_id.default_account_id.id,
                "round": currency.round, "to_company": to_company}

    # -- create / write / unlink -----------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        for vals in vals_list:
            self._complete_create_vals(vals)
        with_lines = [bool(vals.get("line_ids")) for vals in vals_list]
        quiet = self.with_context(skip_invoice_sync=True, skip_balance_check=True)
        moves = super(AccountMove, quiet).create(vals_list).with_env(self.env)
        moves.filtered(lambda m: m.is_invoice(True))._sync_dynamic_lines()
        # an entry created without lines is balanced (its lines' create checks them)
        moves.browse([move.id for move, given in zip(moves, with_lines) if given])._check_balanced()
        return moves

    @api.model
    def _complete_create_vals(self, vals: dict) -> None:
        move_type = vals.setdefault("move_type", self.env.context.get("default_move_type", "entry"))
        company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
        if not vals.get("journal_id"):
            vals["journal_id"] = self.env.context.get("default_journal_id") or \
                self._search_default_journal(move_type, company).id
        journal = self.env["account.journal"].browse(vals["journal_id"])
        vals.setdefault("company_id", journal.company_id.id)
        if not vals.get("currency_id"):
            vals["currency_id"] = journal.currency_id.id or journal.company_id.currency_id.id
        if vals.get("invoice_date") and not vals.get("date"):
            vals["date"] = vals["invoice_date"]
        if vals.get("partner_id") and "fiscal_position_id" not in vals and move_type != "entry":
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["fiscal_position_id"] = partner.property_account_position_id.id or False
        if move_type in self.get_invoice_types(True):
            # the user's lines and the computed ones travel in one field of the entry
            vals.setdefault("line_ids", [])
            vals["line_ids"] = list(vals["line_ids"]) + list(vals.pop("invoice_line_ids", []) or [])
        else:
            # an entry keeps the due date it is given: known now, its lines need not read it back
            vals.setdefault("invoice_date_due", False)

    def write(self, vals):
        if not self:
            return True
        if not self.env.context.get("skip_readonly_check"):
            self._check_posted_write(vals)
        if "invoice_line_ids" in vals:
            vals = dict(vals)
            vals["line_ids"] = list(vals.get("line_ids", [])) + list(vals.pop("invoice_line_ids") or [])
        if vals.get("invoice_date") and "date" not in vals:
            vals = {**vals, "date": vals["invoice_date"]}
        quiet = self.with_context(skip_invoice_sync=True, skip_balance_check=True)
        result = super(AccountMove, quiet).write(vals)
        copied = {line_field: vals[move_field] for line_field, move_field in COPIED_TO_LINES.items()
                  if move_field in vals}
        if copied and not self.env.context.get("skip_copy_to_lines"):
            self.env["account.move.line"]._write_from_moves(self, copied)
        resync = {"line_ids", "partner_id", "fiscal_position_id", "invoice_payment_term_id", "currency_id",
                  "invoice_date", "invoice_cash_rounding_id", "date"}
        if resync & set(vals) and not self.env.context.get("skip_invoice_sync"):
            self.filtered(lambda m: m.is_invoice(True) and m.state == "draft")._sync_dynamic_lines(
                remap="fiscal_position_id" in vals)
        if {"line_ids", "state"} & set(vals):
            self._check_balanced()
        return result

    def _check_posted_write(self, vals: dict) -> None:
        for move in self:
            target_state = vals.get("state", move.state)
            if target_state == "posted":
                readonly = [fname for fname in vals if fname in UNMODIFIABLE_WHEN_POSTED]
                if readonly:
                    raise UserError("You cannot modify the following readonly fields on a posted move: "
                                    + ", ".join(readonly))
            if move.posted_before and "journal_id" in vals and vals["journal_id"] != move.journal_id.id:
                raise UserError("You cannot edit the journal of an account move if it has been posted once.")
            if "name" in vals and move.state == "posted" and vals["name"] != move.name:
                raise UserError("You cannot change the number of a posted entry; reset it to draft first.")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        for move in self:
            if move.state == "posted":
                raise UserError("You cannot delete an entry which has been posted once; reverse it or "
                                "reset it to draft first.")
            if move.posted_before and move.name != "/" and not self.env.context.get("force_delete"):
                last = self.search([("journal_id", "=", move.journal_id.id),
                                    ("sequence_prefix", "=", move.sequence_prefix)],
                                   order="sequence_number desc", limit=1)
                if last != move:
                    raise UserError("You cannot delete this entry, as it has already consumed a sequence "
                                    "number and is not the last one in the chain. You should probably "
                                    "revert it instead.")

    def unlink(self):
        self.mapped("line_ids").with_context(skip_invoice_sync=True, force_delete=True).unlink()
        return super().unlink()

    def copy_data(self, default=None):
        data = super().copy_data(default)
        for move, vals in zip(self, data):
            if move.is_invoice(True):
                # the computed lines come back from the invoice lines
                vals["line_ids"] = [command for command in vals.get("line_ids", [])
                                    if command[2].get("display_type") in ("product", "line_section", "line_note")]
        return data
