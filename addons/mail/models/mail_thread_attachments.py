"""Files on messages: ``mail.message.attachment_ids``, what ``message_post`` does with its
``attachments`` (``(name, content[, info])`` tuples, content not base64-encoded) and
``attachment_ids`` (existing files), the count of a record's files, and the mixin keeping
a record's main attachment (``mail.thread.main.attachment``)."""
import base64

from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    attachment_ids = fields.Many2many(
        "ir.attachment", "message_attachment_rel", "message_id", "attachment_id",
        string="Attachments")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    message_attachment_count = fields.Integer("Attachment Count", compute="_compute_message_attachment_count",
                                              groups="base.group_user")

    def _compute_message_attachment_count(self):
        counts = dict(self.env["ir.attachment"].sudo()._read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)],
            ["res_id"], ["__count"])) if self.ids else {}
        for record in self:
            record.message_attachment_count = counts.get(record.id, 0)

    def _process_attachments_for_post(self, attachments, attachment_ids, message_values):
        """``{'attachment_ids': [commands]}`` for the message about to be created from
        ``message_values``: the existing ``attachment_ids`` (those the user left pending in
        the composer are moved onto the record; a portal or public user may only give those),
        and a new attachment on the record per ``attachments`` tuple. Files are written as
        superuser: the caller checked the right to post on the record."""
        if "res_id" in message_values:
            model, res_id = message_values["model"], message_values["res_id"]
        else:
            self.ensure_one()
            model, res_id = self._name, self.id
        commands = []
        if attachment_ids:
            given = self.env["ir.attachment"].sudo().browse(attachment_ids)
            pending = given.filtered(lambda attachment: attachment.res_model == "mail.compose.message"
                                     and attachment.create_uid.id == self.env.uid)
            if pending:
                pending.write({"res_model": model, "res_id": res_id})
            allowed = given if self.env.user._is_internal() else pending
            commands += [(4, attachment_id) for attachment_id in allowed.ids]
        values_list, extra_list = [], []
        for attachment in attachments or ():
            if len(attachment) == 2:
                (name, content), info = attachment, {}
            elif len(attachment) == 3:
                name, content, info = attachment
                info = info or {}
            else:
                continue
            if content is None:
                continue
            if isinstance(content, str):
                try:
                    content = content.encode(info.get("encoding") or "utf-8")
                except (LookupError, UnicodeEncodeError):
                    content = content.encode("utf-8")
            values_list.append({"name": name, "datas": base64.b64encode(content), "type": "binary",
                                "description": name, "res_model": model, "res_id": res_id})
            extra_list.append((info.get("cid"), name, False, info))
        if values_list:
            created = self._create_attachments_for_post(values_list, extra_list)
            commands += [(4, attachment_id) for attachment_id in created.ids]
        return {"attachment_ids": commands}

    def _create_attachments_for_post(self, values_list, extra_list):
        """Create the files of a post (a hook addons extend, e.g. to store them elsewhere)."""
        return self.env["ir.attachment"].sudo().create(values_list)


class MailMainAttachmentMixin(models.AbstractModel):
    """A thread whose first posted file (a PDF first, no XML) becomes its main attachment."""

    _name = "mail.thread.main.attachment"
    _inherit = "mail.thread"
    _description = "Mail Main Attachment management"

    message_main_attachment_id = fields.Many2one("ir.attachment", "Main Attachment", copy=False)

    def _message_post_after_hook(self, message, msg_values):
        super()._message_post_after_hook(message, msg_values)
        self.sudo()._message_set_main_attachment_id(message.attachment_ids)

    def _message_set_main_attachment_id(self, attachments, force=False, filter_xml=True):
        """Make the best of ``attachments`` the main one, unless there is one (or ``force``)."""
        self.ensure_one()
        if not attachments or (self.message_main_attachment_id and not force):
            return
        if filter_xml:
            attachments = attachments.filtered(lambda a: not (a.mimetype or "").endswith("xml"))
        if attachments:
            ranked = sorted(attachments, key=lambda a: (not (a.mimetype or "").endswith("pdf"),
                                                        not (a.mimetype or "").startswith("image"),
                                                        a.id))
            self.with_context(tracking_disable=True).message_main_attachment_id = ranked[0].id
