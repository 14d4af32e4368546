"""The psycopg2-compatible Cursor, the pools and the database administration helpers."""
from __future__ import annotations

import datetime
import decimal
import logging

import psycopg
import pytest

from framework import sql_db
from framework.db import DatabaseConnectError, ServerAddress
from framework.logging_setup import remove_logging, setup_logging
from framework.tools.sql import SQL


@pytest.fixture(scope="module")
def db(pg_address, make_db):
    database = sql_db.db_connect(make_db(), pg_address)
    with database.cursor() as cr:
        cr.execute("CREATE TABLE partner (id serial PRIMARY KEY, name varchar, "
                   "credit numeric, data jsonb)")
        cr.execute("INSERT INTO partner (name, credit) VALUES ('a', 1.5), ('b', 2), ('c', NULL)")
    return database


@pytest.fixture
def cr(db):
    cursor = db.cursor()
    yield cursor
    cursor.close()          # rolls back: tests leave no trace


def count(db, where="TRUE"):
    with db.cursor() as other:
        other.execute(f"SELECT count(*) FROM partner WHERE {where}")
        return other.fetchone()[0]


def test_log_level_debug_sql_shows_the_queries(cr, caplog):
    root = logging.getLogger()
    level = root.level
    try:
        setup_logging("info")
        cr.execute("SELECT %s", ("quiet",))
        setup_logging("debug_sql")
        cr.execute("SELECT %s", ("loud",))
    finally:
        remove_logging()
        logging.getLogger("odoo.sql_db").setLevel(logging.NOTSET)
        root.setLevel(level)
    logged = [(record.name, record.levelname, "quiet" in record.getMessage())
              for record in caplog.records if "SELECT '" in record.getMessage()]
    assert logged == [("odoo.sql_db", "DEBUG", False)]


def test_a_nul_character_is_a_value_error_and_the_transaction_goes_on(db, cr, caplog):
    """PostgreSQL cannot store NUL in text: psycopg refuses the value before sending, and the
    cursor says so as Odoo's driver does (a ValueError, no "bad query" logged); what was
    queued before is not lost, and the transaction goes on."""
    cr.queue("INSERT INTO partner (name) VALUES ('queued before')")
    with pytest.raises(ValueError, match=r"cannot contain NUL \(0x00\) characters"):
        cr.execute("SELECT id FROM partner WHERE name = %s", ("a\x00b",))
    with pytest.raises(ValueError, match="NUL"):
        cr.queue("UPDATE partner SET name = %s WHERE id = 0", ("x\x00",))
    cr.execute("SELECT count(*) FROM partner WHERE name = 'queued before'")
    assert cr.fetchone() == (1,)
    assert not [r for r in caplog.records if "bad query" in r.getMessage()]


def test_execute_sql_object(cr):
    cr.execute(SQL("SELECT name FROM %s WHERE name = %s", SQL.identifier("partner"), "b"))
    assert cr.fetchall() == [("b",)]


def test_psycopg2_sql_composition_and_asis_run(cr):
    # addons written for psycopg2: psycopg2.sql (the alias: psycopg 3's) and extensions.AsIs
    from framework.db.psycopg2_alias import sql
    from framework.db.psycopg2_alias.extensions import AsIs
    cr.execute(sql.SQL("SELECT {} FROM {} WHERE name = %s").format(
        sql.Identifier("name"), sql.Identifier("partner")), ["b"])
    assert cr.fetchall() == [("b",)]
    cr.execute("SELECT count(*) FROM %s WHERE name IN %s", (AsIs("partner"), ("a", "b")))
    assert cr.fetchone()[0] == 2


def test_an_isqlquote_subclass_goes_in_the_query_as_its_getquoted(cr):
    # database_cleanup quotes table names with such an adapter (its getquoted gives a str)
    from framework.db.psycopg2_alias.extensions import ISQLQuote

    class Identifier(ISQLQuote):
        def __init__(self, name):
            self.name = name

        def getquoted(self):
            kept = "".join(c for c in self.name if c.isalnum() or c == "_")
            return f'"{kept}"'

    cr.execute("SELECT count(*) FROM %s WHERE name = %s", (Identifier("part;ner"), "b"))
    assert cr.fetchone()[0] == 1


