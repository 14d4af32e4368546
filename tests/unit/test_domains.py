"""Domain normalisation and SQL compilation, without a database.

The model is a stub with real field objects; only leaves that need no other model (plain
columns, ids of a many2one) are compiled here. Subqueries are covered by
tests/integration/test_orm_domains.py.
"""
from __future__ import annotations

import datetime
import logging
from types import SimpleNamespace

import pytest

from framework.orm import domains, fields
from framework.orm.domains import AND_, FALSE_LEAF, OR_, TRUE_LEAF, DomainError, normalize_domain
from framework.orm.model_read import ReadMixin


class OrderStub:
    """Enough of a model for ``domain_to_sql`` on plain columns."""

    _name = "pos.order"
    _table = "pos_order"

    def __init__(self, lang=None):
        self.env = SimpleNamespace(lang=lang)
        specs = {
            "name": (fields.Char, {}), "note": (fields.Text, {}),
            "label": (fields.Char, {"translate": True}), "sequence": (fields.Integer, {}),
            "amount": (fields.Float, {}), "active": (fields.Boolean, {}),
            "date": (fields.Date, {}), "moment": (fields.Datetime, {}),
            "state": (fields.Selection, {"selection": [("draft", "Draft"), ("paid", "Paid")]}),
            "partner_id": (fields.Many2one, {"comodel_name": "res.partner"}),
            "total": (fields.Float, {"compute": "_compute_total"}),
        }
        self._fields = {"id": fields.Id().new_for_model(self._name, "id", {})}
        for name, (field_type, args) in specs.items():
            self._fields[name] = field_type(**args).new_for_model(self._name, name, args)

    def _condition_to_sql(self, alias, fname, operator, value, query):
        return domains.condition_to_sql(self, alias, fname, operator, value, query)

    _field_to_sql = ReadMixin._field_to_sql


@pytest.fixture
def order():
    return OrderStub()


def sql(model, domain):
    where = domains.domain_to_sql(model, domain, "o", None)
    return where.code, where.params


# -- normalisation ------------------------------------------------------------------------------

def test_empty_domain_is_the_true_leaf():
    assert normalize_domain([]) == [TRUE_LEAF]


