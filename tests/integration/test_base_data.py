"""The records of a new database without demo data, as in Odoo 17 (issue 15)."""
from __future__ import annotations


def test_countries_states_and_languages(env):
    countries = env["res.country"].search([])
    assert len(countries) == 250
    assert env["res.country.state"].search_count([]) == 1748
    us = env.ref("base.us")
    assert (us.id, us.name, us.phone_code, us.currency_id) == (233, "United States", 1, env.ref("base.USD"))
    assert "%(state_code)s" in us.address_format
    assert env.ref("base.state_us_5").name == "California"
    assert env.ref("base.be").id == 20 and env.ref("base.be").phone_code == 32
    languages = env["res.lang"].with_context(active_test=False).search([])
    assert len(languages) == 91
    assert languages.filtered("active").mapped("code") == ["en_US"]
    assert env.ref("base.lang_en").id == 1
    french = env.ref("base.lang_fr")
    assert (french.decimal_point, french.thousands_sep) == (",", "\xa0")       # a no-break space


def test_system_administrator_and_public_partners(env):
    partners = env["res.partner"].with_context(active_test=False).browse([1, 2, 3, 4])
    assert [(p.name, p.active) for p in partners] == [
        ("My Company", True), ("System", False), ("Administrator", True), ("Public user", False)]
    assert env.ref("base.partner_root").id == 2 and env.ref("base.partner_admin").id == 3
    admin = env.ref("base.user_admin")
    assert admin.name == "Administrator" and admin.email == "admin@example.com"
    assert str(admin.signature) == ('<span data-o-mail-quote="1">-- <br data-o-mail-quote="1">\n'
                                    "Administrator</span>")


def test_users_and_partners_have_odoo_s_ids(env):
    users = env["res.users"].with_context(active_test=False)
    assert [(env.ref(xmlid).id, env.ref(xmlid).login) for xmlid in (
        "base.user_root", "base.user_admin", "base.default_user", "base.public_user")] == [
        (1, "__system__"), (2, "admin"), (3, "default"), (4, "public")]
    assert users.browse(4).partner_id == env.ref("base.public_partner")
    assert env.ref("base.default_user").partner_id.id == 5
    partners = env["res.partner"].with_context(active_test=False).browse([1, 2, 3, 4])
    assert [p.company_id.id for p in partners] == [False, 1, 1, False]


def test_currencies_as_in_odoo(env):
    currencies = env["res.currency"].with_context(active_test=False).search([])
    assert len(currencies) == 170
    assert env["res.currency"].search([]).mapped("name") == ["USD"]        # the only active one
    assert (env.ref("base.USD").id, env.ref("base.EUR").id) == (1, 126)
    assert env.ref("base.ae").currency_id == env.ref("base.AED")
