"""compute_all's plans of taxes live in the registry's shared cache (account_tax_plan.py):
kept from one transaction to the next, and forgotten when a tax changes, whether the
change is made by this process (at once) or by another one (through the signaling
sequence, here a second registry on the same database)."""
from __future__ import annotations

import pytest

from framework.modules.registry_loader import load_registry
from framework.orm.environment import Environment, Transaction
from tests.support.db import install


@pytest.fixture(scope="module")
def registries(make_db):
    """Two registries of one database with ``account``: two processes serving it."""
    first = install(make_db, "test_taxplan_", ["account"])
    second = load_registry(first.db_name, config=first.config)
    with first.cursor() as cr:
        env = environment(first, cr)
        Tax = env["account.tax"]
        excluded = Tax.create({"name": "plan 10%", "amount": 10})
        other = Tax.create({"name": "plan 5%", "amount": 5})
        group = Tax.create({"name": "plan group", "amount_type": "group", "amount": 0,
                            "children_tax_ids": [(6, 0, (excluded | other).ids)]})
        ids = {"excluded": excluded.id, "other": other.id, "group": group.id}
    return first, second, ids


def environment(registry, cr) -> Environment:
    """The superuser's environment on ``cr``, served by ``registry`` (each registry stands
    for a process: an environment alone would take the last one loaded for the database)."""
    cr.transaction = Transaction(registry, cr)
    return Environment(cr, 1, {})


def compute(registry, tax_id: int, price: float) -> tuple[dict, int]:
    """compute_all of one tax in a new transaction; its answer and the queries it made."""
    with registry.cursor() as cr:
        env = environment(registry, cr)
        tax = env["account.tax"].browse(tax_id)
        currency = env.company.currency_id
        currency.rounding                        # read before counting: not the plan's queries
        before = cr.sql_log_count
        result = tax.compute_all(price, currency=currency)
        return result, cr.sql_log_count - before


def write_tax(registry, tax_id: int, vals: dict) -> None:
    with registry.cursor() as cr:
        environment(registry, cr)["account.tax"].browse(tax_id).write(vals)


def totals(result: dict) -> tuple:
    return result["total_excluded"], result["total_included"], [t["amount"] for t in result["taxes"]]


def test_a_later_transaction_reads_no_tax(registries):
    first, _second, ids = registries
    _result, first_queries = compute(first, ids["group"], 100.0)
    result, queries = compute(first, ids["group"], 100.0)
    assert totals(result) == (100.0, 115.0, [10.0, 5.0])
    # only the company's country is read again (its rounding settings are bound per
    # transaction, not kept in the plan)
    assert (first_queries, queries) == (first_queries, 1)
    assert first_queries > 1


@pytest.mark.parametrize("writer", ["same process", "other process"])
def test_a_committed_change_is_seen_by_the_next_call(registries, writer):
    first, second, ids = registries
    registry = first if writer == "same process" else second
    try:
        assert totals(compute(first, ids["excluded"], 100.0)[0]) == (100.0, 110.0, [10.0])
        write_tax(registry, ids["excluded"], {"amount": 20})
        assert totals(compute(first, ids["excluded"], 100.0)[0]) == (100.0, 120.0, [20.0])
        write_tax(registry, ids["excluded"], {"price_include": True})
        assert totals(compute(first, ids["excluded"], 120.0)[0]) == (100.0, 120.0, [20.0])
        assert totals(compute(first, ids["group"], 120.0)[0]) == (100.0, 125.0, [20.0, 5.0])
        write_tax(registry, ids["group"], {"children_tax_ids": [(6, 0, [ids["other"]])]})
        assert totals(compute(first, ids["group"], 100.0)[0]) == (100.0, 105.0, [5.0])
    finally:
        write_tax(first, ids["excluded"], {"amount": 10, "price_include": False})
        write_tax(first, ids["group"], {"children_tax_ids": [(6, 0, [ids["excluded"], ids["other"]])]})


def test_an_uncommitted_change_stays_in_its_transaction(registries):
    first, _second, ids = registries
    compute(first, ids["excluded"], 100.0)
    with first.cursor() as cr:
        env = environment(first, cr)
        tax = env["account.tax"].browse(ids["excluded"])
        tax.amount = 30
        assert tax.compute_all(100.0)["total_included"] == 130.0
        # another transaction meanwhile still gets the committed figures
        assert compute(first, ids["excluded"], 100.0)[0]["total_included"] == 110.0
        cr.rollback()
    assert compute(first, ids["excluded"], 100.0)[0]["total_included"] == 110.0


def test_a_tax_change_keeps_company_dependent_values_apart(registries):
    """forget_plans empties the transaction's memo, where the cache of company-dependent
    fields notes whose values it holds: emptied, it must not take one company's values
    for another's."""
    first, _second, ids = registries
    with first.cursor() as cr:
        env = environment(first, cr)
        other = env["res.company"].create({"name": "Plan Co B"})
        env.user.company_ids = [(4, other.id)]
        partner = env["res.partner"].create({"name": "Plan customer"})
        partner.barcode = "A-1"
        partner.with_company(other).barcode = "B-1"
        env.invalidate_all()
        assert partner.barcode == "A-1"
        env["account.tax"].browse(ids["excluded"]).write({"sequence": 3})
        assert partner.with_company(other).barcode == "B-1"
        cr.rollback()


