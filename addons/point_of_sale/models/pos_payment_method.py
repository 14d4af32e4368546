"""Payment methods of the tills (``pos.payment.method``): cash, bank or customer account."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PosPaymentMethod(models.Model):
    _name = "pos.payment.method"
    _description = "Point of Sale Payment Methods"
    _order = "sequence, id"

    name = fields.Char("Method", required=True, translate=True)
    sequence = fields.Integer(copy=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", "Company", required=True, index=True,
                                 default=lambda self: self.env.company)
    journal_id = fields.Many2one(
        "account.journal", "Journal", domain=[("type", "in", ("cash", "bank"))], ondelete="restrict",
        help="Cash journal: the payments are counted in the drawer. Bank journal: they go to the "
             "bank. No journal: the customer pays later (customer account).")
    type = fields.Selection([("cash", "Cash"), ("bank", "Bank"), ("pay_later", "Customer Account")],
                            compute="_compute_type", store=True)
    is_cash_count = fields.Boolean("Cash", compute="_compute_is_cash_count", store=True)
    split_transactions = fields.Boolean(
        "Identify Customer", default=False,
        help="Forces a customer on the order and books one receivable line per payment.")
    receivable_account_id = fields.Many2one(
        "account.account", "Intermediary Account", ondelete="restrict",
        help="Account used as counterpart of the income account in the session's entry; the "
             "company's POS receivable when empty.")
    outstanding_account_id = fields.Many2one("account.account", "Outstanding Account",
                                             ondelete="restrict")
    use_payment_terminal = fields.Selection(
        selection=lambda self: self._get_payment_terminal_selection(), string="Use a Payment Terminal",
        help="Record payments with a terminal on this journal.")
    config_ids = fields.Many2many("pos.config", "pos_config_pos_payment_method_rel", "pos_payment_method_id",
                                  "pos_config_id", string="Point of Sale")
    open_session_ids = fields.Many2many("pos.session", string="Pos Sessions",
                                        compute="_compute_open_session_ids")
    image = fields.Image("Image", max_width=50, max_height=50)

    def _get_payment_terminal_selection(self) -> list:
        """Terminal addons add their (key, label) pairs here."""
        return []

    @api.depends("journal_id.type")
    def _compute_type(self):
        for method in self:
            journal_type = method.journal_id.type
            method.type = journal_type if journal_type in ("cash", "bank") else "pay_later"

    @api.depends("type")
    def _compute_is_cash_count(self):
        for method in self:
            method.is_cash_count = method.type == "cash"

    def _compute_open_session_ids(self):
        sessions = self.env["pos.session"].sudo().search(
            [("config_id.payment_method_ids", "in", self.ids), ("state", "!=", "closed")])
        for method in self:
            method.open_session_ids = sessions.filtered(
                lambda session, method=method: method in session.config_id.payment_method_ids)

    @api.constrains("journal_id", "company_id")
    def _check_journal_company(self):
        for method in self:
            if method.journal_id and method.journal_id.company_id != method.company_id:
                raise UserError(_("The journal of payment method %(method)s belongs to another "
                                  "company; pick a journal of %(company)s.",
                                  method=method.name, company=method.company_id.name))

    def write(self, vals):
        if set(vals) - {"sequence"} and self.ids:
            opened = self.sudo()._compute_open_session_names()
            if opened:
                raise UserError(_("Please close and validate the following open PoS Sessions before "
                                  "modifying this payment method.\nOpen sessions: %s", opened))
        return super().write(vals)

    def _compute_open_session_names(self) -> str:
        sessions = self.env["pos.session"].search(
            [("config_id.payment_method_ids", "in", self.ids), ("state", "!=", "closed")])
        return ", ".join(sessions.mapped("name"))