def test_str_query_with_tuple_for_in(cr):
    cr.execute("SELECT name FROM partner WHERE name IN %s ORDER BY name", (("a", "c", "z'"),))
    assert cr.fetchall() == [("a",), ("c",)]


def test_empty_tuple_matches_nothing(cr):
    cr.execute("SELECT name FROM partner WHERE id IN %s", ((),))
    assert cr.fetchall() == []


def test_dict_params(cr):
    cr.execute("SELECT %(x)s::int + %(y)s::int", {"x": 2, "y": 3})
    assert cr.fetchone() == (5,)


def test_sql_object_with_params_is_refused(cr):
    with pytest.raises(TypeError, match="takes no params"):
        cr.execute(SQL("SELECT 1"), (1,))


def test_literal_percent_in_sql_object(cr):
    cr.execute(SQL("SELECT 'x%%' || %s", "y"))
    assert cr.fetchone() == ("x%y",)


def test_dictfetchall_keys_by_column(cr):
    cr.execute("SELECT name, credit FROM partner WHERE name IN %s ORDER BY name", (("a", "b"),))
    assert cr.dictfetchall() == [{"name": "a", "credit": 1.5}, {"name": "b", "credit": 2.0}]


def test_dictfetchone_and_dictfetchmany(cr):
    cr.execute("SELECT name FROM partner ORDER BY name")
    assert (cr.dictfetchone(), cr.dictfetchmany(1), cr.rowcount) == \
        ({"name": "a"}, [{"name": "b"}], 3)


def test_dict_is_stored_as_jsonb(cr):
    cr.execute("UPDATE partner SET data = %s WHERE name = 'a' RETURNING data",
               ({"en_US": "Hello", "n": [1, 2]},))
    assert cr.fetchone() == ({"en_US": "Hello", "n": [1, 2]},)


def test_list_stays_an_array(cr):
    cr.execute("SELECT %s::int[]", ([1, 2],))
    assert cr.fetchone() == ([1, 2],)


def test_sql_log_count_counts_queries(cr):
    before = cr.sql_log_count
    cr.execute("SELECT 1")
    cr.execute(SQL("SELECT 2"))
    assert cr.sql_log_count - before == 2


def test_mogrify_binds_client_side(cr):
    assert cr.mogrify("SELECT %s IN %s", ("it's", (1, 2))) == "SELECT 'it''s' IN (1, 2)"


def test_split_for_in_conditions(cr):
    assert list(cr.split_for_in_conditions(range(5), size=2)) == [(0, 1), (2, 3), (4,)]


def test_executemany(cr):
    cr.executemany("INSERT INTO partner (name) VALUES (%s)", [("m1",), ("m2",)])
    cr.execute("SELECT count(*) FROM partner WHERE name LIKE 'm%%'", ())
    assert cr.fetchone() == (2,)


def test_savepoint_rolls_back_on_error_and_reraises(cr):
    with pytest.raises(psycopg.errors.UniqueViolation):
        with cr.savepoint():
            cr.execute("INSERT INTO partner (id, name) VALUES (1, 'dup')", log_exceptions=False)
    cr.execute("SELECT count(*) FROM partner WHERE name = 'a'")     # transaction still usable
    assert cr.fetchone() == (1,)


def test_savepoint_releases_on_success(cr):
    with cr.savepoint():
        cr.execute("INSERT INTO partner (name) VALUES ('kept')")
    cr.execute("SELECT count(*) FROM partner WHERE name = 'kept'")
    assert cr.fetchone() == (1,)


def test_savepoint_flush_calls_the_hook_twice(cr):
    calls = []
    cr.flush_hook = lambda: calls.append("flush")
    with cr.savepoint():
        calls.append("body")
    assert calls == ["flush", "body", "flush"]


