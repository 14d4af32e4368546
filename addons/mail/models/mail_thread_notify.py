"""E-mail notifications of posted messages, and a document's default recipients.

``message_post``/``message_notify`` hand the new message to ``_notify_thread``: each
recipient partner (``partner_ids``, the author left out unless ``mail_notify_author``) that
has an e-mail address gets it through one ``mail.mail`` linked to the message
(``is_notification``). It is sent at once after the commit (in tests: at once), or left to
the queue's cron with ``force_send=False`` / context ``mail_notify_force_send=False``.
Followers are not e-mailed here: there are no per-user notification settings (nor inbox).
"""
import logging
import threading

from odoo import SUPERUSER_ID, api, models, tools

_logger = logging.getLogger(__name__)

#: more recipients than this: the mails wait for the queue's cron rather than go at once
SEND_AT_ONCE_LIMIT = 50


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_get_default_recipients(self):
        """``{id: {'partner_ids', 'email_to', 'email_cc'}}``: whom a template with "Default
        Recipients" writes to: the document's partner, else its e-mail field."""
        result = {}
        for record in self:
            partner_ids, email_to = [], False
            if "partner_id" in record and record.partner_id:
                partner_ids.append(record.partner_id.id)
            else:
                found = next((record[name] for name in ("email_from", "partner_email", "email",
                                                         "email_normalized")
                              if name in record and record[name]), False)
                if found:
                    email_to = ",".join(tools.email_normalize_all(found)) or found
            result[record.id] = {"partner_ids": partner_ids, "email_to": email_to,
                                 "email_cc": False}
        return result

    def _notify_thread(self, message, msg_vals=False, **kwargs):
        """Notify the recipients of ``message`` by e-mail; returns the partners e-mailed."""
        recipients = self._notify_get_recipients(message, msg_vals or {})
        if recipients:
            self._notify_thread_by_email(message, recipients, **kwargs)
        return recipients

    def _notify_get_recipients(self, message, msg_vals):
        """The partners of the message with an e-mail address (without its author)."""
        partner_ids = msg_vals.get("partner_ids") if msg_vals.get("partner_ids") is not None \
            else message.partner_ids.ids
        partners = self.env["res.partner"].sudo().browse(
            [pid for pid in partner_ids or [] if isinstance(pid, int)]).exists()
        if not self.env.context.get("mail_notify_author"):
            partners -= message.author_id
        without = partners.filtered(lambda partner: not tools.email_normalize(partner.email))
        if without:
            _logger.info("message %s: not e-mailed to %s, who have no e-mail address",
                         message.id, ", ".join(without.mapped("display_name")))
        return partners - without

    def _notify_thread_by_email(self, message, recipients, force_send=True,
                                send_after_commit=True, mail_auto_delete=True, **kwargs):
        """One outgoing ``mail.mail`` for ``message`` to ``recipients``; sent now (after the
        commit) when ``force_send`` and they are few, else by the queue."""
        mail = self.env["mail.mail"].sudo().create({
            "mail_message_id": message.id,
            "is_notification": True,
            "body_html": message.body,
            "auto_delete": mail_auto_delete,
            "references": message.parent_id.sudo().message_id if message.parent_id else False,
            "recipient_ids": [(4, partner.id) for partner in recipients],
        })
        force_send = self.env.context.get("mail_notify_force_send", force_send)
        testing = bool(getattr(threading.current_thread(), "testing", False)
                       or self.env.registry.in_test_mode())
        if not force_send or len(recipients) >= SEND_AT_ONCE_LIMIT:
            return mail
        if not (self.env.registry.ready or testing):
            return mail                 # installing addons: the queue sends it later
        if testing or not send_after_commit:
            mail.send()
            return mail
        registry, mail_ids, context = self.env.registry, mail.ids, dict(self.env.context)

        def send_after_commit_callback():
            # the transaction that made the mail is committed: a failure here cannot undo
            # it, and is recorded on the mail by send()
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, context)
                env["mail.mail"].browse(mail_ids).exists().send()

        self.env.cr.postcommit.add(send_after_commit_callback)
        return mail


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _message_get_default_recipients(self):
        """A contact writes to itself."""
        return {partner.id: {"partner_ids": [partner.id], "email_to": False, "email_cc": False}
                for partner in self}
