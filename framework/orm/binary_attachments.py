"""Binary fields kept in ``ir.attachment`` (``attachment=True``, Odoo's default for a stored
Binary or Image): the value of ``record.field`` is the content of the attachment with
``res_model``/``res_field``/``res_id`` naming it, and the table has no column for it.

Reading fetches the attachments of every record asked in one query (files read from the
file store); writing creates, rewrites or (for an empty value) deletes them as the superuser,
remembering the real user (``binary_field_real_user``) for the content checks, as Odoo.
"""
from __future__ import annotations

import base64
import logging
from collections import defaultdict

from ..logging_setup import odoo_logger_name
from ..tools.sql import SQL

_logger = logging.getLogger(odoo_logger_name(__name__))


def in_attachment(field) -> bool:
    """Whether ``field``'s values live in attachments."""
    return bool(field.store and getattr(field, "attachment", False) and field.type == "binary")


def fetch(model, ids, fields) -> None:
    """Put the values of attachment ``fields`` of records ``ids`` in the cache (None: no
    attachment), with one query for all of them."""
    ids = [i for i in ids if isinstance(i, int)]
    if not ids or not fields or "ir.attachment" not in model.env:
        return
    env = model.env
    by_name = {field.name: field for field in fields}
    env.cr.execute(SQL(
        "SELECT res_field, res_id, store_fname, db_datas FROM ir_attachment "
        "WHERE res_model = %s AND res_field IN %s AND res_id IN %s ORDER BY id",
        model._name, tuple(by_name), tuple(ids)))
    found: dict = defaultdict(dict)
    attachments = env["ir.attachment"].sudo()
    for res_field, res_id, store_fname, db_datas in env.cr.fetchall():
        raw = attachments._file_read(store_fname) if store_fname else bytes(db_datas or b"")
        found[res_field][res_id] = base64.b64encode(raw) if raw else None
    transaction = env.transaction
    for name, field in by_name.items():
        values = found.get(name, {})
        transaction.cached_values(field, env).update((i, values.get(i)) for i in ids)


def _known_absent(env, field) -> set:
    """Ids of records known to have no attachment for ``field`` (created in this
    transaction without one): writing them needs no look-up, clearing them nothing."""
    return env.transaction.memo.setdefault(("binary_attachment_absent", field), set())


def created_without(model, ids, fields) -> None:
    """Records ``ids`` were just created: no attachment of ``fields`` exists for them yet."""
    for field in fields:
        _known_absent(model.env, field).update(ids)


def write(records, field, value) -> None:
    """Store the cache value ``value`` (base64 bytes, or None) as ``field`` of ``records``."""
    write_many(records, field, {i: value for i in records._ids if isinstance(i, int)})


def write_many(model, field, values: dict) -> None:
    """Store ``{record id: cache value}`` as ``field``: one look-up of the attachments that
    exist, one delete, one create for the records that have none; a write per value."""
    env = model.env
    if not values:
        return
    absent = _known_absent(env, field)
    attachments = env["ir.attachment"].sudo().with_context(binary_field_real_user=env.user)
    looked_up = [i for i in values if i not in absent]
    existing = attachments.search([("res_model", "=", model._name), ("res_field", "=", field.name),
                                   ("res_id", "in", looked_up)]) if looked_up else attachments
    by_record = {attachment.res_id: attachment for attachment in existing}
    existing.filtered(lambda a: values[a.res_id] is None).unlink()
    to_create = []
    for record_id, value in values.items():
        if value is None:
            absent.add(record_id)
            continue
        absent.discard(record_id)
        if record_id in by_record:
            by_record[record_id].write({"raw": base64.b64decode(value)})
        else:
            to_create.append({"name": field.name, "res_model": model._name, "res_field": field.name,
                              "res_id": record_id, "type": "binary", "raw": base64.b64decode(value)})
    if to_create:
        attachments.create(to_create)
    env.transaction.cached_values(field, env).update(values)


def create(model, field, pairs) -> None:
    """Attachments for new records: ``pairs`` of (record id, cache value), one create."""
    env = model.env
    _known_absent(env, field).difference_update(record_id for record_id, value in pairs if value)
    values = [{"name": field.name, "res_model": model._name, "res_field": field.name,
               "res_id": record_id, "type": "binary", "raw": base64.b64decode(value)}
              for record_id, value in pairs if value]
    if values:
        env["ir.attachment"].sudo().with_context(binary_field_real_user=env.user).create(values)
    env.transaction.cached_values(field, env).update(pairs)


def search_condition(model, alias: str, field, operator: str, value) -> SQL:
    """``field = False`` / ``field != False``: whether the record has the attachment. Any
    other comparison of a file is meaningless; as Odoo, it matches everything."""
    if operator in ("=", "!=") and not value:
        has = SQL("(SELECT res_id FROM ir_attachment WHERE res_model = %s AND res_field = %s "
                  "AND res_id IS NOT NULL)", model._name, field.name)
        return SQL("%s IN %s" if operator == "!=" else "%s NOT IN %s",
                   SQL.identifier(alias, "id"), has)
    return SQL("TRUE")


def delete_of_records(model, ids, also: SQL | None = None) -> None:
    """The attachments of deleted records go with them (every one linked to them, as Odoo);
    their files are listed for the garbage collector. ``also``: another DELETE to run in
    the same statement (the records' external ids), so that this costs no round trip."""
    cr = model.env.cr
    delete = SQL("DELETE FROM ir_attachment WHERE res_model = %s AND res_id IN %s "
                 "RETURNING store_fname", model._name, tuple(ids))
    cr.execute(SQL("WITH external_ids AS (%s) %s", also, delete) if also is not None else delete)
    fnames = [fname for (fname,) in cr.fetchall() if fname]
    if fnames:
        attachments = model.env["ir.attachment"].sudo()
        for fname in fnames:
            attachments._file_delete(fname)


def move_column(model, field) -> None:
    """The table still has a column for ``field``, now kept in attachments (a database made
    before): its values become attachments and the column goes, in this transaction."""
    cr = model.env.cr
    table, column = SQL.identifier(model._table), SQL.identifier(field.name)
    cr.execute(SQL("SELECT id, %s FROM %s WHERE %s IS NOT NULL", column, table, column))
    rows = [(record_id, bytes(value)) for record_id, value in cr.fetchall() if value]
    for start in range(0, len(rows), 100):
        create(model.sudo(), field, rows[start:start + 100])
    cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", table, column))
    _logger.info("%s.%s: %d values moved from the column to attachments", model._name,
                 field.name, len(rows))