def test_commit_runs_callbacks_in_order(db):
    calls = []
    with db.cursor() as cr:
        cr.precommit.add(lambda: calls.append("pre"))
        cr.postcommit.add(lambda: calls.append("post"))
        cr.postrollback.add(lambda: calls.append("never"))
        cr.execute("INSERT INTO partner (name) VALUES ('committed')")
        cr.commit()
        calls.append(count(db, "name = 'committed'"))
        cr.execute("DELETE FROM partner WHERE name = 'committed'")
    assert calls == ["pre", "post", 1]


def test_rollback_runs_rollback_callbacks_and_drops_precommit(cr):
    calls = []
    cr.precommit.add(lambda: calls.append("never"))
    cr.prerollback.add(lambda: calls.append("pre"))
    cr.postrollback.add(lambda: calls.append("post"))
    cr.rollback()
    cr.commit()
    assert calls == ["pre", "post"]


def test_context_manager_commits(db):
    with db.cursor() as cr:
        cr.execute("INSERT INTO partner (name) VALUES ('ctx')")
    assert count(db, "name = 'ctx'") == 1
    with db.cursor() as cr:
        cr.execute("DELETE FROM partner WHERE name = 'ctx'")


def test_context_manager_rolls_back_on_error_and_closes(db):
    with pytest.raises(RuntimeError):
        with db.cursor() as cr:
            cr.execute("INSERT INTO partner (name) VALUES ('lost')")
            raise RuntimeError("boom")
    assert (count(db, "name = 'lost'"), cr.closed) == (0, True)


def test_close_rolls_back_uncommitted_work(db):
    cr = db.cursor()
    cr.execute("INSERT INTO partner (name) VALUES ('uncommitted')")
    cr.close()
    assert count(db, "name = 'uncommitted'") == 0


def test_closed_cursor_refuses_queries(db):
    cr = db.cursor()
    cr.close()
    with pytest.raises(psycopg.InterfaceError, match="closed; open a new one"):
        cr.execute("SELECT 1")


def test_now_is_the_transaction_time_and_resets_at_commit(cr):
    first = cr.now()
    same = cr.now()
    cr.commit()
    assert (isinstance(first, datetime.datetime), same is first, cr.now() >= first) == \
        (True, True, True)


def test_now_at_the_start_of_a_transaction_is_one_round_trip_with_what_is_queued(cr, db):
    cr.queue("INSERT INTO partner (name) VALUES ('timed')")
    trips = cr.round_trips
    now = cr.now()
    assert cr.round_trips == trips + 1           # BEGIN, the INSERT and the time together
    cr.execute("SELECT (now() AT TIME ZONE 'UTC'), count(*) FROM partner WHERE name = 'timed'")
    assert cr.fetchone() == (now, 1)


def test_now_keeps_pending_results(cr):
    cr.execute("SELECT 42")
    cr.now()
    assert cr.fetchone() == (42,)


def test_dbname_and_connection(cr, db):
    assert (cr.dbname, cr.connection.info.dbname) == (db.dbname, db.dbname)


def test_cursor_outliving_its_pool_closes_cleanly(db):
    cr = db.cursor()
    db.close()
    with db.cursor() as other:             # a new pool opens
        other.execute("SELECT 1")
    cr.close()
    assert cr.closed


@pytest.mark.parametrize("how", ["execute", "executemany", "execute_raw", "connection"])
def test_every_way_of_writing_runs_in_the_transaction(db, how):
    """The pool's connections are in autocommit mode: the cursor opens each transaction."""
    before = count(db)
    cr = db.cursor()
    if how == "execute":
        cr.execute("INSERT INTO partner (name) VALUES ('tx')")
    elif how == "executemany":
        cr.executemany("INSERT INTO partner (name) VALUES (%s)", [("tx",), ("tx",)])
    elif how == "execute_raw":
        cr.execute_raw("INSERT INTO partner (name) VALUES ($1)", ["tx"])
    else:
        cr.begin()
        cr.connection.execute("INSERT INTO partner (name) VALUES ('tx')")
    assert cr.connection.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
    cr.rollback()
    cr.close()
    assert count(db) == before


