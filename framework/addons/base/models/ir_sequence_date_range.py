"""Subsequences of an ``ir.sequence`` with ``use_date_range``: one counter per period (a year
unless an addon overrides ``ir.sequence._create_date_range_seq``), so that references restart
at 1 each period while keeping the sequence's prefix and suffix, whose ``%(range_year)s`` and
the like are the period's start."""
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .ir_sequence import peek_next_number


def _range_sequence_name(seq_id: int, range_id: int) -> str:
    return f"ir_sequence_{seq_id:03d}_{range_id:03d}"


class IrSequenceDateRange(models.Model):
    _name = "ir.sequence.date_range"
    _description = "Sequence Date Range"
    _rec_name = "sequence_id"
    _order = "date_from"

    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", required=True)
    sequence_id = fields.Many2one("ir.sequence", "Main Sequence", required=True, ondelete="cascade")
    number_next = fields.Integer("Next Number", required=True, default=1)
    number_next_actual = fields.Integer("Actual Next Number", compute="_compute_number_next_actual",
                                        inverse="_inverse_number_next_actual")

    def _pg_name(self) -> str:
        return _range_sequence_name(self.sequence_id.id, self.id)

    def _compute_number_next_actual(self):
        for date_range in self:
            if date_range.sequence_id.implementation != "standard" or not date_range.id:
                date_range.number_next_actual = date_range.number_next
                continue
            date_range.number_next_actual = peek_next_number(self.env.cr, date_range._pg_name(),
                                                             date_range.sequence_id.number_increment)

    def _inverse_number_next_actual(self):
        for date_range in self:
            date_range.write({"number_next": date_range.number_next_actual or 1})

    @api.model_create_multi
    def create(self, vals_list):
        ranges = super().create(vals_list)
        for date_range in ranges.filtered(lambda r: r.sequence_id.implementation == "standard"):
            date_range._create_pg_sequence()
        return ranges

    def write(self, vals):
        result = super().write(vals)
        if "number_next" in vals:
            for date_range in self:
                self.env.cr.execute(SQL("DROP SEQUENCE IF EXISTS %s", SQL.identifier(date_range._pg_name())))
                if date_range.sequence_id.implementation == "standard":
                    date_range._create_pg_sequence()
        return result

    def unlink(self):
        names = [date_range._pg_name() for date_range in self]
        result = super().unlink()
        for name in names:
            self.env.cr.execute(SQL("DROP SEQUENCE IF EXISTS %s", SQL.identifier(name)))
        return result

    def _create_pg_sequence(self):
        step = self.sequence_id.number_increment
        if step == 0:
            raise UserError("Step must not be zero.")
        self.env.cr.execute(SQL("CREATE SEQUENCE IF NOT EXISTS %s INCREMENT BY %s START WITH %s",
                                SQL.identifier(self._pg_name()), step, self.number_next))

    def _next_number(self) -> int:
        if self.sequence_id.implementation == "standard":
            self.env.cr.execute(SQL("SELECT nextval(%s)", self._pg_name()))
            return self.env.cr.fetchone()[0]
        self.env.cr.execute(SQL("SELECT number_next FROM ir_sequence_date_range WHERE id = %s FOR UPDATE", self.id))
        number = self.env.cr.fetchone()[0]
        self.env.cr.execute(SQL("UPDATE ir_sequence_date_range SET number_next = number_next + %s WHERE id = %s",
                                self.sequence_id.number_increment, self.id))
        self.env.transaction.invalidate([self._fields["number_next"]], self.ids)
        return number

    def _next(self, sequence_date=None):
        """The next reference of the main sequence, numbered in this period."""
        self.ensure_one()
        sequence = self.sequence_id
        prefix, suffix = sequence._get_prefix_suffix(sequence_date)
        return f"{prefix}{self._next_number():0{sequence.padding}d}{suffix}"
