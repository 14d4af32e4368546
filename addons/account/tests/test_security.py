"""Accounting groups, access rights and the multi-company rules."""
from __future__ import annotations

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase


class TestAccountSecurity(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.ref("base.main_company")
        cls.other = cls.env["res.company"].create({"name": "Other Books Co"})
        cls.env["account.chart.template"].try_loading("generic_coa", cls.other)

    def make_user(self, login: str, group: str, companies):
        return self.env["res.users"].create({
            "name": login, "login": login, "company_id": companies[0].id,
            "company_ids": [Command.set(companies.ids)],
            "groups_id": [Command.set([self.env.ref(group).id])],
        })

    def test_group_hierarchy(self):
        user = self.make_user("bookkeeper", "account.group_account_user", self.main)
        self.assertTrue(user.has_group("account.group_account_invoice"))
        self.assertTrue(user.has_group("account.group_account_readonly"))
        self.assertTrue(user.has_group("base.group_user"))
        manager = self.make_user("chief", "account.group_account_manager", self.main)
        self.assertTrue(manager.has_group("account.group_account_invoice"))
        self.assertTrue(self.env.ref("base.user_admin").has_group("account.group_account_manager"))

    def test_records_of_other_companies_are_hidden(self):
        user = self.make_user("billing_other", "account.group_account_invoice", self.other)
        env = self.env(user=user)
        for model in ("account.account", "account.journal", "account.tax"):
            companies = env[model].search([]).mapped("company_id")
            self.assertEqual(companies, self.other, model)
        main_tax = self.env.ref(f"account.{self.main.id}_sale_tax_template")
        with self.assertRaises(AccessError):
            main_tax.with_env(env).read(["name"])

    def test_billing_reads_taxes_but_only_managers_change_them(self):
        tax = self.env.ref(f"account.{self.main.id}_sale_tax_template")
        billing = self.make_user("biller", "account.group_account_invoice", self.main)
        self.assertEqual(tax.with_user(billing).amount, 15.0)
        with self.assertRaises(AccessError):
            tax.with_user(billing).write({"amount": 16.0})
        manager = self.make_user("taxman", "account.group_account_manager", self.main)
        tax.with_user(manager).write({"amount": 16.0})
        self.assertEqual(tax.amount, 16.0)
