"""Changes that make the tills' facts of the order sync stale (``pos_till_facts.py``):
each drops them in every process at its commit."""
from __future__ import annotations

from odoo import models
from odoo.addons.base.models.shared_cache import SharedCacheSource

from .pos_till_facts import CONFIG_FIELDS, SEQUENCE_FIELDS, forget_tills


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


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def write(self, vals):
        if set(SEQUENCE_FIELDS) & set(vals):
            forget_tills(self.env)
        return super().write(vals)


class ResPartner(models.Model):
    """A company's country is its partner's (the tax engine reads its code)."""

    _inherit = "res.partner"

    def write(self, vals):
        if "country_id" in vals and self.ids and self.env["res.company"].sudo().with_context(
                active_test=False).search_count([("partner_id", "in", self.ids)], limit=1):
            forget_tills(self.env)
        return super().write(vals)


class ResCountry(models.Model):
    _inherit = "res.country"

    def write(self, vals):
        if "code" in vals:
            forget_tills(self.env)
        return super().write(vals)
