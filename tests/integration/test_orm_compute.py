"""Computed fields: @api.depends through many2one and one2many, stored recomputation, related
fields, inverse, precompute, constraints and onchange."""
from __future__ import annotations

import contextlib

import pytest

from framework import exceptions
from tests.support.orm import count_queries, db_rows, make_order, make_user, recorded_statements


def stored(env, order) -> tuple:
    return db_rows(env, "SELECT amount_total, line_count, vip FROM test_order WHERE id = %s", order.id)[0]


# -- stored computes through one2many -----------------------------------------------------------

def test_stored_compute_is_written_at_create(env):
    order = make_order(env, "A", [("p", 2, 10), ("q", 1, 5)])
    assert stored(env, order) == (25.0, 2, False)


def test_changing_a_line_recomputes_the_order(env):
    order = make_order(env, "A", [("p", 2, 10), ("q", 1, 5)])
    order.line_ids[0].qty = 10
    assert order.amount_total == 105.0
    assert stored(env, order) == (105.0, 2, True)          # vip follows amount_total


def test_adding_a_line_recomputes_the_order_and_what_depends_on_it(env):
    order = make_order(env, "A", [("p", 2, 10)])
    order.write({"line_ids": [(0, 0, {"product": "big", "qty": 1, "price": 100})]})
    assert (order.amount_total, order.line_count, order.vip) == (120.0, 2, True)
    assert stored(env, order) == (120.0, 2, True)


def test_deleting_a_line_recomputes_the_order(env):
    order = make_order(env, "A", [("p", 2, 10), ("q", 1, 5)])
    order.line_ids[0].unlink()
    assert (order.amount_total, order.line_count) == (5.0, 1)
    assert stored(env, order) == (5.0, 1, False)


def test_deleting_a_line_whose_id_is_its_order_id_recomputes_the_order(env):
    # regression: unlink() dropped queued recomputes by id without looking at their model
    env.cr.execute("SELECT greatest((SELECT max(id) FROM test_order), (SELECT max(id) FROM test_order_line))")
    start = (env.cr.fetchone()[0] or 0) + 1000          # sequences only move forward
    env.cr.execute("SELECT setval('test_order_id_seq', %s), setval('test_order_line_id_seq', %s)",
                   [start, start])
    order = make_order(env, "Same id", [("twin", 1, 7), ("other", 1, 3)])
    twin = order.line_ids.filtered(lambda line: line.product == "twin")
    assert twin.id == order.id
    env.flush_all()
    twin.unlink()
    assert stored(env, order)[:2] == (3.0, 1)


def test_moving_a_line_recomputes_both_orders(env):
    source = make_order(env, "S", [("p", 1, 7)])
    target = make_order(env, "T", [("q", 1, 3)])
    source.line_ids.order_id = target
    assert (source.amount_total, target.amount_total) == (0.0, 10.0)
    assert (stored(env, source)[0], stored(env, target)[0]) == (0.0, 10.0)


def test_one_method_computes_several_fields_once(env):
    orders = env["test.order"].create([
        {"name": f"B{i}", "line_ids": [(0, 0, {"product": "q", "qty": 1, "price": 1})]} for i in range(5)])
    calls = []
    compute = type(orders)._compute_amounts

    def counting(self):
        calls.append(len(self))
        return compute(self)

    type(orders)._compute_amounts = counting
    try:
        env.flush_all()
    finally:
        type(orders)._compute_amounts = compute
    assert calls == [5]
    assert [stored(env, order)[:2] for order in orders] == [(1.0, 1)] * 5


def test_recompute_flush_writes_batches(env):
    env["test.order"].create([
        {"name": f"F{i}", "line_ids": [(0, 0, {"product": "q", "qty": 1, "price": i})]} for i in range(30)])
    with count_queries(env) as queries:
        env.flush_all()
    # read the orders' partner, write line computes and order related, read lines, write amounts
    assert queries() <= 5


# -- stored computes through many2one -----------------------------------------------------------

def test_a_compute_reading_its_own_field_gets_the_value_before_without_a_query(env):
    record = env["test.compute"].create({"value": 7})
    env.flush_all()
    with recorded_statements(env) as sent:
        record.value = 3                # the peak stays 7: read from the cache, not the table
        assert record.peak == 7
    assert [code for code in sent if "SELECT" in code] == []
    record.value = 12
    env.flush_all()
    assert db_rows(env, "SELECT peak FROM test_compute WHERE id = %s", record.id) == [(12,)]
    env.invalidate_all()
    record.value = 5                    # nothing cached: the value before comes from the table
    assert record.peak == 12


