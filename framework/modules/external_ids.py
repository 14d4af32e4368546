"""External ids (``ir_model_data``): find them, and create or update the records they name.

Data files load their records here, as Odoo's ``_load_records`` does.

One data item is ``{'xml_id': 'module.name', 'values': {...}, 'noupdate': bool}``. For each:

* no external id yet: the record is created and gets it;
* the external id points to an existing record of the same model: the record is written,
  unless the load is an update (``-u``) and the external id is ``noupdate``;
* the external id points to a deleted record: the stale id is dropped and the record is
  created again.

External ids are written with one SQL upsert per batch. An upsert never changes the
``noupdate`` flag of an existing row: it is set once, when the record is first created,
as Odoo does. Every external id written while a registry loads is remembered in
``loaded_xmlids(registry)``; :mod:`framework.modules.upgrade` deletes the records of the
upgraded addons whose ids were not loaded again.
"""
from __future__ import annotations

import logging

from ..exceptions import ValidationError
from ..logging_setup import odoo_logger_name
from ..tools.sql import SQL

_logger = logging.getLogger(odoo_logger_name(__name__))


def loaded_xmlids(registry) -> set[str]:
    """The external ids written (created, updated or kept) since the registry started loading."""
    found = getattr(registry, "loaded_xmlids", None)
    if found is None:
        found = registry.loaded_xmlids = set()
    return found


def split_xmlid(xmlid: str) -> tuple[str, str]:
    module, dot, name = xmlid.partition(".")
    if not dot or not module or not name:
        raise ValueError(f"External ID must be of the form module.name, got {xmlid!r}")
    return module, name


def lookup(env, xmlid: str) -> tuple | None:
    """``(data_id, model, res_id, noupdate)`` of ``xmlid``, or None."""
    module, name = split_xmlid(xmlid)
    env.cr.execute(SQL("SELECT id, model, res_id, noupdate FROM ir_model_data "
                       "WHERE module = %s AND name = %s", module, name))
    return env.cr.fetchone()


def record_exists(env, model_name: str, res_id) -> bool:
    if not res_id or model_name not in env.registry:
        return False
    model = env[model_name]
    if not model._is_an_ordinary_table():
        return False
    env.cr.execute(SQL("SELECT 1 FROM %s WHERE id = %s", SQL.identifier(model._table), res_id))
    return env.cr.fetchone() is not None


def load_xmlid(env, xmlid: str):
    """The record of ``xmlid`` if it exists (an empty recordset of no model otherwise: None)."""
    row = lookup(env, xmlid)
    if row and record_exists(env, row[1], row[2]):
        return env[row[1]].browse(row[2])
    return None


def load_records(model, data_list: list[dict], update: bool):
    """Create or write the records of ``data_list`` on ``model``; returns them in order.

    ``update`` is True when an installed addon is being upgraded: records whose external
    id is ``noupdate`` are then left alone.
    """
    env = model.env
    model = model.with_context(install_mode=True)
    to_create, to_write, xmlid_rows = [], [], []
    for data in data_list:
        xmlid = data.get("xml_id")
        if not xmlid:
            record_id = data["values"].get("id")
            if record_id:
                data["record"] = model.browse(record_id)
                to_write.append(data)
            else:
                to_create.append(data)
            continue
        row = lookup(env, xmlid)
        if row is None:
            to_create.append(data)
            continue
        data_id, data_model, res_id, noupdate = row
        if data_model != model._name:
            raise ValidationError(f"For external id {xmlid}: a record of {data_model} cannot be "
                                  f"updated as a {model._name} record; the id is already used "
                                  f"for ({data_model}, {res_id})")
        if record_exists(env, data_model, res_id):
            data["record"] = model.browse(res_id)
            xmlid_rows.append(data)
            if not (update and noupdate):
                to_write.append(data)
        else:
            env.cr.execute(SQL("DELETE FROM ir_model_data WHERE id = %s", data_id))
            to_create.append(data)
    for data in to_write:
        _write(data["record"], data["values"])
    module = env.context.get("install_module")
    for data in to_create:
        xmlid = data.get("xml_id")
        if module and xmlid and not xmlid.startswith(module + "."):
            _logger.warning("creating record %s in module %s", xmlid, module)
    if to_create:
        created = _create(model, [data["values"] for data in to_create])
        for data, record in zip(to_create, created):
            data["record"] = record
            if data.get("xml_id"):
                xmlid_rows.append(data)
                # delegation parents made implicitly get an id too (uninstall removes them)
                for parent_model, link in model._inherits.items():
                    if not data["values"].get(link):
                        xmlid_rows.append({"xml_id": f"{data['xml_id']}_{parent_model.replace('.', '_')}",
                                           "record": record[link], "noupdate": data.get("noupdate")})
    update_xmlids(env, xmlid_rows, update)
    return model.browse([data["record"].id for data in data_list])


def update_xmlids(env, data_list: list[dict], update: bool = False) -> None:
    """Upsert external ids ``{'xml_id', 'record', 'noupdate'}``; remember them as loaded."""
    if not data_list:
        return
    rows = []
    for data in data_list:
        module, name = split_xmlid(data["xml_id"])
        record = data["record"]
        rows.append(SQL("(%s, %s, %s, %s, %s, %s, %s, now() AT TIME ZONE 'UTC', "
                        "now() AT TIME ZONE 'UTC')", module, name, record._name, record.id,
                        bool(data.get("noupdate")), env.uid, env.uid))
    where = SQL(" WHERE NOT ir_model_data.noupdate") if update else SQL("")
    for start in range(0, len(rows), 500):
        env.cr.execute(SQL(
            "INSERT INTO ir_model_data (module, name, model, res_id, noupdate, create_uid, "
            "write_uid, create_date, write_date) VALUES %s ON CONFLICT (module, name) DO UPDATE "
            "SET model = EXCLUDED.model, res_id = EXCLUDED.res_id, write_date = EXCLUDED.write_date%s",
            SQL.join(", ", rows[start:start + 500]), where))
    loaded_xmlids(env.registry).update(data["xml_id"] for data in data_list)
    _invalidate_model_data(env)


def forget_xmlids(env, model_name: str, ids) -> None:
    """Drop the external ids of deleted records (``<delete>``)."""
    if ids:
        env.cr.execute(SQL("DELETE FROM ir_model_data WHERE model = %s AND res_id IN %s",
                           model_name, tuple(ids)))
        _invalidate_model_data(env)


def _create(model, vals_list: list[dict]):
    hook = getattr(model, "_load_records_create", None)
    return hook(vals_list) if hook is not None else model.create(vals_list)


def _write(record, values: dict) -> None:
    hook = getattr(record, "_load_records_write", None)
    if hook is not None:
        hook(values)
        return
    # a many2one that keeps its value is not rewritten: moving a node of a parent_store
    # tree under the parent it already has is a no-op, not a recursion
    values = {name: value for name, value in values.items()
              if not (name in record._fields and record._fields[name].type == "many2one"
                      and isinstance(value, int) and record[name].id == value)}
    if values:
        record.write(values)


def _invalidate_model_data(env) -> None:
    if "ir.model.data" in env.registry:
        env.transaction.invalidate(list(env["ir.model.data"]._fields.values()))
