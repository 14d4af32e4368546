"""User-defined defaults (``ir.default``): set and read through the ORM, applied by
``default_get`` and ``create`` (the user's over the company's over everyone's), remembered
and forgotten when they change, and loaded from an addon's XML data (``<record>`` and
Odoo 16's ``<function name="set">``)."""
from __future__ import annotations

import json

import pytest

from framework.exceptions import AccessError, ValidationError
from tests.support.data import load, write_addon
from tests.support.db import rolled_back_env
from tests.support.orm import count_queries

THING = '''
from odoo import fields, models


class Thing(models.Model):
    _name = "test.ir.default.thing"
    _description = "Thing with defaults"

    name = fields.Char()
    color = fields.Integer(default=3)
    kind = fields.Selection([("plain", "Plain"), ("fancy", "Fancy")], default="plain")
    size = fields.Integer()
    partner_id = fields.Many2one("res.partner")
    day = fields.Date()
'''

DATA = '''
<odoo>
    <record id="default_color" model="ir.default">
        <field name="field_id" ref="field_test_ir_default_thing__color"/>
        <field name="json_value">7</field>
    </record>
    <function model="ir.default" name="set" eval="('test.ir.default.thing', 'kind', 'fancy')"/>
</odoo>
'''

ACCESS = '''
id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink
access_thing,thing,model_test_ir_default_thing,base.group_user,1,1,1,1
'''


@pytest.fixture(scope="module")
def registry(make_db, tmp_path_factory):
    root = tmp_path_factory.mktemp("ir_default_addons")
    write_addon(root, "test_ir_default", {"__init__.py": "from . import models\n",
                                          "models/__init__.py": "from . import thing\n",
                                          "models/thing.py": THING,
                                          "security/ir.model.access.csv": ACCESS,
                                          "data/defaults.xml": DATA})
    return load(make_db("test_ir_default_"), root, install=["test_ir_default"])


@pytest.fixture
def env(registry):
    with rolled_back_env(registry) as env:
        yield env


def _user(env, login, company=None):
    company = company or env.ref("base.main_company")
    return env["res.users"].create({"name": login, "login": login, "company_id": company.id,
                                    "company_ids": [(6, 0, [company.id])],
                                    "groups_id": [(6, 0, [env.ref("base.group_user").id])]})


def test_an_addons_xml_record_and_function_load_and_apply_on_create(env):
    Thing = env["test.ir.default.thing"]
    assert env.ref("test_ir_default.default_color").json_value == "7"
    assert env["ir.default"]._get("test.ir.default.thing", "kind") == "fancy"
    # ir.default wins over the field's default; the context's default_ wins over both
    assert Thing.default_get(["color", "kind", "size"]) == {"color": 7, "kind": "fancy"}
    thing = Thing.create({"name": "a"})
    assert (thing.color, thing.kind) == (7, "fancy")
    assert Thing.with_context(default_color=9).create({"name": "b"}).color == 9
    assert Thing.create({"name": "c", "color": 1}).color == 1


def test_the_users_default_wins_over_the_companys_over_everyones(env):
    company2 = env["res.company"].create({"name": "Second company"})
    alice = _user(env, "alice_defaults")
    bob = _user(env, "bob_defaults", company2)
    defaults = env["ir.default"]
    defaults.set("test.ir.default.thing", "size", 1)
    defaults.set("test.ir.default.thing", "size", 2, company_id=company2.id)
    defaults.set("test.ir.default.thing", "size", 3, user_id=alice.id)
    Thing = env["test.ir.default.thing"]
    assert Thing.with_user(alice).create({"name": "a"}).size == 3
    assert Thing.with_user(bob).create({"name": "b"}).size == 2
    assert Thing.create({"name": "admin"}).size == 1
    assert Thing.with_user(alice).default_get(["size"]) == {"size": 3}
    # the exact scope, as _get reads it
    assert defaults._get("test.ir.default.thing", "size", company_id=company2.id) == 2
    assert defaults._get("test.ir.default.thing", "size", user_id=alice.id, company_id=True) is None
    # set() on the same scope replaces the row
    defaults.set("test.ir.default.thing", "size", 4, user_id=alice.id)
    assert defaults.search_count([("field_id.name", "=", "size"), ("user_id", "=", alice.id)]) == 1
    assert Thing.with_user(alice).default_get(["size"]) == {"size": 4}


def test_a_conditional_default_applies_only_under_its_condition(env):
    defaults = env["ir.default"]
    defaults.set("test.ir.default.thing", "size", 5, condition="kind=fancy")
    assert defaults._get_model_defaults("test.ir.default.thing") == {"color": 7, "kind": "fancy"}
    assert defaults._get_model_defaults("test.ir.default.thing", condition="kind=fancy") == {"size": 5}
    assert defaults._get("test.ir.default.thing", "size", condition="kind=fancy") == 5
    assert defaults._get("test.ir.default.thing", "size") is None
    assert "size" not in env["test.ir.default.thing"].default_get(["size"])
    # Odoo 16's names
    assert defaults.get("test.ir.default.thing", "size", condition="kind=fancy") == 5
    assert defaults.get_model_defaults("test.ir.default.thing", "kind=fancy") == {"size": 5}


