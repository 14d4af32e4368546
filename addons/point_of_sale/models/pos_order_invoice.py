"""Invoicing POS orders (``pos.order``): at checkout (``to_invoice``) or later from the backend.

The invoice is an ``out_invoice`` (an ``out_refund`` for a refund order) in the till's invoice
journal with the order's lines, taxes and fiscal position; it is posted, then paid by the
order's payments: each payment gets an entry in the till's journal moving its amount from
the customer's receivable to the POS receivable of its method (``pos.payment``'s
``_create_payment_moves``), reconciled with the invoice. Payments by customer account
(pay later) leave that much of the invoice open. The session's closing then books the POS
receivable side of these entries. An order invoiced after its session was closed (``done``)
is also taken back out of the closing entry (``pos_order_invoice_reversal.py``).
"""
from __future__ import annotations

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    _inherit = "pos.order"

    account_move = fields.Many2one("account.move", "Invoice", readonly=True, copy=False,
                                   index="btree_not_null")

    @api.depends("account_move")
    def _compute_is_invoiced(self):
        for order in self:
            order.is_invoiced = bool(order.account_move)

    # -- the backend's button and the sync ------------------------------------------------

    def action_pos_order_invoice(self) -> dict:
        """Invoice paid orders (the backend's button, or an RPC): answers the action that
        opens the invoice."""
        if len(self.mapped("company_id")) > 1:
            raise UserError(_("You cannot invoice orders belonging to different companies."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._check_invoiceable()
        self.write({"to_invoice": True})
        return self._generate_pos_order_invoice()

    def _check_invoiceable(self) -> None:
        """Refuse what cannot be invoiced, with the reason (nothing is written yet)."""
        for order in self:
            label = order.name if order.name != "/" else order.pos_reference or str(order.id)
            if order.account_move:
                raise UserError(_("Order %(order)s is already invoiced (%(invoice)s).", order=label,
                                  invoice=order.account_move.sudo().name))
            if order.state not in ("paid", "done"):
                raise UserError(_("Only paid orders can be invoiced; %(order)s is %(state)s.", order=label,
                                  state=dict(self._fields["state"].selection)[order.state]))
            if not order.partner_id:
                raise UserError(_("Please provide a partner for the sale: order %s has no customer to "
                                  "invoice.", label))
            if not order.config_id.invoice_journal_id:
                raise UserError(_("%s has no invoice journal: set one in its settings.",
                                  order.config_id.name))

    def _generate_pos_order_invoice(self) -> dict:
        """Create, post and pay the invoice of each order (see the module docstring)."""
        self._check_invoiceable()
        moves = self.env["account.move"]
        for order in self:
            closed = order.session_id.state == "closed"
            invoice = order._create_invoice(order._prepare_invoice_vals())
            order.write({"account_move": invoice.id, "state": "invoiced"})
            invoice.with_company(order.company_id)._post()
            payment_moves = order._apply_invoice_payments(is_reverse=closed)
            if closed:
                # the closing entry booked this order already: take it back out of it
                order.sudo()._create_misc_reversal_move(payment_moves)
            moves |= invoice
        if not moves:
            return {}
        return {
            "name": _("Customer Invoice"), "type": "ir.actions.act_window", "res_model": "account.move",
            "view_mode": "form", "context": "{'move_type': 'out_invoice'}", "target": "current",
            "res_id": moves[:1].id,
        }

    # -- the invoice ----------------------------------------------------------------------

    def _prepare_invoice_vals(self) -> dict:
        self.ensure_one()
        config = self.config_id
        refunded = self.refunded_order_ids.account_move.sudo()     # the cashier reads no invoices
        rounding = config.rounding_method if config.cash_rounding and (
            not config.only_round_cash_method or any(self.payment_ids.mapped("payment_method_id.is_cash_count"))) \
            else self.env["account.cash.rounding"]
        date = self.date_order if self.session_id.state != "closed" else fields.Datetime.now()
        values = {
            "move_type": "out_invoice" if self.amount_total >= 0 else "out_refund",
            "journal_id": config.invoice_journal_id.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.address_get(["invoice"])["invoice"],
            "currency_id": self.currency_id.id or self.company_id.currency_id.id,
            "invoice_origin": self.name,
            "ref": self.name,
            "invoice_date": fields.Date.context_today(self, date),
            "fiscal_position_id": self.fiscal_position_id.id,
            "invoice_payment_term_id": self.partner_id.property_payment_term_id.id or False,
            "invoice_cash_rounding_id": rounding.id,
            "invoice_line_ids": self._prepare_invoice_lines(),
        }
        if refunded:
            values["ref"] = _("Reversal of: %s", ", ".join(refunded.mapped("name")))
            values["reversed_entry_id"] = refunded[:1].id
        if self.note:
            values["narration"] = self.note
        return values

    def _prepare_invoice_lines(self) -> list:
        """One invoice line per order line: same product, quantity (positive on a credit
        note), price, discount and taxes (the invoice's fiscal position maps them as the
        order's did)."""
        self.ensure_one()
        sign = 1 if self.amount_total >= 0 else -1
        commands = []
        for line in self.lines:
            product = line.product_id
            account = product.product_tmpl_id._get_product_accounts()["income"] \
                or self.config_id.invoice_journal_id.default_account_id
            commands.append(Command.create({
                "product_id": product.id,
                "product_uom_id": line.product_uom_id.id,
                "name": line.full_product_name or product.display_name,
                "quantity": sign * line.qty,
                "price_unit": line.price_unit,
                "discount": line.discount,
                "tax_ids": [Command.set(line.tax_ids.filtered(
                    lambda tax: tax.company_id == self.company_id).ids)],
                "account_id": account.id,
            }))
            if line.customer_note:
                commands.append(Command.create({"name": line.customer_note, "display_type": "line_note"}))
        return commands

    def _create_invoice(self, move_vals: dict):
        self.ensure_one()
        return self.env["account.move"].sudo().with_company(self.company_id).create(move_vals)

    # -- its payments -----------------------------------------------------------------------

    def _apply_invoice_payments(self, is_reverse: bool = False):
        """The payment entries of the order, reconciled with its invoice's receivable
        (``is_reverse``: the order's session is closed, see ``_create_payment_moves``)."""
        self.ensure_one()
        invoice = self.account_move.sudo()
        payment_moves = self.payment_ids.sudo().with_company(self.company_id)._create_payment_moves(is_reverse)
        receivables = invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled)
        accounts = receivables.mapped("account_id")
        sign = 1 if sum(receivables.mapped("balance")) >= 0 else -1
        # the side that pays the invoice (an identified payment of a closed session also
        # debits the customer's receivable, for the closing entry's line it stands for)
        counterparts = payment_moves.mapped("line_ids").filtered(
            lambda line: line.account_id in accounts and line.partner_id and line.balance * sign < 0)
        if receivables and counterparts:
            (receivables | counterparts).reconcile()
        return payment_moves

    def _receivable_of_invoice(self):
        """The customer's receivable account the invoice of this order uses."""
        self.ensure_one()
        invoice = self.account_move.sudo()
        account = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term").account_id[:1]
        if not account:
            account = invoice._payment_term_account() if invoice else \
                self.partner_id.commercial_partner_id.property_account_receivable_id
        if not account:
            raise UserError(_("No receivable account for %s: set one on the customer.",
                              self.partner_id.display_name))
        return account


class AccountMove(models.Model):
    _inherit = "account.move"

    pos_order_ids = fields.One2many("pos.order", "account_move", "POS Orders", readonly=True)
    pos_payment_ids = fields.One2many("pos.payment", "account_move_id", "POS Payments", readonly=True)