def test_stored_compute_through_many2one_follows_the_target(env):
    partner = env["res.partner"].create({"name": "Acme"})
    records = env["test.compute"].create([{"partner_id": partner.id}, {"partner_id": partner.id}])
    partner.name = "Acme Corp"
    assert records.mapped("partner_name") == ["Acme Corp", "Acme Corp"]
    assert db_rows(env, "SELECT DISTINCT partner_name FROM test_compute WHERE id IN %s",
                   tuple(records.ids)) == [("Acme Corp",)]


def test_stored_related_follows_its_path(env):
    paris = env["res.partner"].create({"name": "P", "city": "Paris"})
    order = make_order(env, "R", [("p", 1, 1)], partner_id=paris.id)
    assert order.partner_city == "Paris"
    paris.city = "Lyon"
    assert db_rows(env, "SELECT partner_city FROM test_order WHERE id = %s", order.id) == [("Lyon",)]
    rome = env["res.partner"].create({"name": "R", "city": "Rome"})
    order.partner_id = rome
    assert db_rows(env, "SELECT partner_city FROM test_order WHERE id = %s", order.id) == [("Rome",)]
    assert order.line_ids.order_partner_id == rome         # stored related on the lines


def test_stored_related_given_at_create_is_kept_only_when_it_is_the_paths_value(env):
    paris = env["res.partner"].create({"name": "P", "city": "Paris"})
    env.flush_all()
    orders = env["test.order"]
    with recorded_statements(env) as sent:
        right = orders.create({"name": "right", "partner_id": paris.id, "partner_city": "Paris"})
        env.flush_all()
    assert not [text for text in sent if text.startswith("UPDATE") and "partner_city" in text]
    wrong = orders.create({"name": "wrong", "partner_id": paris.id, "partner_city": "Rome"})
    env.flush_all()
    rows = db_rows(env, "SELECT partner_city FROM test_order WHERE id IN %s ORDER BY id", (right.id, wrong.id))
    assert rows == [("Paris",), ("Paris",)]     # a wrong value given is recomputed, as in Odoo


def test_many2many_ids_of_many_new_records_go_in_one_insert(env):
    tags = env["test.tag"].create([{"name": "t1"}, {"name": "t2"}])
    env.flush_all()
    with recorded_statements(env) as sent:
        orders = env["test.order"].create([{"name": f"m{i}", "tag_ids": [(6, 0, tags.ids)]} for i in range(5)]
                                          + [{"name": "m5", "tag_ids": [(4, tags[0].id)]}])
        env.flush_all()
    assert len([text for text in sent if "INSERT INTO \"test_order_test_tag_rel\"" in text]) == 1
    assert [len(order.tag_ids) for order in orders] == [2, 2, 2, 2, 2, 1]


# -- non-stored computes ------------------------------------------------------------------------

def test_non_stored_compute_is_invalidated_by_its_dependencies(env):
    order = make_order(env, "N", [("p", 1, 4)])
    assert order.amount_doubled == 8.0
    order.line_ids.price = 10
    assert order.amount_doubled == 20.0


def test_non_stored_related_reads_through(env):
    partner = env["res.partner"].create({"name": "E", "email": "e@example.com"})
    order = env["test.order"].create({"name": "E", "partner_id": partner.id})
    line = env["test.order.line"].create({"order_id": order.id, "product": "p"})
    assert (order.partner_email, line.order_state) == ("e@example.com", "draft")
    order.action_pay()
    assert line.order_state == "paid"


def test_reading_a_related_field_writes_nothing(env):
    partner = env["res.partner"].create({"name": "W", "email": "w@example.com", "city": "Paris"})
    order = env["test.order"].create({"name": "W", "partner_id": partner.id})
    company = env["res.company"].create({"name": "Reader Co", "email": "co@example.com"})
    env.flush_all()
    env.invalidate_all()
    with recorded_statements(env) as sent:
        # a non-stored related field next to a stored one (partner_city; res.company's name)
        assert order.partner_email == "w@example.com"
        assert order.read(["partner_email", "partner_city"])[0]["partner_city"] == "Paris"
        assert company.read(["email", "phone", "name"])[0]["email"] == "co@example.com"
        env.flush_all()
    assert not [code for code in sent if "UPDATE" in code.upper()]