def test_the_plan_of_a_new_record_stays_in_its_transaction(registries):
    first, _second, ids = registries
    compute(first, ids["excluded"], 100.0)
    with first.cursor() as cr:
        env = environment(first, cr)
        draft = env["account.tax"].new({"name": "draft 7%", "amount": 7})
        assert draft.compute_all(100.0)["total_excluded"] == 100.0
        plan_keys = [key[1] for key in first.shared_cache
                     if isinstance(key, tuple) and key[0] == "account.tax.compute_all plan"]
        assert (ids["excluded"],) in plan_keys
        assert draft._ids not in plan_keys
        cr.rollback()


# -- the shapes: the compiled line functions' code and plain values, kept with the plans ----------

SHAPES_KEY = "account.tax.compute_all shape"


def shape_keys(registry) -> list:
    return [key for key in registry.shared_cache if isinstance(key, tuple) and key[0] == SHAPES_KEY]


def test_a_later_transaction_writes_no_line_function_again(registries, monkeypatch):
    from odoo.addons.account.models import account_tax_computation
    first, _second, ids = registries
    compute(first, ids["group"], 100.0)
    assert shape_keys(first)
    monkeypatch.setattr(account_tax_computation, "line_code",
                        lambda *args: pytest.fail("the line function was written again"))
    with first.cursor() as cr:
        env = environment(first, cr)
        result = env["account.tax"].browse(ids["group"]).compute_all(100.0)
        assert totals(result) == (100.0, 115.0, [10.0, 5.0])
        # the group of the tax lines is a record of this transaction's environment
        assert [line["group"].env for line in result["taxes"]] == [env, env]
        assert [line["group"].id for line in result["taxes"]] == [ids["group"], ids["group"]]


@pytest.mark.parametrize("writer", ["same process", "other process"])
def test_a_rounding_change_is_seen_by_the_next_call(registries, writer):
    """The shapes are kept per rounding: a company rounding globally or a currency rounded
    to another step, changed by any process, gives its figures to the next transaction."""
    first, second, ids = registries
    registry = first if writer == "same process" else second

    def write(model: str, record_id, vals: dict) -> None:
        with registry.cursor() as cr:
            env = environment(registry, cr)
            records = env[model].browse(record_id) if record_id else env.company.currency_id
            records.write(vals)

    with first.cursor() as cr:
        company_id = environment(first, cr).company.id
    assert compute(first, ids["excluded"], 1.234)[0]["taxes"][0]["amount"] == 0.12
    try:
        write("res.company", company_id, {"tax_calculation_rounding_method": "round_globally"})
        assert compute(first, ids["excluded"], 1.234)[0]["taxes"][0]["amount"] == pytest.approx(0.123)
        write("res.company", company_id, {"tax_calculation_rounding_method": "round_per_line"})
        assert compute(first, ids["excluded"], 1.234)[0]["taxes"][0]["amount"] == 0.12
        write("res.currency", None, {"rounding": 0.1})
        excluded, included, [amount] = totals(compute(first, ids["excluded"], 1.234)[0])
        assert (excluded, included, amount) == pytest.approx((1.2, 1.3, 0.1))
    finally:
        write("res.currency", None, {"rounding": 0.01})
        write("res.company", company_id, {"tax_calculation_rounding_method": "round_per_line"})
    assert totals(compute(first, ids["excluded"], 1.234)[0]) == (1.23, 1.35, [0.12])


def test_a_shape_serves_only_the_plan_it_was_made_from(registries):
    """A plan made again (here: dropped from the cache alone) gets a shape of its own."""
    from odoo.addons.account.models.account_tax_computation import compiled_taxes
    first, _second, ids = registries
    compute(first, ids["excluded"], 100.0)
    for key in [key for key in first.shared_cache
                if isinstance(key, tuple) and key[0] == "account.tax.compute_all plan"]:
        del first.shared_cache[key]
    with first.cursor() as cr:
        env = environment(first, cr)
        tax = env["account.tax"].browse(ids["excluded"])
        compiled = compiled_taxes(tax, env.company.currency_id, False, False)
        [shape] = [first.shared_cache[key] for key in shape_keys(first) if key[1][1] == (ids["excluded"],)
                   and key[1][2:4] == (False, False) and key[1][4] == 1]
        assert compiled.specs is shape.plan[0]


def test_the_shape_of_a_new_record_stays_in_its_transaction(registries):
    first, _second, _ids = registries
    with first.cursor() as cr:
        env = environment(first, cr)
        draft = env["account.tax"].new({"name": "draft 9%", "amount": 9})
        assert draft.compute_all(100.0)["total_excluded"] == 100.0
        assert not [key for key in shape_keys(first) if key[1][1] == draft._ids]
        cr.rollback()
