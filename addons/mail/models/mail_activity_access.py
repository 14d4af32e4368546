"""Who may see and change an activity: as in Odoo, through its document. Reading needs
read access to the document; creating, changing or deleting needs write access, or only
read access for the activities assigned to the user. The superuser is not checked."""
from collections import defaultdict

from odoo import api, models

from .document_access import access_error, documents_allowed


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if self.env.su:
            return super()._search(domain, offset, limit, order, **kwargs)
        matching = self.browse(self.sudo().search(domain, order=order).ids)
        readable = matching._allowed_ids("read")
        return super()._search([("id", "in", [i for i in matching.ids if i in readable])],
                               offset, limit, order, **kwargs)

    def _allowed_ids(self, operation):
        """The ids of these activities the user may ``operation``."""
        by_document = defaultdict(lambda: defaultdict(list))
        for activity in self.sudo():
            needed = "read" if operation == "read" or activity.user_id.id == self.env.uid \
                else "write"
            by_document[(activity.res_model, needed)][activity.res_id].append(activity.id)
        allowed = set()
        for (model, needed), activities in by_document.items():
            for res_id in documents_allowed(self.env, model, list(activities), needed):
                allowed.update(activities[res_id])
        return allowed

    def check_access_rule(self, operation):
        super().check_access_rule(operation)
        if self.env.su or not self.ids:
            return
        refused = set(self.ids) - self._allowed_ids(operation)
        if refused:
            raise access_error(self, operation, refused)
