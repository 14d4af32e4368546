"""The POS payload: Odoo 17's keys and shapes, the seed's entry, a fixed number of queries."""
from __future__ import annotations

import gc
import gzip
import json
from unittest.mock import patch

import orjson

from odoo import Command
from odoo.addons.point_of_sale.controllers.payload import build_payload
from odoo.addons.point_of_sale.models import pos_session_fast_read
from odoo.addons.point_of_sale.tools import payload_cache
from odoo.exceptions import AccessError, UserError
from odoo.service import collector
from odoo.tools.date_utils import json_default

from .common import PosTestCase

#: the keys of Odoo 17's load_pos_data answer (its sample, captured from a running 17.0)
ODOO17_KEYS = {
    "account.cash.rounding", "account.fiscal.position", "account.tax", "attributes_by_ptal_id", "base_url",
    "decimal.precision", "open_orders", "partner_commercial_fields", "pos.bill", "pos.category", "pos.combo",
    "pos.combo.line", "pos.config", "pos.payment.method", "pos.printer", "pos.session", "pos_has_valid_product",
    "pos_special_products_ids", "product.packaging", "product.pricelist", "product.product", "res.company",
    "res.country", "res.country.state", "res.currency", "res.lang", "res.partner", "res.users",
    "show_category_images", "show_product_images", "stock.picking.type", "taxes_by_id", "units_by_id",
    "uom.uom", "version",
}
#: the fields of one record of each list or dict, as in the sample
ODOO17_FIELDS = {
    "account.tax": {"amount", "amount_type", "children_tax_ids", "company_id", "id", "include_base_amount",
                    "is_base_affected", "name", "price_include", "sum_repartition_factor"},
    "pos.bill": {"id", "name", "value"},
    "pos.category": {"child_id", "has_image", "id", "name", "parent_id", "write_date"},
    "pos.payment.method": {"id", "image", "is_cash_count", "is_online_payment", "name", "sequence",
                           "split_transactions", "type", "use_payment_terminal"},
    "product.product": {"active", "attribute_line_ids", "available_in_pos", "barcode", "categ", "categ_id",
                        "combo_ids", "default_code", "description", "description_sale", "display_name", "id",
                        "image_128", "lst_price", "pos_categ_ids", "product_tmpl_id", "standard_price",
                        "taxes_id", "to_weight", "tracking", "uom_id", "write_date"},
    "res.partner": {"barcode", "city", "country_id", "email", "id", "lang", "mobile", "name", "parent_name",
                    "phone", "property_account_position_id", "property_product_pricelist", "state_id",
                    "street", "vat", "write_date", "zip"},
    "pos.session": {"access_token", "cash_register_balance_start", "config_id", "id", "name",
                    "payment_method_ids", "sequence_number", "start_at", "state", "stop_at",
                    "update_stock_at_closing", "user_id"},
    "res.users": {"id", "name", "partner_id", "role"},
    "res.currency": {"decimal_places", "id", "name", "position", "rate", "rounding", "symbol"},
    "res.company": {"company_registry", "country", "country_id", "currency_id", "email", "id", "name",
                    "nomenclature_id", "partner_id", "phone", "point_of_sale_ticket_unique_code",
                    "point_of_sale_use_ticket_qr_code", "state_id", "tax_calculation_rounding_method", "vat",
                    "website"},
}


