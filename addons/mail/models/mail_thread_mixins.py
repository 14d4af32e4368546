"""The thread variants addons inherit: ``mail.thread.cc`` (a record keeps the Cc of the
e-mails about it) and ``mail.thread.blacklist`` (a record with an e-mail that may be
blacklisted), with ``mail.blacklist``. No mail gateway reads incoming e-mails here."""
from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError


class MailBlackList(models.Model):
    """An e-mail address nobody wants to send to any more."""

    _name = "mail.blacklist"
    _inherit = ["mail.thread"]
    _description = "Mail Blacklist"
    _rec_name = "email"

    email = fields.Char(string="Email Address", required=True, index=True,
                        help="This field is case insensitive.", tracking=1)
    active = fields.Boolean(default=True, tracking=2)

    _sql_constraints = [("unique_email", "unique (email)", "Email address already exists!")]

    @api.model_create_multi
    def create(self, vals_list):
        for values in vals_list:
            normalized = tools.email_normalize(values.get("email"))
            if not normalized:
                raise UserError(_("Invalid email address %r", values.get("email")))
            values["email"] = normalized
        return super().create(vals_list)

    def _add(self, email, message=None):
        """Blacklist ``email`` (again, when it was removed)."""
        return self._set_listed(email, True, message)

    def _remove(self, email, message=None):
        """Take ``email`` off the blacklist."""
        return self._set_listed(email, False, message)

    def _set_listed(self, email, active, message):
        normalized = tools.email_normalize(email)
        record = self.with_context(active_test=False).search([("email", "=", normalized)])
        if record:
            if message:
                record._track_set_log_message(message)
            record.write({"active": active})
        else:
            record = self.create({"email": email, "active": active})
            if message:
                record._message_log(body=message)
        return record


class MailThreadCc(models.AbstractModel):
    _name = "mail.thread.cc"
    _inherit = "mail.thread"
    _description = "Email CC management"

    email_cc = fields.Char("Email cc", help="List of cc from incoming emails.")

    def _mail_cc_sanitized_raw_dict(self, cc_string):
        """{normalized address: formatted address} of a Cc header value."""
        if not cc_string:
            return {}
        result = {}
        for name, address in tools.email_split_tuples(cc_string):
            normalized = tools.email_normalize(address)
            if normalized:
                result[normalized] = f'"{name}" <{normalized}>' if name else normalized
        return result


class MailThreadBlacklist(models.AbstractModel):
    """A thread with an e-mail (``_primary_email``) that may be on the blacklist."""

    _name = "mail.thread.blacklist"
    _inherit = ["mail.thread"]
    _description = "Mail Blacklist mixin"
    _primary_email = "email"

    email_normalized = fields.Char(
        string="Normalized Email", compute="_compute_email_normalized", compute_sudo=True,
        store=True, index=True,
        help="This field is used to search on email address as the primary email field can "
             "contain more than strictly an email address.")
    is_blacklisted = fields.Boolean(
        string="Blacklist", compute="_compute_is_blacklisted", compute_sudo=True, store=False,
        search="_search_is_blacklisted", groups="base.group_user",
        help="If the email address is on the blacklist, the contact won't receive mass "
             "mailing anymore, from any list")
    message_bounce = fields.Integer("Bounce", default=0, groups="base.group_user",
                                    help="Counter of the number of bounced emails for this contact")

    @api.depends(lambda self: [self._primary_email])
    def _compute_email_normalized(self):
        for record in self:
            record.email_normalized = tools.email_normalize(record[self._primary_email],
                                                            strict=False)

    @api.depends("email_normalized")
    def _compute_is_blacklisted(self):
        emails = [email for email in self.mapped("email_normalized") if email]
        blacklisted = set(self.env["mail.blacklist"].sudo().search(
            [("email", "in", emails)]).mapped("email")) if emails else set()
        for record in self:
            record.is_blacklisted = record.email_normalized in blacklisted

    @api.model
    def _search_is_blacklisted(self, operator, value):
        emails = self.env["mail.blacklist"].sudo().search([]).mapped("email")
        if (operator == "=") == bool(value):
            return [("email_normalized", "in", emails)]
        return ["|", ("email_normalized", "not in", emails), ("email_normalized", "=", False)]

    def _message_receive_bounce(self, email, partner):
        """An e-mail to the record bounced: count it."""
        for record in self.sudo():
            record.message_bounce += 1

    def _message_reset_bounce(self, email):
        self.sudo().write({"message_bounce": 0})
