"""Small models and helpers of the base addon that other addons call: the main company."""
from __future__ import annotations


def test_main_company_is_base_main_company_else_the_oldest(env):
    main = env.ref("base.main_company")
    env["res.company"].create({"name": "Younger Co"})
    assert env["res.company"]._get_main_company() == main
    env["ir.model.data"].search([("module", "=", "base"), ("name", "=", "main_company")]).unlink()
    oldest = env["res.company"].search([], order="id", limit=1)
    assert env["res.company"]._get_main_company() == oldest
