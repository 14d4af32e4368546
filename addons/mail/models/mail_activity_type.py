from odoo import api, fields, models


class MailActivityType(models.Model):
    """A kind of activity (call, meeting, to-do...) with its defaults: summary, note, delay
    before the deadline, assignee, and the activity that follows it."""

    _name = "mail.activity.type"
    _description = "Activity Type"
    _rec_name = "name"
    _order = "sequence, id"

    name = fields.Char("Name", required=True, translate=True)
    summary = fields.Char("Default Summary", translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    delay_count = fields.Integer(
        "Schedule", default=0,
        help="Number of days/week/month before executing the action after or before the "
             "scheduled plan date.")
    delay_unit = fields.Selection([("days", "days"), ("weeks", "weeks"), ("months", "months")],
                                  string="Delay units", help="Unit of delay", required=True,
                                  default="days")
    delay_label = fields.Char(compute="_compute_delay_label")
    delay_from = fields.Selection(
        [("current_date", "after completion date"),
         ("previous_activity", "after previous activity deadline")],
        string="Delay Type", help="Type of delay", required=True, default="previous_activity")
    icon = fields.Char("Icon", help="Font awesome icon e.g. fa-tasks")
    decoration_type = fields.Selection([("warning", "Alert"), ("danger", "Error")],
                                       string="Decoration Type",
                                       help="Change the background color of the related "
                                            "activities of this type.")
    res_model = fields.Char("Model", index=True,
                            help="Specify a model if the activity should be specific to a model"
                                 " and not available when managing activities for other models.")
    triggered_next_type_id = fields.Many2one(
        "mail.activity.type", string="Trigger", ondelete="restrict",
        help="Automatically schedule this activity once the current one is marked as done.")
    chaining_type = fields.Selection([("suggest", "Suggest Next Activity"),
                                      ("trigger", "Trigger Next Activity")],
                                     string="Chaining Type", required=True, default="suggest")
    suggested_next_type_ids = fields.Many2many(
        "mail.activity.type", "mail_activity_rel", "activity_id", "recommended_id",
        string="Suggest", help="Suggest these activities once the current one is marked as done.")
    previous_type_ids = fields.Many2many(
        "mail.activity.type", "mail_activity_rel", "recommended_id", "activity_id",
        string="Preceding Activities")
    category = fields.Selection(
        [("default", "None"), ("upload_file", "Upload Document"), ("phonecall", "Phonecall")],
        default="default", string="Action",
        help="Actions may trigger specific behavior like opening calendar view or "
             "automatically mark as done when a document is uploaded")
    default_user_id = fields.Many2one("res.users", string="Default User")
    default_note = fields.Html(string="Default Note", translate=True)

    @api.depends("delay_unit", "delay_count")
    def _compute_delay_label(self):
        labels = dict(self._fields["delay_unit"].selection)
        for activity_type in self:
            activity_type.delay_label = (f"{activity_type.delay_count} "
                                         f"{labels.get(activity_type.delay_unit, '')}")
