"""Base's own models: groups implying groups, companies (the main one too), module
categories, country groups."""
from __future__ import annotations

import datetime

# -- res.groups ---------------------------------------------------------------------------------

def test_a_group_implying_two_chains_implies_both_transitively(env):
    Groups = env["res.groups"]
    leaf_b, leaf_c = Groups.create([{"name": "Leaf B"}, {"name": "Leaf C"}])
    mid_b = Groups.create({"name": "Mid B", "implied_ids": [(4, leaf_b.id)]})
    mid_c = Groups.create({"name": "Mid C", "implied_ids": [(4, leaf_c.id)]})
    top = Groups.create({"name": "Top", "implied_ids": [(6, 0, (mid_b | mid_c).ids)]})
    assert top.trans_implied_ids == mid_b | mid_c | leaf_b | leaf_c
    user = env["res.users"].create({"name": "Gina", "login": "gina",
                                    "groups_id": [(6, 0, top.ids)]})
    assert (top | mid_b | mid_c | leaf_b | leaf_c) <= user.groups_id


def test_a_user_given_a_group_implying_the_employee_group_is_internal(env):
    """res.users.share depends on groups_id; the implied groups are added by writing the
    other side (res.groups.users): that write must make the share flag due again."""
    staff = env["res.groups"].create({"name": "Staff", "implied_ids": [(4, env.ref("base.group_user").id)]})
    user = env["res.users"].create({"name": "Ivo", "login": "ivo", "groups_id": [(6, 0, staff.ids)]})
    assert env.ref("base.group_user") in user.groups_id
    assert (user.share, user._is_internal()) == (False, True)
    env.flush_all()
    env.cr.execute("SELECT share FROM res_users WHERE id = %s", (user.id,))
    assert env.cr.fetchall() == [(False,)]
    # taken out of the employee group from the group's side: a share user again
    (staff | env.ref("base.group_user")).write({"users": [(3, user.id)]})
    assert (user.share, user._is_internal()) == (True, False)


# -- ir.module.category ------------------------------------------------------------------------

def test_base_has_odoos_application_categories(env):
    assert env.ref("base.module_category_hidden").name == "Technical"
    assert env.ref("base.module_category_usability").name == "Extra Rights"
    assert env.ref("base.module_category_accounting_accounting").name == "Invoicing"
    assert env.ref("base.group_multi_company").category_id == env.ref("base.module_category_usability")


def test_manifest_categories_get_base_ids_with_their_parents(env):
    pos = env.ref("base.module_category_sales_point_of_sale")
    assert (pos.name, pos.parent_id) == ("Point of Sale", env.ref("base.module_category_sales"))
    assert env.ref("base.module_category_inventory_inventory").parent_id.name == "Inventory"


# -- res.company --------------------------------------------------------------------------------

def test_a_company_made_with_a_country_keeps_its_name(env):
    belgium = env.ref("base.be")
    company = env["res.company"].create({"name": "Brussels Bakery", "country_id": belgium.id,
                                         "street": "Rue Haute 1"})
    env.invalidate_all()
    assert (company.name, company.country_id, company.street) == ("Brussels Bakery", belgium, "Rue Haute 1")
    assert (company.partner_id.name, company.partner_id.country_id) == ("Brussels Bakery", belgium)
    assert company.partner_id.is_company


# -- res.currency -------------------------------------------------------------------------------

def test_currency_rounds_as_odoo(env):
    usd = env.ref("base.USD")
    assert usd.round(52.50 / 1.12) == 46.88
    assert usd.is_zero(0.004) and not usd.is_zero(0.005)
    assert usd.compare_amounts(46.875, 52.50 / 1.12) == 0



def test_main_company_is_base_main_company_else_the_oldest(env):
    main = env.ref("base.main_company")
    env["res.company"].create({"name": "Younger Co"})
    assert env["res.company"]._get_main_company() == main
    env["ir.model.data"].search([("module", "=", "base"), ("name", "=", "main_company")]).unlink()
    oldest = env["res.company"].search([], order="id", limit=1)
    assert env["res.company"]._get_main_company() == oldest


