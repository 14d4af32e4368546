"""onchange(): the form protocol, run on cache-only records."""


def test_onchange_method_sets_dependent_field(env):
    partner = env["res.partner"].create({"name": "Bob", "city": "Paris"})
    result = env["test.order"].onchange({"name": "X", "partner_id": partner.id}, ["partner_id"],
                                        {"name": {}, "partner_id": {}, "note": {}, "partner_city": {}})
    assert result["value"] == {"note": "for Bob", "partner_city": "Paris"}


def test_onchange_recomputes_computed_fields_from_client_values(env):
    result = env["test.order.line"].onchange({"qty": 3, "price": 2, "subtotal": 0}, ["qty"],
                                             {"qty": {}, "price": {}, "subtotal": {}})
    assert result["value"] == {"subtotal": 6.0}


def test_onchange_of_a_new_record_returns_defaults(env):
    result = env["test.order"].onchange({}, [], {"name": {}, "state": {}, "priority": {}})
    assert result["value"] == {"name": "/", "state": "draft", "priority": 5}


def test_onchange_writes_nothing_to_the_database(env):
    partner = env["res.partner"].create({"name": "Bob"})
    count = env["test.order"].search_count([])
    env["test.order"].onchange({"name": "Y", "partner_id": partner.id}, ["partner_id"], {"note": {}})
    assert env["test.order"].search_count([]) == count


def test_onchange_on_existing_record_keeps_its_other_values(env):
    order = env["test.order"].create({"name": "Z", "line_ids": [(0, 0, {"product": "p", "price": 4})]})
    result = order.onchange({"note": "x"}, ["note"], {"amount_total": {}, "note": {}})
    assert "amount_total" not in result["value"]
    assert order.note is False


def test_onchange_sees_unsaved_lines_sent_as_create_commands(env):
    result = env["test.order"].onchange(
        {"name": "L", "line_ids": [(0, 0, {"product": "a", "qty": 2, "price": 5}),
                                   (0, 0, {"product": "b", "qty": 1, "price": 3})]},
        ["line_ids"], {"amount_total": {}, "line_count": {}, "line_ids": {"fields": {"product": {}}}})
    assert result["value"]["amount_total"] == 13.0
    assert result["value"]["line_count"] == 2


def test_onchange_applies_update_commands_on_existing_lines(env):
    order = env["test.order"].create({"name": "U", "line_ids": [(0, 0, {"product": "a", "price": 4})]})
    line = order.line_ids
    result = order.onchange({"line_ids": [(1, line.id, {"price": 10})]}, ["line_ids"],
                            {"amount_total": {}})
    assert result["value"]["amount_total"] == 10.0
    assert line.price == 4.0                         # nothing written
