"""What the POS tests share: a company's till with cash, card and customer-account methods,
products with taxes in and out of the price, a cashier and a manager, and order payloads
shaped as Odoo 17's browser sends them."""
from __future__ import annotations

import itertools

from odoo import Command
from odoo.tests.common import TransactionCase


class PosTestCase(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        journals = cls.env["account.journal"]
        cls.cash_journal = journals.create({"name": "POS Test Cash", "code": "PTC", "type": "cash",
                                            "company_id": cls.company.id})
        cls.bank_journal = journals.create({"name": "POS Test Bank", "code": "PTB", "type": "bank",
                                            "company_id": cls.company.id})
        methods = cls.env["pos.payment.method"]
        cls.cash = methods.create({"name": "Test Cash", "journal_id": cls.cash_journal.id})
        cls.card = methods.create({"name": "Test Card", "journal_id": cls.bank_journal.id})
        cls.account = methods.create({"name": "Test Customer Account", "split_transactions": True})
        cls.config = cls.env["pos.config"].create({
            "name": "Test Till", "payment_method_ids": [Command.set([cls.cash.id, cls.card.id, cls.account.id])]})
        cls.tax_excluded = cls.env["account.tax"].create({
            "name": "Test 15%", "amount": 15.0, "amount_type": "percent", "company_id": cls.company.id})
        cls.tax_included = cls.env["account.tax"].create({
            "name": "Test 10% incl.", "amount": 10.0, "amount_type": "percent", "price_include": True,
            "company_id": cls.company.id})
        cls.pos_category = cls.env["pos.category"].create({"name": "Test Shelf"})
        cls.pen = cls.product("Test Pen", 10.0, cls.tax_excluded)
        cls.coffee = cls.product("Test Coffee", 2.2, cls.tax_included)
        cls.customer = cls.env["res.partner"].create({"name": "Test Customer"})
        cls.cashier = cls.user("test_pos_cashier", "point_of_sale.group_pos_user")
        cls.cashier2 = cls.user("test_pos_cashier2", "point_of_sale.group_pos_user")
        cls.manager = cls.user("test_pos_manager", "point_of_sale.group_pos_manager")
        cls.numbers = itertools.count(1)

    @classmethod
    def product(cls, name: str, price: float, taxes, **values):
        return cls.env["product.product"].create({
            "name": name, "list_price": price, "available_in_pos": True,
            "taxes_id": [Command.set(taxes.ids)], "pos_categ_ids": [Command.set(cls.pos_category.ids)],
            **values})

    @classmethod
    def user(cls, login: str, group: str, company=None):
        company = company or cls.company
        return cls.env["res.users"].create({
            "name": login, "login": login, "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([cls.env.ref(group).id])]})

    def open_session(self, config=None, user=None):
        config = config or self.config
        config.with_user(user or self.env.user).open_ui()
        session = config.current_session_id
        if session.state == "opening_control":
            session.set_cashbox_pos(0.0, "")
        return session

    def order_payload(self, session, lines, payments=None, uuid=None, name=None, amount_return=0.0,
                      partner=None, **data) -> dict:
        """An order as Odoo 17's browser sends it: ``lines`` are (product, qty) or
        (product, qty, refunded line) pairs, ``payments`` (method, amount) pairs (default: cash
        for the total). Client figures come from the tax engine like the browser's."""
        number = next(self.numbers)
        reference = name or f"Order {session.id:05d}-001-{number:04d}"
        order_lines, total, tax = [], 0.0, 0.0
        for line in lines:
            product, qty = line[0], line[1]
            taxes = product.taxes_id
            result = taxes.compute_all(product.lst_price, self.company.currency_id, qty, product=product)
            total += result["total_included"]
            tax += result["total_included"] - result["total_excluded"]
            values = {"product_id": product.id, "qty": qty, "price_unit": product.lst_price, "discount": 0,
                      "price_subtotal": result["total_excluded"], "price_subtotal_incl": result["total_included"],
                      "tax_ids": [[6, False, taxes.ids]], "pack_lot_ids": [], "id": number}
            if len(line) > 2:
                values["refunded_orderline_id"] = line[2].id
            order_lines.append([0, 0, values])
        total, tax = round(total, 2), round(tax, 2)
        if payments is None:
            payments = [(self.cash, total)]
        paid = round(sum(amount for _method, amount in payments), 2)
        body = {
            "name": reference, "uid": reference.removeprefix("Order "), "sequence_number": number,
            "pos_session_id": session.id, "user_id": self.env.uid, "partner_id": partner.id if partner else False,
            "pricelist_id": False, "fiscal_position_id": False, "date_order": "2024-05-01 10:00:00",
            "amount_paid": paid, "amount_total": total, "amount_tax": tax, "amount_return": amount_return,
            "to_invoice": False, "server_id": False, "lines": order_lines,
            "statement_ids": [[0, 0, {"name": "2024-05-01 10:00:00", "payment_method_id": method.id,
                                      "amount": amount}] for method, amount in payments],
            **data,
        }
        if uuid:
            body["uuid"] = uuid
        return {"id": body["uid"], "to_invoice": False, "data": body}
