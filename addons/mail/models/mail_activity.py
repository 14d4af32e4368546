"""``mail.activity``: something to do on a document, by someone, before a date."""
from collections import defaultdict
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import _, api, fields, models

STATES = [("overdue", "Overdue"), ("today", "Today"), ("planned", "Planned")]


def state_of(deadline, today):
    """'overdue', 'today' or 'planned': ``deadline`` against ``today``."""
    if deadline < today:
        return "overdue"
    return "today" if deadline == today else "planned"


class MailActivity(models.Model):
    _name = "mail.activity"
    _description = "Activity"
    _order = "date_deadline ASC, id ASC"
    _rec_name = "summary"

    @api.model
    def _default_activity_type(self):
        """To-Do, or the first activity type of this model (or of every model)."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        if todo and todo.active:
            return todo
        model = self.env.context.get("default_res_model")
        return self.env["mail.activity.type"].search(
            ["|", ("res_model", "=", model), ("res_model", "=", False)], limit=1)

    res_model_id = fields.Many2one("ir.model", "Document Model", index=True, ondelete="cascade",
                                   required=True)
    res_model = fields.Char("Related Document Model", index=True, related="res_model_id.model",
                            compute_sudo=True, store=True, readonly=True)
    res_id = fields.Many2oneReference("Related Document ID", index=True, model_field="res_model")
    res_name = fields.Char("Document Name", compute="_compute_res_name", compute_sudo=True,
                           store=True, readonly=True)
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity Type",
                                       ondelete="restrict", default=_default_activity_type)
    activity_category = fields.Selection(related="activity_type_id.category", readonly=True)
    activity_decoration = fields.Selection(related="activity_type_id.decoration_type",
                                           readonly=True)
    icon = fields.Char("Icon", related="activity_type_id.icon", readonly=True)
    summary = fields.Char("Summary")
    note = fields.Html("Note", sanitize_style=True)
    date_deadline = fields.Date("Due Date", index=True, required=True,
                                default=fields.Date.context_today)
    automated = fields.Boolean("Automated activity", readonly=True,
                               help="Indicates this activity has been created automatically "
                                    "and not by any user.")
    user_id = fields.Many2one("res.users", "Assigned to", default=lambda self: self.env.user,
                              index=True, required=True)
    request_partner_id = fields.Many2one("res.partner", string="Requesting Partner")
    state = fields.Selection(STATES, "State", compute="_compute_state")
    recommended_activity_type_id = fields.Many2one("mail.activity.type",
                                                   string="Recommended Activity Type")
    previous_activity_type_id = fields.Many2one("mail.activity.type",
                                                string="Previous Activity Type", readonly=True)
    has_recommended_activities = fields.Boolean("Next activities available",
                                                compute="_compute_has_recommended_activities")
    chaining_type = fields.Selection(related="activity_type_id.chaining_type", readonly=True)

    @api.depends("res_model", "res_id")
    def _compute_res_name(self):
        for activity in self:
            if activity.res_model and activity.res_model in self.env and activity.res_id:
                activity.res_name = self.env[activity.res_model].browse(
                    activity.res_id).display_name
            else:
                activity.res_name = False

    @api.depends("date_deadline")
    def _compute_state(self):
        for activity in self:
            if not activity.date_deadline:
                activity.state = False
                continue
            today = fields.Date.context_today(activity.with_context(tz=activity.user_id.tz))
            activity.state = state_of(activity.date_deadline, today)

    @api.depends("activity_type_id")
    def _compute_has_recommended_activities(self):
        for activity in self:
            activity.has_recommended_activities = bool(
                activity.activity_type_id.suggested_next_type_ids)

    # -- CRUD ---------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for values in vals_list:
            if not values.get("res_model_id") and values.get("res_model"):
                values["res_model_id"] = self.env["ir.model"]._get_id(values["res_model"])
            values.pop("res_model", None)
        activities = super().create(vals_list)
        # the assignee follows the document, to see what happens on it
        by_model = defaultdict(lambda: defaultdict(set))
        for activity in activities.sudo():
            if activity.res_model in self.env and activity.user_id.partner_id:
                by_model[activity.res_model][activity.user_id.partner_id.id].add(activity.res_id)
        for model_name, partners in by_model.items():
            records = self.env[model_name]
            if not hasattr(records, "message_subscribe"):
                continue
            for partner_id, res_ids in partners.items():
                records.browse(sorted(res_ids)).sudo()._message_subscribe(partner_ids=[partner_id])
        activities._invalidate_documents()
        return activities

    def write(self, vals):
        result = super().write(vals)
        if "res_id" in vals or "res_model_id" in vals or "date_deadline" in vals:
            self._invalidate_documents()
        return result

    def unlink(self):
        self._invalidate_documents()
        return super().unlink()

    def _invalidate_documents(self):
        """The documents' activity fields: activities point at them by (model, id), which
        the cache does not follow."""
        by_model = defaultdict(set)
        for activity in self.sudo():
            by_model[activity.res_model].add(activity.res_id)
        for model_name, res_ids in by_model.items():
            if model_name in self.env and "activity_ids" in self.env[model_name]._fields:
                self.env[model_name].browse(list(res_ids)).invalidate_recordset(
                    ["activity_ids", "activity_state", "activity_date_deadline",
                     "my_activity_date_deadline", "activity_user_id", "activity_type_id",
                     "activity_summary", "activity_type_icon"])

    # -- done -----------------------------------------------------------------------------

    def action_done(self):
        """Mark the activities done: a message on each document, then they are removed."""
        messages, _next_activities = self._action_done()
        return messages[0].id if messages else False

    def action_feedback(self, feedback=False, attachment_ids=None):
        """Mark the activities done with ``feedback``; the id of the first message."""
        messages, _next_activities = self._action_done(feedback=feedback,
                                                       attachment_ids=attachment_ids)
        return messages[0].id if messages else False

    def action_done_schedule_next(self):
        return self.action_feedback_schedule_next()

    def action_feedback_schedule_next(self, feedback=False, attachment_ids=None):
        """Mark done and open the form of a next activity on the same document."""
        ctx = dict(self.env.context, default_previous_activity_type_id=self.activity_type_id.id,
                   activity_previous_deadline=self.date_deadline,
                   default_res_id=self.res_id, default_res_model=self.res_model)
        _messages, next_activities = self._action_done(feedback=feedback,
                                                       attachment_ids=attachment_ids)
        if next_activities:
            return False
        return {"name": _("Schedule an Activity"), "context": ctx, "view_mode": "form",
                "res_model": "mail.activity", "views": [(False, "form")],
                "type": "ir.actions.act_window", "target": "new"}

    def _action_done(self, feedback=False, attachment_ids=None):
        """Post the 'done' message of each activity on its document (subtype Activities),
        schedule the activity their type triggers, then delete them.

        :return: (the messages, the next activities)
        """
        messages = self.env["mail.message"]
        next_values = []
        for activity in self:
            if activity.chaining_type == "trigger" and activity.activity_type_id.triggered_next_type_id:
                next_values.append(activity._prepare_next_activity_values())
        documents = {}
        for activity in self:
            record = documents.setdefault((activity.res_model, activity.res_id),
                                          self.env[activity.res_model].browse(activity.res_id))
            messages |= record.message_post(
                body=activity._done_message_body(feedback), message_type="notification",
                subtype_xmlid="mail.mt_activities",
                mail_activity_type_id=activity.activity_type_id.id,
                attachment_ids=attachment_ids)
        next_activities = self.env["mail.activity"].create(next_values) if next_values else \
            self.env["mail.activity"]
        self.unlink()
        return messages, next_activities

    def _done_message_body(self, feedback):
        """The body of the 'done' message: the activity type, its summary, the feedback and
        the original note."""
        self.ensure_one()
        parts = [Markup('<div><p><span class="fa %s fa-fw"></span><span>%s</span> done')
                 % (self.icon or "fa-tasks", self.activity_type_id.display_name or _("Activity"))]
        if self.user_id != self.env.user:
            parts.append(Markup(" (originally assigned to %s)") % self.user_id.display_name)
        if self.summary:
            parts.append(Markup(': <span class="o_mail_note_title">%s</span>') % self.summary)
        parts.append(Markup("</p>"))
        if feedback:
            parts.append(Markup('<div class="o_mail_note_title fw-bold">Feedback:</div>'
                                '<div>%s</div>') % feedback)
        if self.note:
            parts.append(Markup('<div class="o_mail_note_title fw-bold">Original note:</div>'
                                '<div>%s</div>') % Markup(self.note))
        parts.append(Markup("</div>"))
        return Markup("").join(escape(part) for part in parts)

    def _prepare_next_activity_values(self):
        next_type = self.activity_type_id.triggered_next_type_id
        return {
            "res_model_id": self.res_model_id.id,
            "res_id": self.res_id,
            "activity_type_id": next_type.id,
            "previous_activity_type_id": self.activity_type_id.id,
            "summary": next_type.summary,
            "note": next_type.default_note,
            "user_id": next_type.default_user_id.id or self.env.uid,
            "date_deadline": self._calculate_date_deadline(next_type),
        }

    @api.model
    def _calculate_date_deadline(self, activity_type):
        """A deadline ``activity_type``'s delay after today, or after the previous activity's
        deadline (context ``activity_previous_deadline``) when the type says so."""
        base = fields.Date.context_today(self)
        previous = self.env.context.get("activity_previous_deadline")
        if activity_type.delay_from == "previous_activity" and previous:
            base = fields.Date.to_date(previous)
        if not activity_type.delay_count:
            return base
        return base + relativedelta(**{activity_type.delay_unit: activity_type.delay_count})

    def action_close_dialog(self):
        return {"type": "ir.actions.act_window_close"}


def as_date(value):
    """A deadline given as a date, a datetime or a string, as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or not value:
        return value
    return fields.Date.to_date(value)