def test_compute_values_come_for_the_whole_recordset_in_one_call(env):
    orders = env["test.order"].create([{"name": f"C{i}"} for i in range(4)])
    env.flush_all()
    calls = []
    compute = type(orders)._compute_doubled

    def counting(self):
        calls.append(len(self))
        return compute(self)

    type(orders)._compute_doubled = counting
    try:
        [order.amount_doubled for order in orders]
    finally:
        type(orders)._compute_doubled = compute
    assert calls == [4]


# -- inverse, writable related, precompute, search ----------------------------------------------

def test_inverse_writes_the_source_fields(env):
    record = env["test.compute"].create({"value": 3})
    record.double = 40
    assert (record.value, record.double) == (20, 40)
    assert db_rows(env, "SELECT value, double FROM test_compute WHERE id = %s", record.id) == [(20, 40)]


def test_inverse_runs_at_create(env):
    record = env["test.compute"].create({"double": 10})
    assert db_rows(env, "SELECT value, double FROM test_compute WHERE id = %s", record.id) == [(5, 10)]


def test_writable_related_writes_the_target(env):
    partner = env["res.partner"].create({"name": "W", "city": "Metz"})
    record = env["test.compute"].create({"partner_id": partner.id, "partner_city": "Nancy"})
    assert partner.city == "Nancy"
    record.partner_city = "Toul"
    assert db_rows(env, "SELECT city FROM res_partner WHERE id = %s", partner.id) == [("Toul",)]


def test_precompute_goes_into_the_insert(env):
    env.cr.now()
    with count_queries(env) as queries:
        record = env["test.compute"].create({"name": "pre"})
    assert queries() == 1
    env.cr.execute("SELECT label FROM test_compute WHERE id = %s", [record.id])   # no flush
    assert env.cr.fetchall() == [("[pre]",)]


def test_search_method_of_a_computed_field_is_used(env):
    small, big = env["test.compute"].create([{"value": 1}, {"value": 200}])
    found = env["test.compute"].search([("id", "in", [small.id, big.id]), ("is_big", "=", True)])
    assert found == big


# -- constraints and onchange -------------------------------------------------------------------

def test_constraint_checks_create(env):
    with pytest.raises(exceptions.ValidationError, match="may not say 'forbidden'"):
        env["test.order"].create({"name": "Bad", "note": "forbidden word"})


def test_constraint_checks_write_and_names_the_record(env):
    order = env["test.order"].create({"name": "Good"})
    with pytest.raises(exceptions.ValidationError, match="Order Good: the note may not say"):
        order.write({"note": "this is forbidden"})


def test_constraint_does_not_run_when_its_fields_are_not_written(env):
    order = env["test.order"].create({"name": "Quiet"})
    env.cr.execute("UPDATE test_order SET note = 'forbidden' WHERE id = %s", [order.id])
    env.invalidate_all()
    order.write({"sequence": 3})                  # does not touch 'note': no check, no error
    assert order.sequence == 3


def test_onchange_is_not_run_by_write(env):
    partner = env["res.partner"].create({"name": "Quiet partner"})
    order = env["test.order"].create({"name": "On"})
    order.write({"partner_id": partner.id})
    assert order.note is False


def test_compute_reading_a_field_under_recomputation_sees_its_pending_value(env):
    # regression: a nested flush (a search inside a compute) used to raise MissingError here
    order = make_order(env, "M", [("p", 2, 10)])
    env.flush_all()
    env.invalidate_all()
    order.line_ids.qty = 10
    order.write({"line_ids": [(0, 0, {"product": "z", "qty": 1, "price": 100})]})
    assert (order.amount_total, order.line_count, order.vip) == (200.0, 2, True)


# -- a compute reading its own field -------------------------------------------------------------

def test_a_compute_reading_its_own_field_on_a_new_record_sees_nothing_or_the_given_value(env):
    assert env["test.editable"].new({"unit": "kg"}).unit_po == "kg"
    assert env["test.editable"].new({"unit": "kg", "unit_po": "kilo"}).unit_po == "kilo"
    assert env["test.editable"].new({"unit": "kg", "unit_po": "ton"}).unit_po == "ton"   # given, not computed


def test_a_non_stored_compute_reading_its_own_field_sees_it_empty(env):
    assert env["test.editable"].new({}).echo == "+"
    assert env["test.editable"].create({"unit": "m"}).echo == "+"



# -- editable computed fields given to create() and write() -------------------------------------

def editable_row(env, record) -> tuple:
    return db_rows(env, "SELECT unit, unit_po, label FROM test_editable WHERE id = %s", record.id)[0]