def test_first_query_opens_the_transaction_in_one_round_trip(cr):
    cr.execute("SELECT name FROM partner WHERE name = %s", ("a",))
    assert cr.fetchall() == [("a",)] and cr.rowcount == 1
    cr.execute("SELECT pg_sleep(0.01), now() = statement_timestamp()")
    assert cr.fetchone()[1] is False                 # one transaction: now() stayed put
    with pytest.raises(psycopg.errors.UndefinedTable):
        cr.execute("SELECT * FROM no_such_table", log_exceptions=False)
    cr.rollback()
    cr.execute("SELECT 1")                           # a new transaction after the rollback
    assert cr.fetchone() == (1,)


def test_db_connect_is_cached(pg_address, db):
    assert sql_db.db_connect(db.dbname, pg_address) is db


def test_create_list_drop_database(pg_address):
    name = "test_admin_helpers"
    if sql_db.database_exists(pg_address, name):
        sql_db.drop_database(pg_address, name)
    sql_db.create_database(pg_address, name)
    listed = name in sql_db.list_databases(pg_address)
    open_cursor = sql_db.db_connect(name, pg_address).cursor()     # drop must not hang on it
    sql_db.drop_database(pg_address, name)
    with pytest.raises(psycopg.OperationalError):
        open_cursor.execute("SELECT 1", log_exceptions=False)      # its backend was terminated
    open_cursor.close()
    assert (listed, sql_db.database_exists(pg_address, name)) == (True, False)


def test_database_is_utf8(pg_address, db):
    with db.cursor() as cr:
        cr.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = %s",
                   (db.dbname,))
        assert cr.fetchone() == ("UTF8",)


def test_create_existing_database_is_refused(pg_address, db):
    with pytest.raises(ValueError, match="already exists"):
        sql_db.create_database(pg_address, db.dbname)


@pytest.mark.parametrize("name", ["bad name", "x;drop", '"q"', "", "-lead"])
def test_create_refuses_bad_names(pg_address, name):
    with pytest.raises(ValueError, match="invalid database name"):
        sql_db.create_database(pg_address, name)


def test_unreachable_server_is_one_clear_line():
    address = ServerAddress(host="127.0.0.1", port=1, user="bob")
    with pytest.raises(DatabaseConnectError) as info:
        sql_db.list_databases(address)
    assert str(info.value) == (
        "cannot connect to PostgreSQL at 127.0.0.1:1 as user 'bob': connection refused; "
        "start the server, fix --db_host/--db_port/--db_user/--db_password, "
        "or omit --db_host to use the embedded server")


def test_missing_database_says_how_to_create_it(pg_address):
    with pytest.raises(DatabaseConnectError, match=r'"test_nowhere" does not exist; create it'):
        sql_db.db_connect("test_nowhere", pg_address).cursor()


