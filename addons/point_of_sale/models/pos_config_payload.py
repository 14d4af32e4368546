"""The seed's entry to the POS payload: ``pos.config._get_pos_ui_data()``.

It is the same data as Odoo 17's ``pos.session.load_pos_data`` (which calls it): the
session runs the loaders (``pos_session_payload.py``). Override this method to add keys to
the whole payload, or Odoo's per-model hooks to change one model.
"""
from __future__ import annotations

from odoo import _, models
from odoo.exceptions import UserError


class PosConfig(models.Model):
    _inherit = "pos.config"

    def _get_pos_ui_data(self, session=None) -> dict:
        """The payload of this till's open session (or of ``session``)."""
        return self._pos_ui_session(session)._load_pos_ui_data()

    def _pos_ui_session(self, session=None):
        """The session whose payload is asked: ``session``, else the till's open one."""
        self.ensure_one()
        session = session or self.current_session_id
        if not session:
            raise UserError(_("%s has no open session: open one (Open Session on the till) before "
                              "loading the Point of Sale.", self.name))
        if session.config_id != self:
            raise UserError(_("Session %(session)s belongs to %(other)s, not %(config)s.",
                              session=session.name, other=session.config_id.name, config=self.name))
        return session

    def _pos_ui_loadable_models(self) -> set:
        """The models the payload loads: the only ones the on-demand route reads."""
        return set(self.env["pos.session"]._pos_ui_models_to_load())
