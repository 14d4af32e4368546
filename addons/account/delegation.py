"""Records that delegate to an entry (``_inherits = {'account.move': 'move_id'}``): the
payment and the statement line make their entries themselves, in one batch."""
from __future__ import annotations

from odoo import Command
from odoo.tools import SQL


def create_with_entries(model, create, vals_list: list[dict], link_field: str, posting: bool = False):
    """Create records of ``model`` (with ``create``, the next create of the chain) and their
    entries in two batches: the entries first from ``model._prepare_entry_vals(vals)`` (it
    takes the entry's values out of ``vals``), then the records, then each entry points
    back at its record through ``link_field`` (one statement). ``posting``: the caller posts
    the entries at once, which checks their balance: their create need not."""
    vals_list = [dict(vals) for vals in vals_list]
    entry_vals = [None if vals.get("move_id") else model._prepare_entry_vals(vals) for vals in vals_list]
    todo = [values for values in entry_vals if values is not None]
    Move = model.env["account.move"].with_context(skip_invoice_sync=True)
    if posting:
        Move = Move.with_context(skip_balance_check=True)
    moves = Move.create(todo).with_env(model.env) if todo else model.env["account.move"]
    new_moves = iter(moves)
    for vals, values in zip(vals_list, entry_vals):
        if values is not None:
            vals["move_id"] = next(new_moves).id
    records = create(vals_list)
    if records:
        Move = model.env["account.move"]
        Move.flush_model([link_field])
        model.env.cr.execute(SQL("UPDATE account_move m SET %s = v.record_id FROM unnest(%s::int[], %s::int[]) "
                                 "AS v(id, record_id) WHERE m.id = v.id", SQL.identifier(link_field),
                                 [record.move_id.id for record in records], list(records.ids)))
        # the entries' cache learns the link just written (no read back)
        model.env.transaction.set_values(Move._fields[link_field],
                                         zip([record.move_id.id for record in records], records.ids))
        model.env["account.move.line"].invalidate_model([link_field], flush=False)
    return records, moves


def split_entry_lines(lines, is_liquidity, is_counterpart) -> tuple:
    """(liquidity lines, counterpart lines, other lines) of an entry: Odoo's
    ``_seek_for_lines`` of payments and statement lines, each telling its kinds apart."""
    liquidity = counterpart = others = lines.browse()
    for line in lines:
        if is_liquidity(line):
            liquidity |= line
        elif is_counterpart(line):
            counterpart |= line
        else:
            others |= line
    return liquidity, counterpart, others


def line_pair(common: dict, liquidity_account_id: int, counterpart_account_id: int, amount: float,
              foreign: bool = False) -> list:
    """The two lines of a payment's or a statement line's entry: ``amount`` on the
    liquidity side, its opposite on the counterpart, both with the ``common`` values.
    ``foreign``: ``amount`` is in a currency other than the company's; the lines then get
    their balance from it at the rate of the entry's date (see ``account.move.line``)."""
    def vals(account_id, value):
        line = {**common, "account_id": account_id, "amount_currency": value}
        if not foreign:
            line["balance"] = value
        return Command.create(line)
    return [vals(liquidity_account_id, amount), vals(counterpart_account_id, -amount)]
