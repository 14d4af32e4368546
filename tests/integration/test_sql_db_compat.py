"""Odoo's ``odoo.sql_db.connection_info_for`` and ``MODULE_UNINSTALL_FLAG`` of
``odoo.addons.base.models.ir_model``, which addons import (base_external_dbsource builds a
connection string from the first; database_cleanup imports the second)."""
from __future__ import annotations

import psycopg


def test_connection_info_reaches_the_database_of_this_server(env):
    from framework.db.pool import db_connect
    from odoo.sql_db import connection_info_for
    # a server knows the server of every database it opened; the test session may have
    # forgotten this one (sql_db.close_all in an earlier test), so it is opened again here
    db_connect(env.cr.dbname, env.registry.database.address)
    name, info = connection_info_for(env.cr.dbname)
    assert name == env.cr.dbname and info["database"] == env.cr.dbname
    kwargs = {("dbname" if key == "database" else key): value for key, value in info.items()}
    with psycopg.connect(**kwargs) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (env.cr.dbname,)


def test_connection_info_of_a_uri_is_its_dsn():
    from odoo.sql_db import connection_info_for
    uri = "postgresql://someone@dbhost:5433/sales"
    assert connection_info_for(uri) == ("sales", {"dsn": uri})
    assert connection_info_for("postgres://someone@dbhost")[0] == "someone"


def test_module_uninstall_flag_is_the_context_key_of_removals(env):
    from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
    assert MODULE_UNINSTALL_FLAG == "_force_unlink"
