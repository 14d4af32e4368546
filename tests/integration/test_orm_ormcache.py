"""``tools.ormcache``: a model method's results kept for every transaction of the process,
keyed by the expressions given, dropped by ``registry.clear_cache()`` here at once and in
the other processes (a second registry on the same database) once the change commits;
nothing uncommitted is kept for the others."""
from __future__ import annotations

import pytest

from framework.modules.registry_loader import load_registry
from framework.orm.environment import Environment, Transaction
from framework.tools import ormcache
from tests.support.db import install


@pytest.fixture(scope="module")
def registries(make_db):
    first = install(make_db, "test_ormcache_", ["test_orm_ext2"])
    second = load_registry(first.db_name, config=first.config)
    with first.cursor() as cr:
        environment(first, cr)["test.rate"].create([{"code": "A", "rate": 1.5}, {"code": "B", "rate": 2.0}])
    return first, second


@pytest.fixture
def calls():
    from odoo.addons.test_orm_ext2.models.rate import CALLS
    CALLS.clear()
    return CALLS


def environment(registry, cr, context=None) -> Environment:
    cr.transaction = Transaction(registry, cr)
    return Environment(cr, 1, context or {})


def rate_of(registry, code, context=None):
    with registry.cursor() as cr:
        return environment(registry, cr, context)["test.rate"]._rate_of(code)


def set_rate(registry, code, rate) -> None:
    with registry.cursor() as cr:
        rates = environment(registry, cr)["test.rate"]
        rates.search([("code", "=", code)]).write({"rate": rate})


def test_kept_from_one_transaction_to_the_next(registries, calls):
    first, _second = registries
    assert rate_of(first, "A") == 1.5
    calls.clear()
    with first.cursor() as cr:
        before = cr.sql_log_count
        assert environment(first, cr)["test.rate"]._rate_of("A") == 1.5
        assert cr.sql_log_count - before <= 1          # the signaling check at most
    assert calls == []
    assert rate_of(first, "B") == 2.0                  # keyed by the argument
    assert calls == ["B"]


@pytest.mark.parametrize("writer", ["same process", "other process"])
def test_a_committed_clear_is_seen_by_every_process(registries, calls, writer):
    first, second = registries
    assert rate_of(first, "A") == rate_of(second, "A") == 1.5
    set_rate(first if writer == "same process" else second, "A", 3.0)
    assert rate_of(first, "A") == rate_of(second, "A") == 3.0
    set_rate(first, "A", 1.5)
    assert rate_of(second, "A") == 1.5


def test_nothing_uncommitted_is_kept_for_the_others(registries, calls):
    first, _second = registries
    assert rate_of(first, "B") == 2.0
    with first.cursor() as cr:
        rates = environment(first, cr)["test.rate"]
        rates.search([("code", "=", "B")]).write({"rate": 9.0})
        assert rates._rate_of("B") == 9.0                # its own change, seen by itself
        assert rate_of(first, "B") == 2.0                # the others: what is committed
        cr.rollback()
    assert rate_of(first, "B") == 2.0


def test_context_keys_part_of_the_key(registries, calls):
    first, _second = registries
    with first.cursor() as cr:
        rates = environment(first, cr)["test.rate"]
        assert rates.with_context(lang="fr_FR")._label_of("A") == "A/fr_FR"
        assert rates.with_context(lang="en_US")._label_of("A") == "A/en_US"
        assert rates.with_context(lang="fr_FR", tz="UTC")._label_of("A") == "A/fr_FR"
    assert calls == [("A", "fr_FR"), ("A", "en_US")]


def test_the_model_clear_caches_of_odoo_16(registries, calls):
    first, _second = registries
    rate_of(first, "A")
    with first.cursor() as cr:
        environment(first, cr)["test.rate"].clear_caches()
    rate_of(first, "A")
    assert calls == ["A", "A"]


def test_a_key_expression_that_is_not_python_is_refused_at_once():
    with pytest.raises(SyntaxError, match="not valid Python"):
        ormcache("code +")(lambda self, code: code)
