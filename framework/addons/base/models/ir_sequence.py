"""Sequences (``ir.sequence``): numbered references like ``INV/2026/0001``.

The ``standard`` implementation draws numbers from a PostgreSQL sequence (fast, may leave
gaps when a transaction rolls back); ``no_gap`` locks the row and increments it.
"""
import datetime
import zoneinfo

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


def _sequence_name(seq_id: int) -> str:
    return f"ir_sequence_{seq_id:03d}"


def peek_next_number(cr, name: str, step: int) -> int:
    """The number the PostgreSQL sequence ``name`` gives next (without drawing it)."""
    cr.execute(SQL("SELECT last_value, is_called FROM %s", SQL.identifier(name)))
    last, called = cr.fetchone()
    return last + step if called else last


class IrSequence(models.Model):
    _name = "ir.sequence"
    _description = "Sequence"
    _order = "name"

    name = fields.Char(required=True)
    code = fields.Char("Sequence Code")
    implementation = fields.Selection([("standard", "Standard"), ("no_gap", "No gap")],
                                      required=True, default="standard")
    active = fields.Boolean(default=True)
    prefix = fields.Char(help="Prefix value of the record for the sequence")
    suffix = fields.Char(help="Suffix value of the record for the sequence")
    number_next = fields.Integer("Next Number", required=True, default=1)
    number_next_actual = fields.Integer("Actual Next Number", compute="_compute_number_next_actual",
                                        inverse="_inverse_number_next_actual")
    number_increment = fields.Integer("Step", required=True, default=1)
    padding = fields.Integer("Sequence Size", required=True, default=0)
    company_id = fields.Many2one("res.company", "Company", default=lambda s: s.env.company)
    use_date_range = fields.Boolean("Use subsequences per date_range")
    date_range_ids = fields.One2many("ir.sequence.date_range", "sequence_id", "Subsequences")

    def _compute_number_next_actual(self):
        for seq in self:
            if seq.implementation != "standard" or not seq.id:
                seq.number_next_actual = seq.number_next
                continue
            seq.number_next_actual = peek_next_number(self.env.cr, _sequence_name(seq.id), seq.number_increment)

    def _inverse_number_next_actual(self):
        for seq in self:
            seq.write({"number_next": seq.number_next_actual or 1})

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        for seq in sequences.filtered(lambda s: s.implementation == "standard"):
            seq._create_pg_sequence()
        return sequences

    def write(self, vals):
        result = super().write(vals)
        if {"number_next", "number_increment", "implementation"} & set(vals):
            for seq in self:
                self.env.cr.execute(SQL("DROP SEQUENCE IF EXISTS %s", SQL.identifier(_sequence_name(seq.id))))
                if seq.implementation == "standard":
                    seq._create_pg_sequence()
        return result

    def unlink(self):
        # the subsequences go with the sequence (ondelete cascade, in SQL): their own
        # PostgreSQL sequences are dropped here
        names = [_sequence_name(seq.id) for seq in self]
        names += [date_range._pg_name() for date_range in self.date_range_ids]
        result = super().unlink()
        for name in names:
            self.env.cr.execute(SQL("DROP SEQUENCE IF EXISTS %s", SQL.identifier(name)))
        return result

    def _create_pg_sequence(self):
        if self.number_increment == 0:
            raise UserError("Step must not be zero.")
        self.env.cr.execute(SQL("CREATE SEQUENCE IF NOT EXISTS %s INCREMENT BY %s START WITH %s",
                                SQL.identifier(_sequence_name(self.id)), self.number_increment,
                                self.number_next))

    def _next_number(self):
        if self.implementation == "standard":
            self.env.cr.execute(SQL("SELECT nextval(%s)", _sequence_name(self.id)))
            return self.env.cr.fetchone()[0]
        self.env.cr.execute(SQL("SELECT number_next FROM ir_sequence WHERE id = %s FOR UPDATE", self.id))
        number = self.env.cr.fetchone()[0]
        self.env.cr.execute(SQL("UPDATE ir_sequence SET number_next = number_next + number_increment "
                                "WHERE id = %s", self.id))
        self.env.transaction.invalidate([self._fields["number_next"]], self.ids)
        return number

    def _next_numbers(self, count: int) -> list[int]:
        """``count`` numbers drawn at once, in order (one query)."""
        self.ensure_one()
        if count <= 0:
            return []
        if self.implementation == "standard":
            self.env.cr.execute(SQL("SELECT nextval(%s) FROM generate_series(1, %s)", _sequence_name(self.id), count))
            return sorted(number for (number,) in self.env.cr.fetchall())
        self.env.cr.execute(SQL("UPDATE ir_sequence SET number_next = number_next + number_increment * %s "
                                "WHERE id = %s RETURNING number_next, number_increment", count, self.id))
        after, step = self.env.cr.fetchone()
        self.env.transaction.invalidate([self._fields["number_next"]], self.ids)
        first = after - step * count
        return [first + step * index for index in range(count)]

    def _next_many(self, count: int, sequence_date=None) -> list[str]:
        """The next ``count`` references of this sequence, as ``_next`` gives them one by one."""
        self.ensure_one()
        return self._next_many_of([(self, count)], sequence_date)[0]

    @api.model
    def _next_many_of(self, requests: list, sequence_date=None) -> list[list[str]]:
        """``_next_many`` of several sequences, ``[(sequence, count), ...]``: the numbers of
        the standard ones drawn in one query; one list of references per request."""
        numbers: dict[int, list[int]] = {}
        query = self._numbers_query(requests)
        dated = {index: [sequence._next(sequence_date) for _ in range(count)]
                 for index, (sequence, count) in enumerate(requests) if sequence.use_date_range}
        if query is not None:
            self.env.cr.execute(query)
            for index, number in self.env.cr.fetchall():
                numbers.setdefault(index, []).append(number)
        return [dated[index] if index in dated else
                sequence._format_many(sorted(numbers[index]) if index in numbers else sequence._next_numbers(count),
                                      sequence_date)
                for index, (sequence, count) in enumerate(requests)]

    @api.model
    def _numbers_query(self, requests: list, condition: SQL | None = None) -> SQL | None:
        """The query drawing the numbers of the standard sequences of ``requests``,
        ``[(sequence, count), ...]``, as rows ``(index of the request, number)`` (in no
        order); only when ``condition`` (a query) returns no row, when given. None when
        there is nothing to draw that way. Sequences numbered per date range are left out:
        their numbers come from the range of each date (``_next``)."""
        drawn = [SQL("SELECT %s, nextval(%s) FROM generate_series(1, %s)%s", index, _sequence_name(sequence.id),
                     count, SQL(" WHERE NOT EXISTS (%s)", condition) if condition is not None else SQL(""))
                 for index, (sequence, count) in enumerate(requests)
                 if count > 0 and sequence.implementation == "standard" and not sequence.use_date_range]
        return SQL.join(" UNION ALL ", drawn) if drawn else None

    def _format_many(self, numbers: list[int], sequence_date=None) -> list[str]:
        """The references of these numbers of this sequence."""
        self.ensure_one()
        prefix, suffix = self._get_prefix_suffix(sequence_date)
        padding = self.padding          # read once, not once per number
        return [f"{prefix}{number:0{padding}d}{suffix}" for number in numbers]

    def _interpolation_dict(self, date=None):
        tz = zoneinfo.ZoneInfo(self.env.context.get("tz") or "UTC") if self.env.context.get("tz") \
            else datetime.UTC
        now = datetime.datetime.now(tz)
        when = fields.Datetime.to_datetime(date) if date else now
        range_start = self.env.context.get("ir_sequence_date_range")
        range_when = fields.Datetime.to_datetime(range_start) if range_start else when
        values = {}
        for key, fmt in (("year", "%Y"), ("month", "%m"), ("day", "%d"), ("y", "%y"), ("doy", "%j"),
                         ("woy", "%W"), ("weekday", "%w"), ("h24", "%H"), ("h12", "%I"),
                         ("min", "%M"), ("sec", "%S")):
            values[key] = when.strftime(fmt)
            values[f"current_{key}"] = now.strftime(fmt)
            values[f"range_{key}"] = range_when.strftime(fmt)
        return values

    def _get_prefix_suffix(self, date=None):
        if "%" not in (self.prefix or "") + (self.suffix or ""):
            return self.prefix or "", self.suffix or ""      # nothing to interpolate
        values = self._interpolation_dict(date)
        try:
            return (self.prefix or "") % values, (self.suffix or "") % values
        except (KeyError, ValueError, TypeError) as exc:
            raise UserError(f"Invalid prefix or suffix for sequence '{self.name}': {exc}") from None

    def get_next_char(self, number_next):
        prefix, suffix = self._get_prefix_suffix()
        return f"{prefix}{number_next:0{self.padding}d}{suffix}" if self.padding else f"{prefix}{number_next}{suffix}"

    def _next(self, sequence_date=None):
        """The next reference. With ``use_date_range`` the number comes from the subsequence
        of the date (``sequence_date``, else the context's ``ir_sequence_date``, else today),
        created by ``_create_date_range_seq`` when none covers it yet."""
        self.ensure_one()
        if self.use_date_range:
            when = fields.Date.to_date(sequence_date or self.env.context.get("ir_sequence_date")
                                       or fields.Date.context_today(self))
            date_range = self.env["ir.sequence.date_range"].search(
                [("sequence_id", "=", self.id), ("date_from", "<=", when), ("date_to", ">=", when)], limit=1)
            if not date_range:
                date_range = self._create_date_range_seq(when)
            return date_range.with_context(ir_sequence_date_range=date_range.date_from)._next(when)
        prefix, suffix = self._get_prefix_suffix(sequence_date)
        number = self._next_number()
        return f"{prefix}{number:0{self.padding}d}{suffix}"

    def _create_date_range_seq(self, date):
        """The subsequence for ``date``: its calendar year, shortened so as not to overlap the
        ranges already there (addons override this to number per month, week...)."""
        self.ensure_one()
        date_from, date_to = datetime.date(date.year, 1, 1), datetime.date(date.year, 12, 31)
        ranges = self.env["ir.sequence.date_range"]
        later = ranges.search([("sequence_id", "=", self.id), ("date_from", ">=", date),
                               ("date_from", "<=", date_to)], order="date_from desc", limit=1)
        if later:
            date_to = later.date_from - datetime.timedelta(days=1)
        earlier = ranges.search([("sequence_id", "=", self.id), ("date_to", ">=", date_from),
                                 ("date_to", "<=", date)], order="date_to desc", limit=1)
        if earlier:
            date_from = earlier.date_to + datetime.timedelta(days=1)
        return ranges.sudo().create({"date_from": date_from, "date_to": date_to, "sequence_id": self.id})

    def next_by_id(self, sequence_date=None):
        self.check_access_rights("read")
        return self._next(sequence_date)

    @api.model
    def next_by_code(self, sequence_code, sequence_date=None):
        """The next reference of the sequence with ``code`` (for the current company), or False."""
        self.check_access_rights("read")
        company_id = self.env.company.id if self.env.uid else False
        seqs = self.search([("code", "=", sequence_code), ("company_id", "in", [company_id, False])],
                           order="company_id")
        if not seqs:
            return False
        return seqs[0]._next(sequence_date)
