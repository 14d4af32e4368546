"""Who may see and change a message: as in Odoo, through the document it is posted on.

A user reads a message they wrote, one they are a recipient of, or one on a document they
may read; a user outside the company (portal) never reads internal notes. Creating a
message on a document needs the document's ``_mail_post_access`` right ('write' unless the
model says otherwise), changing or deleting one needs write access to it (the author may
change their own). The superuser is not checked.
"""
from collections import defaultdict

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

from .document_access import access_error, documents_allowed


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if self.env.su:
            return super()._search(domain, offset, limit, order, **kwargs)
        if not self.env.user._is_internal():
            domain = expression.AND([domain or [], [
                ("is_internal", "=", False),
                "|", ("subtype_id", "=", False), ("subtype_id.internal", "=", False)]])
        matching = super()._search(domain, order=order, **kwargs)
        self.env.cr.execute(matching.select(SQL.identifier(matching.alias, "id")))
        ids = [row[0] for row in self.env.cr.fetchall()]
        allowed = self.browse(ids)._readable_ids() if ids else set()
        return super()._search([("id", "in", [i for i in ids if i in allowed])], offset, limit,
                               order, **kwargs)

    def _readable_ids(self):
        """The ids of these messages the user may read (one query per document model)."""
        partner_id = self.env.user.partner_id.id
        self.env.cr.execute(SQL(
            "SELECT m.id, m.model, m.res_id, m.author_id, "
            "       EXISTS (SELECT 1 FROM mail_message_res_partner_rel r "
            "                WHERE r.mail_message_id = m.id AND r.res_partner_id = %s), "
            "       m.is_internal OR COALESCE(s.internal, FALSE) "
            "  FROM mail_message m LEFT JOIN mail_message_subtype s ON s.id = m.subtype_id "
            " WHERE m.id IN %s", partner_id, tuple(self.ids)))
        internal_user = self.env.user._is_internal()
        allowed, by_document = set(), defaultdict(lambda: defaultdict(list))
        for message_id, model, res_id, author_id, recipient, internal in self.env.cr.fetchall():
            if internal and not internal_user:
                continue            # internal notes are for employees only
            if author_id == partner_id or recipient:
                allowed.add(message_id)
            elif model and res_id:
                by_document[model][res_id].append(message_id)
        for model, messages in by_document.items():
            for res_id in documents_allowed(self.env, model, list(messages), "read"):
                allowed.update(messages[res_id])
        return allowed

    def check_access_rule(self, operation):
        super().check_access_rule(operation)
        if self.env.su or not self.ids:
            return
        if operation == "read":
            refused = set(self.ids) - self._readable_ids()
        else:
            refused = self._refused_changes(operation)
        if refused:
            raise access_error(self, operation, refused)

    def _refused_changes(self, operation):
        """The ids of these messages the user may not create, write or delete."""
        partner_id = self.env.user.partner_id.id
        by_document = defaultdict(lambda: defaultdict(list))
        refused = set()
        for message in self.sudo():
            if operation == "write" and message.author_id.id == partner_id:
                continue
            if message.model and message.res_id:
                by_document[message.model][message.res_id].append(message.id)
            elif operation != "create" and message.author_id.id != partner_id:
                refused.add(message.id)
        for model, messages in by_document.items():
            needed = "write"
            if operation == "create" and model in self.env:
                needed = self.env[model]._get_mail_message_access(list(messages), "create") \
                    if hasattr(self.env[model], "_get_mail_message_access") else "write"
            allowed = documents_allowed(self.env, model, list(messages), needed)
            for res_id, ids in messages.items():
                if res_id not in allowed:
                    refused.update(ids)
        return refused
