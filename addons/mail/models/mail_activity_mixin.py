"""``mail.activity.mixin``: the activities of a document and their summary fields (the most
urgent state, the next deadline, its assignee, type and summary)."""
from collections import defaultdict

from odoo import api, fields, models

from .mail_activity import STATES, as_date, state_of

#: the most urgent state first
_URGENCY = {"overdue": 0, "today": 1, "planned": 2}


class MailActivityMixin(models.AbstractModel):
    _name = "mail.activity.mixin"
    _description = "Activity Mixin"

    activity_ids = fields.One2many("mail.activity", "res_id", "Activities", auto_join=True,
                                   groups="base.group_user")
    activity_state = fields.Selection(
        STATES, string="Activity State", compute="_compute_activity_state",
        search="_search_activity_state", groups="base.group_user",
        help="Status based on activities\nOverdue: Due date is already passed\n"
             "Today: Activity date is today\nPlanned: Future activities.")
    activity_user_id = fields.Many2one("res.users", "Responsible User",
                                       compute="_compute_next_activity",
                                       search="_search_activity_user_id",
                                       groups="base.group_user")
    activity_type_id = fields.Many2one("mail.activity.type", "Next Activity Type",
                                       compute="_compute_next_activity",
                                       search="_search_activity_type_id",
                                       groups="base.group_user")
    activity_type_icon = fields.Char("Activity Type Icon", compute="_compute_next_activity",
                                     help="Font awesome icon e.g. fa-tasks")
    activity_date_deadline = fields.Date("Next Activity Deadline",
                                         compute="_compute_activity_date_deadline",
                                         search="_search_activity_date_deadline",
                                         compute_sudo=False, readonly=True, store=False,
                                         groups="base.group_user")
    my_activity_date_deadline = fields.Date("My Activity Deadline",
                                            compute="_compute_my_activity_date_deadline",
                                            search="_search_my_activity_date_deadline",
                                            compute_sudo=False, readonly=True,
                                            groups="base.group_user")
    activity_summary = fields.Char("Next Activity Summary", compute="_compute_next_activity",
                                   search="_search_activity_summary", groups="base.group_user")
    activity_exception_decoration = fields.Selection(
        [("warning", "Alert"), ("danger", "Error")], compute="_compute_activity_exception_type",
        search="_search_activity_exception_decoration",
        help="Type of the exception activity on record.")
    activity_exception_icon = fields.Char("Icon", compute="_compute_activity_exception_type",
                                          help="Icon to indicate an exception activity.")

    # -- computes -----------------------------------------------------------------------------

    def _activities_by_record(self):
        """{record id: its activities in deadline order}, read in one search."""
        result = defaultdict(lambda: self.env["mail.activity"])
        if self.ids:
            for activity in self.env["mail.activity"].sudo().search(
                    [("res_model", "=", self._name), ("res_id", "in", self.ids)]):
                result[activity.res_id] |= activity
        return result

    @api.depends("activity_ids.state")
    def _compute_activity_state(self):
        activities = self._activities_by_record()
        for record in self:
            states = activities[record.id].mapped("state")
            record.activity_state = min(states, key=_URGENCY.get) if states else False

    @api.depends("activity_ids")
    def _compute_next_activity(self):
        activities = self._activities_by_record()
        for record in self:
            first = activities[record.id][:1]
            record.activity_user_id = first.user_id
            record.activity_type_id = first.activity_type_id
            record.activity_type_icon = first.icon
            record.activity_summary = first.summary

    @api.depends("activity_ids.date_deadline")
    def _compute_activity_date_deadline(self):
        activities = self._activities_by_record()
        for record in self:
            record.activity_date_deadline = activities[record.id][:1].date_deadline

    @api.depends("activity_ids.date_deadline", "activity_ids.user_id")
    def _compute_my_activity_date_deadline(self):
        activities = self._activities_by_record()
        for record in self:
            mine = activities[record.id].filtered(lambda a: a.user_id.id == self.env.uid)
            record.my_activity_date_deadline = mine[:1].date_deadline

    @api.depends("activity_ids.activity_type_id.decoration_type")
    def _compute_activity_exception_type(self):
        activities = self._activities_by_record()
        for record in self:
            types = activities[record.id].mapped("activity_type_id")
            exception = types.filtered(lambda t: t.decoration_type == "danger")[:1] or \
                types.filtered(lambda t: t.decoration_type == "warning")[:1]
            record.activity_exception_decoration = exception.decoration_type
            record.activity_exception_icon = exception.icon

    # -- searches -----------------------------------------------------------------------------

    def _search_activity_state(self, operator, value):
        all_states = {"overdue", "today", "planned", False}
        if operator == "=":
            wanted = {value}
        elif operator == "!=":
            wanted = all_states - {value}
        elif operator == "in":
            wanted = set(value)
        elif operator == "not in":
            wanted = all_states - set(value)
        else:
            raise ValueError(f"Unsupported operator {operator!r} on activity_state")
        states = {}
        for activity in self.env["mail.activity"].sudo().search([("res_model", "=", self._name)]):
            today = fields.Date.context_today(activity.with_context(tz=activity.user_id.tz))
            state = state_of(activity.date_deadline, today)
            current = states.get(activity.res_id)
            if current is None or _URGENCY[state] < _URGENCY[current]:
                states[activity.res_id] = state
        if False in wanted:         # records without activity: the complement
            excluded = [res_id for res_id, state in states.items() if state not in wanted]
            return [("id", "not in", excluded)]
        return [("id", "in", [res_id for res_id, state in states.items() if state in wanted])]

    @api.model
    def _search_activity_user_id(self, operator, operand):
        return [("activity_ids.user_id", operator, operand)]

    @api.model
    def _search_activity_type_id(self, operator, operand):
        return [("activity_ids.activity_type_id", operator, operand)]

    @api.model
    def _search_activity_summary(self, operator, operand):
        return [("activity_ids.summary", operator, operand)]

    @api.model
    def _search_activity_date_deadline(self, operator, operand):
        if operator == "=" and not operand:
            return [("activity_ids", "=", False)]
        return [("activity_ids.date_deadline", operator, operand)]

    @api.model
    def _search_my_activity_date_deadline(self, operator, operand):
        activities = self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("user_id", "=", self.env.uid),
            ("date_deadline", operator, operand)])
        return [("id", "in", list(set(activities.mapped("res_id"))))]

    @api.model
    def _search_activity_exception_decoration(self, operator, operand):
        return [("activity_ids.activity_type_id.decoration_type", operator, operand)]

    # -- CRUD ---------------------------------------------------------------------------------

    def write(self, vals):
        # archiving a record drops its activities
        if "active" in vals and not vals["active"]:
            self._activities_of().unlink()
        return super().write(vals)

    def unlink(self):
        activities = self._activities_of()
        result = super().unlink()
        activities.unlink()
        return result

    def _activities_of(self, domain=()):
        return self.env["mail.activity"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids), *domain])

    # -- API ----------------------------------------------------------------------------------

    def activity_schedule(self, act_type_xmlid="", date_deadline=None, summary="", note="",
                          **act_values):
        """Schedule an activity on each record: of type ``act_type_xmlid`` (or
        ``activity_type_id`` in ``act_values``, or the default type), due ``date_deadline``
        (or the type's delay from today), assigned to ``user_id`` (or the type's default user,
        or the current user). Returns the new activities."""
        if self.env.context.get("mail_activity_automation_skip"):
            return False
        Activity = self.env["mail.activity"]
        if act_type_xmlid:
            activity_type = self.env.ref(act_type_xmlid, raise_if_not_found=False) or \
                Activity._default_activity_type()
        elif act_values.get("activity_type_id"):
            activity_type = self.env["mail.activity.type"].browse(act_values["activity_type_id"])
        else:
            activity_type = Activity._default_activity_type()
        model_id = self.env["ir.model"]._get_id(self._name)
        deadline = as_date(date_deadline) if date_deadline else \
            Activity._calculate_date_deadline(activity_type)
        values_list = []
        for record in self:
            values = {
                "activity_type_id": activity_type.id,
                "summary": summary or activity_type.summary,
                "automated": True,
                "note": note or activity_type.default_note,
                "date_deadline": deadline,
                "res_model_id": model_id,
                "res_id": record.id,
            }
            values.update(act_values)
            if not values.get("user_id"):
                values["user_id"] = activity_type.default_user_id.id or self.env.uid
            values_list.append(values)
        return Activity.create(values_list)

    def _automated_activities(self, act_type_xmlids, user_id=None, only_automated=True):
        if isinstance(act_type_xmlids, str):
            act_type_xmlids = [act_type_xmlids]
        data = self.env["ir.model.data"].with_context(active_test=False)
        type_ids = [type_id for type_id in (data._xmlid_to_res_id(xmlid, raise_if_not_found=False)
                                            for xmlid in act_type_xmlids) if type_id]
        if not type_ids:
            return self.env["mail.activity"]
        domain = [("activity_type_id", "in", type_ids)]
        if only_automated:
            domain.append(("automated", "=", True))
        if user_id:
            domain.append(("user_id", "=", user_id))
        return self.env["mail.activity"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids), *domain])

    def activity_reschedule(self, act_type_xmlids, user_id=None, date_deadline=None,
                            new_user_id=None):
        """Move the automated activities of these types to ``date_deadline`` and/or
        ``new_user_id``."""
        if self.env.context.get("mail_activity_automation_skip"):
            return False
        activities = self._automated_activities(act_type_xmlids, user_id)
        if activities:
            values = {}
            if date_deadline:
                values["date_deadline"] = as_date(date_deadline)
            if new_user_id:
                values["user_id"] = new_user_id
            activities.write(values)
        return activities

    def activity_feedback(self, act_type_xmlids, user_id=None, feedback=None,
                          attachment_ids=None):
        """Mark done the automated activities of these types (of ``user_id``)."""
        if self.env.context.get("mail_activity_automation_skip"):
            return False
        activities = self._automated_activities(act_type_xmlids, user_id)
        if activities:
            activities.action_feedback(feedback=feedback, attachment_ids=attachment_ids)
        return True

    def activity_unlink(self, act_type_xmlids, user_id=None):
        """Delete the automated activities of these types (of ``user_id``)."""
        if self.env.context.get("mail_activity_automation_skip"):
            return False
        self._automated_activities(act_type_xmlids, user_id).unlink()
        return True
