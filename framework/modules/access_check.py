"""The warning Odoo logs after installs and updates for models nobody but the superuser may use."""
from __future__ import annotations

import logging

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))


def warn_models_without_access(env) -> list[str]:
    """Log each table-backed model with no ``ir.model.access`` line; returns their names.

    The line is Odoo's, ready-made CSV row included, so that the fix is a copy and paste
    into the addon's ``security/ir.model.access.csv``.
    """
    env.cr.execute("SELECT m.model FROM ir_model m WHERE NOT EXISTS "
                   "(SELECT 1 FROM ir_model_access a WHERE a.model_id = m.id)")
    uncovered = sorted(row[0] for row in env.cr.fetchall())
    found = []
    for name in uncovered:
        model = env.registry.models.get(name)
        if model is None or not model._is_an_ordinary_table():
            continue
        xml_name = name.replace(".", "_")
        _logger.warning("The model %s has no access rules, consider adding one. "
                        "E.g. access_%s,access_%s,model_%s,base.group_user,1,0,0,0",
                        name, xml_name, xml_name, xml_name)
        found.append(name)
    return found