def test_implicit_and_is_made_explicit():
    assert normalize_domain([("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]) == \
        ["&", "&", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]


def test_explicit_operators_are_kept():
    domain = ["|", ("a", "=", 1), "!", ("b", "=", 2)]
    assert normalize_domain(domain) == domain


def test_mixed_implicit_and_explicit():
    assert normalize_domain(["|", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]) == \
        ["&", "|", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]


def test_leaves_become_tuples_and_operators_are_normalised():
    assert normalize_domain([["a", "<>", 1], ("b", "==", 2), ("c", "ILIKE", "x")]) == \
        ["&", "&", ("a", "!=", 1), ("b", "=", 2), ("c", "ilike", "x")]


def test_equality_with_a_list_means_in():
    assert normalize_domain([("a", "=", [1, 2]), ("b", "!=", [3])]) == \
        ["&", ("a", "in", [1, 2]), ("b", "not in", [3])]


@pytest.mark.parametrize(("domain", "message"), [
    ("[('a', '=', 1)]", "Domains must be lists"),
    (["|", ("a", "=", 1)], "malformed"),
    (["&"], "malformed"),
    ([("a", "=")], "Invalid leaf"),
    (["~", ("a", "=", 1)], "Invalid domain term '~'"),
    ([("a", 5, 1)], r"Invalid leaf \('a', 5, 1\)"),
])
def test_malformed_domains_are_refused(domain, message):
    with pytest.raises(DomainError, match=message):
        normalize_domain(domain)


def test_distribute_not_pushes_negations_to_the_leaves():
    from framework.osv import expression
    a, b, c = ("a", "=", 1), ("b", "in", [2]), ("c", "child_of", 3)
    assert expression.distribute_not(["!", "&", a, b]) == ["|", ("a", "!=", 1), ("b", "not in", [2])]
    assert expression.distribute_not(["!", "|", "!", a, c]) == ["&", a, "!", c]      # child_of keeps '!'
    assert expression.distribute_not(["!", TRUE_LEAF, ("d", "<", 4)]) == ["&", FALSE_LEAF, ("d", "<", 4)]
    assert expression.distribute_not(["!", ("e", "ilike", "x")]) == [("e", "not ilike", "x")]


def test_and_or_combine_domains():
    a, b = [("a", "=", 1)], [("b", "=", 2)]
    assert AND_([a, b]) == ["&", ("a", "=", 1), ("b", "=", 2)]
    assert OR_([a, b, [("c", "=", 3)]]) == ["|", "|", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]


def test_and_or_skip_neutral_domains_and_stop_at_absorbing_ones():
    a = [("a", "=", 1)]
    assert AND_([[], a, [TRUE_LEAF]]) == a
    assert AND_([a, [FALSE_LEAF]]) == [FALSE_LEAF]
    assert OR_([a, [TRUE_LEAF]]) == [TRUE_LEAF]
    assert AND_([]) == [TRUE_LEAF]
    assert OR_([]) == [FALSE_LEAF]


def test_and_of_normalised_domains_keeps_their_structure():
    assert AND_([[("a", "=", 1), ("b", "=", 2)], ["|", ("c", "=", 3), ("d", "=", 4)]]) == \
        ["&", "&", ("a", "=", 1), ("b", "=", 2), "|", ("c", "=", 3), ("d", "=", 4)]


# -- compilation: structure ---------------------------------------------------------------------

def test_implicit_and_with_in(order):
    assert sql(order, [("state", "=", "paid"), ("id", "in", [1, 2])]) == \
        ('("o"."state" = %s AND "o"."id" IN %s)', ("paid", (1, 2)))


def test_or_and_not(order):
    assert sql(order, ["|", ("name", "=", "a"), "!", ("sequence", ">", 3)]) == \
        ('("o"."name" = %s OR (NOT "o"."sequence" > %s))', ("a", 3))


def test_true_and_false_leaves(order):
    assert sql(order, [TRUE_LEAF]) == ("TRUE", ())
    assert sql(order, [FALSE_LEAF]) == ("FALSE", ())
    assert sql(order, []) == ("TRUE", ())


# -- compilation: False semantics ---------------------------------------------------------------

@pytest.mark.parametrize(("leaf", "expected"), [
    (("name", "=", False), ('"o"."name" IS NULL', ())),
    (("name", "!=", False), ('"o"."name" IS NOT NULL', ())),
    (("partner_id", "=", False), ('"o"."partner_id" IS NULL', ())),
    (("name", "!=", "x"), ('("o"."name" != %s OR "o"."name" IS NULL)', ("x",))),
    (("active", "=", False), ('("o"."active" IS NULL OR "o"."active" = FALSE)', ())),
    (("active", "=", True), ('"o"."active" = TRUE', ())),
    (("active", "!=", True), ('("o"."active" IS NULL OR "o"."active" = FALSE)', ())),
    (("sequence", "<", False), ("FALSE", ())),
    (("name", "in", []), ("FALSE", ())),
    (("name", "not in", []), ("TRUE", ())),
    (("name", "in", ["a", False]), ('("o"."name" IN %s OR "o"."name" IS NULL)', (("a",),))),
    (("name", "not in", ["a"]), ('("o"."name" NOT IN %s OR "o"."name" IS NULL)', (("a",),))),
    (("name", "not in", ["a", False]), ('("o"."name" NOT IN %s AND "o"."name" IS NOT NULL)', (("a",),))),
    (("partner_id", "=?", False), ("TRUE", ())),
    (("partner_id", "=?", 4), ('"o"."partner_id" = %s', (4,))),
])
def test_false_semantics(order, leaf, expected):
    assert sql(order, [leaf]) == expected


# -- compilation: like operators ----------------------------------------------------------------

@pytest.mark.parametrize(("leaf", "expected"), [
    (("name", "like", "ab"), ('"o"."name" LIKE %s', ("%ab%",))),
    (("name", "ilike", "ab"), ('"o"."name" ILIKE %s', ("%ab%",))),
    (("name", "not ilike", "ab"), ('("o"."name" NOT ILIKE %s OR "o"."name" IS NULL)', ("%ab%",))),
    (("name", "=like", "a_"), ('"o"."name" LIKE %s', ("a_",))),
    (("name", "=ilike", "A%"), ('"o"."name" ILIKE %s', ("A%",))),
    (("name", "ilike", "50%"), ('"o"."name" ILIKE %s', ("%50%%",))),           # not escaped
    (("name", "ilike", ""), ('("o"."name" ILIKE %s OR "o"."name" IS NULL)', ("%%",))),
    (("name", "ilike", False), ('("o"."name" ILIKE %s OR "o"."name" IS NULL)', ("%%",))),
    (("sequence", "like", 12), ('CAST("o"."sequence" AS VARCHAR) LIKE %s', ("%12%",))),
])
def test_like_operators(order, leaf, expected):
    assert sql(order, [leaf]) == expected


# -- compilation: values ------------------------------------------------------------------------

def test_values_are_parameters_never_text(order):
    code, params = sql(order, [("name", "=", "x'; DROP TABLE pos_order; --")])
    assert code == '"o"."name" = %s'
    assert params == ("x'; DROP TABLE pos_order; --",)


def test_date_strings_become_dates(order):
    assert sql(order, [("date", ">=", "2024-01-31")]) == \
        ('"o"."date" >= %s', (datetime.date(2024, 1, 31),))


@pytest.mark.parametrize(("operator", "value", "expected"), [
    (">", "2024-02-29", datetime.datetime(2024, 2, 29, 23, 59, 59)),
    ("<=", "2024-02-29", datetime.datetime(2024, 2, 29, 23, 59, 59)),
    (">=", "2024-02-29", datetime.datetime(2024, 2, 29, 0, 0, 0)),
    ("<", "2024-02-29", datetime.datetime(2024, 2, 29, 0, 0, 0)),
    ("=", "2024-02-29 10:00:00", datetime.datetime(2024, 2, 29, 10, 0, 0)),
    ("<=", datetime.date(2024, 2, 29), datetime.datetime.combine(datetime.date(2024, 2, 29),
                                                                 datetime.time.max)),
    (">=", datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29)),
])
def test_a_date_for_a_datetime_means_a_bound_of_that_day(order, operator, value, expected):
    assert sql(order, [("moment", operator, value)]) == (f'"o"."moment" {operator} %s', (expected,))


def test_numbers_given_as_strings_are_converted(order):
    assert sql(order, [("sequence", "=", "12"), ("amount", ">", "1.5")]) == \
        ('("o"."sequence" = %s AND "o"."amount" > %s)', (12, 1.5))


def test_a_bad_number_names_the_field(order):
    with pytest.raises(ValueError, match=r"pos\.order\.sequence"):
        sql(order, [("sequence", "=", "twelve")])


def test_many2one_takes_ids_and_records(order):
    partner = SimpleNamespace(_ids=(7,), id=7)
    assert sql(order, [("partner_id", "=", partner)]) == ('"o"."partner_id" = %s', (7,))
    assert sql(order, [("partner_id", "in", [7, 8])]) == ('"o"."partner_id" IN %s', ((7, 8),))


def test_translated_fields_compare_the_language_value(order):
    assert sql(order, [("label", "=", "x")]) == ("""("o"."label"->>'en_US') = %s""", ("x",))
    french = OrderStub(lang="fr_FR")
    assert sql(french, [("label", "=", "x")]) == \
        ("""COALESCE("o"."label"->>%s, "o"."label"->>'en_US') = %s""", ("fr_FR", "x"))


# -- compilation: errors ------------------------------------------------------------------------

def test_unknown_field_names_model_and_field(order):
    with pytest.raises(ValueError, match=r"Invalid field pos\.order\.nope"):
        sql(order, [("nope", "=", 1)])


def test_unknown_operator_is_refused(order):
    with pytest.raises(DomainError, match=r"Invalid leaf \('name', 'between', \(1, 2\)\)"):
        sql(order, [("name", "between", (1, 2))])


def test_path_through_a_scalar_field_is_refused(order):
    with pytest.raises(ValueError, match=r"Invalid path 'name\.x' on pos\.order"):
        sql(order, [("name.x", "=", 1)])


def test_any_needs_a_relational_field(order):
    with pytest.raises(ValueError, match=r"Operator 'any' needs a relational field"):
        sql(order, [("name", "any", [])])


def test_non_stored_field_without_search_is_left_out_and_named_in_the_log(order, caplog):
    with caplog.at_level(logging.ERROR):
        assert sql(order, [("total", "=", 1)])[0] == "TRUE"
    assert "pos.order.total cannot be searched" in caplog.text
