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


# -- company_dependent --------------------------------------------------------------------------

def test_each_company_has_its_own_value(env, companies):
    main, other = companies
    record = env["test.company.values"].create({"name": "R", "price": 10.0, "code": "M"})
    in_other = record.with_company(other)
    assert (in_other.price, in_other.code) == (0.0, False)
    in_other.write({"price": 20.0, "code": "O"})
    assert (record.price, record.code) == (10.0, "M")
    env.invalidate_all()
    assert (record.price, in_other.price, in_other.code) == (10.0, 20.0, "O")


def test_values_are_ir_property_rows(env, companies):
    main, _other = companies
    record = env["test.company.values"].create({"name": "R", "price": 2.5})
    prop = env["ir.property"].search([("res_id", "=", f"test.company.values,{record.id}")])
    assert (prop.name, prop.company_id, prop.type, prop.value_float) == ("price", main, "float", 2.5)
    assert prop.fields_id == env["ir.model.fields"]._get("test.company.values", "price")
    assert prop.get_by_record() == 2.5
    assert env["ir.property"]._get("price", "test.company.values", record.id) == 2.5


def test_the_default_property_and_a_value_equal_to_it(env, companies):
    main, other = companies
    Values = env["test.company.values"]
    env["ir.property"]._set_default("price", "test.company.values", 5.0)
    env["ir.property"]._set_default("price", "test.company.values", 7.0, other)
    record = Values.create({"name": "R"})
    assert (record.price, record.with_company(other).price) == (5.0, 7.0)
    assert Values.default_get(["price"]) == {"price": 5.0}
    record.price = 3.0
    record.price = 5.0           # back to the default: the record's own property goes
    assert not env["ir.property"].search([("res_id", "=", f"test.company.values,{record.id}")])
    assert record.price == 5.0


@pytest.mark.parametrize("few_ids", [200, 0], ids=["index-probes", "general-form"])
def test_get_multi_takes_own_value_then_company_default_then_global_default(env, companies, monkeypatch, few_ids):
    """Both forms of ``_get_multi_query`` (probes of the unique index for a few records, the
    general filter for many) answer the same."""
    main, other = companies
    monkeypatch.setattr(type(env["ir.property"]), "FEW_IDS", few_ids)
    Values, Property = env["test.company.values"], env["ir.property"]
    Property._set_default("price", "test.company.values", 5.0)
    Property._set_default("price", "test.company.values", 7.0, other)
    own, plain = Values.create([{"name": "own", "price": 1.5}, {"name": "plain"}])
    own.with_company(other).price = 2.5
    ids = [own.id, plain.id]
    assert Property._get_multi("price", "test.company.values", ids) == {own.id: 1.5, plain.id: 5.0, None: 5.0}
    assert Property.with_company(other)._get_multi("price", "test.company.values", ids) == \
        {own.id: 2.5, plain.id: 7.0, None: 7.0}


def test_every_type_round_trips(env, companies):
    import datetime
    item = env["test.company.item"].create({"name": "Mine", "company_id": companies[0].id})
    values = {"count": 3, "flag": True, "note": "long text", "body": "<p>hi</p>", "kind": "b",
              "day": datetime.date(2024, 2, 29), "moment": datetime.datetime(2024, 1, 2, 3, 4, 5),
              "item_id": item.id}
    record = env["test.company.values"].create({"name": "R", **values})
    env.invalidate_all()
    read = record.read(list(values))[0]
    assert {k: read[k] for k in values if k != "item_id"} == {k: v for k, v in values.items() if k != "item_id"}
    assert record.item_id == item
    record.write({"flag": False, "item_id": False, "day": False})
    env.invalidate_all()
    assert (record.flag, record.item_id, record.day) == (False, item.browse(), False)


