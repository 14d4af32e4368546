"""``mail.thread``: the chatter of a business document (messages, followers, logging).

Context keys, as in Odoo: ``tracking_disable`` (no chatter feature at all on create and
write), ``mail_create_nosubscribe`` (the creator does not follow), ``mail_create_nolog`` (no
"<Document> created" log), ``mail_notrack`` (no field tracking). Tracking itself is in
``mail_thread_tracking``; e-mailing the recipients of a posted message in ``mail_thread_notify``.
"""
import logging

from markupsafe import escape

from odoo import _, api, exceptions, fields, models
from odoo.tools.misc import clean_context

from .mail_message import new_message_id

_logger = logging.getLogger(__name__)

#: mail.message fields message_post and the log helpers accept as values
#: the thread fields that read the followers (not kept up to date by the cache: followers
#: point at their record by (res_model, res_id))
FOLLOWER_FIELDS = ["message_follower_ids", "message_partner_ids", "message_is_follower"]
MESSAGE_CREATE_FIELDS = frozenset((
    "attachment_ids", "author_id", "body", "create_date", "date", "email_add_signature",
    "email_from", "email_layout_xmlid", "is_internal", "mail_activity_type_id", "message_id",
    "message_type", "model", "parent_id", "partner_ids", "record_company_id", "record_name",
    "reply_to", "reply_to_force_new", "res_id", "subject", "subtype_id", "tracking_value_ids",
))


#: message_post/message_notify keywords that steer the e-mail notification (mail_thread_notify)
NOTIFY_KEYS = ("force_send", "send_after_commit", "mail_auto_delete")


