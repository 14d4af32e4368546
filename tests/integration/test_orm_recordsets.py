"""The recordset API: identity, set operations, functional helpers, environments."""
from __future__ import annotations

import pytest

from framework import exceptions
from tests.support.orm import make_order


@pytest.fixture
def tags(env):
    return env["test.tag"].create([{"name": "t0", "color": 3}, {"name": "t1", "color": 1},
                                   {"name": "t2", "color": 2}, {"name": "t3", "color": 1}])


# -- identity -----------------------------------------------------------------------------------

def test_browse_ids_len_truth_and_iteration(env, tags):
    tag = env["test.tag"]
    records = tag.browse(tags.ids)
    assert (records.ids, len(records), bool(records), bool(tag.browse())) == (tags.ids, 4, True, False)
    assert [record.id for record in records] == tags.ids
    assert all(len(record) == 1 for record in records)
    assert tag.browse(tags[0].id) == tags[0]
    assert tag.browse(str(tags[0].id)) == tags[0]


def test_browse_refuses_what_is_not_an_id(env):
    with pytest.raises(TypeError, match=r"test\.tag\.browse\(\) expects ids"):
        env["test.tag"].browse(["x"])


def test_indexing_and_slicing(env, tags):
    assert tags[1] == env["test.tag"].browse(tags.ids[1])
    assert tags[1:3].ids == tags.ids[1:3]
    assert tags[-1].id == tags.ids[-1]


def test_ensure_one(env, tags):
    assert tags[0].ensure_one() == tags[0]
    with pytest.raises(ValueError, match=r"Expected singleton: test\.tag\("):
        tags.ensure_one()
    with pytest.raises(ValueError, match="Expected singleton"):
        env["test.tag"].ensure_one()


def test_reading_a_field_of_several_records_needs_a_singleton(env, tags):
    with pytest.raises(ValueError, match="Expected singleton"):
        tags.name


def test_a_relational_field_of_several_records_is_the_union(env, tags):
    # as Odoo 17: the values of every record, each once, in the records' order
    Partner, Order = env["res.partner"], env["test.order"]
    first, second = Partner.create({"name": "First"}), Partner.create({"name": "Second"})
    orders = Order.create([{"name": "o1", "partner_id": second.id, "tag_ids": [(6, 0, tags[:2].ids)],
                            "line_ids": [(0, 0, {"product": "a"})]},
                           {"name": "o2", "partner_id": first.id, "tag_ids": [(6, 0, tags[1:3].ids)],
                            "line_ids": [(0, 0, {"product": "b"}), (0, 0, {"product": "c"})]},
                           {"name": "o3", "partner_id": second.id},
                           {"name": "o4"}])
    assert orders.partner_id == second | first and orders.partner_id.ids == [second.id, first.id]
    assert orders.tag_ids.ids == tags[:3].ids
    assert orders.line_ids.mapped("product") == ["a", "b", "c"]
    assert orders.line_ids.order_id == orders[:2]
    assert orders[3:].partner_id == Partner and orders[2:].partner_id == second
    assert orders.partner_id == orders.mapped("partner_id")
    with pytest.raises(ValueError, match="Expected singleton"):
        orders.name                     # not a relational field: still one record only


def test_empty_recordset_reads_falsy_values(env):
    order = env["test.order"]
    assert (order.name, order.sequence, order.partner_id, order.line_ids) == \
        (False, 0, env["res.partner"], env["test.order.line"])


def test_exists_filters_deleted_records(env, tags):
    env.cr.execute("DELETE FROM test_tag WHERE id = %s", [tags[1].id])
    env.invalidate_all()
    assert tags.exists() == tags - tags[1]
    assert env["test.tag"].browse(10 ** 8).exists() == env["test.tag"]


# -- set operations -----------------------------------------------------------------------------

def test_set_operations_keep_order_and_drop_duplicates(env, tags):
    t0, t1, t2, t3 = tags
    assert ((t0 | t1) | (t1 | t2)).ids == [t0.id, t1.id, t2.id]
    assert ((t0 | t1 | t2) & (t2 | t1)).ids == [t1.id, t2.id]
    assert ((t0 | t1 | t2) - t1).ids == [t0.id, t2.id]
    assert (t0 + t1 + t0).ids == [t0.id, t1.id, t0.id]
    assert t0.union(t1, t0).ids == [t0.id, t1.id]


def test_membership_and_equality(env, tags):
    t0, t1 = tags[:2]
    assert t0 in tags and t0 not in tags[1:]
    assert "name" in t0 and "nope" not in t0
    assert (t0 | t1) == (t1 | t0)
    assert t0 != t1
    assert t0 != env["test.order"].browse(t0.id)
    assert tags[:2] < tags and tags >= tags[:2]


