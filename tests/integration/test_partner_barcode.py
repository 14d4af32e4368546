"""res.partner.barcode is company-dependent, as in Odoo 17's base (issue 15): one value per
company kept in ir.property, searched and described as Odoo does."""
from __future__ import annotations

import pytest


@pytest.fixture
def two_companies(env):
    main = env.ref("base.main_company")
    other = env["res.company"].create({"name": "Barcode Branch Co"})
    env.ref("base.user_admin").write({"company_ids": [(4, other.id)]})
    return main, other


def in_company(env, company, companies):
    """The admin's environment working in ``company`` (``allowed_company_ids`` as the web
    client sends it: the current company first)."""
    ids = [company.id] + [c.id for c in companies if c != company]
    return env(user=env.ref("base.user_admin").id, context={"allowed_company_ids": ids})


def test_base_installs_with_a_company_dependent_barcode(env):
    # the bootstrap made partners before the first company and user: no property was written
    assert env["res.partner"]._fields["barcode"].company_dependent
    field_id = env["ir.model.fields"]._get("res.partner", "barcode").id
    assert not env["ir.property"].search([("fields_id", "=", field_id)])
    assert env.ref("base.partner_admin").barcode is False


def test_each_company_sees_its_own_barcode(env, two_companies):
    main, other = two_companies
    in_main, in_other = (in_company(env, c, two_companies) for c in (main, other))
    partner = in_main["res.partner"].create({"name": "Scanned", "barcode": "MAIN-001"})
    assert partner.with_env(in_other).barcode is False
    partner.with_env(in_other).barcode = "OTHER-001"
    assert partner.with_env(in_main).barcode == "MAIN-001"
    assert partner.with_env(in_other).barcode == "OTHER-001"
    props = env["ir.property"].search([("res_id", "=", f"res.partner,{partner.id}"),
                                       ("name", "=", "barcode")])
    assert sorted((p.company_id.id, p.value_text) for p in props) == sorted(
        [(main.id, "MAIN-001"), (other.id, "OTHER-001")])
    # a value in one company, read in a batch with others in the same query
    assert partner.with_env(in_main).read(["barcode"]) == [{"id": partner.id, "barcode": "MAIN-001"}]


def test_search_on_the_barcode_follows_the_company(env, two_companies):
    main, other = two_companies
    in_main, in_other = (in_company(env, c, two_companies) for c in (main, other))
    first = in_main["res.partner"].create({"name": "First", "barcode": "SHARED-42"})
    second = in_other["res.partner"].create({"name": "Second", "barcode": "SHARED-42"})
    assert in_main["res.partner"].search([("barcode", "=", "SHARED-42")]) == first.with_env(in_main)
    assert in_other["res.partner"].search([("barcode", "=", "SHARED-42")]) == second.with_env(in_other)
    assert first.with_env(in_main) in in_main["res.partner"].search([("barcode", "ilike", "shared")])
    without = in_main["res.partner"].search([("barcode", "=", False), ("id", "in", [first.id, second.id])])
    assert without == second.with_env(in_main)


def test_barcode_is_described_as_odoo_17_describes_it(env):
    description = env["res.partner"].fields_get(["barcode"])["barcode"]
    assert {key: description[key] for key in (
        "type", "string", "help", "company_dependent", "store", "searchable", "readonly",
        "required")} == {
        "type": "char", "string": "Barcode", "help": "Use a barcode to identify this contact.",
        "company_dependent": True, "store": False, "searchable": True, "readonly": False,
        "required": False}


def test_copy_leaves_the_barcode_out(env, two_companies):
    main, _other = two_companies
    in_main = in_company(env, main, two_companies)
    partner = in_main["res.partner"].create({"name": "Original", "barcode": "ORIG-1"})
    assert partner.copy().barcode is False


def test_creating_a_partner_costs_no_query_for_its_barcode(env):
    from tests.support.orm import recorded_statements
    env.invalidate_all()
    env.registry.shared_cache.clear()       # nothing memoised about properties either
    with recorded_statements(env) as sent:
        env["res.partner"].create({"name": "No barcode"}).flush_recordset()
    assert sent and not [code for code in sent if "ir_property" in str(code) or "ir_model_fields" in str(code)]


def test_a_user_that_does_not_exist_has_no_company_to_fall_back_on(env):
    # only the superuser, during base's bootstrap, is in no company before its row exists
    from framework.exceptions import MissingError
    with pytest.raises(MissingError):
        env(user=987654).company