class MailThread(models.AbstractModel):
    """Inherit it (``_inherit = ['mail.thread']``) to give a model a chatter."""

    _name = "mail.thread"
    _description = "Email Thread"
    _mail_flat_thread = True        # every message without parent hangs under the first one
    _mail_post_access = "write"     # access needed on the document to post on it

    message_is_follower = fields.Boolean("Is Follower", compute="_compute_message_is_follower",
                                         search="_search_message_is_follower")
    message_follower_ids = fields.One2many("mail.followers", "res_id", string="Followers",
                                           groups="base.group_user")
    message_partner_ids = fields.Many2many(
        comodel_name="res.partner", string="Followers (Partners)",
        compute="_compute_message_partner_ids", inverse="_inverse_message_partner_ids",
        search="_search_message_partner_ids", groups="base.group_user")
    message_ids = fields.One2many("mail.message", "res_id", string="Messages",
                                  domain=[("message_type", "!=", "user_notification")],
                                  auto_join=True)
    has_message = fields.Boolean(compute="_compute_has_message", search="_search_has_message",
                                 store=False)
    message_needaction = fields.Boolean("Action Needed", compute="_compute_message_needaction",
                                        search="_search_message_needaction",
                                        help="If checked, new messages require your attention.")
    message_needaction_counter = fields.Integer("Number of Actions",
                                                compute="_compute_message_needaction",
                                                help="Number of messages requiring action")
    message_has_error = fields.Boolean("Message Delivery error",
                                       compute="_compute_message_has_error",
                                       search="_search_message_has_error",
                                       help="If checked, some messages have a delivery error.")
    message_has_error_counter = fields.Integer("Number of errors",
                                               compute="_compute_message_has_error",
                                               help="Number of messages with delivery error")

    # -- followers and message fields -----------------------------------------------------

    def _followers_of(self, partner_ids=None):
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        if partner_ids is not None:
            domain.append(("partner_id", "in", list(partner_ids)))
        return self.env["mail.followers"].sudo().search(domain)

    @api.depends("message_follower_ids")
    def _compute_message_partner_ids(self):
        partners = {}
        for follower in self._followers_of():
            partners.setdefault(follower.res_id, []).append(follower.partner_id.id)
        for thread in self:
            thread.message_partner_ids = [(6, 0, partners.get(thread.id, []))]

    def _inverse_message_partner_ids(self):
        for thread in self:
            new = set(thread.message_partner_ids.ids)
            old = set(thread._followers_of().mapped("partner_id").ids)
            if new - old:
                thread.message_subscribe(list(new - old))
            if old - new:
                thread.message_unsubscribe(list(old - new))

    @api.model
    def _search_message_partner_ids(self, operator, operand):
        followers = self.env["mail.followers"].sudo().search(
            [("res_model", "=", self._name), ("partner_id", operator, operand)])
        return [("id", "in", list(set(followers.mapped("res_id"))))]

    @api.depends("message_follower_ids")
    def _compute_message_is_follower(self):
        following = set(self._followers_of([self.env.user.partner_id.id]).mapped("res_id"))
        for thread in self:
            thread.message_is_follower = thread.id in following

    @api.model
    def _search_message_is_follower(self, operator, operand):
        followers = self.env["mail.followers"].sudo().search(
            [("res_model", "=", self._name), ("partner_id", "=", self.env.user.partner_id.id)])
        ids = list(set(followers.mapped("res_id")))
        if (operator == "=" and operand) or (operator == "!=" and not operand):
            return [("id", "in", ids)]
        return [("id", "not in", ids)]

    def _compute_has_message(self):
        with_messages = set()
        if self.ids:
            messages = self.env["mail.message"].sudo().search(
                [("model", "=", self._name), ("res_id", "in", self.ids)])
            with_messages = set(messages.mapped("res_id"))
        for thread in self:
            thread.has_message = thread.id in with_messages

    def _search_has_message(self, operator, value):
        messages = self.env["mail.message"].sudo().search([("model", "=", self._name)])
        ids = list(set(messages.mapped("res_id")))
        if (operator == "=" and value) or (operator == "!=" and not value):
            return [("id", "in", ids)]
        return [("id", "not in", ids)]

    def _compute_message_needaction(self):
        # no inbox notifications here (no mail.notification): nothing needs action
        for thread in self:
            thread.message_needaction_counter = 0
            thread.message_needaction = False

    @api.model
    def _search_message_needaction(self, operator, operand):
        needs = (operator == "=" and operand) or (operator == "!=" and not operand)
        return [("id", "=", 0)] if needs else []

    def _compute_message_has_error(self):
        # delivery failures stay on their mail.mail (there is no mail.notification to
        # report them per recipient): none is shown on the record
        for thread in self:
            thread.message_has_error_counter = 0
            thread.message_has_error = False

    @api.model
    def _search_message_has_error(self, operator, operand):
        return self._search_message_needaction(operator, operand)

    # -- CRUD ---------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        threads = super().create(vals_list)
        if self.env.context.get("tracking_disable") or not threads:
            return threads
        if not self.env.context.get("mail_create_nosubscribe") and self.env.user.active:
            self.env["mail.followers"]._insert_followers(
                threads._name, threads.ids, self.env.user.partner_id.ids, check_existing=False)
        for thread, values in zip(threads, vals_list):
            thread._message_auto_subscribe({
                **{key[8:]: value for key, value in self.env.context.items()
                   if key.startswith("default_")}, **values})
        if not self.env.context.get("mail_create_nolog"):
            no_subtype = self.browse()
            for thread in threads:
                subtype = thread._creation_subtype()
                if subtype:
                    thread.sudo().message_post(subtype_id=subtype.id,
                                               author_id=self.env.user.partner_id.id)
                else:
                    no_subtype |= thread
            if no_subtype:
                no_subtype._message_log_batch(
                    bodies={thread.id: thread._creation_message() for thread in no_subtype})
        return threads

    def unlink(self):
        """Delete the records' messages and followers too: they are linked by model and id,
        which no foreign key cascades."""
        if not self:
            return True
        self._track_discard()
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", self.ids)]).unlink()
        ids = self.ids
        result = super().unlink()
        self.env["mail.followers"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", ids)]).unlink()
        return result

    def copy_data(self, default=None):
        # a copy is created, not changed: no tracking of its intermediate values
        return super(MailThread, self.with_context(mail_notrack=True)).copy_data(default=default)

    def _message_auto_subscribe(self, updated_values, followers_existing_policy="skip"):
        """The user set as responsible (``user_id``, a res.users) follows the records, with
        the default subtypes (Odoo also e-mails them an assignment notice: not here)."""
        field = self._fields.get("user_id")
        user_id = updated_values.get("user_id")
        if not (user_id and field is not None and field.type == "many2one"
                and field.comodel_name == "res.users"):
            return True
        user = self.env["res.users"].sudo().browse(user_id)
        if user.active and user.partner_id:
            self._message_subscribe([user.partner_id.id])
        return True

    @api.model
    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        """The access to the document a message ``operation`` needs: changing or deleting
        needs write, posting needs the model's ``_mail_post_access``."""
        model = self.env[model_name] if model_name else self
        if operation in ("write", "unlink"):
            return "write"
        if operation == "create":
            post_access = getattr(model, "_mail_post_access", "write")
            return post_access if post_access in ("create", "read", "write", "unlink") else "write"
        return operation

    def _valid_field_parameter(self, field, name):
        return name == "tracking" or super()._valid_field_parameter(field, name)

    def _creation_subtype(self):
        """The subtype posted at creation (empty: a plain log)."""
        return self.env["mail.message.subtype"]

    def _creation_message(self):
        """The body logged at creation: '<model description> created'."""
        self.ensure_one()
        memo = self.env.transaction.memo
        key = ("mail_model_description", self._name, self.env.lang)
        if key not in memo:         # once per transaction, not once per created record
            memo[key] = self.env["ir.model"]._get(self._name).name
        return _("%s created", memo[key])

    # -- posting ------------------------------------------------------------------------------

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, *, body="", subject=None, message_type="notification",
                     email_from=None, author_id=None, parent_id=False, subtype_xmlid=None,
                     subtype_id=False, partner_ids=None, attachments=None, attachment_ids=None,
                     body_is_html=False, **kwargs):
        """Post a message on this record and return it (a ``mail.message``).

        A ``str`` body is escaped, a ``Markup`` one is kept as HTML. Extra keyword arguments
        that are mail.message fields become its values. The ``partner_ids`` with an e-mail
        address are e-mailed (``_notify_thread``, with ``force_send``...).
        """
        self.ensure_one()
        _raise_for_invalid_parameters(set(kwargs), forbidden={"model", "res_id", "subtype"})
        if self._name == "mail.thread" or not self.id:
            raise ValueError(_("Posting a message should be done on a business document. "
                               "Use message_notify to send a notification to an user."))
        if message_type == "user_notification":
            raise ValueError(_("Use message_notify to send a notification to an user."))
        if partner_ids and not all(isinstance(pid, int) for pid in partner_ids):
            raise ValueError(_("Posting a message should receive partners as a list of IDs "
                               "(received %(pids)s)", pids=repr(partner_ids)))
        partner_ids = list(partner_ids or [])
        msg_kwargs = {key: value for key, value in kwargs.items()
                      if key in self.env["mail.message"]._fields}
        author_id, email_from = self._message_compute_author(author_id, email_from,
                                                             raise_on_email=True)
        if subtype_xmlid:
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(subtype_xmlid)
        if not subtype_id:
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        if self.env.context.get("mail_post_autofollow") and partner_ids:
            self.message_subscribe(partner_ids=partner_ids)
        if body_is_html and self.user_has_groups("base.group_user"):
            body = _markup(body)
        values = dict(msg_kwargs)
        values.setdefault("email_add_signature", True)
        if not values.get("record_name"):
            values["record_name"] = self.sudo().display_name
        values.update({
            "author_id": author_id,
            "email_from": email_from,
            "model": self._name,
            "res_id": self.id,
            "body": escape(body or ""),
            "message_type": message_type,
            "parent_id": self._message_compute_parent_id(parent_id),
            "subject": subject or False,
            "subtype_id": subtype_id,
            "partner_ids": partner_ids,
        })
        values.update(self._process_attachments_for_post(attachments, attachment_ids, values))
        message = self._message_create([values])
        if not self.env.context.get("mail_create_nosubscribe") and message_type != "notification":
            # the person who writes follows, to see the answers
            real_author = False
            if self.env.user.active:
                real_author = self.env.user.partner_id.id
            elif author_id and self.env["res.partner"].browse(author_id).active:
                real_author = author_id
            if real_author:
                self._message_subscribe(partner_ids=[real_author])
        self._notify_thread(message, values, **_notify_options(kwargs))
        self._message_post_after_hook(message, values)
        return message

    @api.returns("mail.message", lambda value: value.id)
    def message_notify(self, *, body="", subject=False, author_id=None, email_from=None,
                       model=False, res_id=False, subtype_xmlid=None, subtype_id=False,
                       partner_ids=False, attachments=None, attachment_ids=None, **kwargs):
        """A message for ``partner_ids`` only (type ``user_notification``), on this record
        or on ``model``/``res_id``, shown in no chatter, e-mailed to them (``_notify_thread``)."""
        if self:
            self.ensure_one()
        if not partner_ids:
            _logger.warning("Message notify called without recipient_ids, skipping")
            return self.env["mail.message"]
        _raise_for_invalid_parameters(set(kwargs), forbidden={"message_id", "message_type",
                                                              "parent_id"})
        if not all(isinstance(pid, int) for pid in partner_ids):
            raise ValueError(_("Notification should receive partners given as a list of IDs "
                               "(received %(pids)s)", pids=repr(partner_ids)))
        author_id, email_from = self._message_compute_author(author_id, email_from,
                                                             raise_on_email=True)
        if not model or not res_id:
            model, res_id = False, False
        if subtype_xmlid:
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(subtype_xmlid)
        if not subtype_id:
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        values = {key: value for key, value in kwargs.items()
                  if key in self.env["mail.message"]._fields}
        values.update({
            "author_id": author_id, "email_from": email_from,
            "model": self._name if self else model, "res_id": self.id if self else res_id,
            "record_name": False, "body": escape(body or ""), "subject": subject,
            "message_type": "user_notification", "subtype_id": subtype_id,
            "partner_ids": list(partner_ids), "email_add_signature": True,
            "message_id": new_message_id(),
        })
        values.update(self._process_attachments_for_post(attachments, attachment_ids, values))
        message = self.sudo()._message_create([values])
        self._notify_thread(message, values, **_notify_options(kwargs))
        return message

    def _message_post_after_hook(self, message, msg_values):
        """Called after a post with the new message and its values (to override)."""

    def _message_log(self, *, body="", subject=False, author_id=None, email_from=None,
                     message_type="notification", partner_ids=False, attachment_ids=False,
                     tracking_value_ids=False):
        """Log an internal note on this record, as superuser, notifying nobody."""
        self.ensure_one()
        return self._message_log_batch(
            bodies={self.id: body}, subject=subject, author_id=author_id, email_from=email_from,
            message_type=message_type, partner_ids=partner_ids, attachment_ids=attachment_ids,
            tracking_value_ids=tracking_value_ids)

    def _message_log_batch(self, bodies, subject=False, author_id=None, email_from=None,
                           message_type="notification", partner_ids=False,
                           attachment_ids=False, tracking_value_ids=False):
        """Log one internal note per record (``bodies``: {record id: body}), in one create."""
        if len(self) > 1 and (attachment_ids or tracking_value_ids):
            raise ValueError(_("Batch log cannot support attachments or tracking values on "
                               "more than 1 document"))
        author_id, email_from = self._message_compute_author(author_id, email_from,
                                                             raise_on_email=False)
        base = {
            "author_id": author_id,
            "email_from": email_from,
            "model": self._name,
            "record_company_id": False,
            "record_name": False,
            "message_type": message_type,
            "is_internal": True,
            "subject": subject,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "tracking_value_ids": tracking_value_ids,
            "attachment_ids": attachment_ids or [],
            "email_add_signature": False,
            "partner_ids": partner_ids,
        }
        values_list = [dict(base, res_id=record.id, body=escape(bodies.get(record.id, "")),
                            message_id=new_message_id())
                       for record in self]
        return self.sudo()._message_create(values_list)

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        """``(author partner id, email_from)``: the current user's partner unless told."""
        if author_id is None:
            if email_from:
                author = self.env["res.partner"].search([("email", "=ilike", email_from)], limit=1)
            else:
                author = self.env.user.partner_id
                email_from = author.email_formatted
            author_id = author.id
        if email_from is None and author_id:
            email_from = self.env["res.partner"].browse(author_id).email_formatted
        if not email_from and raise_on_email and not self.env.su:
            raise exceptions.UserError(_("Unable to send message, please configure the "
                                         "sender's email address."))
        return author_id, email_from

    def _message_compute_parent_id(self, parent_id):
        """A flat thread hangs every message under its first one; otherwise one level up."""
        messages = self.env["mail.message"].sudo()
        if self._mail_flat_thread and not parent_id:
            first = messages.search([("res_id", "=", self.id), ("model", "=", self._name),
                                     ("message_type", "!=", "user_notification")],
                                    order="id ASC", limit=1)
            return first.id or False
        if parent_id:
            ancestor = messages.browse(parent_id)
            if self._mail_flat_thread:
                seen = set()
                while ancestor.parent_id and ancestor.id not in seen:
                    seen.add(ancestor.id)
                    ancestor = ancestor.parent_id
                return ancestor.id
            return ancestor.parent_id.id or parent_id
        return parent_id

    def _message_create(self, values_list):
        """Create messages from thread-API values (partner ids become link commands)."""
        _raise_for_invalid_parameters({key for values in values_list for key in values},
                                      allowed=MESSAGE_CREATE_FIELDS)
        create_values = []
        for values in values_list:
            values = dict(values)
            values["partner_ids"] = [(4, pid) for pid in (values.get("partner_ids") or [])]
            if not values.get("tracking_value_ids"):
                values.pop("tracking_value_ids", None)
            create_values.append(values)
        messages = self.env["mail.message"].with_context(
            clean_context(self.env.context)).create(create_values)
        # the messages point at their record by (model, res_id): no one2many cache follows
        self.invalidate_recordset(["message_ids"])
        return messages

    # -- followers ----------------------------------------------------------------------------

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Make partners follow these records: with ``subtype_ids``, for those subtypes
        (replacing an existing follower's), else for the default ones (an existing
        follower is left as is)."""
        if not self:
            return False
        if not partner_ids:
            return True
        operation = "read" if set(partner_ids) == {self.env.user.partner_id.id} else "write"
        self.check_access_rights(operation)
        self.check_access_rule(operation)
        return self._message_subscribe(partner_ids, subtype_ids)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        if not self or not partner_ids:
            return True
        subtypes = dict.fromkeys(partner_ids, subtype_ids) if subtype_ids else None
        self.env["mail.followers"]._insert_followers(
            self._name, self.ids, partner_ids, subtypes=subtypes, customer_ids=customer_ids,
            check_existing=True, existing_policy="replace" if subtype_ids else "skip")
        return True

    def message_unsubscribe(self, partner_ids=None):
        """The partners stop following these records."""
        if not partner_ids:
            return True
        operation = "read" if set(partner_ids) == {self.env.user.partner_id.id} else "write"
        self.check_access_rights(operation)
        self.check_access_rule(operation)
        self._followers_of(partner_ids).unlink()
        self.invalidate_recordset(FOLLOWER_FIELDS)
        return True


def _notify_options(kwargs):
    """The keyword arguments of a post that steer its e-mail notification."""
    return {key: kwargs[key] for key in NOTIFY_KEYS if key in kwargs}


def _markup(text):
    from markupsafe import Markup
    return Markup(text)


def _raise_for_invalid_parameters(names, forbidden=None, allowed=None):
    """Refuse message values the thread API does not take."""
    wrong = names & forbidden if forbidden is not None else names - allowed
    if wrong:
        raise ValueError(_("Those values are not supported when posting or notifying: "
                           "%(param_names)s", param_names=", ".join(sorted(wrong))))
