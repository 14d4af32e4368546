from odoo import fields, models


class IrModel(models.Model):
    """Which models have a chatter, activities, a blacklist (Odoo stores these flags when it
    reflects the models; here they are read from the registry)."""

    _inherit = "ir.model"

    is_mail_thread = fields.Boolean("Has Mail Thread", compute="_compute_mail_flags",
                                    search="_search_is_mail_thread")
    is_mail_activity = fields.Boolean("Has Mail Activity", compute="_compute_mail_flags",
                                      search="_search_is_mail_activity")
    is_mail_blacklist = fields.Boolean("Has Mail Blacklist", compute="_compute_mail_flags",
                                       search="_search_is_mail_blacklist")

    def _models_inheriting(self, mixin):
        registry = self.env.registry
        if mixin not in registry:
            return set()
        base = type(self.env[mixin])
        return {name for name in registry if issubclass(type(self.env[name]), base)
                and name != mixin}

    def _compute_mail_flags(self):
        threads = self._models_inheriting("mail.thread")
        activities = self._models_inheriting("mail.activity.mixin")
        blacklists = self._models_inheriting("mail.thread.blacklist")
        for record in self:
            record.is_mail_thread = record.model in threads
            record.is_mail_activity = record.model in activities
            record.is_mail_blacklist = record.model in blacklists

    def _search_flag(self, mixin, operator, value):
        names = list(self._models_inheriting(mixin))
        positive = (operator == "=") == bool(value)
        return [("model", "in" if positive else "not in", names)]

    def _search_is_mail_thread(self, operator, value):
        return self._search_flag("mail.thread", operator, value)

    def _search_is_mail_activity(self, operator, value):
        return self._search_flag("mail.activity.mixin", operator, value)

    def _search_is_mail_blacklist(self, operator, value):
        return self._search_flag("mail.thread.blacklist", operator, value)
