"""Changes that make the tills' facts of the order sync stale (``pos_till_facts.py``):
each drops them in every process at its commit."""
from __future__ import annotations

from odoo import api, models

from .pos_till_facts import CONFIG_FIELDS, forget_tills


class PosConfig(models.Model):
    _inherit = "pos.config"

    def write(self, vals):
        if CONFIG_FIELDS & set(vals):
            forget_tills(self.env)
        return super().write(vals)


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    @api.model_create_multi
    def create(self, vals_list):
        forget_tills(self.env)
        return super().create(vals_list)

    def write(self, vals):
        forget_tills(self.env)
        return super().write(vals)

    def unlink(self):
        forget_tills(self.env)
        return super().unlink()


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def write(self, vals):
        if "currency_id" in vals:
            forget_tills(self.env)
        return super().write(vals)
