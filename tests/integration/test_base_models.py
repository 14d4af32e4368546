"""Small models and helpers of the base addon that other addons call: the main company,
country groups."""
from __future__ import annotations


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
