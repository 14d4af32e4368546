"""The POS payload served from a cache while the catalogue does not change.

Opening a till loads the whole catalogue (``load_pos_data``): seconds for tens of thousands
of products. Between two changes of the catalogue the answer is the same, so the routes
(``POST /pos/ui`` and ``call_kw`` of ``load_pos_data``) keep its catalogue part as JSON bytes,
plain and compressed (``tools/payload_cache.py``), and build only the session part for each
request: the keys of ``_pos_ui_session_keys()`` (the session, the till, the cashier, the
open orders).

**Versions.** A change of a record the payload reads is announced on the bus channel
``point_of_sale.catalogue`` when its transaction commits (``pos_catalogue_push.py``: the one
signal, also heard by the open tills). The catalogue's version is the id of that channel's
newest notification, read in the request's own snapshot: bus ids follow the commits, so a
build sees exactly the changes up to its version and any change committed later moves it,
in every worker process. The registry's signaling sequence (access rights, groups, rules
changed) is part of the version too. A transaction that changed the catalogue itself builds
without the cache.

**Keys.** A cached catalogue is the till's, for one user, company set and language: record
rules and groups make the answer differ between users, so none is ever served to another.
"""
from __future__ import annotations

from odoo import api, models
from odoo.tools import SQL

from .pos_catalogue_push import CATALOGUE_CHANNEL, changed_in_transaction

#: the table that counted the changes before the bus did (dropped when the addon updates)
OLD_CHANGE_TABLE = "pos_ui_catalogue_change"
#: models the loaders read besides the ones they are named after
CATALOGUE_EXTRA_MODELS = (
    "product.template", "product.category", "product.pricelist.item", "product.attribute",
    "product.attribute.value", "product.template.attribute.line", "product.template.attribute.value",
    "account.tax.repartition.line", "account.fiscal.position.tax", "res.currency.rate", "ir.property",
    "ir.config_parameter", "res.partner.category",
)


class PosSession(models.Model):
    _inherit = "pos.session"

    def init(self):
        super().init()
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(OLD_CHANGE_TABLE)))

    # -- what the cache depends on -------------------------------------------------------------------

    @api.model
    def _pos_ui_session_keys(self) -> tuple:
        """The payload keys built for every request, never cached."""
        return ("pos.session", "pos.config", "res.users", "open_orders")

    @api.model
    def _pos_ui_catalogue_models(self) -> frozenset:
        """Models whose changes change the cached part of the payload. Extend it when an
        addon's payload reads a model that is not in ``_pos_ui_models_to_load()``."""
        def compute():
            loaded = set(self._pos_ui_models_to_load()) | set(CATALOGUE_EXTRA_MODELS)
            # the session and the cashier are rebuilt for each request
            return frozenset(loaded - {"pos.session", "res.users"})
        return self.env.registry.cached(self.env.transaction, ("pos_ui_catalogue_models",), compute)

    def _pos_ui_cache_key(self) -> tuple | None:
        """The cache key of this session's catalogue, None when it must be built afresh."""
        self.ensure_one()
        cr = self.env.cr
        if changed_in_transaction(cr) or self.env.transaction.shared_cache_dirty:
            return None
        return (cr.dbname, self.config_id.id, self.env.uid, tuple(self.env.companies.ids),
                self.env.lang or "", bool(self.env.su))

    def _pos_ui_catalogue_version(self) -> tuple:
        return (self.env["bus.bus"].sudo()._last_id_of(CATALOGUE_CHANNEL), self.env.registry.cache_sequence)

    # -- the two parts -----------------------------------------------------------------------------------

    def _pos_ui_split_payload(self, data: dict) -> tuple[dict, dict]:
        """(session part, catalogue part) of a whole payload."""
        keys = self._pos_ui_session_keys()
        session_part = {key: data[key] for key in keys if key in data}
        return session_part, {key: value for key, value in data.items() if key not in session_part}

    def _pos_ui_session_data(self) -> dict:
        """The session part, built alone (a cache hit): the same loaders as a whole build."""
        self.ensure_one()
        self._check_can_load()
        data: dict = {}
        session = self.with_context(loaded_data=data)
        for key in self._pos_ui_session_keys():
            if key == "open_orders":
                data[key] = session._pos_ui_open_orders()
            else:
                data[key] = session._load_model(key)
        return data