def test_operations_between_models_are_refused(env, tags):
    partner = env["res.partner"].create({"name": "P"})
    with pytest.raises(TypeError, match="unsupported operand"):
        tags | partner
    with pytest.raises(TypeError, match="cannot test whether"):
        partner in tags  # noqa: B015  (the comparison itself must raise)


# -- functional helpers -------------------------------------------------------------------------

def test_mapped_with_paths_and_functions(env):
    ann = env["res.partner"].create({"name": "Ann"})
    orders = make_order(env, "A", [("x", 1, 1), ("y", 1, 1)], partner_id=ann.id) | \
        make_order(env, "B", [("x", 1, 1)], partner_id=ann.id)
    assert orders.mapped("name") == ["A", "B"]
    assert orders.mapped("partner_id") == ann                      # records: a union
    assert orders.mapped("line_ids.product") == ["x", "y", "x"]
    assert orders.mapped("line_ids.order_id") == orders
    assert orders.mapped(lambda order: order.name.lower()) == ["a", "b"]
    assert orders.mapped(lambda order: order.partner_id) == ann


def test_mapped_on_an_unknown_field_names_it(env, tags):
    with pytest.raises(KeyError, match=r"Invalid field 'nope' on model 'test\.tag'"):
        tags.mapped("nope")


def test_filtered(env, tags):
    assert tags.filtered(lambda tag: tag.color == 1) == tags[1] | tags[3]
    assert tags.filtered("color") == tags
    orders = make_order(env, "A", [("x", 1, 1)]) | make_order(env, "B", [])
    assert orders.filtered("line_ids.product").mapped("name") == ["A"]


def test_filtered_domain_evaluates_in_python(env):
    ann, bob = env["res.partner"].create([{"name": "Ann", "city": "Paris"}, {"name": "Bob"}])
    orders = env["test.order"].create([
        {"name": "A", "partner_id": ann.id, "line_ids": [(0, 0, {"product": "x", "qty": 5})]},
        {"name": "B", "partner_id": bob.id},
        {"name": "C"},
    ])
    a, b, c = orders
    assert orders.filtered_domain([("partner_id.city", "=", "Paris")]) == a
    assert orders.filtered_domain([("partner_id", "in", (ann | bob).ids)]) == a | b
    assert orders.filtered_domain([("partner_id", "=", False)]) == c
    assert orders.filtered_domain(["|", ("name", "=", "A"), ("name", "ilike", "c")]) == a | c
    assert orders.filtered_domain(["!", ("name", "in", ["A", "B"])]) == c
    assert orders.filtered_domain([("line_ids", "any", [("qty", ">", 4)])]) == a
    assert orders.filtered_domain([("name", "=like", "_")]) == orders
    assert orders.filtered_domain([]) == orders
    paris = env["res.partner"]._search([("city", "=", "Paris")])          # a Query, as in search()
    assert orders.filtered_domain([("partner_id", "in", paris)]) == a
    assert orders.filtered_domain([("partner_id", "not in", paris)]) == b | c


def test_filtered_domain_agrees_with_search(env):
    orders = env["test.order"].create([{"name": n, "note": note} for n, note in
                                       [("A", "x y"), ("B", False), ("C", "50%")]])
    for domain in ([("note", "ilike", "X")], [("note", "not ilike", "x")], [("note", "=", False)],
                   [("note", "!=", False)], [("note", "like", "%")], [("note", "in", [False, "50%"])],
                   [("note", "ilike", "")], [("note", "not ilike", "")], [("note", "=like", "x%")],
                   [("note", "=ilike", "_0_")], [("name", "not in", ["A"])]):
        searched = env["test.order"].search([("id", "in", orders.ids)] + domain, order="id")
        assert orders.filtered_domain(domain) == searched, domain


def test_sorted(env, tags):
    t0, t1, t2, t3 = tags
    assert tags.sorted("color").ids == [t1.id, t3.id, t2.id, t0.id]
    assert tags.sorted("color", reverse=True).ids == [t0.id, t2.id, t1.id, t3.id]
    assert tags.sorted(key=lambda tag: tag.name, reverse=True).ids == [t3.id, t2.id, t1.id, t0.id]
    assert tags.sorted("color desc, name desc").ids == [t0.id, t2.id, t3.id, t1.id]
    assert (t3 | t0 | t2).sorted().ids == [t0.id, t2.id, t3.id]         # the model order: name


