"""Changes that make the tills' facts of the order sync stale (``pos_till_facts.py``):
each drops them in every process at its commit."""
from __future__ import annotations

from odoo import models
from odoo.addons.base.models.shared_cache import SharedCacheSource

from .pos_till_facts import CONFIG_FIELDS, forget_tills


class PosConfig(models.Model):
    _inherit = "pos.config"

    def write(self, vals):
        if CONFIG_FIELDS & set(vals):
            forget_tills(self.env)
        return super().write(vals)


class PosPaymentMethod(SharedCacheSource, models.Model):
    """Any change of a method (its till, its terminal, archived) drops the shared cache."""

    _inherit = "pos.payment.method"


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def write(self, vals):
        if "currency_id" in vals:
            forget_tills(self.env)
        return super().write(vals)
