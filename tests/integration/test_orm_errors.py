"""Wrong input raises Odoo's exceptions, and the message names the model and the field."""
from __future__ import annotations

import psycopg
import pytest

from framework import exceptions

# -- unknown fields -----------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda env: env["test.order"].create({"name": "X", "nope": 1}),
    lambda env: env["test.order"].create({"name": "X"}).write({"nope": 1}),
    lambda env: env["test.order"].create({"name": "X"}).read(["nope"]),
    lambda env: env["test.order"].search_read([], ["nope"]),
])
def test_unknown_field_is_a_value_error_naming_model_and_field(env, call):
    with pytest.raises(ValueError, match=r"Invalid field 'nope' on model 'test\.order'"):
        call(env)


def test_unknown_field_by_item_access(env):
    order = env["test.order"].create({"name": "X"})
    with pytest.raises(KeyError, match=r"Invalid field 'nope' on model 'test\.order'"):
        order["nope"]


# -- wrong types --------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "field"), [
    ({"sequence": "ten"}, "sequence"),
    ({"sequence": [1]}, "sequence"),
    ({"amount_total": "a lot"}, "amount_total"),
    ({"date": "tomorrow"}, "date"),
    ({"state": "unknown"}, "state"),
    ({"partner_id": "not an id"}, "partner_id"),
    ({"partner_id": 1.5}, "partner_id"),
    ({"tag_ids": "t1"}, "tag_ids"),
])
def test_wrong_type_names_model_and_field(env, values, field):
    with pytest.raises(ValueError, match=rf"test\.order\.{field}"):
        env["test.order"].create({"name": "X", **values})


def test_a_string_field_keeps_any_other_value_as_its_text(env):
    # as Odoo: Char and Text take str() of what is not a string (addons store reprs so)
    order = env["test.order"].create({"name": "X", "note": [(4, 1), (4, 2)]})
    assert order.note == "[(4, 1), (4, 2)]"
    order.write({"trace": 12.5, "note": b"bytes"})
    assert (order.trace, order.note) == ("12.5", "bytes")


def test_wrong_type_on_write_leaves_the_record_unchanged(env):
    order = env["test.order"].create({"name": "X", "sequence": 4})
    with pytest.raises(ValueError, match=r"test\.order\.sequence"):
        order.write({"sequence": "five", "note": "not written either"})
    env.invalidate_all()
    assert (order.sequence, order.note) == (4, False)


def test_write_of_a_computed_field_without_inverse_keeps_the_value_in_cache_only(env):
    # as on Odoo: a compute method called directly (record._compute_x(), as addon tests do)
    # assigns its field outside of a computation; the value is cached, nothing is stored
    order = env["test.order"].create({"name": "X"})
    order.write({"amount_doubled": 3})
    assert order.amount_doubled == 3
    order._compute_doubled()
    assert order.amount_doubled == order.amount_total * 2
    order.invalidate_recordset()
    assert order.amount_doubled == order.amount_total * 2


# -- required values ----------------------------------------------------------------------------

def test_missing_required_value_at_create(env):
    message = (r"The operation cannot be completed:\n- Create/update: a mandatory field is not set\."
               r"(.|\n)*Model: Tag \(test\.tag\)\nField: Name \(name\)\n")
    with pytest.raises(exceptions.ValidationError, match=message):
        env["test.tag"].create({"color": 1})


def test_required_value_cannot_be_emptied(env):
    tag = env["test.tag"].create({"name": "t"})
    with pytest.raises(exceptions.ValidationError, match=r"Model: Tag \(test\.tag\)\nField: Name \(name\)"):
        tag.write({"name": False})


def test_required_many2one_at_create(env):
    with pytest.raises(exceptions.ValidationError, match=r"\(test\.order\.line\)\nField: .* \(order_id\)"):
        env["test.order.line"].create({"product": "p"})


def test_zero_is_a_value_of_a_required_number(env):
    record = env["test.required.number"].create(
        {"name": "n", "count": 0, "ratio": 0.0, "amount": 0.0, "flag": False})
    assert (record.count, record.ratio, record.amount, record.flag) == (0, 0.0, 0.0, False)
    record.write({"count": 3, "ratio": 1.5})
    record.write({"count": 0, "ratio": False})
    env.invalidate_all()
    assert (record.count, record.ratio) == (0, 0.0)


def test_a_required_number_must_still_be_given(env):
    with pytest.raises((exceptions.ValidationError, psycopg.errors.NotNullViolation),
                       match=r"count"):
        env["test.required.number"].create({"name": "n", "ratio": 0.0, "amount": 0.0})


# -- records that do not exist ------------------------------------------------------------------

def test_reading_a_deleted_record_is_a_missing_error(env):
    tag = env["test.tag"].create({"name": "gone"})
    tag.unlink()
    with pytest.raises(exceptions.MissingError, match=r"Record does not exist or has been deleted\.\n"
                                                      r"\(Record: test\.tag\(\d+,\), User: 1\)"):
        tag.name


def test_writing_a_missing_record_is_a_missing_error(env):
    missing = env["test.tag"].browse(10 ** 8)
    with pytest.raises(exceptions.MissingError, match=rf"test\.tag\({10 ** 8},\)"):
        missing.write({"name": "x"})


def test_missing_error_is_a_user_error(env):
    assert issubclass(exceptions.MissingError, exceptions.UserError)
    assert exceptions.MissingError.__module__ == "odoo.exceptions"


# -- constraints --------------------------------------------------------------------------------

def test_python_constraint_raises_validation_error(env):
    with pytest.raises(exceptions.ValidationError, match="Order V: the note may not say 'forbidden'"):
        env["test.order"].create({"name": "V", "note": "forbidden"})


def test_sql_constraint_raises_the_integrity_error_naming_the_constraint(env):
    env["test.order"].create({"name": "Twice"})
    with pytest.raises(psycopg.errors.UniqueViolation, match="test_order_name_uniq"):
        with env.cr.savepoint():
            env["test.order"].create({"name": "Twice"})


def test_a_failed_savepoint_leaves_the_transaction_usable(env):
    env["test.order"].create({"name": "Once"})
    with pytest.raises(psycopg.errors.UniqueViolation):
        with env.cr.savepoint():
            env["test.order"].create({"name": "Once"})
    assert env["test.order"].search_count([("name", "=", "Once")]) == 1


def test_ondelete_method_raises_user_error(env):
    order = env["test.order"].create({"name": "Paid"})
    order.action_pay()
    with pytest.raises(exceptions.UserError, match="Paid orders cannot be deleted"):
        order.unlink()


# -- misuse -------------------------------------------------------------------------------------

def test_create_needs_dicts(env):
    with pytest.raises(TypeError, match=r"test\.tag\.create\(\) expects dicts"):
        env["test.tag"].create(["name"])


def test_write_needs_a_dict(env):
    tag = env["test.tag"].create({"name": "t"})
    with pytest.raises(TypeError, match=r"test\.tag\.write\(\) expects a dict"):
        tag.write([("name", "x")])


def test_id_cannot_be_assigned(env):
    tag = env["test.tag"].create({"name": "t"})
    with pytest.raises(TypeError, match="'id' cannot be assigned"):
        tag.id = 5


def test_name_create_without_name_field(env):
    with pytest.raises(exceptions.UserError, match="has no name field"):
        env["test.order.line"].name_create("x")


def test_create_drops_a_value_for_a_computed_field_without_inverse(env):
    # Odoo's create() ignores it (the field is computed from the others), where write() refuses
    order = env["test.order"].create({"name": "X", "amount_doubled": 3})
    assert order.amount_doubled == order.amount_total * 2
