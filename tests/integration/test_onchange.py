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