def test_grouped(env, tags):
    groups = tags.grouped("color")
    assert groups == {3: tags[0], 1: tags[1] | tags[3], 2: tags[2]}


# -- environments -------------------------------------------------------------------------------

def test_env_attributes(env):
    assert (env.uid, env.su, env.lang, dict(env.context)) == (1, True, None, {})
    assert env.user == env["res.users"].browse(1)
    assert env.company == env.ref("base.main_company")
    assert env.cr is env["test.tag"].env.cr
    assert "test.tag" in env and "no.such.model" not in env


def test_env_of_an_unknown_model_names_it(env):
    with pytest.raises(KeyError, match="unknown model 'no.such.model'"):
        env["no.such.model"]


def test_with_context_replaces_or_extends_the_context(env):
    tag = env["test.tag"].with_context(lang="fr_FR", a=1)
    assert dict(tag.env.context) == {"lang": "fr_FR", "a": 1}
    assert tag.env.lang == "fr_FR"
    assert dict(tag.with_context({"b": 2}).env.context) == {"b": 2}
    assert dict(tag.with_context(b=2).env.context) == {"lang": "fr_FR", "a": 1, "b": 2}


def test_with_user_and_sudo(env, tags):
    as_admin = tags.with_user(2)
    assert (as_admin.env.uid, as_admin.env.su, as_admin.env.user.login) == (2, False, "admin")
    assert as_admin.sudo().env.su is True
    assert as_admin.sudo().env.uid == 2
    assert as_admin.sudo().sudo(False).env.su is False
    assert as_admin.ids == tags.ids


def test_environments_share_one_cache(env, tags):
    tags[0].name
    env.cr.execute("UPDATE test_tag SET name = 'changed behind the ORM' WHERE id = %s", [tags[0].id])
    assert tags[0].with_user(2).name == "t0"                       # same transaction, same cache
    tags.invalidate_recordset(["name"])
    assert tags[0].with_context(x=1).name == "changed behind the ORM"


def test_env_ref(env):
    company = env.ref("base.main_company")
    assert company._name == "res.company" and company.id
    assert env.ref("base.no_such_record", raise_if_not_found=False) is None
    with pytest.raises(ValueError, match="base.no_such_record"):
        env.ref("base.no_such_record")


def test_env_equality_and_derivation(env):
    assert env(context={"a": 1}) is env(context={"a": 1})
    assert env(user=2) is not env
    assert env(user=2).uid == 2


def test_flush_and_invalidate(env, tags):
    tags[0].name
    env.cr.execute("UPDATE test_tag SET name = 'sql' WHERE id = %s", [tags[0].id])
    assert tags[0].name == "t0"
    tags[0].invalidate_model(["name"])
    assert tags[0].name == "sql"
    env.cr.execute("UPDATE test_tag SET name = 'sql again' WHERE id = %s", [tags[0].id])
    env.invalidate_all()
    assert tags[0].name == "sql again"


def test_flush_model_writes_pending_computes(env):
    order = make_order(env, "F", [("x", 2, 3)])
    env["test.order"].flush_model(["amount_total"])
    env.cr.execute("SELECT amount_total FROM test_order WHERE id = %s", [order.id])
    assert env.cr.fetchall() == [(6.0,)]


def test_invalidate_recordset_of_an_unknown_field_names_it(env, tags):
    with pytest.raises(ValueError, match=r"Invalid field 'nope' on model 'test\.tag'"):
        tags.invalidate_recordset(["nope"])


def test_abstract_model_records_cannot_be_searched(env):
    with pytest.raises(exceptions.UserError, match="abstract"):
        env["test.mixin"].search([])


def test_api_returns_declares_the_model_of_the_result(env):
    partner = env["res.partner"].create({"name": "Returned"})
    record = env["test.compute"].create({"partner_id": partner.id})
    assert record.get_partner() == partner
    assert type(record).get_partner._returns == ("res.partner", None, None)


def test_origin_of_stored_and_new_records(env, tags):
    assert tags._origin == tags
    copy = env["test.tag"].new({"name": "changed"}, origin=tags[0])
    assert copy._origin == tags[0] and copy._origin.name == tags[0].name
    assert not env["test.tag"].new({"name": "fresh"})._origin
    assert (copy + tags[1])._origin == tags[:2]


def test_new_record_ids_are_api_and_models_newid(env):
    from framework.orm import api, models
    record = env["test.tag"].new({"name": "fresh"})
    assert isinstance(record.id, api.NewId) and api.NewId is models.NewId
    assert not isinstance(env["test.tag"].create({"name": "stored"}).id, api.NewId)
