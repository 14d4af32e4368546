"""``ir.mail_server``: the outgoing SMTP servers, and the one door e-mail leaves through.

``build_email`` makes an ``email.message.EmailMessage`` (the standard library writes the
MIME), ``send_email`` hands it to a server: an ``ir.mail_server`` record (the one asked for,
else the first active one by ``sequence`` whose ``from_filter`` accepts the sender), or the
``--smtp*`` options when there is none. A message that cannot be delivered raises
``MailDeliveryException``: callers (``mail.mail``) record the failure rather than lose it.

While tests run (``_is_test_mode``: the thread is flagged ``testing`` by the test classes,
or the registry is in test mode for an ``HttpCase``), nothing connects and nothing is sent;
a test that wants the real path points a server at its own SMTP listener and patches
``_is_test_mode``, as Odoo's tests do.
"""
import datetime
import email.policy
import logging
import re
import smtplib
import threading
from email.message import EmailMessage
from email.utils import make_msgid

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)
_test_logger = logging.getLogger("odoo.tests")

SMTP_TIMEOUT = 60


class MailDeliveryException(Exception):
    """An e-mail could not be handed over to the SMTP server (``args``: a title, then the
    reason)."""


class MailAddressError(AssertionError):
    """A message lacks a usable sender or recipient. An ``AssertionError`` because Odoo
    signals these with ``assert`` and addons catch that type; ``args[0]`` is one of the
    ``IrMailServer.NO_*`` texts."""


#: one address in a header value: no quotes, spaces, commas or angle brackets around it
_ADDRESS = re.compile(r'([^" ,<@]+@[^>" ,]+)')


def extract_rfc2822_addresses(text) -> list[str]:
    """The addresses of a header value, ASCII-encoded for the SMTP envelope; those that
    cannot be (a non-ASCII local part, a bad domain) are left out."""
    if not text:
        return []
    found = []
    for candidate in _ADDRESS.findall(str(text)):
        try:
            found.append(tools.formataddr(("", candidate), charset="ascii"))
        except (ValueError, UnicodeError):
            continue
    return found


