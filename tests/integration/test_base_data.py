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
