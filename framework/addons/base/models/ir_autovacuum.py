"""The daily clean-up (``ir.autovacuum``), run by the scheduled action
``base.autovacuum_job``: every method marked ``@api.autovacuum``, on every model, each in a
transaction of its own, so that one failing leaves the others' work committed.

Transient models (wizards) are vacuumed by one of them (``_gc_transient_models``): their
records untouched for ``--transient-age-limit`` hours (default 1) go, and, with
``--osv-memory-count-limit N``, those untouched for five minutes when a table holds more
than N rows. A record touched in the last five minutes always stays.
"""
import inspect
import logging

from odoo import api, models
from odoo.exceptions import AccessDenied
from odoo.tools import SQL, config

_logger = logging.getLogger(__name__)

#: seconds a transient record is kept at least, whatever the limits say
KEEP_AT_LEAST = 300


def _is_autovacuum(member) -> bool:
    return callable(member) and getattr(member, "_autovacuum", False)


class AutoVacuum(models.AbstractModel):
    _name = "ir.autovacuum"
    _description = "Automatic Vacuum"

    def _run_vacuum_cleaner(self):
        """Call every ``@api.autovacuum`` method of every model (administrators only); a
        failure is logged and rolled back, the others are committed one by one."""
        if not self.env.is_admin():
            raise AccessDenied()
        for name in list(self.env.registry.models):
            model = self.env[name]
            for attribute, method in inspect.getmembers(type(model), _is_autovacuum):
                _logger.debug("autovacuum: %s.%s()", name, attribute)
                try:
                    method(model)
                    self.env.cr.commit()
                except Exception:
                    _logger.exception("autovacuum: %s.%s() failed", name, attribute)
                    self.env.cr.rollback()
                    self.env.clear()

    @api.autovacuum
    def _gc_transient_models(self):
        """Vacuum every transient model (one failing does not stop the others)."""
        for name, cls in self.env.registry.models.items():
            if not cls._transient or not cls._auto:
                continue
            try:
                with self.env.cr.savepoint():
                    self.env[name].sudo()._transient_vacuum()
            except Exception as exc:
                _logger.warning("autovacuum: transient model %s not vacuumed: %s", name, exc)


class TransientVacuum(models.AbstractModel):
    """``_transient_vacuum`` on every model (a no-op but on transient ones)."""

    _inherit = "base"

    @api.model
    def _transient_vacuum(self):
        """Delete this transient model's records untouched for too long (see the module)."""
        if not self._transient:
            return
        hours = float(config.get("transient_age_limit") or 0)
        if hours:
            self._transient_clean_rows_older_than(hours * 3600)
        limit = int(config.get("osv_memory_count_limit") or 0)
        if limit:
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(self._table)))
            if self.env.cr.fetchone()[0] > limit:
                self._transient_clean_rows_older_than(KEEP_AT_LEAST)

    def _transient_clean_rows_older_than(self, seconds):
        seconds = max(seconds, KEEP_AT_LEAST)
        self.env.cr.execute(SQL(
            "SELECT id FROM %s WHERE COALESCE(write_date, create_date, now() AT TIME ZONE 'UTC') "
            "< (now() AT TIME ZONE 'UTC') - make_interval(secs => %s)",
            SQL.identifier(self._table), seconds))
        self.sudo().browse([row[0] for row in self.env.cr.fetchall()]).unlink()
