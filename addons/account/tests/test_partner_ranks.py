"""Partners' customer and vendor ranks, moves' salesperson, and what Invoicing adds to base's contact views
(Odoo 17's account.res_partner_view_search and account.view_partner_property_form, which
addons extend)."""
from __future__ import annotations

from lxml import etree

from odoo.tests.common import TransactionCase


class TestPartnerRanks(TransactionCase):

    def test_ranks_start_at_zero_and_increase(self):
        partner = self.env["res.partner"].create({"name": "Rank Holder"})
        self.assertEqual((partner.customer_rank, partner.supplier_rank), (0, 0))
        partner._increase_rank("customer_rank")
        partner._increase_rank("supplier_rank", 3)
        self.assertEqual((partner.customer_rank, partner.supplier_rank), (1, 3))
        self.assertEqual(partner.copy().customer_rank, 0)
        self.assertIn(partner, self.env["res.partner"].search([("customer_rank", ">", 0)]))
        with self.assertRaises(ValueError):
            partner._increase_rank("name")

    def test_contact_views_carry_the_invoicing_parts(self):
        search = etree.fromstring(self.env["res.partner"].get_view(view_type="search")["arch"])
        before_archived = search.xpath("//filter[@name='inactive']/preceding-sibling::filter")
        self.assertEqual([f.get("name") for f in before_archived][-2:], ["customer", "supplier"])
        form = self.env.ref("base.view_partner_form")._get_combined_arch()     # all groups' parts
        self.assertEqual(form.xpath("//group[@name='purchase']/field[1]")[0].get("name"),
                         "property_supplier_payment_term_id")
        self.assertEqual(form.xpath("//group[@name='sale']/field")[-1].get("name"), "property_payment_term_id")
        self.assertTrue(form.xpath("//page[@name='accounting']//field[@name='property_account_receivable_id']"))


class TestMoveSalesperson(TransactionCase):

    def test_a_move_s_salesperson_is_its_creator_and_groups_the_invoice_search(self):
        journal = self.env["account.journal"].search([("type", "=", "general")], limit=1)
        move = self.env["account.move"].create({"journal_id": journal.id})
        self.assertEqual(move.invoice_user_id, self.env.user)
        search = self.env.ref("account.view_account_invoice_filter")._get_combined_arch()
        salesperson = search.xpath("//filter[@name='salesperson']")[0]
        self.assertEqual(salesperson.get("context"), "{'group_by': 'invoice_user_id'}")
