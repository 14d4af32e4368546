"""After addons are installed or upgraded: delete what their data files no longer define.

While a registry loads, every external id that a data file creates or updates is recorded
(:func:`framework.modules.external_ids.loaded_xmlids`). Once all addons are loaded, an
external id of a processed addon that was *not* loaded again is obsolete: the record it points to is
deleted, then the id itself. As in Odoo:

* ``noupdate`` ids are never deleted (the user owns those records);
* a record that another external id still points to keeps living; only the stale id goes;
* a delegation parent (``_inherits``) whose child was loaded again is kept;
* ids of models that no longer exist are left alone.

This runs once per load, after the last addon, because a later addon may load an id of an
earlier one (``<record id="other_addon.x">``) and so keep it alive.
"""
from __future__ import annotations

import logging

from ..logging_setup import odoo_logger_name
from ..tools.sql import SQL
from . import external_ids

_logger = logging.getLogger(odoo_logger_name(__name__))


def delete_obsolete(env, modules) -> int:
    """Delete obsolete records of ``modules``; returns how many records were deleted."""
    modules = tuple(sorted(set(modules)))
    loaded = external_ids.loaded_xmlids(env.registry)
    if not modules:
        return 0
    env.flush_all()
    cr = env.cr
    cr.execute(SQL("SELECT id, module || '.' || name, model, res_id FROM ir_model_data "
                   "WHERE module IN %s AND res_id IS NOT NULL AND NOT COALESCE(noupdate, FALSE) "
                   "ORDER BY id DESC", modules))
    stale_ids: list[int] = []
    deleted = 0
    env = env(context=dict(env.context, module_uninstall=True, _force_unlink=True,
                           active_test=False))
    for data_id, xmlid, model_name, res_id in cr.fetchall():
        if xmlid in loaded or model_name not in env.registry:
            continue
        model = env[model_name]
        if _kept_by_child(env, model, res_id, loaded):
            continue
        cr.execute(SQL("SELECT 1 FROM ir_model_data WHERE model = %s AND res_id = %s AND id != %s "
                       "AND id NOT IN %s LIMIT 1", model_name, res_id, data_id,
                       tuple(stale_ids) or (0,)))
        if cr.fetchone():
            stale_ids.append(data_id)        # another id still names the record
            continue
        record = model.browse(res_id).exists()
        if record:
            _logger.info("deleting %s@%s (%s): no longer in the data of its addon", res_id,
                         model_name, xmlid)
            record.with_context(module=xmlid.split(".", 1)[0]).unlink()
            deleted += 1
        stale_ids.append(data_id)
    if stale_ids:
        cr.execute(SQL("DELETE FROM ir_model_data WHERE id IN %s", tuple(stale_ids)))
        if "ir.model.data" in env.registry:
            env.transaction.invalidate(list(env["ir.model.data"]._fields.values()))
    loaded.clear()
    return deleted


def _kept_by_child(env, model, res_id: int, loaded: set) -> bool:
    for child_name in getattr(type(model), "_inherits_children", ()):
        child = env[child_name]
        if child._abstract:
            continue
        link = child._inherits[model._name]
        children = child.search([(link, "=", res_id)])
        for xmlids in children._get_external_ids().values():
            if loaded.intersection(xmlids):
                return True
    return False
