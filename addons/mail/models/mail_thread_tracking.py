"""Field tracking of ``mail.thread``: a write remembers the old values of the tracked fields
(``tracking=True``, or an int giving their order), and at the end of the transaction (the
cursor's precommit, as in Odoo) one note per changed record lists the changes as
``mail.tracking.value`` rows; ``_track_subtype`` may turn it into a post with a subtype.

The old values of all the written records are read together, before the write: one fetch
for the whole recordset, not one per record.
"""
import logging

from odoo import api, models
from odoo.exceptions import MissingError
from odoo.tools.misc import clean_context

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def write(self, vals):
        if self.env.context.get("tracking_disable"):
            return super().write(vals)
        if not self.env.context.get("mail_notrack"):
            self._track_prepare(self._fields)
        result = super().write(vals)
        self._message_auto_subscribe(vals)
        return result

    # -- which fields -----------------------------------------------------------------------

    @api.model
    def _track_get_fields(self):
        """The names of this model's tracked fields the current user may see."""
        memo = self._class_memo("mail_tracked_fields")
        tracked = memo.get("fields")
        if tracked is None:
            tracked = memo["fields"] = [field for field in self._fields.values()
                                        if getattr(field, "tracking", None)]
        return {field.name for field in tracked if self._field_visible(field)}

    def _track_precommit_data(self, key):
        return self.env.cr.precommit.data.setdefault(f"mail.tracking.{key}{self._name}", {})

    # -- collecting -----------------------------------------------------------------------

    def _track_prepare(self, fields_iter):
        """Remember the current values of the tracked fields among ``fields_iter`` (values
        already remembered in this transaction are kept: the oldest one counts)."""
        fnames = self._track_get_fields().intersection(fields_iter)
        if not fnames or not self.ids:
            return
        initial_values = self._track_precommit_data("")
        if not initial_values:
            self.env.cr.precommit.add(self._track_finalize)
        for record in self:
            values = initial_values.setdefault(record.id, {})
            if values is not None:
                for fname in fnames:
                    values.setdefault(fname, record[fname])

    def _track_discard(self):
        """No tracking message for these records in this transaction."""
        if not self._track_get_fields():
            return
        initial_values = self._track_precommit_data("")
        if not initial_values:
            self.env.cr.precommit.add(self._track_finalize)
        for record_id in self.ids:
            initial_values[record_id] = None

    def _track_set_author(self, author):
        """The author of the tracking message of these records."""
        if self._track_get_fields():
            authors = self._track_precommit_data("author.")
            for record_id in self.ids:
                authors[record_id] = author

    def _track_set_log_message(self, message):
        """A body for the tracking message of these records."""
        if self._track_get_fields():
            bodies = self._track_precommit_data("message.")
            for record_id in self.ids:
                bodies[record_id] = message

    # -- logging ----------------------------------------------------------------------------

    def _track_finalize(self):
        """Log the changes of the records prepared in this transaction (run at precommit)."""
        initial_values = self.env.cr.precommit.data.pop(f"mail.tracking.{self._name}", {})
        ids = [record_id for record_id, values in initial_values.items() if values]
        if not ids:
            return
        records = self.browse(ids).sudo().with_context(clean_context(self.env.context))
        records._message_track(self._track_get_fields(), initial_values)
        self.env.flush_all()

    def _track_subtype(self, initial_values):
        """The subtype to post the changes with (``initial_values``: the changed fields'
        old values); False logs them as a note."""
        self.ensure_one()
        return False

    def _track_get_default_log_message(self, tracked_fields):
        """The body of the tracking message when nobody set one."""
        return ""

    def _track_filter_for_display(self, tracking_values):
        return tracking_values

    def _message_track(self, fields_iter, initial_values_dict):
        """Compare the records' values with ``initial_values_dict`` ({id: {field: value}})
        and log one message per changed record; returns {id: (changed names, commands)}."""
        if not fields_iter:
            return {}
        tracked_fields = self.fields_get(
            fields_iter, attributes=("string", "type", "selection", "currency_field"))
        tracking = {}
        for record in self:
            try:
                tracking[record.id] = record._mail_track(tracked_fields,
                                                         initial_values_dict[record.id])
            except MissingError:
                continue
        bodies = self.env.cr.precommit.data.pop(f"mail.tracking.message.{self._name}", {})
        authors = self.env.cr.precommit.data.pop(f"mail.tracking.author.{self._name}", {})
        for record in self:
            changes, tracking_value_ids = tracking.get(record.id, (None, None))
            if not changes:
                continue
            subtype = record._track_subtype(
                {name: initial_values_dict[record.id][name] for name in changes})
            author_id = authors[record.id].id if record.id in authors else None
            body = bodies[record.id] if record.id in bodies else \
                record._track_get_default_log_message(changes)
            if subtype:
                if not subtype.exists():
                    _logger.debug("subtype %r not found", subtype.name)
                    continue
                record.message_post(body=body, author_id=author_id, subtype_id=subtype.id,
                                    tracking_value_ids=tracking_value_ids)
            elif tracking_value_ids:
                record._message_log(body=body, author_id=author_id,
                                    tracking_value_ids=tracking_value_ids)
        return tracking

    def _mail_track(self, tracked_fields, initial_values):
        """The changed field names of this record and the commands creating their tracking
        values, in the fields' tracking order (``tracking=<int>``, 100 for True)."""
        self.ensure_one()
        changes = set()
        rows = []
        Tracking = self.env["mail.tracking.value"]
        for name, info in tracked_fields.items():
            if name not in initial_values:
                continue
            old, new = initial_values[name], self[name]
            if old == new or (not old and not new):
                continue
            changes.add(name)
            sequence = getattr(self._fields[name], "tracking", 100)
            sequence = 100 if sequence is True else sequence
            rows.append((sequence, name,
                         Tracking._create_tracking_values(old, new, name, info, self)))
        rows.sort(key=lambda row: (row[0], row[1]))
        return changes, [(0, 0, values) for _sequence, _name, values in rows]
