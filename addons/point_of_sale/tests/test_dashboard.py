"""The managers' dashboard: its figures against sums made by hand, a query count that does not
grow with the orders, the launcher after login, the access refusals over HTTP, and the
refused orders' actions (fix and retry, drop with a note)."""
from __future__ import annotations

import json

from odoo import Command
from odoo.addons.point_of_sale.tests.common import PosTestCase
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged


class DashboardData:
    """Three paid orders on 1 May 2024 (Brussels time, UTC+2), one on 3 May, one refused."""

    def make_sales(self):
        self.session = self.open_session()
        sync = self.env["pos.order"].create_from_ui
        #  A: 2 pens = 23.00 cash, 10:00 UTC = 12:00 in Brussels, by the admin
        #  B: 1 coffee = 2.20 card, 10:30 UTC = 12:30, by the admin
        #  C: 1 pen + 1 coffee = 13.70 card, 15:00 UTC = 17:00, by the cashier
        #  D: 1 pen = 11.50 on 3 May: outside the range
        answers = sync([
            self.order_payload(self.session, [(self.pen, 2)], date_order="2024-05-01 10:00:00"),
            self.order_payload(self.session, [(self.coffee, 1)], payments=[(self.card, 2.2)],
                               date_order="2024-05-01 10:30:00"),
            self.order_payload(self.session, [(self.pen, 1), (self.coffee, 1)], payments=[(self.card, 13.7)],
                               date_order="2024-05-01 15:00:00", user_id=self.cashier.id),
            self.order_payload(self.session, [(self.pen, 1)], date_order="2024-05-03 09:00:00"),
        ])
        assert [answer["status"] for answer in answers] == ["stored"] * 4, answers
        bad = self.order_payload(self.session, [(self.pen, 1)], payments=[(self.cash, 1.0)])
        [refused] = sync([bad])
        assert refused["status"] == "refused", refused
        return refused


class TestDashboardFigures(PosTestCase, DashboardData):

    def figures(self, **kw):
        return self.env["pos.dashboard"].with_context(tz="Europe/Brussels").get_sales_figures(
            "2024-05-01", "2024-05-02", self.company.id, **kw)

    def test_figures_match_the_sums_made_by_hand(self):
        self.make_sales()
        figures = self.figures()
        self.assertEqual((figures["total"], figures["orders"], figures["average"]), (38.9, 3, 12.97))
        charts = figures["charts"]
        hours = {bar["label"]: (bar["value"], bar["count"]) for bar in charts["hour"] if bar["count"]}
        self.assertEqual(hours, {"12:00": (25.2, 2), "17:00": (13.7, 1)})
        self.assertEqual(len(charts["hour"]), 24)
        self.assertEqual([(bar["label"], bar["value"], bar["count"]) for bar in charts["product"]],
                         [("Test Pen", 34.5, 3.0), ("Test Coffee", 4.4, 2.0)])
        self.assertEqual([(bar["label"], bar["value"]) for bar in charts["category"]], [("Test Shelf", 38.9)])
        self.assertEqual([(bar["label"], bar["value"], bar["count"]) for bar in charts["payment_method"]],
                         [("Test Cash", 23.0, 1), ("Test Card", 15.9, 2)])
        self.assertEqual([(bar["label"], bar["value"], bar["count"]) for bar in charts["session"]],
                         [(self.session.name, 38.9, 3)])
        self.assertEqual({bar["label"]: bar["value"] for bar in charts["cashier"]},
                         {self.env.user.name: 25.2, self.cashier.name: 13.7})

    def test_one_query_per_chart_whatever_the_number_of_orders(self):
        self.make_sales()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.figures()
        few = self.env.cr.sql_log_count - before
        products = [self.product(f"Dashboard Extra {n}", 1.0 + n, self.tax_excluded) for n in range(6)]
        other = self.env["pos.config"].create({"name": "Second Till", "payment_method_ids": [
            Command.set([self.cash.id, self.card.id])]})
        second = self.open_session(other, user=self.cashier2)
        self.env["pos.order"].create_from_ui([
            self.order_payload(second if n % 2 else self.session, [(product, 2)], date_order="2024-05-01 08:00:00",
                               user_id=(self.cashier2 if n % 2 else self.manager).id)
            for n, product in enumerate(products)])
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        figures = self.figures()
        many = self.env.cr.sql_log_count - before
        self.assertEqual(figures["orders"], 9)
        self.assertEqual(many, few)

    def test_cashiers_and_other_companies_are_refused(self):
        with self.assertRaises(AccessError):
            self.env["pos.dashboard"].with_user(self.cashier).get_sales_figures("2024-05-01", "2024-05-01")
        other = self.env["res.company"].create({"name": "Dashboard Other Co"})
        with self.assertRaises(AccessError):
            self.env["pos.dashboard"].with_user(self.manager).get_sales_figures("2024-05-01", "2024-05-01",
                                                                                other.id)


