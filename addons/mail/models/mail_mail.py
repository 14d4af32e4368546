"""``mail.mail``: the outgoing e-mail queue.

A mail is a ``mail.message`` (``_inherits``: subject, email_from, author, attachments,
document...) plus what sending needs: the HTML body, the recipients (``email_to``,
``email_cc``, partners in ``recipient_ids``, each e-mailed separately) and the state
(``outgoing`` -> ``sent`` or ``exception``, or ``cancel``). ``send()`` delivers now;
``process_email_queue`` (the ``mail.ir_cron_mail_scheduler_action`` cron) sends the
outgoing mails whose ``scheduled_date`` has come. A failure is kept on the mail
(``state='exception'``, ``failure_type``, ``failure_reason``) to be retried, never lost; a
sent mail with ``auto_delete`` is deleted.
"""
import ast
import base64
import datetime
import logging
import re
import smtplib
import threading

from dateutil import parser as date_parser

from odoo import _, api, fields, models, tools
from odoo.addons.base.models.ir_mail_server import MailDeliveryException

_logger = logging.getLogger(__name__)

FAILURE_TYPES = [
    ("unknown", "Unknown error"),
    ("mail_email_invalid", "Invalid email address"),
    ("mail_email_missing", "Missing email"),
    ("mail_from_invalid", "Invalid from address"),
    ("mail_from_missing", "Missing from address"),
    ("mail_smtp", "Connection failed (outgoing mail server problem)"),
    ("mail_bl", "Blacklisted Address"),
    ("mail_optout", "Opted Out"),
    ("mail_dup", "Duplicated Email"),
]
#: failures about the recipients: the mail is done with (auto-deleted like a sent one)
RECIPIENT_FAILURES = (False, None, "mail_email_invalid", "mail_email_missing")
_WEB_LINK = re.compile(r"/web/(?:content|image)/([0-9]+)")