def test_an_editable_computed_field_given_to_create_is_kept(env):
    record = env["test.editable"].create({"unit": "kg", "unit_po": "ton", "label": "Heavy"})
    assert (record.unit_po, record.label) == ("ton", "Heavy")
    assert editable_row(env, record) == ("kg", "ton", "Heavy")
    computed = env["test.editable"].create({"unit": "kg"})
    assert editable_row(env, computed) == ("kg", "kg", "[kg]")


def test_an_editable_computed_field_written_with_its_dependency_is_kept(env):
    record = env["test.editable"].create({"unit": "kg"})
    record.write({"unit": "m", "unit_po": "yard", "label": "Long"})
    assert editable_row(env, record) == ("m", "yard", "Long")
    record.write({"unit": "g"})                 # alone, the dependency recomputes them
    assert editable_row(env, record) == ("g", "g", "[g]")


# -- depends_context: one cached value per context ------------------------------------------------

def test_a_context_dependent_field_is_cached_per_context_value(env):
    record = env["test.editable"].create({"unit": "kg"})
    assert record.with_context(suffix="!").scaled == "kg!"
    assert record.with_context(suffix="?").scaled == "kg?"
    assert record.scaled == "kg"
    assert record.with_context(suffix="!").scaled == "kg!"
    record.unit = "g"                          # a dependency drops the values of every context
    assert (record.with_context(suffix="!").scaled, record.scaled) == ("g!", "g")


def test_a_context_dependent_field_is_computed_once_per_context(env):
    records = env["test.editable"].create([{"unit": "a"}, {"unit": "b"}])
    calls = []
    compute = type(records)._compute_scaled

    def counting(self):
        calls.append(self.env.context.get("suffix"))
        return compute(self)

    type(records)._compute_scaled = counting
    try:
        for _round in range(2):
            assert [r.scaled for r in records.with_context(suffix="1")] == ["a1", "b1"]
            assert [r.scaled for r in records.with_context(suffix="2")] == ["a2", "b2"]
    finally:
        type(records)._compute_scaled = compute
    assert calls == ["1", "2"]


def test_the_company_key_follows_the_current_company(env):
    other = env["res.company"].create({"name": "Other Co"})
    record = env["test.editable"].create({"unit": "kg"})
    assert record.company_label == f"kg @ {env.company.name}"
    assert record.with_company(other).company_label == "kg @ Other Co"
    assert record.company_label == f"kg @ {env.company.name}"


def test_context_keys_of_related_fields_and_translated_display_names(env):
    fields = env["test.editable"]._fields
    assert fields["scaled"].context_keys == ("suffix",)
    assert fields["unit"].context_keys == ()
    assert "lang" in env["res.country"]._fields["display_name"].context_keys     # name is translated


def test_only_stored_computes_and_related_fields_run_as_superuser_unless_told(env):
    # as Odoo: compute_sudo defaults to store for a compute, to related_sudo (True) for a related
    fields = env["test.compute"]._fields
    assert (fields["computed_by"].compute_sudo, fields["computed_by_sudo"].compute_sudo,
            fields["computed_by_stored"].compute_sudo, fields["partner_city"].compute_sudo) == (False, True, True, True)
    user = make_user(env, "compute_sudo_user")
    record = env["test.compute"].with_user(user).create({"value": 1})
    assert record.computed_by == str(user.id)
    assert record.computed_by_sudo == f"{user.id} su"
    assert record.computed_by_stored == f"{user.id} su"


def test_lines_created_join_the_cached_lines_of_their_order_in_order(env):
    order = make_order(env, "A", [("p", 1, 1), ("q", 1, 1)])
    other = make_order(env, "B", [("r", 1, 1)])
    fetch = '"test_order_line"."order_id", "test_order_line"."id"'     # reading an order's lines
    with recorded_statements(env) as sent:
        assert order.line_ids.mapped("product") == ["p", "q"]            # known from the create
        env["test.order.line"].create({"order_id": order.id, "product": "s", "qty": 1, "price": 1})
        assert order.line_ids.mapped("product") == ["p", "q", "s"]
        assert other.line_ids.mapped("product") == ["r"]                 # left as it was
        assert order.amount_total == 3.0
    assert [code for code in sent if fetch in code] == []
    # a line that its sequence puts first: the cache cannot tell where, the table does
    env["test.order.line"].create({"order_id": order.id, "product": "t", "qty": 1, "price": 1, "sequence": -1})
    with recorded_statements(env) as sent:
        assert order.line_ids.mapped("product") == ["t", "p", "q", "s"]
    assert any(fetch in code for code in sent)


# -- computes that assign some records only (Odoo's rules) ----------------------------------------

