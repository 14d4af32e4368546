"""The ``base`` abstract model: every model inherits from it, so ``_inherit = 'base'`` extends all.

It also carries Odoo 17's data generation hooks of ``odoo-bin populate``: a model lists
its field factories (``odoo.tools.populate``) in ``_populate_factories``, the models it
needs populated first in ``_populate_dependencies``, and ``_populate(size)`` makes at least
``_populate_sizes[size]`` records.
"""
import logging

from odoo import models
from odoo.tools import populate

_logger = logging.getLogger(__name__)

#: Records created per ``create`` call (and committed) while populating.
POPULATE_BATCH = 1000


class Base(models.AbstractModel):
    _name = "base"
    _description = "Base"

    _populate_sizes = {"small": 10, "medium": 1000, "large": 10000}
    _populate_dependencies = []

    def _populate_factories(self):
        """``[(field name, factory)]`` of ``odoo.tools.populate``; none: nothing to populate."""
        return []

    def _populate(self, size):
        """Create at least ``_populate_sizes[size]`` records (more when a factory's own list of
        values is longer); the records made. ``size`` may also be a number of records (the
        benchmarks ask for exact sizes)."""
        factories = self._populate_factories()
        if not factories:
            return self.browse()
        wanted = size if isinstance(size, int) else self._populate_sizes[size]
        generator = populate.chain_factories(factories, self._name)
        batches, pending, made, complete = [], [], 0, False
        while made < wanted or not complete:
            values = next(generator)
            complete = values.pop("__complete")
            pending.append(values)
            made += 1
            if len(pending) >= POPULATE_BATCH:
                batches.append(self.create(pending))
                self.env.cr.commit()
                _logger.info("%s: %d/%d records", self._name, made, wanted)
                pending = []
        if pending:
            batches.append(self.create(pending))
        return self.concat(*batches)