class MailMail(models.Model):
    _name = "mail.mail"
    _description = "Outgoing Mails"
    _inherits = {"mail.message": "mail_message_id"}
    _order = "id desc"
    _rec_name = "subject"

    mail_message_id = fields.Many2one("mail.message", "Message", required=True,
                                      ondelete="cascade", index=True, auto_join=True)
    body_html = fields.Text("Text Contents", help="Rich-text/HTML message")
    body_content = fields.Html("Rich-text Contents", sanitize=True, compute="_compute_body_content",
                               search="_search_body_content")
    references = fields.Text("References", readonly=True,
                             help="Message references, such as identifiers of previous messages")
    headers = fields.Text("Headers", copy=False)
    is_notification = fields.Boolean(
        "Notification Email",
        help="Mail has been created to notify people of an existing mail.message")
    email_to = fields.Text("To", help="Message recipients (emails)")
    email_cc = fields.Char("Cc", help="Carbon copy message recipients")
    recipient_ids = fields.Many2many("res.partner", string="To (Partners)",
                                     context={"active_test": False})
    state = fields.Selection([("outgoing", "Outgoing"), ("sent", "Sent"),
                              ("received", "Received"), ("exception", "Delivery Failed"),
                              ("cancel", "Cancelled")],
                             "Status", readonly=True, copy=False, default="outgoing")
    failure_type = fields.Selection(FAILURE_TYPES, string="Failure type")
    failure_reason = fields.Text("Failure Reason", readonly=True, copy=False,
                                 help="Why sending failed, usually the error of the mail server.")
    auto_delete = fields.Boolean("Auto Delete",
                                 help="Delete the e-mail once it has been sent, to save space.")
    scheduled_date = fields.Datetime(
        "Scheduled Send Date",
        help="If set, the queue manager sends the email after this date (UTC unless a "
             "timezone is given).")

    def _compute_body_content(self):
        for mail in self:
            mail.body_content = mail.body_html

    def _search_body_content(self, operator, value):
        return [("body_html", operator, value)]

    # -- CRUD ---------------------------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        # a menu's default_type/default_state (for invoices...) must not leak in here
        context = dict(self.env.context)
        if context.get("default_type") not in dict(self.env["mail.message"]._fields[
                "message_type"].selection):
            context.pop("default_type", None)
        if context.get("default_state") not in dict(self._fields["state"].selection):
            context["default_state"] = "outgoing"
        return super(MailMail, self.with_context(context)).default_get(fields_list)

    @api.model_create_multi
    def create(self, vals_list):
        for values in vals_list:
            if "is_notification" not in values and values.get("mail_message_id"):
                values["is_notification"] = True
            if not values.get("mail_message_id"):
                values.setdefault("message_type", "email_outgoing")
            values["scheduled_date"] = self._parse_scheduled_datetime(values.get("scheduled_date"))
        mails = super().create(vals_list)
        with_attachments = mails.filtered(lambda mail: mail.attachment_ids)
        if with_attachments:
            with_attachments.mapped("attachment_ids").check("read")
        return mails

    def write(self, vals):
        if vals.get("scheduled_date"):
            vals = dict(vals, scheduled_date=self._parse_scheduled_datetime(vals["scheduled_date"]))
        result = super().write(vals)
        if vals.get("attachment_ids"):
            self.mapped("attachment_ids").check("read")
        return result

    def unlink(self):
        """A mail made for its own message deletes it too; a notification keeps it (the
        message is in a chatter)."""
        own_messages = self.filtered(lambda mail: not mail.is_notification).mapped("mail_message_id")
        result = super().unlink()
        own_messages.exists().unlink()
        return result

    @api.model
    def _parse_scheduled_datetime(self, value):
        """A naive UTC datetime from a date, a datetime or a text (a timezone in it is
        honoured), False when none or unreadable."""
        if not value:
            return False
        if isinstance(value, datetime.datetime):
            moment = value
        elif isinstance(value, datetime.date):
            moment = datetime.datetime.combine(value, datetime.time.min)
        else:
            try:
                moment = date_parser.parse(str(value), yearfirst=True)
            except (ValueError, OverflowError):
                return False
        if moment.tzinfo:
            moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
        return moment.replace(microsecond=0)

    # -- actions ------------------------------------------------------------------------------

    def action_retry(self):
        self.filtered(lambda mail: mail.state == "exception").mark_outgoing()

    def action_open_document(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": self.model, "res_id": self.res_id,
                "view_mode": "form", "target": "current"}

    def mark_outgoing(self):
        return self.write({"state": "outgoing"})

    def cancel(self):
        return self.write({"state": "cancel"})

    # -- the queue ----------------------------------------------------------------------------

    @api.model
    def process_email_queue(self, ids=None):
        """Send the outgoing mails whose time has come (at most ``mail.mail.queue.batch.size``,
        10000 by default), committing after each one outside tests; ``ids`` restricts them
        and a ``filters`` context key adds a domain."""
        domain = ["&", ("state", "=", "outgoing"),
                  "|", ("scheduled_date", "=", False),
                  ("scheduled_date", "<=", fields.Datetime.now())]
        domain += self.env.context.get("filters") or []
        batch_size = int(self.env["ir.config_parameter"].sudo().get_param(
            "mail.mail.queue.batch.size", 10000))
        send_ids = self.search(domain, limit=batch_size).ids
        if ids:
            send_ids = sorted(set(send_ids) & set(ids))
        testing = getattr(threading.current_thread(), "testing", False) \
            or self.env.registry.in_test_mode()
        return self.browse(sorted(send_ids)).send(auto_commit=not testing)

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """After an attempt: a mail done with (sent, or failed for its recipients) is
        deleted when ``auto_delete``; one failed for another cause stays, to be retried."""
        if failure_type in RECIPIENT_FAILURES:
            self.sudo().filtered(lambda mail: mail.auto_delete).unlink()
        return True

    # -- building the e-mails -----------------------------------------------------------------

    def _prepare_outgoing_body(self):
        """The HTML to send (empty when it shows nothing), links made absolute."""
        self.ensure_one()
        if tools.is_html_empty(self.body_html):
            return ""
        return self.env["mail.render.mixin"]._replace_local_links(self.body_html)

    def _personalize_outgoing_body(self, body, partner=False, recipients_follower_status=None):
        """The body for one recipient (an addon adds e.g. an unfollow link)."""
        self.ensure_one()
        return body

    def _prepare_outgoing_list(self, recipients_follower_status=None):
        """The e-mails this mail becomes, as ``build_email`` arguments: one for ``email_to``
        (with the Cc), one per partner of ``recipient_ids``."""
        self.ensure_one()
        body = self._prepare_outgoing_body()
        headers = {}
        if self.headers:
            try:
                headers = ast.literal_eval(self.headers)
            except (ValueError, SyntaxError, TypeError) as exc:
                _logger.warning("Evaluation error when evaluating mail headers (received %r): %s",
                                self.headers, exc)
            if not isinstance(headers, dict):
                headers = {}
        headers["X-Odoo-Message-Id"] = self.message_id
        targets = []
        if self.email_to:
            targets.append({"email_to": tools.email_split_and_format_normalize(self.email_to),
                            "email_to_normalized": tools.email_normalize_all(self.email_to),
                            "email_cc": [], "partner_id": False})
        if self.email_cc:
            cc = tools.email_split_and_format_normalize(self.email_cc)
            if targets:
                targets[0]["email_cc"] = cc
                targets[0]["email_to_normalized"] += tools.email_normalize_all(self.email_cc)
            else:
                targets.append({"email_to": [], "email_cc": cc, "partner_id": False,
                                "email_to_normalized": tools.email_normalize_all(self.email_cc)})
        for partner in self.recipient_ids:
            normalized = tools.email_normalize_all(partner.email)
            targets.append({
                "email_to": [tools.formataddr((partner.name or "", address))
                             for address in normalized or [partner.email or "False"]],
                "email_to_normalized": normalized, "email_cc": [], "partner_id": partner})
        attachments = self.attachment_ids
        if attachments and body:
            linked = {int(found) for found in _WEB_LINK.findall(body)}
            attachments = attachments.filtered(lambda attachment: attachment.id not in linked)
        files = [(row["name"], base64.b64decode(row["datas"]), row["mimetype"])
                 for row in attachments.sudo().read(["name", "datas", "mimetype"])
                 if row["datas"] is not False]
        emails = []
        for target in targets:
            personal = self._personalize_outgoing_body(body, target["partner_id"],
                                                       recipients_follower_status)
            emails.append({
                **target, "attachments": files, "body": personal,
                "body_alternative": tools.html2plaintext(personal) if personal else "",
                "email_from": self.email_from, "headers": headers, "message_id": self.message_id,
                "object_id": f"{self.res_id}-{self.model}" if self.res_id else "",
                "references": self.references, "reply_to": self.reply_to,
                "subject": self.subject,
            })
        return emails

    def _split_by_mail_configuration(self):
        """``(mail server id, sender, mail ids)`` batches: mails sent on one SMTP session
        share their server and sender (at most ``mail.session.batch.size``, 1000, each)."""
        by_sender = {}
        for row in self.read(["email_from", "mail_server_id"]):
            senders = tools.email_split_and_format_normalize(row["email_from"])
            sender = senders[0] if senders else row["email_from"]
            server_id = row["mail_server_id"][0] if row["mail_server_id"] else False
            by_sender.setdefault((server_id, sender), []).append(row["id"])
        servers = self.env["ir.mail_server"].sudo().search([], order="sequence, id")
        by_server = {}
        for (server_id, sender), mail_ids in by_sender.items():
            smtp_from = sender
            if not server_id:
                server, smtp_from = self.env["ir.mail_server"]._find_mail_server(sender, servers)
                server_id = server.id if server else False
            by_server.setdefault((server_id, smtp_from), []).extend(mail_ids)
        batch_size = int(self.env["ir.config_parameter"].sudo().get_param(
            "mail.session.batch.size") or 1000)
        for (server_id, smtp_from), mail_ids in by_server.items():
            for batch in tools.split_every(batch_size, mail_ids, list):
                yield server_id, smtp_from, batch

    # -- sending ------------------------------------------------------------------------------

    def send(self, auto_commit=False, raise_exception=False):
        """Send these mails now, whatever their state was before. Each ends ``sent`` (or is
        deleted, with ``auto_delete``) or ``exception`` with the reason.

        :param auto_commit: commit after each mail (the queue's cron only)
        :param raise_exception: raise ``MailDeliveryException`` on the first failure
            instead of only recording it
        """
        for server_id, smtp_from, batch_ids in self._split_by_mail_configuration():
            session = None
            try:
                session = self.env["ir.mail_server"].connect(mail_server_id=server_id,
                                                             smtp_from=smtp_from)
            except Exception as exc:
                if raise_exception:
                    raise MailDeliveryException(_("Unable to connect to SMTP Server"), exc) from exc
                reason = _("Unable to connect to SMTP Server: %(error)s",
                           error=f"{type(exc).__name__}: {exc}")
                _logger.warning("mail.mail %s not sent: %s", batch_ids, reason)
                batch = self.browse(batch_ids)
                batch.write({"state": "exception", "failure_type": "mail_smtp",
                             "failure_reason": reason})
                batch._postprocess_sent_message(success_pids=[], failure_reason=reason,
                                                failure_type="mail_smtp")
            else:
                self.browse(batch_ids)._send(auto_commit=auto_commit,
                                             raise_exception=raise_exception,
                                             smtp_session=session)
                _logger.info("Sent batch %s emails via mail server ID #%s", len(batch_ids), server_id)
            finally:
                if session is not None:
                    try:
                        session.quit()
                    except (smtplib.SMTPException, OSError):
                        session.close()
        return True

    def _send(self, auto_commit=False, raise_exception=False, smtp_session=None):
        IrMailServer = self.env["ir.mail_server"]
        for mail_id in self.ids:
            mail = self.browse(mail_id)
            if mail.state != "outgoing":
                continue
            success_pids = []
            failure_type = None
            try:
                # a write that fails (a lock) must fail before the e-mail leaves, not after:
                # otherwise the mail would stay outgoing and be sent again
                mail.write({"state": "exception", "failure_reason": _(
                    "Error without exception. Probably due to sending an email without "
                    "computed recipients.")})
                senders = tools.email_split_and_format_normalize(mail.email_from)
                email_from = senders[0] if senders else mail.email_from
                sent_id = None
                for email in mail._prepare_outgoing_list():
                    server = IrMailServer.with_context(
                        send_validated_to=email.pop("email_to_normalized", []))
                    message = server.build_email(
                        email_from=email_from, email_to=email["email_to"],
                        subject=email["subject"], body=email["body"],
                        body_alternative=email["body_alternative"], email_cc=email["email_cc"],
                        reply_to=email["reply_to"], attachments=email["attachments"],
                        message_id=email["message_id"], references=email["references"],
                        object_id=email["object_id"], subtype="html",
                        subtype_alternative="plain", headers=email["headers"])
                    partner = email.pop("partner_id", None)
                    try:
                        sent_id = server.send_email(message, mail_server_id=mail.mail_server_id.id,
                                                    smtp_session=smtp_session)
                    except AssertionError as error:
                        if str(error) != IrMailServer.NO_VALID_RECIPIENT:
                            raise
                        # this recipient has no usable address: go on with the others
                        failure_type = "mail_email_missing" if not email.get("email_to") \
                            and failure_type != "mail_email_invalid" else "mail_email_invalid"
                        _logger.info("Ignoring invalid recipients for mail.mail %s: %s",
                                     mail.message_id, email.get("email_to"))
                    else:
                        if partner:
                            success_pids.append(partner)
                if sent_id:
                    mail.write({"state": "sent", "message_id": sent_id, "failure_reason": False})
                    _logger.info("Mail with ID %r and Message-Id %r successfully sent", mail.id,
                                 mail.message_id)
                mail._postprocess_sent_message(success_pids=success_pids, failure_type=failure_type)
            except (MemoryError, smtplib.SMTPServerDisconnected):
                _logger.exception("Exception while processing mail with ID %r and Msg-Id %r.",
                                  mail.id, mail.message_id)
                raise
            except Exception as exc:
                if _is_database_error(exc):
                    raise                   # the cursor is unusable: nothing can be recorded
                reason, failure_type = _failure_of(exc, IrMailServer)
                _logger.exception("failed sending mail (id: %s) due to %s", mail.id, reason)
                mail.write({"state": "exception", "failure_type": failure_type,
                            "failure_reason": reason})
                mail._postprocess_sent_message(success_pids=success_pids, failure_reason=reason,
                                               failure_type=failure_type)
                if raise_exception:
                    if isinstance(exc, MailDeliveryException):
                        raise
                    raise MailDeliveryException(_("Mail Delivery Failed"), reason) from exc
            if auto_commit is True:
                self.env.cr.commit()
        return True


def _failure_of(exc, IrMailServer) -> tuple[str, str]:
    """``(failure_reason, failure_type)`` recorded for an exception raised while sending."""
    if isinstance(exc, AssertionError) and exc.args:
        code = exc.args[0]
        if code == IrMailServer.NO_VALID_FROM:
            return str(exc.args[1] if len(exc.args) > 1 else code), "mail_from_invalid"
        if code in (IrMailServer.NO_FOUND_FROM, IrMailServer.NO_FOUND_SMTP_FROM):
            return str(code), "mail_from_missing"
        return str(code), "unknown"
    if isinstance(exc, MailDeliveryException) and len(exc.args) > 1:
        return str(exc.args[1]), "mail_smtp"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, "unknown"


def _is_database_error(exc) -> bool:
    return (type(exc).__module__ or "").startswith(("psycopg", "framework.db"))
