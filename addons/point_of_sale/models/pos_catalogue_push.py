"""The one signal "the POS catalogue changed": a bus notification per changed model.

Creating, writing or deleting a record of a model the payload reads
(``pos.session._pos_ui_catalogue_models()``: the loaded models and the ones their loaders read
besides) remembers the ids on the cursor, under the payload key they change
(``_pos_catalogue_key``: a template's change is its variants', a pricelist rule's its
pricelist's, an attribute value's extra price its template's variants'). At commit one
notification per key is queued on the bus channel ``point_of_sale.catalogue``,
``{"model": "product.product", "ids": [...]}``, and the bus sends it with the commit (a
rollback sends nothing). That one notification serves both readers:

* the open tills hear it through ``/longpolling/poll`` and ask ``/pos/ui`` for what changed
  since their last notification (``pos.session._load_pos_ui_delta``);
* the payload cache's version is the id of the channel's newest notification
  (``pos_session_payload_cache.py``): bus ids follow the commits, so any change committed
  after a build has a higher id and the cached catalogue is built again.

A write of a model the POS does not read costs one set lookup.
"""
from __future__ import annotations

from odoo import api, models

#: the bus channel of catalogue changes, and the notification type
CATALOGUE_CHANNEL = "point_of_sale.catalogue"
NOTIFICATION_TYPE = "pos_catalogue"
_PENDING = "point_of_sale.catalogue.changed"
_WATCHED = ("pos_ui_catalogue_models",)


def announce(env, model: str, ids) -> None:
    """Remember that records ``ids`` of payload key ``model`` changed; sent at commit."""
    ids = [record_id for record_id in ids if isinstance(record_id, int)]
    if not ids:
        return
    cr = env.cr
    changed = cr.precommit.data.get(_PENDING)
    if changed is None:
        changed = cr.precommit.data[_PENDING] = {}
        cr.precommit.add(lambda: _send(env, changed))
    changed.setdefault(model, set()).update(ids)


def changed_in_transaction(cr) -> bool:
    """Whether this transaction changed the catalogue (its notifications are not sent yet)."""
    return bool(cr.precommit.data.get(_PENDING))


def _send(env, changed: dict) -> None:
    env["bus.bus"].sudo()._sendmany([(CATALOGUE_CHANNEL, NOTIFICATION_TYPE, {"model": model, "ids": sorted(ids)})
                                     for model, ids in sorted(changed.items()) if ids])


def _watched(env) -> frozenset:
    return env.registry.cached(env.transaction, _WATCHED, lambda: env["pos.session"]._pos_ui_catalogue_models())


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._name in _watched(records.env):
            records._pos_catalogue_announce()
        return records

    def write(self, vals):
        result = super().write(vals)
        if self._ids and self._name in _watched(self.env):
            self._pos_catalogue_announce()
        return result

    def unlink(self):
        if self._ids and self._name in _watched(self.env):
            self.exists()._pos_catalogue_announce()      # the records that were there
        return super().unlink()

    def _pos_catalogue_announce(self) -> None:
        if self:
            model, ids = self._pos_catalogue_key()
            announce(self.env, model, ids)

    def _pos_catalogue_key(self) -> tuple[str, list]:
        """(payload key, ids) a change of these records changes: by default themselves."""
        return self._name, self.ids


def _variants_of(env, template_ids) -> list:
    if not template_ids:
        return []
    variants = env["product.product"].sudo().with_context(active_test=False)
    return variants.search([("product_tmpl_id", "in", list(template_ids))]).ids


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def _pos_catalogue_key(self) -> tuple[str, list]:
        return "product.product", _variants_of(self.env, self.ids)


class ProductTemplateAttributeLine(models.Model):
    _inherit = "product.template.attribute.line"

    def _pos_catalogue_key(self) -> tuple[str, list]:
        return "product.product", _variants_of(self.env, self.sudo().mapped("product_tmpl_id").ids)


class ProductTemplateAttributeValue(models.Model):
    _inherit = "product.template.attribute.value"

    def _pos_catalogue_key(self) -> tuple[str, list]:
        # the extra price is in the variants' lst_price and in attributes_by_ptal_id
        return "product.product", _variants_of(self.env, self.sudo().mapped("product_tmpl_id").ids)


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    def _pos_catalogue_key(self) -> tuple[str, list]:
        return "product.pricelist", self.sudo().mapped("pricelist_id").ids


class AccountTaxRepartitionLine(models.Model):
    _inherit = "account.tax.repartition.line"

    def _pos_catalogue_key(self) -> tuple[str, list]:
        return "account.tax", self.sudo().mapped("tax_id").ids


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    def _pos_catalogue_key(self) -> tuple[str, list]:
        # only the base URL reaches the payload (bus.gc_last_id and the like do not)
        return self._name, self.sudo().filtered(lambda parameter: parameter.key == "web.base.url").ids


class BusBus(models.Model):
    _inherit = "bus.bus"

    @api.model
    def _allowed_channels(self, channels) -> list:
        allowed = super()._allowed_channels(channels)
        if CATALOGUE_CHANNEL in channels and self.env.user.has_group("point_of_sale.group_pos_user"):
            allowed.append(CATALOGUE_CHANNEL)
        return allowed
