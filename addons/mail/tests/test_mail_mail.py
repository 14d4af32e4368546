"""Outgoing e-mail while addon tests run: mails are processed as on a live server, but no
SMTP connection is opened (Odoo's test-mode rule, ``ir.mail_server._is_test_mode``)."""
import smtplib
from unittest.mock import patch

from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.mail.tests.common import MailCommon
from odoo.exceptions import UserError


def _no_connection(*args, **kwargs):
    raise AssertionError("an addon test opened an SMTP connection")


class TestMailMailTestMode(MailCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Cora", "email": "cora@example.com"})
        cls.template = cls.env["mail.template"].create({
            "name": "Hello", "model_id": cls.env["ir.model"]._get_id("res.partner"),
            "subject": "Hello {{ object.name }}", "partner_to": "{{ object.id }}",
            "body_html": "<p>Dear <t t-out='object.name'/></p>", "auto_delete": False})

    def test_test_mode_is_on_and_nothing_connects(self):
        self.assertTrue(self.env["ir.mail_server"]._is_test_mode())
        with patch.object(smtplib, "SMTP", _no_connection), \
                patch.object(smtplib, "SMTP_SSL", _no_connection):
            mail = self.env["mail.mail"].browse(
                self.template.send_mail(self.customer.id, force_send=True))
            self.assertEqual(mail.state, "sent")
            self.assertEqual(mail.subject, "Hello Cora")
            self.assertIn("Dear Cora", mail.body_html)
            self.assertEqual(mail.recipient_ids, self.customer)

    def test_message_post_emails_the_partners_with_an_address(self):
        nobody = self.env["res.partner"].create({"name": "Nemo"})
        message = self.customer.with_context(mail_notify_force_send=False).message_post(
            body="Hi", partner_ids=[self.customer.id, nobody.id], message_type="comment",
            subtype_xmlid="mail.mt_comment")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertRecordValues(mail, [{"state": "outgoing", "is_notification": True,
                                        "recipient_ids": self.customer.ids}])
        self.env["mail.mail"].process_email_queue(ids=mail.ids)
        self.assertFalse(mail.exists())          # sent (in test mode) and auto-deleted
        self.assertTrue(message.exists())

    def test_bad_sender_is_recorded_then_raised_on_demand(self):
        mail = self.env["mail.mail"].create({"email_from": "not an address", "subject": "S",
                                             "email_to": "x@example.com", "body_html": "<p>B</p>"})
        mail.send()
        self.assertEqual((mail.state, mail.failure_type), ("exception", "mail_from_invalid"))
        mail.mark_outgoing()
        with self.assertRaises(MailDeliveryException):
            mail.send(raise_exception=True)

    def test_render_error_is_a_user_error(self):
        self.template.subject = "{{ object.name + 1 }}"
        with self.assertRaises(UserError):
            self.template.send_mail(self.customer.id)
