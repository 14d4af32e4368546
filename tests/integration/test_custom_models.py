"""Custom models and fields (``ir.model`` / ``ir.model.fields`` rows in state ``manual``):
created, they join the registry at once with their table or column; rolled back, the next
setup of the registry (``reset_changes``) leaves them out."""
from __future__ import annotations

import pytest

from framework.exceptions import ValidationError
from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def registry(make_db):
    return install(make_db, "test_custom_models_", ["base"])


@pytest.fixture
def env(registry):
    with rolled_back_env(registry) as env:
        yield env
    registry.reset_changes()            # as a test class's cleanup: the models set up again


def table_columns(env, table) -> set[str]:
    env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                   (table,))
    return {row[0] for row in env.cr.fetchall()}


def test_a_custom_model_is_usable_at_once(env):
    env["ir.model"].create({"name": "Plant", "model": "x_plant"})
    assert {"id", "x_name", "create_uid"} <= table_columns(env, "x_plant")
    plant_id, name = env["x_plant"].name_create("Fern")
    assert name == "Fern"
    assert env["x_plant"].search([("x_name", "=", "Fern")]).ids == [plant_id]
    assert env.registry["x_plant"]._custom


def test_a_custom_field_on_an_existing_model_is_usable_at_once(env):
    model = env["ir.model"]._get("res.partner")
    env["ir.model.fields"].create({"model_id": model.id, "name": "x_shoe_size", "ttype": "integer",
                                   "field_description": "Shoe size"})
    assert "x_shoe_size" in table_columns(env, "res_partner")
    partner = env["res.partner"].create({"name": "Tall", "x_shoe_size": 46})
    assert env["res.partner"].search([("x_shoe_size", "=", 46)]) == partner


def test_rolled_back_custom_models_and_fields_are_gone_at_the_next_setup(env, registry):
    with rolled_back_env(registry) as other:
        other["ir.model"].create({"name": "Rock", "model": "x_rock"})
        other["ir.model.fields"].create({"model_id": other["ir.model"]._get("res.partner").id,
                                         "name": "x_rock_id", "ttype": "many2one",
                                         "relation": "x_rock", "field_description": "Rock"})
        assert "x_rock_id" in registry["res.partner"]._fields
    registry.reset_changes()
    assert "x_rock" not in registry
    assert "x_rock_id" not in registry["res.partner"]._fields
    assert env["res.partner"].create({"name": "Plain"}).name == "Plain"


def test_custom_names_must_start_with_x(env):
    with pytest.raises(ValidationError, match="must start with 'x_'"):
        env["ir.model"].create({"name": "Bad", "model": "bad.model"})
    with pytest.raises(ValidationError, match="starts with 'x_'"):
        env["ir.model.fields"].create({"model_id": env["ir.model"]._get("res.partner").id,
                                       "name": "bad", "ttype": "char", "field_description": "B"})


def test_deleting_custom_models_and_fields_drops_their_table_and_column(env):
    model = env["ir.model"].create({"name": "Cloud", "model": "x_cloud"})
    partner_model = env["ir.model"]._get("res.partner")
    field = env["ir.model.fields"].create({"model_id": partner_model.id, "name": "x_mood",
                                           "ttype": "char", "field_description": "Mood"})
    field.unlink()
    assert "x_mood" not in env.registry["res.partner"]._fields
    assert "x_mood" not in table_columns(env, "res_partner")
    model.unlink()
    assert "x_cloud" not in env.registry
    assert table_columns(env, "x_cloud") == set()
