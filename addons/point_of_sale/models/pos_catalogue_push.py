"""Catalogue changes announced to the open tills (``bus.bus`` on ``point_of_sale.catalogue``).

Creating, writing or deleting a record of a model the till's payload loads (products and
their templates, pricelists and their rules, taxes, POS categories, customers) remembers its
id on the cursor; at commit one notification per model is queued on the bus,
``{"model": "product.product", "ids": [...]}``, and the bus sends it with the commit (a
rollback sends nothing). Nothing is sent while no session is open: there is no till to tell
(a session opening loads everything anyway). An open till hears it through
``/longpolling/poll`` and asks ``/pos/ui`` for what changed since its last notification
(``pos.session._load_pos_ui_delta``).
"""
from __future__ import annotations

from odoo import api, models

#: the bus channel of catalogue changes, and the notification type
CATALOGUE_CHANNEL = "point_of_sale.catalogue"
NOTIFICATION_TYPE = "pos_catalogue"
_PENDING = "point_of_sale.catalogue.changed"


def announce(env, model: str, ids) -> None:
    """Remember that records ``ids`` of ``model`` changed; sent at commit if a session is open."""
    ids = [record_id for record_id in ids if isinstance(record_id, int)]
    if not ids:
        return
    cr = env.cr
    changed = cr.precommit.data.get(_PENDING)
    if changed is None:
        changed = cr.precommit.data[_PENDING] = {}
        cr.precommit.add(lambda: _send(env, changed))
    changed.setdefault(model, set()).update(ids)


def _send(env, changed: dict) -> None:
    env = env(su=True)
    if not env["pos.session"].search([("state", "in", ("opening_control", "opened"))], limit=1):
        return
    env["bus.bus"]._sendmany([(CATALOGUE_CHANNEL, NOTIFICATION_TYPE, {"model": model, "ids": sorted(ids)})
                              for model, ids in sorted(changed.items()) if ids])


class _Announcing:
    """Announce the records created, written or deleted (a plain mixin of the models below;
    by default the model is its own payload key)."""

    def _pos_announced(self) -> tuple[str, list]:
        return self._name, self.ids

    def _pos_announce(self) -> None:
        model, ids = self._pos_announced()
        announce(self.env, model, ids)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._pos_announce()
        return records

    def write(self, vals):
        result = super().write(vals)
        self._pos_announce()
        return result

    def unlink(self):
        self._pos_announce()
        return super().unlink()


class ProductProduct(_Announcing, models.Model):
    _inherit = "product.product"


class ProductTemplate(_Announcing, models.Model):
    _inherit = "product.template"

    def _pos_announced(self) -> tuple[str, list]:
        variants = self.env["product.product"].with_context(active_test=False)
        return "product.product", variants.search([("product_tmpl_id", "in", self.ids)]).ids if self.ids else []


class ResPartner(_Announcing, models.Model):
    _inherit = "res.partner"


class AccountTax(_Announcing, models.Model):
    _inherit = "account.tax"


class PosCategory(_Announcing, models.Model):
    _inherit = "pos.category"


class ProductPricelist(_Announcing, models.Model):
    _inherit = "product.pricelist"


class ProductPricelistItem(_Announcing, models.Model):
    _inherit = "product.pricelist.item"

    def _pos_announced(self) -> tuple[str, list]:
        return "product.pricelist", self.pricelist_id.ids


class BusBus(models.Model):
    _inherit = "bus.bus"

    @api.model
    def _allowed_channels(self, channels) -> list:
        allowed = super()._allowed_channels(channels)
        if CATALOGUE_CHANNEL in channels and self.env.user.has_group("point_of_sale.group_pos_user"):
            allowed.append(CATALOGUE_CHANNEL)
        return allowed