class TestPayload(PosTestCase):

    def setUp(self):
        super().setUp()
        self.session = self.open_session()

    def payload(self, user=None):
        config = self.config.with_user(user) if user else self.config
        # through JSON as the browser gets it
        return json.loads(json.dumps(config._get_pos_ui_data(), default=str))

    def test_keys_and_shapes_as_odoo_17(self):
        data = self.payload()
        self.assertLessEqual(ODOO17_KEYS, set(data))
        for key, fields_ in ODOO17_FIELDS.items():
            record = data[key] if isinstance(data[key], dict) else data[key][0]
            self.assertLessEqual(fields_, set(record), key)
        for key in ("pos.session", "pos.config", "res.users", "res.company", "res.currency", "stock.picking.type"):
            self.assertIsInstance(data[key], dict, key)
        self.assertEqual(data["pos.session"]["id"], self.session.id)
        self.assertEqual(data["pos.session"]["config_id"], [self.config.id, "Test Till"])
        self.assertEqual(data["pos.config"]["name"], "Test Till")
        self.assertIn("product_configurator_ids", data["pos.config"])
        self.assertIn("iface_available_categ_ids", data["pos.config"])
        self.assertEqual(data["res.users"]["role"], "manager")
        self.assertEqual(data["res.currency"]["name"], self.company.currency_id.name)
        self.assertEqual(data["version"]["server_serie"], "17.0")
        self.assertEqual(data["decimal.precision"]["Product Price"], 2)
        self.assertEqual(sorted(m["id"] for m in data["pos.payment.method"]),
                         sorted((self.cash | self.card | self.account).ids))
        self.assertEqual({m["type"] for m in data["pos.payment.method"]}, {"cash", "bank", "pay_later"})
        pen = next(p for p in data["product.product"] if p["id"] == self.pen.id)
        self.assertEqual((pen["lst_price"], pen["taxes_id"], pen["pos_categ_ids"], pen["image_128"]),
                         (10.0, self.tax_excluded.ids, self.pos_category.ids, False))
        self.assertEqual(pen["categ"]["id"], self.pen.categ_id.id)
        self.assertEqual(data["taxes_by_id"][str(self.tax_included.id)]["price_include"], True)
        self.assertEqual(data["taxes_by_id"][str(self.tax_included.id)]["sum_repartition_factor"], 1.0)
        self.assertIn(str(self.pen.uom_id.id), data["units_by_id"])

    def test_cashier_role_and_rights(self):
        data = self.payload(user=self.cashier)
        self.assertEqual(data["res.users"]["role"], "cashier")
        self.assertEqual(data["res.users"]["id"], self.cashier.id)
        nobody = self.user("test_pos_not_pos", "base.group_user")
        with self.assertRaises(AccessError):
            self.session.with_user(nobody).load_pos_data()

    def test_load_pos_data_is_get_pos_ui_data(self):
        self.assertEqual(json.dumps(self.session.load_pos_data(), default=str, sort_keys=True),
                         json.dumps(self.config._get_pos_ui_data(), default=str, sort_keys=True))

    def test_no_session_no_payload(self):
        self.session.close_session_from_ui()
        with self.assertRaisesRegex(UserError, "Test Till has no open session"):
            self.config._get_pos_ui_data()

    def test_categories_shown_are_one_piece_of_data(self):
        other = self.env["pos.category"].create({"name": "Test Hidden"})
        child = self.env["pos.category"].create({"name": "Test Shelf Child", "parent_id": self.pos_category.id})
        hidden = self.product("Test Hidden Thing", 1.0, self.tax_excluded, pos_categ_ids=[Command.set(other.ids)])
        config = self.env["pos.config"].create({
            "name": "Limited", "payment_method_ids": [Command.set(self.card.ids)],
            "product_configurator_ids": [Command.set(self.pos_category.ids)]})
        self.assertEqual((config.limit_categories, config.iface_available_categ_ids), (True, self.pos_category))
        self.assertEqual(config.product_configurator_ids, self.pos_category)
        config.open_ui()
        data = config._get_pos_ui_data()
        self.assertEqual({c["id"] for c in data["pos.category"]}, {self.pos_category.id, child.id})
        ids = {p["id"] for p in data["product.product"]}
        self.assertIn(self.pen.id, ids)
        self.assertNotIn(hidden.id, ids)
        config.current_session_id.close_session_from_ui()
        config.write({"limit_categories": False})
        self.assertFalse(config.product_configurator_ids)
        config.write({"product_configurator_ids": [Command.set(other.ids)]})
        self.assertEqual((config.limit_categories, config.iface_available_categ_ids), (True, other))

    def test_query_count_does_not_grow_with_records(self):
        self.config._get_pos_ui_data()       # warm the caches of the environment
        self.env.invalidate_all()
        cr = self.env.cr
        start = cr.sql_log_count
        self.config._get_pos_ui_data()
        few = cr.sql_log_count - start
        for number in range(30):
            self.product(f"Test Bulk {number}", 1.0 + number, self.tax_excluded | self.tax_included)
            self.env["res.partner"].create({"name": f"Test Bulk Customer {number}"})
        self.env.invalidate_all()
        start = cr.sql_log_count
        data = self.config._get_pos_ui_data()
        many = cr.sql_log_count - start
        self.assertGreaterEqual(len(data["product.product"]), 32)
        self.assertEqual(many, few, "the payload's queries grow with the number of records")
        models = len(self.env["pos.session"]._pos_ui_models_to_load())
        self.assertLessEqual(few, 5 * models, "a few queries per model loaded, no more")

    def test_the_cold_build_holds_off_the_cyclic_collector(self):
        """``build_payload`` runs with the collector off (reentrant, back on afterwards)."""
        seen = []
        split = type(self.session)._pos_ui_split_payload

        def probe(session, data):
            seen.append((gc.isenabled(), data))
            return split(session, data)
        self.assertTrue(gc.isenabled())
        with collector.paused():
            with collector.paused():
                self.assertFalse(gc.isenabled())
            self.assertFalse(gc.isenabled())            # the outer block still runs
        self.assertTrue(gc.isenabled())
        with patch.object(type(self.session), "_pos_ui_split_payload", probe):
            session_part, entry = build_payload(self.session, ("test",))
        [(enabled, data)] = seen
        self.assertEqual((enabled, gc.isenabled()), (False, True))
        self.assertEqual(session_part["pos.session"]["id"], self.session.id)
        self.assertIn(b'"product.product":', entry.body)
        # the rows were freed with the collector still off (the loaders' context holds the dict)
        self.assertEqual(data, {})

    def test_freeing_the_rows_may_wait_for_the_answer(self):
        """With ``defer`` (the HTTP answer's after-response hooks), the rows are freed and the
        collector is back on only when the deferred function runs; the entry is whole already."""
        seen, deferred = [], []
        split = type(self.session)._pos_ui_split_payload

        def probe(session, data):
            seen.append(data)
            return split(session, data)
        with patch.object(type(self.session), "_pos_ui_split_payload", probe):
            session_part, entry = build_payload(self.session, ("test",), defer=deferred.append)
        [release] = deferred
        try:
            [data] = seen
            self.assertFalse(gc.isenabled())
            self.assertIn("product.product", data)
            self.assertIn(b'"product.product":', entry.body)
        finally:
            release()
        self.assertTrue(gc.isenabled())
        self.assertEqual(data, {})

    def test_the_catalogue_is_encoded_member_by_member(self):
        """The catalogue's text, serialised member by member while its pieces compress, is
        the object's own JSON text (keys that are ids written as text, dates as Odoo writes
        them), and the compressed answer holds it whole."""
        members = {
            "res.company": {"id": 1, "name": "Test Ümlaut Company", "country": None},
            "units_by_id": {1: {"id": 1, "name": "Units"}, 12: {"id": 12, "name": "kg"}},
            "product.product": [{"id": n, "display_name": f"Test Product {n}", "lst_price": n / 7,
                                 "write_date": self.session.start_at, "taxes_id": [n, n + 1]}
                                for n in range(3000)],
            "version": {"server_version_info": [17, 0, 0, "final", 0, ""]},
        }
        with patch.object(payload_cache, "PIECE_SIZE", 20_000):
            entry = payload_cache.encode_members(members).entry(("test",))
        whole = orjson.dumps(members, default=json_default,
                             option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS)
        self.assertEqual(entry.body, whole[1:-1])
        self.assertEqual(entry.body, payload_cache.object_inside(members))
        self.assertGreater(entry.deflated.count(b"\x00\x00\xff\xff"), 5)       # in pieces
        self.assertEqual(gzip.decompress(entry.gzipped(b"{", b"}")), whole)
        self.assertEqual(json.loads(whole)["units_by_id"]["12"]["name"], "kg")

    def test_load_more_by_params(self):
        products = self.session.get_pos_ui_product_product_by_params(
            {"domain": [("id", "=", self.coffee.id)], "fields": ["display_name", "lst_price"]})
        self.assertEqual([(p["id"], p["display_name"], p["lst_price"]) for p in products],
                         [(self.coffee.id, "Test Coffee", 2.2)])
        partners = self.session.get_pos_ui_res_partner_by_params(
            {"domain": [("name", "=", "Test Customer")], "limit": 5})
        self.assertEqual([p["id"] for p in partners], self.customer.ids)
        with self.assertRaisesRegex(UserError, "Unknown search parameters: context"):
            self.session.get_pos_ui_res_partner_by_params({"context": {}})
        self.assertEqual(self.session.find_product_by_barcode("nope"), {})


