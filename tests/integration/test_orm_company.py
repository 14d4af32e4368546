"""Multi-company: ``check_company`` links (``_check_company``) and company-dependent fields."""
from __future__ import annotations

import pytest

from framework import exceptions


@pytest.fixture
def companies(env):
    main = env.ref("base.main_company")
    other = env["res.company"].create({"name": "Other Co"})
    return main, other


@pytest.fixture
def items(env, companies):
    main, other = companies
    Item = env["test.company.item"]
    return Item.create({"name": "Main item", "company_id": main.id}), \
        Item.create({"name": "Other item", "company_id": other.id}), \
        Item.create({"name": "Shared item"})


# -- check_company ------------------------------------------------------------------------------

def test_records_of_the_same_company_or_of_none_may_be_linked(env, companies, items):
    main_item, _other_item, shared = items
    doc = env["test.company.doc"].create({"name": "D", "item_id": main_item.id,
                                          "item_ids": [(6, 0, (main_item | shared).ids)]})
    doc.write({"item_id": shared.id})
    assert doc.item_id == shared


def test_a_record_of_another_company_is_refused_at_create(env, companies, items):
    _main_item, other_item, _shared = items
    with pytest.raises(exceptions.UserError) as info:
        env["test.company.doc"].create({"name": "D", "item_id": other_item.id})
    assert str(info.value) == (
        "Incompatible companies on records:\n"
        "- “D” belongs to company “My Company” and “Item” (item_id: 'Other item') "
        "belongs to another company.")


def test_a_many2many_with_one_foreign_record_is_refused(env, companies, items):
    main_item, other_item, _shared = items
    doc = env["test.company.doc"].create({"name": "D"})
    with pytest.raises(exceptions.UserError, match=r"item_ids: 'Main item', 'Other item'"):
        doc.write({"item_ids": [(6, 0, (main_item | other_item).ids)]})


def test_changing_the_company_checks_the_links_again(env, companies, items):
    main_item, _other_item, _shared = items
    doc = env["test.company.doc"].create({"name": "D", "item_id": main_item.id})
    with pytest.raises(exceptions.UserError, match="Incompatible companies on records"):
        doc.write({"company_id": companies[1].id})


def test_fields_without_check_company_are_not_checked(env, companies, items):
    _main_item, other_item, _shared = items
    doc = env["test.company.doc"].create({"name": "D", "any_item_id": other_item.id})
    assert doc.any_item_id == other_item


def test_check_company_domain_and_the_client_domain(env, companies):
    main, other = companies
    Item = env["test.company.item"]
    assert Item._check_company_domain(main) == [("company_id", "in", [main.id, False])]
    assert Item._check_company_domain(False) == [("company_id", "=", False)]
    description = env["test.company.doc"].fields_get(["item_id", "any_item_id"], ["domain"])
    assert description["item_id"]["domain"] == "[('company_id', 'in', [company_id] + [False])]"
    assert description["any_item_id"]["domain"] == []


def test_parent_of_check_company_domain_lets_a_branch_use_its_parents_records(env, companies):
    from framework.orm.models import check_company_domain_parent_of
    main, _other = companies
    branch = env["res.company"].create({"name": "Branch", "parent_id": main.id})
    domain = check_company_domain_parent_of(env["test.company.item"], branch)
    [(path, operator, ids)] = domain
    assert (path, operator, set(ids)) == ("company_id", "in", {main.id, branch.id, False})