def test_a_stored_compute_left_alone_keeps_the_value_before(env):
    record = env["test.partial"].create({"unit": "auto"})
    assert record.code == "AUTO"
    record.unit = "manual"                      # the compute does not assign: AUTO stays
    env.flush_all()
    assert db_rows(env, "SELECT code FROM test_partial WHERE id = %s", record.id) == [("AUTO",)]
    env.invalidate_all()
    assert record.code == "AUTO"


def test_a_stored_compute_left_alone_at_create_is_empty(env):
    record = env["test.partial"].create({"unit": "manual"})
    assert record.code is False
    assert db_rows(env, "SELECT code FROM test_partial WHERE id = %s", record.id) == [(None,)]


def test_an_editable_non_stored_compute_left_alone_is_empty(env):
    assert env["test.partial"].create({"unit": "manual"}).hint is False
    assert env["test.partial"].new({"unit": "manual"}).code is False


def test_a_read_only_non_stored_compute_must_assign(env):
    record = env["test.partial"].create({"unit": "hidden"})
    with pytest.raises(ValueError, match=r"Compute method failed to assign test.partial\(\d+,\).shown"):
        record.shown


def test_an_api_model_create_takes_one_dict_per_call(env):
    records = env["test.partial"].create([{"unit": " a "}, {"unit": "b "}])
    assert records.mapped("unit") == ["a", "b"]
    assert env["test.partial"].create({"unit": " c"}).unit == "c"


def test_a_new_records_stored_compute_left_alone_keeps_its_value_after_a_change(env):
    record = env["test.partial"].new({"unit": "auto"})
    assert record.code == "AUTO"
    record.unit = "manual"                      # onchange: the compute runs, assigns nothing
    assert record.code == "AUTO"
    record.code = "typed"
    record.unit = "other"
    assert record.code == "typed"


def test_an_editable_compute_without_inverse_takes_a_value_in_the_cache(env):
    record = env["test.partial"].create({"unit": "manual", "hint": "given"})   # ignored, as Odoo
    assert record.hint is False
    record.hint = "typed"
    assert record.hint == "typed"
    env.invalidate_all()
    assert record.hint is False


def test_a_related_field_assigned_on_a_new_record_keeps_its_value_past_other_assignments(env):
    # a new record without partner: the value lives in the cache only, as in Odoo, and
    # assigning an unrelated field next does not recompute it away (OCA product_dimension)
    record = env["test.compute"].new({})
    record.partner_city = "Lyon"
    record.note = "later"
    record.value = 4
    assert (record.partner_city, record.double) == ("Lyon", 8)
    record.partner_id = env["res.partner"].create({"name": "Co", "is_company": True, "city": "Nice"})
    assert record.partner_city == "Nice"        # its own dependency changed: recomputed


def test_a_computed_binary_may_hold_a_domain(env):
    # OCA product_variant_configurator computes a domain list in a fields.Binary
    record = env["test.compute"].create({"value": 3})
    assert record.value_domain == [("value", ">", 3)]
    assert record.read(["value_domain"])[0]["value_domain"] == [("value", ">", 3)]



@contextlib.contextmanager
def counting_amounts(order):
    """The ids ``test.order._compute_amounts`` is called on, while the block runs."""
    calls: list = []
    compute = type(order)._compute_amounts

    def counting(self):
        calls.append(self.ids)
        return compute(self)

    type(order)._compute_amounts = counting
    try:
        yield calls
    finally:
        type(order)._compute_amounts = compute


def test_reading_lines_recomputes_only_what_their_query_reads(env):
    # Odoo flushes the columns a query reads: fetching another order's lines must not run
    # the pending total of this one, which a later change would then find stale in the cache
    order = make_order(env, "Pending", [("p", 1, 10)])
    other = make_order(env, "Other", [("q", 1, 5)])
    env.flush_all()
    with counting_amounts(order) as calls:
        order.line_ids.qty = 3                  # the total of order is now pending
        other.invalidate_recordset(["line_ids"], flush=False)
        assert other.line_ids.product == "q"    # a one2many fetch: a search on the lines
        assert calls == []
        assert order.amount_total == 30.0
        assert calls == [order.ids]


def test_unlink_drops_the_pending_computations_of_the_deleted_records(env):
    # as Odoo's remove_to_compute: a deleted order's pending total is not computed (nor
    # written) on its way out
    order = make_order(env, "Going", [("p", 1, 10)])
    env.flush_all()
    with counting_amounts(order) as calls:
        order.line_ids.qty = 3
        order.unlink()
        env.flush_all()
        assert calls == []