class TestFastRead(PosTestCase):
    """The products and customers of the payload are read with one SELECT each: the rows are
    those ``search_read`` gives, field for field."""

    def setUp(self):
        super().setUp()
        self.session = self.open_session()
        self.env["res.lang"]._activate_lang("fr_FR")
        size = self.env["product.attribute"].create({"name": "Test Size", "value_ids": [
            Command.create({"name": name}) for name in ("S", "M")]})
        self.shirt = self.env["product.template"].create({
            "name": "Test Shirt", "list_price": 10.0, "available_in_pos": True, "sale_ok": True,
            "pos_categ_ids": [Command.set(self.pos_category.ids)],
            "taxes_id": [Command.set((self.tax_excluded | self.tax_included).ids)],
            "attribute_line_ids": [Command.create({"attribute_id": size.id,
                                                   "value_ids": [Command.set(size.value_ids.ids)]})]})
        self.shirt.attribute_line_ids.product_template_value_ids[1:].price_extra = 2.5
        self.pen.write({"default_code": "PEN-1", "description_sale": "Blue ink", "standard_price": 4.0})
        self.pen.product_tmpl_id.with_context(lang="fr_FR").name = "Stylo de test"
        self.tax_included.active = False                    # an archived tax is left out of taxes_id
        company = self.env["res.partner"].create({"name": "Test Fast Company", "city": "Liège"})
        self.env["res.partner"].create({"name": "Test Fast Person", "parent_id": company.id, "lang": "fr_FR"})
        belgium = self.env.ref("base.be")
        group = self.env["res.country.group"].create({"name": "Test Benelux",
                                                      "country_ids": [Command.set(belgium.ids)]})
        self.env["product.pricelist"].create({"name": "Test Benelux Prices",
                                                        "country_group_ids": [Command.set(group.ids)]})
        own = self.env["product.pricelist"].create({"name": "Test Own Prices"})
        self.env["res.partner"].create([{"name": "Test Fast Belgian", "country_id": belgium.id},
                                        {"name": "Test Fast Belgian 2", "country_id": belgium.id},
                                        {"name": "Test Fast Own", "country_id": belgium.id,
                                         "specific_property_product_pricelist": own.id}])

    def compare(self, model: str, fields_: list, lang: str, **context) -> None:
        session = self.session.with_context(lang=lang, **context)
        records = session.env[model]
        params = {"domain": session._product_domain() if model == "product.product" else session._partner_domain(),
                  "fields": fields_, "order": "id"}
        self.env.invalidate_all()              # the names cached in another language
        expected = records.search_read(**params)
        self.env.invalidate_all()
        sessions = session.env["pos.session"]
        shaping = pos_session_fast_read.product_computed if model == "product.product" else \
            pos_session_fast_read.partner_computed
        computed, helpers, names_sql = shaping(records)
        rows = sessions._fast_search_read(records, params, fields_, computed, helpers, names_sql)
        self.assertGreater(len(rows), 3)
        self.assertEqual(payload_cache.dumps(rows), payload_cache.dumps(expected))      # as on the wire

    def test_products_as_search_read_gives_them(self):
        fields_ = [f for f in self.session._loader_params_product_product()["search_params"]["fields"]
                   if f in self.env["product.product"]._fields and f not in ("image_128", "combo_ids", "tracking")]
        for lang in ("en_US", "fr_FR"):
            self.compare("product.product", fields_, lang, display_default_code=False)
            self.compare("product.product", fields_, lang)
        with patch.object(pos_session_fast_read, "BIG_KEYS", 1):       # ids given to PostgreSQL as a range
            self.compare("product.product", fields_, "en_US")

    def test_many2many_targets_in_their_model_order(self):
        """A product's taxes and POS categories come in their models' order (sequence first),
        not in the order of the link rows; an archived tax is still left out."""
        taxes = self.env["account.tax"].create([{"name": f"Test Order Tax {n}", "amount": n, "sequence": 30 - n,
                                                "type_tax_use": "sale"} for n in (1, 2, 3)])
        categories = self.env["pos.category"].create([{"name": f"Test Order Category {n}", "sequence": 30 - n}
                                                      for n in (1, 2)])
        self.pen.write({"taxes_id": [Command.set([*taxes.ids, self.tax_included.id])],
                        "pos_categ_ids": [Command.set(categories.ids)]})
        for big_keys in (pos_session_fast_read.BIG_KEYS, 1):     # the link rows read by ids, then by their range
            with patch.object(pos_session_fast_read, "BIG_KEYS", big_keys):
                self.compare("product.product", ["taxes_id", "pos_categ_ids"], "en_US")
                rows = self.session._get_pos_ui_product_product(self.session._loader_params_product_product())
            pen = next(row for row in rows if row["id"] == self.pen.id)
            self.assertEqual((pen["taxes_id"], pen["pos_categ_ids"]), (taxes.ids[::-1], categories.ids[::-1]))

    def test_customers_as_search_read_gives_them(self):
        fields_ = [f for f in self.session._loader_params_res_partner()["search_params"]["fields"]
                   if f in self.env["res.partner"]._fields]
        for lang in ("en_US", "fr_FR"):
            self.compare("res.partner", fields_, lang)
        rows = self.session._get_pos_ui_res_partner(self.session._loader_params_res_partner())
        chosen = {row["name"]: row["property_product_pricelist"] and row["property_product_pricelist"][1]
                  for row in rows}
        self.assertEqual((chosen["Test Fast Belgian 2"], chosen["Test Fast Own"]),
                         ("Test Benelux Prices (USD)", "Test Own Prices (USD)"))

    def test_states_as_search_read_gives_them(self):
        """The country states (one SELECT for all) are those ``search_read`` gives, their
        country's name in the user's language."""
        for lang in ("en_US", "fr_FR"):
            session = self.session.with_context(lang=lang)
            params = session._loader_params_res_country_state()
            self.env.invalidate_all()
            expected = session.env["res.country.state"].search_read(**params["search_params"])
            self.env.invalidate_all()
            rows = session._get_pos_ui_res_country_state(params)
            self.assertGreater(len(rows), 10)
            self.assertEqual(payload_cache.dumps(rows), payload_cache.dumps(expected))

    def test_record_rules_hold_for_a_restricted_cashier(self):
        """The rows come from the rule-filtered query and are not checked again in Python:
        a cashier under a rule gets exactly the records it allows, with the values
        ``search_read`` gives that cashier (the company-dependent and computed ones too)."""
        hidden = self.env["res.partner"].create({"name": "Test Fast Hidden", "barcode": "HID-1"})
        shown = self.env["res.partner"].create({"name": "Test Fast Shown", "barcode": "SHO-1"})
        hidden_product = self.product("Test Fast Hidden Product", 3.0, self.tax_excluded)
        group = self.env.ref("point_of_sale.group_pos_user")
        for model, name in (("res.partner", "Test Fast Hidden"), ("product.product", "Test Fast Hidden Product")):
            self.env["ir.rule"].create({
                "name": f"Test no {name}", "model_id": self.env["ir.model"]._get(model).id,
                "groups": [Command.set(group.ids)], "domain_force": repr([("name", "!=", name)])})
        session = self.session.with_user(self.cashier)
        self.env.invalidate_all()
        partners = session._get_pos_ui_res_partner(session._loader_params_res_partner())
        products = session._get_pos_ui_product_product(session._loader_params_product_product())
        partner_ids, product_ids = {row["id"] for row in partners}, {row["id"] for row in products}
        self.assertNotIn(hidden.id, partner_ids)
        self.assertNotIn(hidden_product.id, product_ids)
        self.assertIn(shown.id, partner_ids)
        self.assertIn(self.pen.id, product_ids)
        self.assertEqual([row["barcode"] for row in partners if row["id"] == shown.id], ["SHO-1"])
        fields_ = [f for f in session._loader_params_res_partner()["search_params"]["fields"]
                   if f in self.env["res.partner"]._fields]
        params = {"domain": session._partner_domain(), "fields": fields_, "order": "id"}
        self.env.invalidate_all()
        expected = session.env["res.partner"].search_read(**params)
        self.env.invalidate_all()
        computed, helpers, names_sql = pos_session_fast_read.partner_computed(session.env["res.partner"])
        rows = session._fast_search_read(session.env["res.partner"], params, fields_, computed, helpers, names_sql)
        self.assertEqual(payload_cache.dumps(rows), payload_cache.dumps(expected))
        # the admin, under no such rule, gets both
        admin_ids = {row["id"] for row in self.session._get_pos_ui_res_partner(
            self.session._loader_params_res_partner())}
        self.assertLessEqual({hidden.id, shown.id}, admin_ids)
