"""An addon overriding ``_auto_init`` (SQL before and after ``super()``) installs and
upgrades as on Odoo: its index exists, and a stored computed column it made and filled by
hand before the ORM's schema work is left as it filled it (not recomputed)."""
from __future__ import annotations

import pytest

from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def auto_init_registry(make_db):
    return install(make_db, "test_auto_init_", ["test_auto_init"])


def test_the_index_made_after_super_exists(auto_init_registry):
    import psycopg
    with rolled_back_env(auto_init_registry) as env:
        env["test_auto_init.item"].create({"name": "Bolt", "qty": 2})
        env.flush_all()
        with pytest.raises(psycopg.errors.UniqueViolation), env.cr.savepoint():
            env.cr.execute("INSERT INTO test_auto_init_item (name) VALUES ('BOLT')")


def test_a_column_made_by_hand_before_super_is_not_recomputed(auto_init_registry):
    from framework.orm import schema
    with rolled_back_env(auto_init_registry) as env:
        items = env["test_auto_init.item"].create([{"name": "Nut", "qty": 3}, {"name": "Gear", "qty": 5}])
        env.flush_all()
        assert items.mapped("double") == [6, 10]
        # an upgrade where the column is new: the override makes and fills it
        env.cr.execute("ALTER TABLE test_auto_init_item DROP COLUMN double")
        new_columns = schema.sync_models(env, ["test_auto_init.item"])
        assert [(model._name, field.name) for model, field in new_columns] == []
        env.invalidate_all(flush=False)
        assert items.mapped("double") == [-3, -5]       # as the override filled it


def test_without_the_override_a_new_computed_column_is_recomputed(auto_init_registry):
    from framework.orm import schema
    with rolled_back_env(auto_init_registry) as env:
        env["test_auto_init.item"].create({"name": "Cog", "qty": 4})
        env.flush_all()
        env.cr.execute("ALTER TABLE test_auto_init_item DROP COLUMN qty")
        new_columns = schema.sync_models(env, ["test_auto_init.item"])
        assert [(model._name, field.name) for model, field in new_columns] == [("test_auto_init.item", "qty")]