def test_reading_a_batch_is_one_query(env, companies):
    from tests.support.orm import count_queries
    records = env["test.company.values"].create([{"name": f"R{i}", "price": float(i)} for i in range(20)])
    env.invalidate_all()
    records = records.browse(records.ids)
    records.mapped("name")
    env.company.name                      # the user's company, read once per transaction anyway
    with count_queries(env) as queries:
        assert records.mapped("price") == [float(i) for i in range(20)]
    assert queries() == 1


def test_reading_a_batch_asks_the_company_once(env, companies, monkeypatch):
    """``read`` of a company-dependent field computes ``env.company`` once for the batch,
    not once per record (it cost 20,000 look-ups for the customers of a till)."""
    from framework.orm.environment import Environment
    records = env["test.company.values"].create([{"name": f"R{i}", "price": float(i)} for i in range(30)])
    env.invalidate_all()
    asked = []
    company = Environment.company

    def counted(self):
        asked.append(self)
        return company.fget(self)
    monkeypatch.setattr(Environment, "company", property(counted))
    rows = records.browse(records.ids).read(["price"])
    assert [row["price"] for row in rows] == [float(i) for i in range(30)]
    assert 1 <= len(asked) <= 3            # the batch's look-up and its compute's, not 30


def test_search_on_a_company_dependent_field(env, companies):
    main, other = companies
    Values = env["test.company.values"]
    item = env["test.company.item"].create({"name": "Blue chair", "company_id": main.id})
    a, b, c = Values.create([{"name": "A", "price": 10.0, "code": "alpha", "item_id": item.id},
                             {"name": "B", "price": 20.0, "code": "beta"},
                             {"name": "C"}])
    mine = [("id", "in", (a | b | c).ids)]
    assert Values.search(mine + [("price", "=", 10.0)]) == a
    assert Values.search(mine + [("price", ">", 5.0)]) == a | b
    assert Values.search(mine + [("price", "=", 0.0)]) == c
    assert Values.search(mine + [("code", "ilike", "ALP")]) == a
    assert Values.search(mine + [("code", "=", False)]) == c
    assert Values.search(mine + [("item_id", "=", item.id)]) == a
    assert Values.search(mine + [("item_id", "ilike", "chair")]) == a
    assert Values.search(mine + [("item_id", "=", False)]) == b | c
    env["ir.property"]._set_default("price", "test.company.values", 20.0)
    assert Values.search(mine + [("price", "=", 20.0)]) == b | c
    # the default for all companies; the values of a and b are the main company's only
    assert Values.with_company(other).search(mine + [("price", "=", 20.0)]) == a | b | c


def test_a_company_dependent_link_is_checked_against_the_current_company(env, companies):
    main, other = companies
    foreign = env["test.company.item"].create({"name": "Theirs", "company_id": other.id})
    record = env["test.company.values"].create({"name": "R"})
    with pytest.raises(exceptions.UserError, match="Incompatible companies"):
        record.item_id = foreign
    record.with_company(other).item_id = foreign
    assert record.with_company(other).item_id == foreign


def test_company_dependent_fields_are_described_and_not_copied(env, companies):
    description = env["test.company.values"].fields_get(["price"], ["company_dependent", "store", "searchable"])
    assert description["price"] == {"company_dependent": True, "store": False, "searchable": True}
    record = env["test.company.values"].create({"name": "R", "price": 4.0})
    assert record.copy().price == 0.0


def test_a_new_record_shows_the_company_default(env, companies):
    env["ir.property"]._set_default("code", "test.company.values", "DEF")
    assert env["test.company.values"].new({"name": "N"}).code == "DEF"


def test_deleting_a_record_deletes_its_values(env, companies):
    record = env["test.company.values"].create({"name": "R", "price": 1.0, "code": "x"})
    ref = f"test.company.values,{record.id}"
    assert env["ir.property"].search_count([("res_id", "=", ref)]) == 2
    record.unlink()
    assert env["ir.property"].search_count([("res_id", "=", ref)]) == 0