class IrMailServer(models.Model):
    """An outgoing SMTP server, with its encryption and credentials."""

    _name = "ir.mail_server"
    _description = "Mail Server"
    _order = "sequence, id"

    NO_VALID_RECIPIENT = ("At least one valid recipient address should be specified for "
                          "outgoing emails (To/Cc/Bcc)")
    NO_FOUND_FROM = ("The e-mail has no sender: give it an email_from, or start the server "
                     "with --email-from (email_from in the configuration file).")
    NO_FOUND_SMTP_FROM = "The Return-Path or From header is required for any outbound email"
    NO_VALID_FROM = ("Malformed 'Return-Path' or 'From' address. It should contain one valid "
                     "plain ASCII email")

    name = fields.Char("Name", required=True, index=True)
    from_filter = fields.Char(
        "FROM Filtering",
        help="Comma-separated addresses or domains this server may send as (empty: any).")
    smtp_host = fields.Char("SMTP Server", help="Hostname or IP of the SMTP server")
    smtp_port = fields.Integer("SMTP Port", default=25,
                               help="Usually 465 for SSL/TLS, 25 or 587 otherwise.")
    smtp_authentication = fields.Selection(
        [("login", "Username"), ("certificate", "SSL Certificate"),
         ("cli", "Command Line Interface")],
        string="Authenticate with", required=True, default="login",
        help="'Command Line Interface' uses the --smtp* options of the server instead.")
    smtp_user = fields.Char("Username", groups="base.group_system",
                            help="Optional username for SMTP authentication")
    smtp_pass = fields.Char("Password", groups="base.group_system",
                            help="Optional password for SMTP authentication")
    smtp_encryption = fields.Selection(
        [("none", "None"), ("starttls", "TLS (STARTTLS)"), ("ssl", "SSL/TLS")],
        string="Connection Encryption", required=True, default="none",
        help="None: clear text. TLS (STARTTLS): the session is encrypted once started "
             "(recommended). SSL/TLS: encrypted from the start, on a dedicated port (465).")
    smtp_debug = fields.Boolean("Debugging", help="Log the whole SMTP dialogue at DEBUG level "
                                                  "(verbose, and it shows credentials).")
    sequence = fields.Integer("Priority", default=10,
                              help="When no server is asked for, the one with the smallest "
                                   "priority accepting the sender is used.")
    active = fields.Boolean(default=True)

    @api.onchange("smtp_encryption")
    def _onchange_encryption(self):
        self.smtp_port = 465 if self.smtp_encryption == "ssl" else 25

    # -- test mode ------------------------------------------------------------------------

    def _is_test_mode(self):
        """True while tests run: no connection is opened and nothing is sent. A test that
        checks real delivery patches this to return False (and points at its own server)."""
        return bool(getattr(threading.current_thread(), "testing", False)
                    or self.env.registry.in_test_mode())

    # -- connecting -------------------------------------------------------------------------

    def _server_config(self):
        """The options of this database's server (``--smtp*``, ``--email-from``...)."""
        return getattr(self.env.registry, "config", None) or tools.config

    def connect(self, host=None, port=None, user=None, password=None, encryption=None,
                smtp_from=None, ssl_certificate=None, ssl_private_key=None, smtp_debug=False,
                mail_server_id=None, allow_archived=False):
        """An open ``smtplib.SMTP`` session (None in test mode), logged in when a user is set.

        The server is ``mail_server_id``'s, else the one ``_find_mail_server`` picks for
        ``smtp_from``, else ``host``/``port``/... or the ``--smtp*`` options. The session
        carries ``from_filter`` and ``smtp_from`` for ``_prepare_email_message``.
        """
        if self._is_test_mode():
            return None
        mail_server = self.browse()
        if mail_server_id:
            mail_server = self.sudo().browse(mail_server_id)
            if not allow_archived and not mail_server.active:
                raise UserError(_("The server \"%s\" cannot be used because it is archived.",
                                  mail_server.display_name))
        elif not host:
            mail_server, smtp_from = self.sudo()._find_mail_server(smtp_from)
            mail_server = mail_server or self.browse()
        if mail_server and mail_server.smtp_authentication == "certificate":
            raise UserError(_("The server \"%s\" authenticates with an SSL certificate, which "
                              "this server does not support: use a username and password.",
                              mail_server.display_name))
        if mail_server and mail_server.smtp_authentication != "cli":
            host, port = mail_server.smtp_host, mail_server.smtp_port
            user, password = mail_server.smtp_user, mail_server.smtp_pass
            encryption = mail_server.smtp_encryption
            smtp_debug = smtp_debug or mail_server.smtp_debug
            from_filter = mail_server.from_filter
        else:
            config = self._server_config()
            host = host or config.get("smtp_server")
            port = config.get("smtp_port", 25) if port is None else port
            user = user or config.get("smtp_user")
            password = password or config.get("smtp_password")
            if encryption is None and config.get("smtp_ssl"):
                encryption = "starttls"
            from_filter = mail_server.from_filter if mail_server else self._get_default_from_filter()
        if not host:
            raise UserError(_("Missing SMTP Server\nDefine an outgoing mail server (Settings "
                              "> Technical > Email > Outgoing Mail Servers), or start the "
                              "server with --smtp and --smtp-port."))
        # as Odoo 17: the standard library's TLS context (smtplib's default), which does not
        # check the server's certificate; many internal relays use self-signed ones
        if encryption == "ssl":
            connection = smtplib.SMTP_SSL(host, int(port), timeout=SMTP_TIMEOUT)
        else:
            connection = smtplib.SMTP(host, int(port), timeout=SMTP_TIMEOUT)
        try:
            connection.set_debuglevel(1 if smtp_debug else 0)
            if encryption == "starttls":
                connection.starttls()
            if user:
                local, at, domain = user.rpartition("@")
                if at:
                    user = local + at + domain.encode("idna").decode("ascii")
                mail_server._smtp_login(connection, user, password or "")
            connection.ehlo_or_helo_if_needed()
        except BaseException:
            connection.close()          # a refused login must not leave the socket open
            raise
        connection.from_filter = from_filter
        connection.smtp_from = smtp_from
        return connection

    def _smtp_login(self, connection, smtp_user, smtp_password):
        """Log in on the session (an addon overrides it for other schemes, e.g. OAuth)."""
        connection.login(smtp_user, smtp_password)

    def test_smtp_connection(self):
        """The "Test Connection" button: open a session and try a sender and a recipient."""
        for server in self:
            session = None
            try:
                session = self.connect(mail_server_id=server.id, allow_archived=True)
                if session is None:
                    continue                    # test mode
                sender = server._get_test_email_from()
                code, reply = session.mail(sender)
                if code != 250:
                    raise UserError(_("The server refused the sender address (%(email_from)s) "
                                      "with error %(repl)s", email_from=sender, repl=reply))
                code, reply = session.rcpt("noreply@odoo.com")
                if code not in (250, 251):
                    raise UserError(_("The server refused the test recipient with error "
                                      "%(repl)s", repl=reply))
            except UserError:
                raise
            except (OSError, smtplib.SMTPException) as exc:
                raise UserError(_("Connection Test Failed! Here is what we got instead:\n %s",
                                  exc)) from exc
            finally:
                if session is not None:
                    session.close()
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"message": _("Connection Test Successful!"), "type": "success",
                           "sticky": False}}

    def _get_test_email_from(self):
        self.ensure_one()
        parts = [part.strip() for part in (self.from_filter or "").split(",") if part.strip()]
        sender = next((part for part in parts if "@" in part), False)
        if not sender and parts:
            sender = f"noreply@{parts[0]}"
        sender = sender or self.env.user.email
        if not sender or "@" not in sender:
            raise UserError(_("Please configure an email on the current user to simulate "
                              "sending an email message via this outgoing server"))
        return sender

    # -- building -----------------------------------------------------------------------------

    def build_email(self, email_from, email_to, subject, body, email_cc=None, email_bcc=None,
                    reply_to=False, attachments=None, message_id=None, references=None,
                    object_id=False, subtype="plain", headers=None, body_alternative=None,
                    subtype_alternative="plain"):
        """An ``EmailMessage`` ready for ``send_email``.

        ``body`` is of MIME ``subtype`` (``plain``/``html``); an HTML body without
        ``body_alternative`` gets its plain-text version as alternative. ``attachments`` are
        ``(name, bytes[, mimetype])``. ``object_id`` (``"<id>-<model>"``) goes into the
        generated Message-Id; ``headers`` are set last and may override the others.
        """
        email_from = email_from or self.env.context.get("domain_notifications_email") \
            or self._get_default_from_address()
        if not email_from:
            raise MailAddressError(self.NO_FOUND_FROM)
        message = EmailMessage(policy=email.policy.SMTP)
        if not message_id:
            message_id = tools.generate_tracking_message_id(object_id) if object_id else make_msgid()
        message["Message-Id"] = message_id
        if references:
            message["references"] = references
        message["Subject"] = subject or ""
        message["From"] = email_from
        message["Reply-To"] = reply_to or email_from
        if _header_list(email_to):
            message["To"] = _header_list(email_to)
        if email_cc:
            message["Cc"] = _header_list(email_cc)
        if email_bcc:
            message["Bcc"] = _header_list(email_bcc)
        message["Date"] = datetime.datetime.now(datetime.UTC)
        for name, value in (headers or {}).items():
            if value in (None, False):
                continue
            del message[str(name)]
            message[str(name)] = str(value)
        body = str(body or "")
        if subtype == "html" or body_alternative:
            alternative = body_alternative if body_alternative else tools.html2plaintext(body)
            kind = subtype_alternative if body_alternative else "plain"
            message.add_alternative(str(alternative), subtype=kind, charset="utf-8")
            message.add_alternative(body, subtype=subtype, charset="utf-8")
        else:
            message.set_content(body, subtype=subtype, charset="utf-8")
        for attachment in attachments or ():
            name, content = attachment[0], attachment[1]
            mimetype = attachment[2] if len(attachment) > 2 and attachment[2] else ""
            maintype, _slash, mime_subtype = (mimetype or "application/octet-stream").partition("/")
            if isinstance(content, str):
                content = content.encode()
            message.add_attachment(content, maintype=maintype,
                                   subtype=mime_subtype or "octet-stream", filename=name)
        return message

    @api.model
    def _get_default_bounce_address(self):
        """The envelope sender when a message names none: ``--email-from``."""
        return self._server_config().get("email_from")

    @api.model
    def _get_default_from_address(self):
        """The From of a message that names none: ``--email-from``."""
        return self._server_config().get("email_from")

    @api.model
    def _get_default_from_filter(self):
        """The from_filter of the ``--smtp*`` server: the ``mail.default.from_filter``
        parameter, else ``--from-filter``."""
        return self.env["ir.config_parameter"].sudo().get_param(
            "mail.default.from_filter", self._server_config().get("from_filter"))

    # -- sending ------------------------------------------------------------------------------

    def _prepare_email_message(self, message, smtp_session):
        """``(envelope sender, envelope recipients, message)`` for sending ``message`` on
        ``smtp_session``: Bcc leaves the headers, and a sender the server may not send as is
        replaced by the one ``_find_mail_server`` chose (the notifications address)."""
        bounce_address = self.env.context.get("domain_bounce_address") or message["Return-Path"] \
            or self._get_default_bounce_address() or message["From"]
        smtp_from = message["From"] or bounce_address
        if not smtp_from:
            raise MailAddressError(self.NO_FOUND_SMTP_FROM)
        headers_to = [message["To"], message["Cc"], message["Bcc"]]
        del message["Bcc"]
        validated = self.env.context.get("send_validated_to") or []
        smtp_to_list = [address for value in headers_to
                        for address in dict.fromkeys(extract_rfc2822_addresses(value))
                        if address and (not validated or address in validated)]
        if not smtp_to_list:
            raise MailAddressError(self.NO_VALID_RECIPIENT)
        forged_to = message["X-Forge-To"]
        if forged_to:
            del message["X-Forge-To"]
            del message["To"]
            message["To"] = forged_to
        from_filter = getattr(smtp_session, "from_filter", False)
        chosen_from = getattr(smtp_session, "smtp_from", False) or smtp_from
        if tools.email_normalize(chosen_from) != tools.email_normalize(message["From"]):
            # the server may not send as the author: send as the chosen address, keeping
            # the author's name so that readers still see who wrote
            author_name = (tools.email_split_tuples(message["From"]) or [("", "")])[0][0]
            del message["From"]
            message["From"] = tools.formataddr((author_name, tools.email_normalize(chosen_from)
                                                or chosen_from))
        smtp_from = chosen_from
        if self._match_from_filter(bounce_address, from_filter):
            smtp_from = bounce_address
        addresses = extract_rfc2822_addresses(smtp_from)
        if not addresses:
            raise MailAddressError(self.NO_VALID_FROM,
                                   f"Malformed 'Return-Path' or 'From' address: {smtp_from}")
        return addresses[-1], smtp_to_list, message

    @api.model
    def send_email(self, message, mail_server_id=None, smtp_server=None, smtp_port=None,
                   smtp_user=None, smtp_password=None, smtp_encryption=None,
                   smtp_ssl_certificate=None, smtp_ssl_private_key=None, smtp_debug=False,
                   smtp_session=None):
        """Send ``message`` now (no queue) and return its Message-Id.

        The server is ``smtp_session`` (left open for its owner), else ``mail_server_id``,
        else ``smtp_server`` and the other ``smtp_*`` arguments, else the best
        ``ir.mail_server`` for the sender, else the ``--smtp*`` options. Nothing is retried:
        on failure ``MailDeliveryException`` tells why, and the caller keeps the mail.
        """
        session = smtp_session
        if session is None:
            try:
                session = self.connect(
                    smtp_server, smtp_port, smtp_user, smtp_password, smtp_encryption,
                    smtp_from=message["From"], ssl_certificate=smtp_ssl_certificate,
                    ssl_private_key=smtp_ssl_private_key, smtp_debug=smtp_debug,
                    mail_server_id=mail_server_id)
            except (OSError, smtplib.SMTPException) as exc:
                raise MailDeliveryException(_("Mail Delivery Failed"), _connect_failure(exc)) from exc
        smtp_from, smtp_to_list, message = self._prepare_email_message(message, session)
        if self._is_test_mode():
            _test_logger.info("skip sending email in test mode")
            return message["Message-Id"]
        try:
            session.send_message(message, smtp_from, smtp_to_list)
        except smtplib.SMTPServerDisconnected:
            raise
        except (OSError, smtplib.SMTPException, UnicodeError, ValueError) as exc:
            host = getattr(session, "_host", smtp_server) or ""
            reason = _("Mail delivery failed via SMTP server '%(host)s'.\n%(kind)s: %(error)s",
                       host=host, kind=type(exc).__name__, error=exc)
            _logger.info(reason)
            raise MailDeliveryException(_("Mail Delivery Failed"), reason) from exc
        finally:
            if smtp_session is None:
                _close(session)         # a session of the caller's stays open for it
        return message["Message-Id"]

    def _find_mail_server(self, email_from, mail_servers=None):
        """``(server or None, sender to use)`` for mail from ``email_from``: a server whose
        from_filter names the address, then its domain, then the notifications address
        (``--email-from``) or its domain; then one without filter; then the first (the sender
        becoming the notifications address). None means the ``--smtp*`` options."""
        normalized = tools.email_normalize(email_from)
        domain = tools.email_domain_extract(normalized)
        notifications = tools.email_normalize(
            self.env.context.get("domain_notifications_email") or self._get_default_from_address())
        notifications_domain = tools.email_domain_extract(notifications)
        if mail_servers is None:
            mail_servers = self.sudo().search([], order="sequence, id")
        mail_servers = mail_servers.filtered("active")

        def first_match(target):
            for server in mail_servers:
                parts = [part.strip().lower() for part in (server.from_filter or "").split(",")]
                if target and target in parts:
                    return server
            return None

        for target, sender in ((normalized, email_from), (domain, email_from),
                               (notifications, notifications), (notifications_domain, notifications)):
            server = first_match(target)
            if server:
                return server, sender
        unfiltered = mail_servers.filtered(lambda server: not server.from_filter)
        if unfiltered:
            return unfiltered[0], notifications or email_from
        if mail_servers:
            _logger.warning("No mail server matches the from_filter, using %s as fallback",
                            notifications or email_from)
            return mail_servers[0], notifications or email_from
        from_filter = self._get_default_from_filter()
        if self._match_from_filter(email_from, from_filter):
            return None, email_from
        if notifications and self._match_from_filter(notifications, from_filter):
            return None, notifications
        return None, notifications or email_from

    @api.model
    def _match_from_filter(self, email_from, from_filter):
        """Whether ``from_filter`` (addresses and domains, comma-separated; empty: any)
        accepts ``email_from``."""
        if not from_filter:
            return True
        normalized = tools.email_normalize(email_from)
        domain = tools.email_domain_extract(normalized)
        for part in (part.strip().lower() for part in from_filter.split(",")):
            if part and (part == normalized if "@" in part else part == domain):
                return True
        return False


def _close(session) -> None:
    """End an SMTP session politely, or at least close its socket."""
    try:
        session.quit()
    except (OSError, smtplib.SMTPException):
        session.close()


def _header_list(value) -> str:
    """A To/Cc header value from a list of addresses or a string."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value if item)
    return str(value or "")


def _connect_failure(exc: Exception) -> str:
    return _("Could not connect to the SMTP server (%(kind)s: %(error)s). Define an outgoing "
             "mail server (Settings > Technical > Email > Outgoing Mail Servers), or start the "
             "server with --smtp and --smtp-port pointing at one.",
             kind=type(exc).__name__, error=exc)
