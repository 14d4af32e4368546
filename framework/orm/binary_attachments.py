"""Binary fields kept in ``ir.attachment`` (``attachment=True``, Odoo's default for a stored
Binary or Image): the value of ``record.field`` is the content of the attachment with
``res_model``/``res_field``/``res_id`` naming it, and the table has no column for it.

Reading fetches the attachments of every record asked in one query (files read from the
file store); writing creates, rewrites or (for an empty value) deletes them as the superuser,
remembering the real user (``binary_field_real_user``) for the content checks, as Odoo.

With ``bin_size`` (or ``bin_size_<field>``) in the context, the value is the size of the
file as people read it (``b"1.23 Kb"``, as Odoo 17 gives it), taken from the attachments'
``file_size`` column: no file is read. The sizes are kept in the transaction's
context-dependent cache of the field (key :data:`SIZES`), so that an invalidation of the
field forgets them too; a content already in the cache gives its size without a query.
"""
from __future__ import annotations

import base64
import logging
from collections import defaultdict

from ..exceptions import MissingError
from ..logging_setup import odoo_logger_name
from ..tools.misc import human_size
from ..tools.sql import SQL

_logger = logging.getLogger(odoo_logger_name(__name__))

#: where the sizes are, in ``Transaction.context_cache[field]``: a key no context gives
SIZES = ("bin_size",)
#: records whose sizes one look-up fetches at most (the record read and its prefetched others)
PREFETCH_SIZES = 1000


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
        transaction.cache[field].update((i, values.get(i)) for i in ids)


def wants_size(field, env) -> bool:
    """Whether ``env``'s context asks for the size of ``field`` rather than its content."""
    context = env.context
    return bool(context.get("bin_size") or context.get(f"bin_size_{field.name}"))


def content_fields(env, fields) -> list:
    """``fields`` without the attachment ones that ``env`` reads as sizes (whose files a
    fetch must not read)."""
    return [field for field in fields if not (in_attachment(field) and wants_size(field, env))]


def size_value(size) -> bytes | None:
    """The cache value of a size: ``b"1.23 Kb"``, None for no content."""
    text = human_size(size)
    return text.encode() if text else None


def _content_size(value) -> bytes | None:
    return size_value(len(base64.b64decode(value))) if value else None


def _known_sizes(env, field) -> dict:
    return env.transaction.context_cache[field].setdefault(SIZES, {})


def sizes(records, field, checked: bool = False, prefetch: bool = False) -> list:
    """The size values of ``field`` for ``records``, in order.

    A content in the cache (or to be computed: a stored computed file) gives its own size;
    the others are read from the attachments' ``file_size``, in one query, with the user's
    access to the records checked unless ``checked`` (``read()`` did it). ``prefetch``: the
    look-up takes the records prefetched with ``records`` too (a loop over a recordset).
    """
    env = records.env
    transaction = env.transaction
    known = _known_sizes(env, field)
    contents = transaction.cache.get(field, {})
    pending = transaction.tocompute.get(field) if field.compute else None
    result, missing = {}, []
    for record_id in records._ids:
        if record_id in result:
            continue
        if not isinstance(record_id, int) or record_id in contents or (pending and record_id in pending):
            result[record_id] = _content_size(transaction.get_value(records.browse(record_id), field))
        elif record_id in known:
            result[record_id] = known[record_id]
        else:
            missing.append(record_id)
    if missing:
        required = list(missing)
        if prefetch:
            wanted = set(missing)
            for record_id in records._prefetch_ids:
                if len(missing) >= PREFETCH_SIZES:
                    break
                if isinstance(record_id, int) and record_id not in wanted and \
                        record_id not in known and record_id not in contents:
                    wanted.add(record_id)
                    missing.append(record_id)
        _fetch_sizes(records.browse(missing), field, required, checked)
        for record_id in required:
            if record_id not in known:
                raise MissingError(f"Record does not exist or has been deleted.\n(Record: "
                                   f"{records._name}({record_id},), User: {env.uid})")
            result[record_id] = known[record_id]
    return [result[record_id] for record_id in records._ids]