def test_server_address_prefers_config_host(monkeypatch):
    monkeypatch.setenv("PGHOST", "envhost")
    monkeypatch.setenv("PGUSER", "envuser")
    monkeypatch.delenv("PGPORT", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    address = sql_db.server_address({"db_host": "cfg", "db_port": 5433, "db_user": False,
                                     "db_password": False})
    assert address == ServerAddress("cfg", 5433, "envuser", None)


def test_server_address_without_host_is_embedded(monkeypatch, tmp_path):
    monkeypatch.delenv("PGHOST", raising=False)
    calls = []
    monkeypatch.setattr("framework.db.embedded.ensure_embedded_server",
                        lambda data_dir: calls.append(data_dir) or ServerAddress("/sock", 5432))
    address = sql_db.server_address({"db_host": False, "data_dir": str(tmp_path)})
    assert (address, calls) == (ServerAddress("/sock", 5432), [str(tmp_path)])


def test_prelude_rides_with_the_first_query_and_survives_a_failed_one(cr):
    seen = []
    cr.prelude("SELECT 41 + 1", seen.append)
    assert seen == []                                # nothing sent yet
    with pytest.raises(psycopg.errors.UndefinedTable):
        cr.execute("SELECT * FROM no_such_table", log_exceptions=False)
    assert seen == []                                # the batch failed: still to be run
    cr.rollback()
    before = cr.sql_log_count
    cr.execute("SELECT name FROM partner WHERE name = %s", ("a",))
    assert seen == [(42,)] and cr.fetchall() == [("a",)]
    assert cr.sql_log_count == before + 1            # one statement batch, one round trip


def test_prelude_runs_at_commit_with_it_when_no_query_does(cr, round_trips):
    seen = []
    cr.prelude("SELECT 7", seen.append)
    cr.commit()
    assert seen == [(7,)] and round_trips.count("execute") == 1
    assert cr.round_trips == 1                       # BEGIN, the SELECT and COMMIT together
    cr.execute("SELECT 1")
    cr.prelude("SELECT 8", seen.append)              # a transaction is open: at once
    assert seen == [(7,), (8,)]


def test_prelude_no_longer_needed_costs_nothing_at_commit(cr, round_trips):
    seen = []
    cr.prelude("SELECT 7", seen.append, needed=lambda: False)
    cr.commit()
    assert seen == [] and "execute" not in round_trips and cr.round_trips == 0


def test_preludes_ride_together_and_all_learn_their_answer(cr, round_trips):
    seen = []

    def refuse(row):
        seen.append(row)
        raise RuntimeError("stale")

    cr.prelude("SELECT 1", refuse)
    cr.prelude("SELECT 2 WHERE false", seen.append)          # no row: None
    cr.prelude("SELECT 3", seen.append)
    with pytest.raises(RuntimeError):
        cr.execute("SELECT name FROM partner WHERE name = %s", ("a",))
    assert seen == [(1,), None, (3,)] and cr.fetchall() == [("a",)]
    assert round_trips.count("execute") == 1


def test_only_the_needed_preludes_ride_with_the_commit(cr, round_trips):
    seen = []
    cr.prelude("SELECT 7", seen.append, needed=lambda: False)
    cr.prelude("SELECT 8", seen.append, needed=lambda: True)
    cr.commit()
    assert seen == [(8,)] and cr.round_trips == 1


def test_prelude_raising_at_commit_commits_nothing_queued(db, cr):
    def refuse(row):
        raise RuntimeError("stale")

    before = count(db)
    cr.prelude("SELECT 7", refuse)
    cr.queue("INSERT INTO partner (name) VALUES ('after a stale prelude')")
    with pytest.raises(RuntimeError):
        cr.commit()
    cr.rollback()
    assert count(db) == before


@pytest.fixture
def round_trips(monkeypatch):
    """How many times the client talked to the server (statement batches and commits)."""
    calls = []
    for cls, name in ((psycopg.ClientCursor, "execute"), (psycopg.Connection, "commit"),
                      (psycopg.Connection, "execute")):
        original = getattr(cls, name)
        monkeypatch.setattr(cls, name, lambda self, *a, _o=original, _n=name, **k:
                            calls.append(_n) or _o(self, *a, **k))
    return calls


def test_queued_statements_ride_with_the_next_query(cr, round_trips):
    cr.queue("UPDATE partner SET name = statement_timestamp()::text WHERE name = %s", ("a",))
    assert round_trips == []                         # nothing sent yet
    cr.execute("SELECT statement_timestamp()::text")
    sent_at = cr.fetchone()[0]
    assert len(round_trips) == 1                     # BEGIN, the UPDATE and the SELECT together
    cr.execute("SELECT count(*) FROM partner WHERE name = %s", (sent_at,))
    assert cr.fetchone() == (1,)                     # same message, same statement time


def test_queued_statements_ride_with_the_commit(db, cr, round_trips):
    before = count(db)
    cr.execute("SELECT 1")
    cr.queue("INSERT INTO partner (name) VALUES (%s)", ("queued 100%",))
    cr.queue(SQL("INSERT INTO partner (name) VALUES (%s)", "queued too"))
    del round_trips[:]
    cr.commit()
    assert len(round_trips) == 1                     # the INSERTs and COMMIT in one batch
    assert count(db) == before + 2 and count(db, "name = 'queued 100%'") == 1
    cr.execute("DELETE FROM partner WHERE name LIKE 'queued%%'")
    cr.commit()


def test_queued_rows_are_one_statement_bound_as_queue_binds_them(cr, round_trips):
    rows = [("it's 100%",), (None,), ("plain",)]
    cr.queue_rows(SQL("INSERT INTO partner (name) VALUES"), rows)
    assert round_trips == [] and cr.sql_log_count == 1
    cr.execute("SELECT name FROM partner WHERE name = %s OR name IS NULL OR name = 'plain' ORDER BY id",
               ("it's 100%",))
    assert cr.fetchall() == rows and len(round_trips) == 1


def test_literals_are_the_values_psycopg_binds(cr):
    from framework.db.cursor import Literals
    moment = datetime.datetime(2024, 5, 1, 10, 11, 12)
    values = [None, True, False, 0, -5, 2**40, -2**63, 0.0, -29.6, 1 / 3, 1e300, float("nan"), float("-inf"),
              "", "it's", "back\\slash", "100%", "é ü 漢", moment, moment.replace(microsecond=123),
              moment.replace(tzinfo=datetime.UTC), datetime.date(2024, 5, 1), {"json": [1, "a"]},
              decimal.Decimal("1.25")]
    side = psycopg.ClientCursor(cr.connection)
    literals = Literals(side)
    for value in values:
        assert literals.row([value])[1:-1].strip() == side.mogrify("%s", [value]).strip(), value
    cr.execute("SELECT " + ", ".join(["%s"] * len(values)), values)
    bound = cr.fetchone()
    cr.execute("SELECT " + literals.row(values)[1:-1])
    assert [repr(value) for value in cr.fetchone()] == [repr(value) for value in bound]
    # a NUL is refused as psycopg refuses it, never cut off (libpq's quoting stops there)
    with pytest.raises(psycopg.DataError):
        literals.row(["before\0after"])


def test_a_queued_statement_that_fails_raises_at_the_next_query_and_writes_nothing(db, cr):
    before = count(db)
    cr.queue("INSERT INTO partner (name) VALUES ('lost')")
    cr.queue("INSERT INTO partner (id, name) VALUES (1, 'duplicate')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        cr.execute("SELECT %s", (1,), log_exceptions=False)
    cr.rollback()
    cr.queue("INSERT INTO partner (id, name) VALUES (1, 'duplicate')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        cr.commit()
    cr.rollback()
    cr.queue("INSERT INTO partner (name) VALUES ('forgotten')")
    cr.rollback()                                    # a rollback forgets the queue
    cr.commit()
    assert count(db) == before


def test_a_savepoint_keeps_the_failure_of_what_its_block_queued(db, cr):
    before = count(db)
    cr.queue("INSERT INTO partner (name) VALUES ('kept')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        with cr.savepoint(flush=False):
            cr.queue("INSERT INTO partner (id, name) VALUES (1, 'duplicate')")
    cr.execute("SELECT count(*) FROM partner")       # the transaction goes on
    assert cr.fetchone() == (before + 1,)
    cr.commit()
    assert count(db, "name = 'kept'") == 1
    cr.execute("DELETE FROM partner WHERE name = 'kept'")
    cr.commit()


def test_now_or_sql_binds_the_transaction_time_without_asking_it_first(cr, round_trips):
    value = cr.now_or_sql()
    assert value is sql_db.TRANSACTION_NOW
    cr.execute("SELECT %s, transaction_timestamp() AT TIME ZONE 'UTC'", (value,))
    row = cr.fetchone()
    assert row[0] == row[1] and len(round_trips) == 1
    assert cr.now() == row[0] and cr.now_or_sql() == row[0]
    with pytest.raises(psycopg.ProgrammingError, match="bind client-side"):
        cr.execute_raw("SELECT $1::timestamp", [sql_db.TRANSACTION_NOW])


def deferring_cursor(db):
    """A cursor whose read-only end is handed to the returned list (``Cursor.end_after``)."""
    ended: list = []
    cr = db.cursor()
    cr.end_after(ended.append)
    return cr, ended


def test_a_read_only_transaction_ends_after_the_answer(db, round_trips):
    cr, ended = deferring_cursor(db)
    cr.execute("SELECT name FROM partner WHERE name = %s", ("a",))
    assert cr.fetchall() == [("a",)]
    sent = len(round_trips)
    cr.commit()
    cr.close()
    assert len(round_trips) == sent and len(ended) == 1     # no COMMIT yet: handed over
    ended[0]()
    assert round_trips[-1] == "commit"                      # the COMMIT, then the pool
    with db.cursor() as other:                              # the connection is usable again
        other.execute("SELECT 1")


@pytest.mark.parametrize("statement", [
    "UPDATE partner SET credit = credit WHERE name = 'a'",
    "SELECT id FROM partner WHERE name = 'a' FOR UPDATE",
    "SELECT id FROM partner WHERE name = 'a'\nFOR  NO KEY UPDATE",
    "select id into temporary table t_copy from partner",
])
def test_a_transaction_that_may_write_commits_before_the_answer(db, round_trips, statement):
    cr, ended = deferring_cursor(db)
    cr.execute(statement)
    cr.commit()
    assert round_trips[-1] == "commit"
    cr.close()
    assert ended == []


def test_a_query_after_a_read_only_commit_opens_a_new_transaction(db):
    cr, ended = deferring_cursor(db)
    cr.execute("SELECT txid_current()")
    first = cr.fetchone()[0]
    cr.commit()                                             # left open...
    cr.execute("SELECT txid_current()")                     # ...and ended here first
    assert cr.fetchone()[0] != first
    cr.queue("UPDATE partner SET credit = credit WHERE name = 'a'")
    cr.commit()
    cr.close()
    assert ended == []


def test_an_end_never_run_is_run_when_the_cursor_goes(db):
    import gc
    cr, ended = deferring_cursor(db)
    cr.execute("SELECT 1")
    cr.commit()
    cr.close()
    pool = db._open_pool()
    lent = pool.get_stats()["pool_size"] - pool.get_stats().get("pool_available", 0)
    del cr
    ended.clear()                                           # the response is dropped unsent
    gc.collect()
    assert pool.get_stats()["pool_size"] - pool.get_stats().get("pool_available", 0) == lent - 1


def test_transactions_run_in_repeatable_read_unless_asked_otherwise(db):
    with db.cursor() as cr:
        cr.execute("SHOW transaction_isolation")
        assert cr.fetchone() == ("repeatable read",)
    with db.cursor("READ COMMITTED") as cr:
        cr.execute("SHOW transaction_isolation")
        assert cr.fetchone() == ("read committed",)
    with pytest.raises(ValueError, match="isolation level 'DIRTY': use one of"):
        db.cursor("DIRTY")


def test_a_repeatable_read_transaction_keeps_its_snapshot(db):
    with db.cursor() as reader, db.cursor() as writer:
        reader.execute("SELECT name FROM partner WHERE name = 'a'")
        assert reader.fetchall() == [("a",)]
        writer.execute("UPDATE partner SET name = 'a2' WHERE name = 'a'")
        writer.commit()
        reader.execute("SELECT name FROM partner WHERE name IN ('a', 'a2')")
        assert reader.fetchall() == [("a",)]          # still the snapshot of its first query
        with pytest.raises(psycopg.errors.SerializationFailure):
            reader.execute("UPDATE partner SET credit = 0 WHERE name = 'a'", log_exceptions=False)
        reader.rollback()
        writer.execute("UPDATE partner SET name = 'a' WHERE name = 'a2'")


def test_a_savepoint_rides_with_the_first_query_of_its_block(cr, round_trips):
    cr.execute("SELECT 1")
    round_trips.clear()
    with cr.savepoint(flush=False):
        cr.execute("INSERT INTO partner (name) VALUES ('in a savepoint')")
    assert round_trips == ["execute"]     # SAVEPOINT + INSERT; the RELEASE waits for what follows
    with cr.savepoint(flush=False):       # a second one rides along too
        cr.execute("INSERT INTO partner (name) VALUES ('in a savepoint')")
    assert round_trips == ["execute", "execute"]
    cr.execute("SELECT count(*) FROM partner WHERE name = 'in a savepoint'")
    assert cr.fetchone() == (2,)
    assert round_trips == ["execute"] * 3
    with pytest.raises(psycopg.errors.InvalidSavepointSpecification):     # released already
        cr.execute('ROLLBACK TO SAVEPOINT "sp_1"', log_exceptions=False)


def test_a_failed_block_after_a_released_savepoint_keeps_the_first_block(cr):
    cr.execute("SELECT 1")
    with cr.savepoint(flush=False):
        cr.execute("INSERT INTO partner (name) VALUES ('kept')")
    with pytest.raises(ValueError), cr.savepoint(flush=False):
        raise ValueError("before any query")          # its SAVEPOINT was never sent
    with pytest.raises(psycopg.errors.UniqueViolation), cr.savepoint(flush=False):
        cr.execute("INSERT INTO partner (name) VALUES ('undone')")
        cr.execute("CREATE UNIQUE INDEX partner_kept ON partner (name)", log_exceptions=False)
        cr.execute("INSERT INTO partner (name) VALUES ('kept')", log_exceptions=False)
    cr.execute("SELECT name FROM partner WHERE name IN ('kept', 'undone')")
    assert cr.fetchall() == [("kept",)]


def test_execute_reads_runs_its_queries_in_one_round_trip(cr, round_trips):
    cr.execute("SELECT 1")
    round_trips.clear()
    before = cr.sql_log_count
    assert cr.execute_reads([SQL("SELECT name FROM partner WHERE name = %s", "a"),
                             SQL("SELECT 1 WHERE false"), SQL("SELECT 2, 3")]) == [[("a",)], [], [(2, 3)]]
    assert round_trips == ["execute"]
    assert cr.sql_log_count - before == 3


def test_a_savepoint_whose_block_runs_nothing_sends_nothing(cr, round_trips):
    cr.execute("SELECT 1")
    round_trips.clear()
    with cr.savepoint(flush=False):
        pass
    with pytest.raises(ValueError), cr.savepoint(flush=False):
        raise ValueError("before any query")
    assert round_trips == []
    cr.execute("SELECT count(*) FROM partner WHERE name = 'a'")     # the transaction goes on
    assert cr.fetchone() == (1,)


def test_a_failed_block_rolls_back_to_its_savepoint_sent_with_its_first_query(cr):
    cr.execute("INSERT INTO partner (name) VALUES ('before the savepoint')")
    with pytest.raises(ValueError), cr.savepoint(flush=False):
        cr.execute("INSERT INTO partner (name) VALUES ('undone')")
        raise ValueError("after a query")
    cr.execute("SELECT name FROM partner WHERE name IN ('before the savepoint', 'undone')")
    assert cr.fetchall() == [("before the savepoint",)]


def test_execute_alone_reads_and_ends_its_transaction_in_one_round_trip(db, round_trips):
    with db.cursor() as cr:
        cr.execute_alone("SELECT name FROM partner WHERE name = %s", ("a",))
        assert cr.fetchone() == ("a",)
        assert round_trips == ["execute"]
        assert cr._cnx.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
        cr.execute("INSERT INTO partner (name) VALUES ('after alone')")   # a new transaction
        cr.execute_alone("SELECT count(*) FROM partner WHERE name = 'after alone'")
        assert cr.fetchone() == (1,)     # inside an open transaction: a plain execute
    assert count(db, "name = 'after alone'") == 1
    with db.cursor() as cr:
        cr.execute("DELETE FROM partner WHERE name = 'after alone'")
