"""Banks (``res.bank``) and the bank accounts of partners (``res.partner.bank``)."""
import re

from odoo import api, fields, models


class Bank(models.Model):
    _name = "res.bank"
    _description = "Bank"
    _order = "name"

    name = fields.Char(required=True)
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    state = fields.Many2one("res.country.state", "Fed. State", domain="[('country_id', '=?', country)]")
    country = fields.Many2one("res.country")
    email = fields.Char()
    phone = fields.Char()
    active = fields.Boolean(default=True)
    bic = fields.Char("Bank Identifier Code", index=True)

    @api.depends("name", "bic")
    def _compute_display_name(self):
        for bank in self:
            bank.display_name = f"{bank.name} - {bank.bic}" if bank.bic else bank.name


class PartnerBank(models.Model):
    _name = "res.partner.bank"
    _description = "Bank Accounts"
    _rec_name = "acc_number"
    _order = "sequence, id"

    active = fields.Boolean(default=True)
    acc_number = fields.Char("Account Number", required=True)
    sanitized_acc_number = fields.Char("Sanitized Account Number", compute="_compute_sanitized_acc_number",
                                       store=True, readonly=True)
    acc_holder_name = fields.Char("Account Holder Name", compute="_compute_acc_holder_name",
                                  store=True, readonly=False)
    partner_id = fields.Many2one("res.partner", "Account Holder", required=True, index=True,
                                 ondelete="cascade",
                                 domain=["|", ("is_company", "=", True), ("parent_id", "=", False)])
    allow_out_payment = fields.Boolean("Send Money", default=False, copy=False)
    bank_id = fields.Many2one("res.bank", "Bank")
    bank_name = fields.Char(related="bank_id.name", readonly=False)
    bank_bic = fields.Char(related="bank_id.bic", readonly=False)
    sequence = fields.Integer(default=10)
    currency_id = fields.Many2one("res.currency", "Currency")
    company_id = fields.Many2one("res.company", "Company", related="partner_id.company_id",
                                 store=True, readonly=True)

    _sql_constraints = [("unique_number", "unique(sanitized_acc_number, partner_id)",
                         "The combination Account Number/Partner must be unique.")]

    @api.depends("acc_number")
    def _compute_sanitized_acc_number(self):
        for account in self:
            # spaces and punctuation are how people write an IBAN, not part of it
            account.sanitized_acc_number = re.sub(r"\W+", "", account.acc_number or "").upper() or False

    @api.depends("partner_id")
    def _compute_acc_holder_name(self):
        for account in self:
            account.acc_holder_name = account.partner_id.name

    @api.depends("acc_number", "bank_id")
    def _compute_display_name(self):
        for account in self:
            account.display_name = (f"{account.acc_number} - {account.bank_id.name}"
                                    if account.bank_id else account.acc_number)