def test_country_groups_and_their_countries_see_each_other(env):
    north, south = env["res.country"].create([{"name": "Test North", "code": "XN"},
                                              {"name": "Test South", "code": "XS"}])
    group = env["res.country.group"].create({"name": "Test Region", "country_ids": [(6, 0, north.ids)]})
    assert north.country_group_ids == group and not south.country_group_ids
    south.country_group_ids = [(4, group.id)]
    assert group.country_ids == north | south


# -- decimal.precision --------------------------------------------------------------------------

def test_precision_get_is_remembered_and_forgotten_when_a_precision_changes(env):
    Precision = env["decimal.precision"]
    precision = Precision.create({"name": "Test Gauge", "digits": 4})
    assert Precision.precision_get("Test Gauge") == 4
    before = env.cr.sql_log_count
    assert Precision.precision_get("Test Gauge") == 4
    assert Precision.precision_get("Test Gauge") == 4
    assert env.cr.sql_log_count == before        # asked again: no query
    precision.digits = 5
    assert Precision.precision_get("Test Gauge") == 5
    precision.unlink()
    assert Precision.precision_get("Test Gauge") == 2     # Odoo's default for an unknown name


# -- res.currency.rate --------------------------------------------------------------------------

def test_currency_rates_per_date_and_company_convert_amounts(env):
    Currency = env["res.currency"].with_context(active_test=False)
    company = env.company
    home = company.currency_id
    foreign = Currency.search([("id", "!=", home.id)], limit=1)
    other_company = env["res.company"].create({"name": "Rates Elsewhere", "currency_id": home.id})
    env["res.currency.rate"].create([
        {"currency_id": foreign.id, "name": "2024-01-01", "rate": 2.0, "company_id": False},
        {"currency_id": foreign.id, "name": "2024-03-01", "rate": 4.0, "company_id": False},
        {"currency_id": foreign.id, "name": "2024-02-01", "rate": 5.0, "company_id": company.id}])
    jan, feb, mar = (datetime.date(2024, 1, 15), datetime.date(2024, 2, 15), datetime.date(2024, 3, 15))
    # the latest rate at or before the date; the company's own rate wins over the shared one
    assert foreign.with_context(date="2024-01-15").rate == 2.0
    assert foreign.with_context(date="2024-03-15").rate == 5.0
    assert foreign.with_company(other_company).with_context(date="2024-03-15").rate == 4.0
    assert foreign.with_context(date="2024-02-15").inverse_rate == 0.2
    assert foreign.with_context(date="2023-12-31").rate == 1.0       # no rate yet
    assert Currency._get_conversion_rate(home, foreign, company, jan) == 2.0
    assert Currency._get_conversion_rate(foreign, home, company, feb) == 0.2
    assert home._convert(10.0, foreign, company, jan) == 20.0
    assert foreign._convert(10.0, home, company, feb) == 2.0
    assert home._convert(10.0, foreign, other_company, mar) == 40.0
    assert home._convert(1.0 / 3, foreign, company, jan, round=False) == 2.0 / 3
    assert home._convert(0.0, foreign, company, jan) == 0.0
    rate = env["res.currency.rate"].search([("currency_id", "=", foreign.id), ("company_id", "=", company.id)])
    assert (rate.company_rate, rate.inverse_company_rate) == (5.0, 0.2)
    rate.inverse_company_rate = 0.5
    assert rate.rate == 2.0


def test_a_user_sees_the_shared_rates_and_those_of_its_companies(env):
    foreign = env["res.currency"].with_context(active_test=False).search(
        [("id", "!=", env.company.currency_id.id)], limit=1)
    elsewhere = env["res.company"].create({"name": "Rates Branch Office", "currency_id": foreign.id})
    shared, mine, theirs = env["res.currency.rate"].create([
        {"currency_id": foreign.id, "name": "2024-01-01", "rate": 2.0, "company_id": False},
        {"currency_id": foreign.id, "name": "2024-01-01", "rate": 3.0, "company_id": elsewhere.id},
        {"currency_id": foreign.id, "name": "2024-01-01", "rate": 4.0, "company_id": env.company.id}])
    user = env["res.users"].create({
        "name": "Rate Reader", "login": "rate_reader", "company_id": elsewhere.id,
        "company_ids": [(6, 0, elsewhere.ids)], "groups_id": [(6, 0, env.ref("base.group_user").ids)]})
    seen = env["res.currency.rate"].with_user(user).search([("currency_id", "=", foreign.id)])
    assert seen == shared | mine and theirs not in seen
