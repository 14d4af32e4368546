"""Server actions of the chatter (Odoo 17's states): schedule an activity, add or remove
followers, send an e-mail with a template (queued as a mail.mail, or posted on the record)."""
import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import fields, models

_logger = logging.getLogger(__name__)


class ServerActions(models.Model):
    _inherit = "ir.actions.server"

    state = fields.Selection(selection_add=[
        ("next_activity", "Create Activity"),
        ("mail_post", "Send Email"),
        ("followers", "Add Followers"),
        ("remove_followers", "Remove Followers"),
    ], ondelete={"next_activity": "cascade", "mail_post": "cascade", "followers": "cascade",
                 "remove_followers": "cascade"})
    # followers
    partner_ids = fields.Many2many("res.partner", string="Followers")
    # message post / e-mail
    template_id = fields.Many2one("mail.template", "Email Template", ondelete="set null",
                                  domain="[('model_id', '=', model_id)]")
    mail_post_autofollow = fields.Boolean("Subscribe Recipients")
    mail_post_method = fields.Selection([("email", "Email"), ("comment", "Message"),
                                         ("note", "Note")], string="Send Email As")
    # next activity
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity Type",
                                       ondelete="restrict")
    activity_summary = fields.Char("Title")
    activity_note = fields.Html("Note")
    activity_date_deadline_range = fields.Integer(string="Due Date In")
    activity_date_deadline_range_type = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")], string="Due type",
        default="days")
    activity_user_type = fields.Selection(
        [("specific", "Specific User"), ("generic", "Dynamic User (based on record)")],
        string="User Type", default="specific")
    activity_user_id = fields.Many2one("res.users", string="Responsible")
    activity_user_field_name = fields.Char("User Field", default="user_id")

    def _records_of(self, eval_context):
        records = eval_context.get("records") or eval_context.get("record")
        return records if records and hasattr(records, "message_subscribe") else None

    def _run_action_followers_multi(self, eval_context=None):
        records = self._records_of(eval_context)
        if records is not None and self.partner_ids:
            records.message_subscribe(partner_ids=self.partner_ids.ids)
        return False

    def _run_action_remove_followers_multi(self, eval_context=None):
        records = self._records_of(eval_context)
        if records is not None and self.partner_ids:
            records.message_unsubscribe(partner_ids=self.partner_ids.ids)
        return False

    def _run_action_mail_post_multi(self, eval_context=None):
        """Send the template to each record: queued e-mails (``email``), or a message posted
        on the record (``comment``/``note``) e-mailing its recipients."""
        records = self._records_of(eval_context)
        if records is None or not self.template_id:
            return False
        context = {key: value for key, value in self.env.context.items()
                   if key not in ("default_type", "default_parent_id")}
        context.update(mail_create_nosubscribe=True, mail_post_autofollow=self.mail_post_autofollow)
        template = self.template_id.with_context(context)
        if self.mail_post_method in ("comment", "note"):
            subtype = "mail.mt_comment" if self.mail_post_method == "comment" else "mail.mt_note"
            rendered = template._generate_template(
                records.ids, ("subject", "body_html", "email_to", "email_cc", "partner_to"))
            for record in records.with_context(context):
                values = rendered[record.id]
                record.message_post(body=Markup(values.get("body_html") or ""),
                                    subject=values.get("subject") or False,
                                    partner_ids=values.get("partner_ids") or [],
                                    message_type="comment", subtype_xmlid=subtype)
        else:
            for record in records:
                template.send_mail(record.id, force_send=False, raise_exception=False)
        return False

    def _run_action_next_activity(self, eval_context=None):
        record = eval_context.get("record")
        if not self.activity_type_id or not record or not hasattr(record, "activity_schedule"):
            return False
        values = {"activity_type_id": self.activity_type_id.id,
                  "summary": self.activity_summary or "", "note": self.activity_note or ""}
        if self.activity_date_deadline_range > 0:
            values["date_deadline"] = fields.Date.context_today(self) + relativedelta(**{
                self.activity_date_deadline_range_type or "days": self.activity_date_deadline_range})
        if self.activity_user_type == "specific":
            user = self.activity_user_id
        else:
            field = self.activity_user_field_name
            user = record[field] if field in record._fields else self.env["res.users"]
        if user:
            values["user_id"] = user.id
        record.activity_schedule(**values)
        return False
