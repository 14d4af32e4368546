import secrets
import time

from odoo import api, fields, models
from odoo.tools import html2plaintext

#: Odoo 17's message types
MESSAGE_TYPES = [
    ("email", "Incoming Email"),
    ("comment", "Comment"),
    ("email_outgoing", "Outgoing Email"),
    ("notification", "System notification"),
    ("auto_comment", "Automated Targeted Notification"),
    ("user_notification", "User Specific Notification"),
]


def new_message_id(kind="message-notify"):
    """A unique ``Message-Id`` header value for a message nobody replies to by e-mail."""
    return f"<{secrets.token_hex(8)}.{time.time():.6f}-openerp-{kind}@localhost>"


class MailMessage(models.Model):
    """A message of a document's chatter: a comment, a note, a tracking log, an e-mail.

    Messages are linked to their document by ``model`` and ``res_id``. What is e-mailed of
    them goes through ``mail.mail`` (the outgoing queue).
    """

    _name = "mail.message"
    _description = "Message"
    _order = "id desc"
    _rec_name = "record_name"

    # content
    subject = fields.Char("Subject")
    date = fields.Datetime("Date", default=fields.Datetime.now)
    body = fields.Html("Contents", default="", sanitize_style=True)
    preview = fields.Char("Preview", compute="_compute_preview",
                          help="The text-only beginning of the body used as email preview.")
    parent_id = fields.Many2one("mail.message", "Parent Message", index="btree_not_null",
                                ondelete="set null")
    child_ids = fields.One2many("mail.message", "parent_id", "Child Messages")
    # related document
    model = fields.Char("Related Document Model", index=True)
    res_id = fields.Many2oneReference("Related Document ID", model_field="model", index=True)
    record_name = fields.Char("Message Record Name",
                              help="Name get of the related document.")
    record_company_id = fields.Many2one("res.company", "Company", ondelete="set null")
    # characteristics
    message_type = fields.Selection(MESSAGE_TYPES, "Type", required=True, default="email",
                                    help="Used to categorize message generator")
    subtype_id = fields.Many2one("mail.message.subtype", "Subtype", ondelete="set null", index=True)
    mail_activity_type_id = fields.Many2one("mail.activity.type", "Mail Activity Type",
                                            index="btree_not_null", ondelete="set null")
    is_internal = fields.Boolean("Employee Only", help="Hide to public / portal users, "
                                                       "independently from subtype configuration.")
    # origin
    email_from = fields.Char("From", default=lambda self: self.env.user.email_formatted or False,
                             help="Email address of the sender.")
    author_id = fields.Many2one("res.partner", "Author", index=True, ondelete="set null",
                                default=lambda self: self.env.user.partner_id,
                                help="Author of the message.")
    # recipients
    partner_ids = fields.Many2many("res.partner", string="Recipients",
                                   context={"active_test": False})
    # tracking
    tracking_value_ids = fields.One2many("mail.tracking.value", "mail_message_id",
                                         string="Tracking values", groups="base.group_system")
    # mail gateway
    reply_to_force_new = fields.Boolean("No threading for answers")
    message_id = fields.Char("Message-Id", help="Message unique identifier", index="btree",
                             readonly=True, copy=False)
    reply_to = fields.Char("Reply-To", help="Reply email address.")
    email_layout_xmlid = fields.Char("Layout", copy=False)
    email_add_signature = fields.Boolean(default=True)
    mail_server_id = fields.Many2one("ir.mail_server", "Outgoing mail server", readonly=True)

    @api.depends("body")
    def _compute_preview(self):
        for message in self:
            text = html2plaintext(message.body or "") if message.body else ""
            message.preview = " ".join(text.split())[:190]

    @api.model_create_multi
    def create(self, vals_list):
        for values in vals_list:
            if not values.get("message_id"):
                values["message_id"] = new_message_id()
            if "record_name" not in values and values.get("model") and values.get("res_id") \
                    and values["model"] in self.env:
                record = self.env[values["model"]].sudo().browse(values["res_id"]).exists()
                values["record_name"] = record.display_name if record else False
        return super().create(vals_list)

    def _record_by_message(self):
        """Each message's document (messages without one are left out)."""
        return {message: self.env[message.model].browse(message.res_id)
                for message in self if message.model in self.env and message.res_id}
