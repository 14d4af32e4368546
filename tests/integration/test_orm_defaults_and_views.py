"""What OCA 17.0 addons rely on in the ORM (found running them here): an x2many default
given as a list of values dicts (base_user_role's role lines), a non-stored computed value
without inverse given to create() (ignored, as Odoo), a SQL view model (``_auto = False``)
with ``_log_access = True`` (auditlog's log lines view), and res.groups' access fields."""
from __future__ import annotations

import pytest

from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def defaults_registry(make_db):
    return install(make_db, "test_orm_defaults_", ["test_orm_defaults"])


def test_an_x2many_default_of_dicts_creates_those_lines(defaults_registry):
    with rolled_back_env(defaults_registry) as env:
        baskets = env["test_orm_defaults.basket"]
        assert baskets.default_get(["item_ids"]) == {"item_ids": [
            [0, 0, {"name": "apple", "qty": 2}], [0, 0, {"name": "pear"}]]}
        basket = baskets.create({"name": "B"})
        assert [(item.name, item.qty) for item in basket.item_ids] == [("apple", 2), ("pear", 1)]


def test_a_computed_value_without_inverse_given_to_create_is_ignored(defaults_registry):
    with rolled_back_env(defaults_registry) as env:
        item = env["test_orm_defaults.item"].create({"name": "fig", "shout": "ignored"})
        assert item.shout == "FIG"


def test_a_sql_view_with_log_access_has_the_create_and_write_fields(defaults_registry):
    with rolled_back_env(defaults_registry) as env:
        report = env["test_orm_defaults.item_report"]
        assert {"create_uid", "create_date", "write_uid", "write_date"} <= set(report._fields)
        item = env["test_orm_defaults.item"].create({"name": "kiwi"})
        env.flush_all()
        row = report.search([("id", "=", item.id)])
        assert (row.name, row.create_uid, row.create_date) == ("kiwi", env.user, item.create_date)


def test_groups_show_their_access_records(defaults_registry):
    with rolled_back_env(defaults_registry) as env:
        group = env.ref("base.group_user")
        assert env.ref("test_orm_defaults.access_basket") in group.model_access
        assert env.ref("base.menu_action_res_users") not in group.menu_access
        menu = env["ir.ui.menu"].create({"name": "Group test", "groups_id": [(4, group.id)]})
        assert menu in group.menu_access
        view = env["ir.ui.view"].create({"name": "g", "model": "res.partner", "groups_id": [(4, group.id)],
                                         "arch_db": "<tree><field name='name'/></tree>"})
        assert view in group.view_access
        rule = env["ir.rule"].create({"name": "r", "model_id": env["ir.model"]._get("res.partner").id,
                                      "groups": [(4, group.id)]})
        assert rule in group.rule_groups
