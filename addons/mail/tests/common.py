"""Helpers addon tests import from ``odoo.addons.mail.tests.common``, as on Odoo."""
import re

from odoo.tests.common import TransactionCase, new_test_user


def mail_new_test_user(env, login="", groups="base.group_user", context=None, **kwargs):
    """A user for a test, with an e-mail (most mail flows need one): ``login`` when it is an
    address, else ``<login>.<login>@example.com``; see ``new_test_user`` for the rest."""
    if "email" not in kwargs and login:
        kwargs["email"] = login if re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", login) \
            else f"{login}.{login}@example.com"
    return new_test_user(env, login=login, groups=groups, context=context, **kwargs)


class MailCase(TransactionCase):
    """``flush_tracking()``: log the pending tracking now (it runs before a commit)."""

    def flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()


class MailCommon(MailCase):
    """A company and two internal users with e-mails (``user_admin``, ``user_employee``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.partner_admin = cls.user_admin.partner_id
        cls.user_employee = mail_new_test_user(cls.env, login="employee",
                                               name="Ernest Employee")
        cls.partner_employee = cls.user_employee.partner_id