def _fetch_sizes(records, field, required, checked: bool) -> None:
    """Put the sizes of ``field`` of ``records`` in the cache, from ``file_size``: those the
    user may read (an AccessError for one of ``required`` hidden by the record rules)."""
    env = records.env
    ids = list(records._ids)
    if not checked and not env.su:
        records.check_field_access_rights("read", [field.name])
        query, ruled = records._fetch_select(ids)
        if ruled:
            env.cr.execute(query.select(SQL.identifier(query.alias, "id")))
            visible = {row[0] for row in env.cr.fetchall()}
            records._refuse_hidden([i for i in required if i not in visible])
            ids = [i for i in ids if i in visible]
    if not ids:
        return
    env.cr.execute(SQL(
        "SELECT res_id, file_size FROM ir_attachment "
        "WHERE res_model = %s AND res_field = %s AND res_id IN %s ORDER BY id",
        records._name, field.name, tuple(ids)))
    found = dict(env.cr.fetchall())
    _known_sizes(env, field).update((i, size_value(found.get(i))) for i in ids)


def _forget_sizes(env, field, ids) -> None:
    """The content of ``field`` changed for ``ids``: the sizes known are no longer true."""
    known = env.transaction.context_cache.get(field, {}).get(SIZES)
    if known:
        for record_id in ids:
            known.pop(record_id, None)


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
    env.transaction.cache[field].update(values)
    _forget_sizes(env, field, values)


def create(model, field, pairs) -> None:
    """Attachments for new records: ``pairs`` of (record id, cache value), one create."""
    env = model.env
    _known_absent(env, field).difference_update(record_id for record_id, value in pairs if value)
    values = [{"name": field.name, "res_model": model._name, "res_field": field.name,
               "res_id": record_id, "type": "binary", "raw": base64.b64decode(value)}
              for record_id, value in pairs if value]
    if values:
        env["ir.attachment"].sudo().with_context(binary_field_real_user=env.user).create(values)
    env.transaction.cache[field].update(pairs)
    _forget_sizes(env, field, [record_id for record_id, _value in pairs])


def search_condition(model, alias: str, field, operator: str, value) -> SQL:
    """``field = False`` / ``field != False``: whether the record has the attachment. Any
    other comparison of a file is meaningless; as Odoo, it matches everything."""
    if operator in ("=", "!=") and not value:
        has = SQL("(SELECT res_id FROM ir_attachment WHERE res_model = %s AND res_field = %s "
                  "AND res_id IS NOT NULL)", model._name, field.name)
        return SQL("%s IN %s" if operator == "!=" else "%s NOT IN %s",
                   SQL.identifier(alias, "id"), has)
    return SQL("TRUE")


def find_of_records(model, ids, also: SQL | None = None) -> list[tuple]:
    """``(id, store_fname)`` of the attachments linked to records ``ids`` (every one, not only
    those of binary fields, as Odoo), read with SQL as Odoo does: ``ir.attachment``'s search
    hides the attachments of deleted records. ``also``: another statement to run in the same
    one (the deletion of the records' external ids), so that this costs no round trip."""
    cr = model.env.cr
    select = SQL("SELECT id, store_fname FROM ir_attachment WHERE res_model = %s AND res_id IN %s",
                 model._name, tuple(ids))
    cr.execute(SQL("WITH external_ids AS (%s) %s", also, select) if also is not None else select)
    return cr.fetchall()


def unlink_found(env, rows: list[tuple]) -> None:
    """Delete the attachments ``rows`` (of ``find_of_records``) of deleted records through
    ``ir.attachment.unlink``, as the superuser and in one call, as Odoo 17: an addon that
    overrides it sees them go, and their files are put on the garbage collector's checklist
    there. Their ``store_fname`` goes to the cache first, so the unlink does not read it."""
    attachments = env["ir.attachment"].sudo().browse([attachment_id for attachment_id, _ in rows])
    env.transaction.set_values(attachments._fields["store_fname"],
                               ((attachment_id, fname or None) for attachment_id, fname in rows))
    attachments.unlink()


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