def test_defaults_are_forgotten_when_set_changed_or_removed(env):
    Thing = env["test.ir.default.thing"]
    assert Thing.default_get(["size", "name"]) == {}
    env["ir.default"].set("test.ir.default.thing", "size", 11)
    assert Thing.create({}).size == 11
    env["ir.default"].set("test.ir.default.thing", "size", 12)
    assert Thing.default_get(["size"]) == {"size": 12}
    row = env["ir.default"].search([("field_id.name", "=", "size")])
    row.write({"json_value": "13"})
    assert Thing.create({}).size == 13
    row.unlink()
    assert Thing.create({}).size == 0
    env.ref("test_ir_default.default_color").unlink()
    assert Thing.create({}).color == 3           # the field's own default again


def test_a_model_without_defaults_costs_no_query_and_one_with_defaults_one(env):
    Partner = env["res.partner"]
    Partner.default_get(["comment"])                 # the set of models with defaults, known now
    with count_queries(env) as queries:
        assert Partner.default_get(["comment"]) == {}
        env["ir.default"]._get_model_defaults("res.partner")
    assert queries() == 0
    Thing = env["test.ir.default.thing"]
    Thing.default_get(["color"])
    with count_queries(env) as queries:
        for _ in range(3):
            assert Thing.default_get(["color"]) == {"color": 7}
    assert queries() == 0


def test_a_wrong_value_or_field_is_refused(env):
    defaults = env["ir.default"]
    with pytest.raises(ValidationError, match="Invalid value"):
        defaults.set("test.ir.default.thing", "size", "not a number")
    with pytest.raises(ValidationError, match="Invalid value"):
        defaults.set("test.ir.default.thing", "kind", "no such option")
    with pytest.raises(ValidationError, match="out of"):
        defaults.set("test.ir.default.thing", "size", 2**40)
    with pytest.raises(ValidationError, match="Invalid field"):
        defaults.set("test.ir.default.thing", "no_such_field", 1)
    with pytest.raises(ValidationError, match="Invalid field"):
        defaults.set("no.such.model", "name", 1)
    field = env["ir.model.fields"]._get("test.ir.default.thing", "size")
    with pytest.raises(ValidationError, match="not valid JSON"):
        defaults.create({"field_id": field.id, "json_value": "{oops"})


def test_a_many2one_default_applies_while_its_record_exists_and_dates_read_back(env):
    partner = env["res.partner"].create({"name": "Default partner"})
    defaults = env["ir.default"]
    defaults.set("test.ir.default.thing", "partner_id", partner.id)
    defaults.set("test.ir.default.thing", "day", "2024-02-29")
    Thing = env["test.ir.default.thing"]
    thing = Thing.create({})
    assert thing.partner_id == partner and str(thing.day) == "2024-02-29"
    assert str(defaults._get("test.ir.default.thing", "day")) == "2024-02-29"
    env.cr.execute("DELETE FROM res_partner WHERE id = %s", (partner.id,))
    env.invalidate_all()
    assert "partner_id" not in Thing.default_get(["partner_id"])
    assert not Thing.create({}).partner_id


def test_discard_records_and_values(env):
    partners = env["res.partner"].create([{"name": "p1"}, {"name": "p2"}])
    defaults = env["ir.default"]
    defaults.set("test.ir.default.thing", "partner_id", partners[0].id)
    defaults.set("test.ir.default.thing", "partner_id", partners[1].id, user_id=True)
    defaults.set("test.ir.default.thing", "size", 4)
    defaults.discard_records(partners[0])
    assert defaults._get("test.ir.default.thing", "partner_id") is None
    assert defaults._get("test.ir.default.thing", "partner_id", user_id=True) == partners[1].id
    defaults.discard_values("test.ir.default.thing", "size", [3, 4])
    assert defaults._get("test.ir.default.thing", "size") is None
    assert env["test.ir.default.thing"].create({}).partner_id == partners[1]


def test_a_user_sets_their_own_defaults_but_not_everyones(env):
    alice = _user(env, "alice_own_defaults")
    defaults = env["ir.default"].with_user(alice)
    defaults.set("test.ir.default.thing", "size", 21, user_id=True)
    assert env["test.ir.default.thing"].with_user(alice).create({}).size == 21
    with pytest.raises(AccessError):
        defaults.set("test.ir.default.thing", "size", 22)
    # everyone reads them
    assert defaults.search_count([]) >= 2
    assert json.loads(defaults.search([("user_id", "=", alice.id)]).json_value) == 21
    # nor hands their own to someone else
    bob = _user(env, "bob_not_given_defaults")
    with pytest.raises(AccessError):
        defaults.search([("user_id", "=", alice.id)]).write({"user_id": bob.id})


def test_a_database_whose_base_predates_ir_default_still_creates_records(env):
    # what a database made before ir.default looks like until base is updated
    env.registry.shared_cache_changed(env.transaction)     # memos stay in this transaction
    env.cr.execute("DROP TABLE ir_default")
    assert env["test.ir.default.thing"].create({"name": "old db"}).color == 3


def test_deleting_a_record_discards_the_many2one_defaults_pointing_to_it(env):
    partner, other = env["res.partner"].create([{"name": "Doomed default"}, {"name": "Kept"}])
    env["ir.default"].set("test.ir.default.thing", "partner_id", partner.id)
    env["ir.default"].set("test.ir.default.thing", "partner_id", other.id, user_id=True)
    partner.unlink()
    assert env["ir.default"]._get("test.ir.default.thing", "partner_id") is None
    assert env["ir.default"]._get("test.ir.default.thing", "partner_id", user_id=True) == other.id
