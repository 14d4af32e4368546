"""``mail.template``: e-mail templates as addons ship them in their data files.

The records load and read as on Odoo; nothing is rendered nor sent here (no outgoing mail):
``send_mail`` logs that and returns False.
"""
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class MailTemplate(models.Model):
    _name = "mail.template"
    _description = "Email Templates"
    _order = "user_id, name, id"

    name = fields.Char("Name", translate=True)
    description = fields.Text("Template description", translate=True)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one("ir.model", "Applies to", ondelete="cascade",
                               help="The type of document this template can be used with")
    model = fields.Char("Related Document Model", related="model_id.model", index=True,
                        store=True, readonly=True)
    subject = fields.Char("Subject", translate=True,
                          help="Subject (placeholders may be used here)")
    email_from = fields.Char("From", help="Sender address (placeholders may be used here).")
    user_id = fields.Many2one("res.users", string="User", domain="[('share', '=', False)]")
    use_default_to = fields.Boolean("Default Recipients",
                                    help="Default recipients of the record.")
    email_to = fields.Char("To (Emails)", help="Comma-separated recipient addresses "
                                               "(placeholders may be used here)")
    partner_to = fields.Char("To (Partners)", help="Comma-separated ids of recipient partners "
                                                   "(placeholders may be used here)")
    email_cc = fields.Char("Cc", help="Carbon copy recipients (placeholders may be used here)")
    reply_to = fields.Char("Reply To", help="Email address to which replies will be "
                                            "redirected when sending emails in mass")
    body_html = fields.Html("Body", translate=True, sanitize=False, render_engine="qweb")
    lang = fields.Char("Language", help="Optional translation language (ISO code) to select "
                                        "when sending out an email.")
    auto_delete = fields.Boolean("Auto Delete", default=True,
                                 help="This option permanently removes any track of email "
                                      "after it's been sent.")
    scheduled_date = fields.Char("Scheduled Date", help="If set, the queue manager will send "
                                                        "the email after the date.")
    email_layout_xmlid = fields.Char("Email Notification Layout", copy=False)

    @api.returns("self", lambda value: value.id)
    def copy(self, default=None):
        default = dict(default or {})
        default.setdefault("name", f"{self.name} (copy)")
        return super().copy(default=default)

    def send_mail(self, res_id, force_send=False, raise_exception=False, email_values=None,
                  email_layout_xmlid=False):
        """No e-mail leaves this server: logged, and False instead of a mail.mail id."""
        self.ensure_one()
        _logger.info("mail.template %s (%s) for %s,%s: not sent, this server sends no e-mail",
                     self.id, self.name, self.model, res_id)
        return False

    def send_mail_batch(self, res_ids, force_send=False, raise_exception=False,
                        email_values=None, email_layout_xmlid=False):
        for res_id in res_ids:
            self.send_mail(res_id)
        return self.env["mail.message"].browse()
