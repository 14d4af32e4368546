"""``odoo.addons.base.tests.common``: the shared test bases addons build on (Odoo 17 names).

``BaseCommon`` is what most product-level addon tests start from: a fixed company currency
(USD unless a subclass says otherwise), an environment whose context turns mail side effects
off (``DISABLED_MAIL_CONTEXT``, so tests that create records do not post messages) and a
partner to work with. The ``...WithUserDemo``/``...WithUserPortal`` cases give the demo and
portal users, created when the database has no demo data.
"""
from __future__ import annotations

from odoo import Command
from odoo.tests.common import HttpCase, TransactionCase, new_test_user

#: the context keys that keep chatter, followers and tracking out of a test's records
DISABLED_MAIL_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


def _demo_user(env):
    """The demo data's ``demo`` user, or one made like it (Marc Demo, an employee who manages
    contacts) in a database without demo data."""
    user = env["res.users"].search([("login", "=", "demo")])
    if user:
        return user
    partner = env["res.partner"].create({"name": "Marc Demo", "email": "mark.brown23@example.com"})
    return env["res.users"].with_context(no_reset_password=True).create({
        "login": "demo", "password": "demo", "partner_id": partner.id,
        "groups_id": [Command.set([env.ref("base.group_user").id,
                                   env.ref("base.group_partner_manager").id])],
    })


class BaseCommon(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_currency("USD")
        cls.env = cls.env["base"].with_context(**DISABLED_MAIL_CONTEXT).env
        cls.partner = cls.env["res.partner"].create({"name": "Test Partner"})
        cls.currency = cls.env.company.currency_id

    @classmethod
    def _use_currency(cls, currency_code: str):
        """Make ``currency_code`` the company's currency, so amounts do not depend on the
        database's localisation."""
        currency = cls._enable_currency(currency_code)
        company = cls.env.company
        if company.currency_id != currency:
            # straight to the column: the business checks on a currency change (entries
            # already posted...) are not what these tests are about
            cls.env.cr.execute("UPDATE res_company SET currency_id = %s WHERE id = %s",
                               [currency.id, company.id])
            company.invalidate_recordset(["currency_id"])
        return currency

    @classmethod
    def _enable_currency(cls, currency_code: str):
        currency = cls.env["res.currency"].with_context(active_test=False).search(
            [("name", "=", currency_code.upper())])
        currency.active = True
        return currency

    @classmethod
    def get_default_groups(cls):
        return cls.env["res.users"]._default_groups()


class BaseUsersCommon(BaseCommon):
    """``BaseCommon`` with an internal user (``user_internal``) and a portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = new_test_user(cls.env, login="portal_user", groups="base.group_portal")
        cls.user_internal = new_test_user(cls.env, login="internal_user", groups="base.group_user")


class TransactionCaseWithUserDemo(TransactionCase):
    """A case with ``user_demo`` and ``partner_demo``: the demo data's, or made like them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.partner_admin").write({"name": "Mitchell Admin"})
        cls.user_demo = _demo_user(cls.env)
        cls.partner_demo = cls.user_demo.partner_id


class TransactionCaseWithUserPortal(TransactionCase):
    """A case with ``user_portal`` and ``partner_portal``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = cls.env["res.users"].sudo().search([("login", "=", "portal")])
        cls.partner_portal = cls.user_portal.partner_id
        if not cls.user_portal:
            cls.partner_portal = cls.env["res.partner"].create(
                {"name": "Joel Willis", "email": "joel.willis63@example.com"})
            cls.user_portal = cls.env["res.users"].with_context(no_reset_password=True).create({
                "login": "portal", "password": "portal", "partner_id": cls.partner_portal.id,
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            })


class HttpCaseWithUserDemo(HttpCase):
    """An HTTP case with ``user_demo`` (login and password ``demo``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.user_admin.write({"name": "Mitchell Admin"})
        cls.user_demo = _demo_user(cls.env)
        cls.partner_demo = cls.user_demo.partner_id