@tagged("post_install", "-at_install")
class TestDashboardHttp(HttpCase, PosTestCase, DashboardData):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.cashier, cls.manager):
            user.password = "pos-password-1"
        cls.manager.tz = "Europe/Brussels"

    def login_form(self, login):
        page = self.url_open("/web/login")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        return self.url_open("/web/login", data={"login": login, "password": "pos-password-1",
                                                 "csrf_token": token}, allow_redirects=False)

    def test_login_lands_pos_users_on_the_launcher(self):
        self.open_session()
        answer = self.login_form(self.cashier.login)
        self.assertEqual(answer.status_code, 303)
        self.assertTrue(answer.headers["Location"].endswith("/pos/launcher"), answer.headers["Location"])
        launcher = self.url_open("/pos/launcher")
        self.assertEqual(launcher.status_code, 200)
        self.assertIn("Test Till", launcher.text)
        self.assertIn(f'href="/pos/ui?config_id={self.config.id}"', launcher.text)       # Continue Selling
        self.assertIn("Continue Selling", launcher.text)
        self.assertNotIn("dashboard-link", launcher.text)
        self.assertIn('href="/pos/launcher"', self.url_open("/web").text)

    def test_a_cashier_gets_403_on_the_dashboard(self):
        self.login_form(self.cashier.login)
        for path in ("/pos/dashboard", "/pos/dashboard/refused/1"):
            answer = self.url_open(path)
            self.assertEqual(answer.status_code, 403, path)
            self.assertIn("is for managers", answer.text)

    def test_the_manager_sees_the_charts_and_fixes_a_refused_order(self):
        refused = self.make_sales()
        answer = self.login_form(self.manager.login)
        self.assertTrue(answer.headers["Location"].endswith("/pos/launcher"))
        self.assertIn("dashboard-link", self.url_open("/pos/launcher").text)
        page = self.url_open("/pos/dashboard?date_from=2024-05-01&date_to=2024-05-02").text
        self.assertIn('class="value kpi-total">$ 38.90<', page.replace("\u00a0", " "))
        self.assertIn('data-label="Test Pen" data-value="34.5"', page)
        self.assertIn('data-label="17:00" data-value="13.7"', page)
        self.assertIn(f'class="refused-order" data-id="{refused["rejected_id"]}"', page)
        rejected = self.env["pos.order.rejected"].browse(refused["rejected_id"])
        self.assertIn("is not fully paid", rejected.reason)
        # the manager fixes the payment in the raw data and stores the order
        envelope = json.loads(rejected.raw_data)
        envelope["data"]["statement_ids"][0][2]["amount"] = 11.5
        envelope["data"]["amount_paid"] = 11.5
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        done = self.url_open(f"/pos/dashboard/refused/{rejected.id}/retry", data={
            "csrf_token": token, "raw_data": json.dumps(envelope)})
        self.assertIn("is stored as order", done.text)
        rejected.invalidate_recordset()
        self.assertEqual(rejected.state, "stored")
        self.assertEqual(rejected.order_id.amount_paid, 11.5)

    def test_a_refused_order_is_dropped_with_a_note(self):
        refused = self.make_sales()
        self.login_form(self.manager.login)
        page = self.url_open("/pos/dashboard").text
        assert 'name="csrf_token"' in page, page
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        path = f"/pos/dashboard/refused/{refused['rejected_id']}/drop"
        self.assertIn("a note is needed", self.url_open(path, data={"csrf_token": token, "note": " "}).text)
        self.url_open(path, data={"csrf_token": token, "note": "customer left without paying"})
        rejected = self.env["pos.order.rejected"].browse(refused["rejected_id"])
        rejected.invalidate_recordset()
        self.assertEqual((rejected.state, rejected.note), ("dropped", "customer left without paying"))
