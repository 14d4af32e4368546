"""Login records (``res.users.log``): one row per successful login, as in Odoo.

A login inserts a row instead of updating ``res_users``: concurrent logins of one user never
touch the same row, so none of them fails on a serialization error (transactions run in
REPEATABLE READ). ``res.users.login_date`` is the latest row's ``create_date``.
"""
from odoo import api, models


class UsersLog(models.Model):
    _name = "res.users.log"
    _description = "Users Log"
    _order = "id desc"

    @api.autovacuum
    def _gc_user_logs(self):
        """Keep each user's latest login only (run by the daily ``ir.autovacuum``)."""
        self.env.cr.execute("""
            DELETE FROM res_users_log log USING res_users_log newer
             WHERE newer.create_uid = log.create_uid AND newer.id > log.id""")
        return self.env.cr.rowcount
