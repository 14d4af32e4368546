"""``odoo.tools.sql``'s schema helpers, as a report model's ``init()`` and a migration use
them, and ``file_path``/``file_open`` on an addon's files."""
from __future__ import annotations

import pytest

from framework import tools
from framework.tools.sql import TableKind


def test_a_report_view_is_dropped_and_made_again(env):
    cr = env.cr
    assert tools.table_kind(cr, "res_partner") == TableKind.Regular
    tools.drop_view_if_exists(cr, "test_partner_report")            # none yet: nothing happens
    cr.execute("CREATE VIEW test_partner_report AS SELECT id, name FROM res_partner")
    assert tools.table_kind(cr, "test_partner_report") == TableKind.View
    assert tools.table_exists(cr, "test_partner_report")
    tools.drop_view_if_exists(cr, "test_partner_report")
    assert tools.table_kind(cr, "test_partner_report") is None
    assert tools.existing_tables(cr, ["res_partner", "nothing_here"]) == ["res_partner"]


def test_columns_and_indexes(env):
    cr = env.cr
    cr.execute("CREATE TABLE test_tools_sql (id serial PRIMARY KEY, name varchar)")
    tools.create_column(cr, "test_tools_sql", "flag", "boolean", comment="a flag")
    assert tools.column_exists(cr, "test_tools_sql", "flag")
    cr.execute("INSERT INTO test_tools_sql (name) VALUES ('x') RETURNING flag")
    assert cr.fetchone()[0] is False                               # booleans start False
    tools.rename_column(cr, "test_tools_sql", "flag", "active")
    assert set(tools.table_columns(cr, "test_tools_sql")) == {"id", "name", "active"}
    tools.create_index(cr, "test_tools_sql_name_idx", "test_tools_sql", ["name"], where="name LIKE 'a%'")
    assert tools.index_exists(cr, "test_tools_sql_name_idx")
    tools.drop_index(cr, "test_tools_sql_name_idx", "test_tools_sql")
    assert not tools.index_exists(cr, "test_tools_sql_name_idx")
    tools.set_not_null(cr, "test_tools_sql", "name")
    assert tools.table_columns(cr, "test_tools_sql")["name"]["is_nullable"] == "NO"
    with pytest.raises(ValueError, match="column type"):
        tools.create_column(cr, "test_tools_sql", "bad", "int; DROP TABLE x")


def test_like_patterns_and_orders():
    assert tools.escape_psql("50%_off\\") == "50\\%\\_off\\\\"
    assert tools.reverse_order("name, id desc") == "name desc, id asc"
    assert tools.pg_varchar(12) == "VARCHAR(12)" and tools.pg_varchar() == "VARCHAR"


def test_an_addons_file_by_its_addon_relative_name(env):
    path = tools.file_path("base/__manifest__.py")
    assert path.endswith("base/__manifest__.py")
    with tools.file_open("base/__manifest__.py") as handle:
        assert '"name": "Base"' in handle.read()
    with pytest.raises(FileNotFoundError, match="not found in any addon"):
        tools.file_path("base/../../../etc/passwd")
    with pytest.raises(ValueError, match="only files ending"):
        tools.file_path("base/__manifest__.py", filter_ext=(".xml",))


def test_int_array_is_an_integer_array_literal(env):
    from framework.tools.sql import SQL, int_array
    assert (int_array([3, 1, 2]), int_array([])) == ("{3,1,2}", "{}")
    env.cr.execute(SQL("SELECT %s::int4[], %s::int4[]", int_array(iter([7, -1, 2 ** 31 - 1])), int_array(())))
    assert env.cr.fetchone() == ([7, -1, 2 ** 31 - 1], [])
