"""Odoo 17's ``env.cache`` and the ``_fetch_query`` hook, as addons use them: a model that
masks a column in the cache after every fetch (tests/addons/test_orm_ext2/models/secret.py),
and the cache read, filled, queued for writing and forgotten by hand."""
from __future__ import annotations

import pytest

from framework.exceptions import CacheMiss
from tests.support.orm import count_queries, db_rows

MASK = "********"


@pytest.fixture
def secrets(env):
    tags = env["test.tag"].create([{"name": "red"}, {"name": "blue"}])
    records = env["test.secret"].create([{"name": "mail", "code": "hunter2", "tag_ids": [(6, 0, tags.ids)]},
                                         {"name": "bank", "code": "s3cr3t"}])
    env.flush_all()
    env.invalidate_all()
    return records


# -- _fetch_query -------------------------------------------------------------------------------

def test_a_prefetch_goes_through_the_hook(env, secrets):
    log = []
    records = secrets.with_context(fetch_log=log)
    assert records[0].name == "mail"
    assert records.mapped("code") == [MASK, MASK]      # prefetched with the name, masked
    assert log and "code" in log[0] and "name" in log[0]
    assert db_rows(env, "SELECT code FROM test_secret WHERE id = %s", secrets[0].id) == [("hunter2",)]


def test_search_fetch_and_search_read_go_through_the_hook(env, secrets):
    found = env["test.secret"].search_fetch([("id", "in", secrets.ids)], ["name", "code"], order="name")
    assert found.mapped("name") == ["bank", "mail"]
    assert found.mapped("code") == [MASK, MASK]
    env.invalidate_all()
    rows = env["test.secret"].search_read([("id", "in", secrets.ids)], ["code"], order="name")
    assert [row["code"] for row in rows] == [MASK, MASK]


def test_the_hook_sees_x2many_only_fetches_and_returns_what_it_found(env, secrets):
    log = []
    records = secrets.with_context(fetch_log=log)
    with count_queries(env) as queries:
        assert records[0].tag_ids.mapped("name") == ["blue", "red"]
    assert ["tag_ids"] in log
    assert queries() == 2                       # the links, then the tags' names: no SELECT of ids
    fetched = env["test.secret"].browse(secrets.ids + [999_999_999])._fetch_query(
        secrets._fetch_select(secrets.ids + [999_999_999])[0], [env["test.secret"]._fields["name"]])
    assert sorted(fetched.ids) == sorted(secrets.ids)


def test_an_override_can_decline_to_mask(env, secrets):
    assert secrets.with_context(show_codes=True).mapped("code") == ["hunter2", "s3cr3t"]


# -- env.cache ----------------------------------------------------------------------------------

def test_get_set_and_cache_miss(env, secrets):
    field = secrets._fields["code"]
    with pytest.raises(CacheMiss):
        env.cache.get(secrets[0], field)
    assert issubclass(CacheMiss, KeyError)
    assert env.cache.get(secrets[0], field, "none") == "none"
    assert not env.cache.contains(secrets[0], field)
    env.cache.set(secrets[0], field, "typed")
    assert env.cache.contains(secrets[0], field)
    with count_queries(env) as queries:
        assert secrets[0].code == "typed"       # from the cache: nothing fetched
    assert queries() == 0
    assert list(env.cache.get_missing_ids(secrets, field)) == [secrets[1].id]
    assert env.cache.get_until_miss(secrets, field) == ["typed"]
    assert list(env.cache.get_values(secrets, field)) == ["typed"]
    assert env.cache.get_records(env["test.secret"], field).ids == [secrets[0].id]
    assert field in set(env.cache.get_fields(secrets[0]))


def test_update_insert_missing_and_different_from(env, secrets):
    field = secrets._fields["code"]
    env.cache.update(secrets[:1], field, ["a"])
    env.cache.insert_missing(secrets, field, ["x", "b"])
    assert list(env.cache.get_values(secrets, field)) == ["a", "b"]
    assert env.cache.get_records_different_from(secrets, field, "a") == secrets[1]


def test_a_dirty_value_is_written_at_the_next_flush(env, secrets):
    field = secrets._fields["code"]
    env.cache.set(secrets[1], field, "changed", dirty=True)
    assert field in env.cache.get_dirty_fields()
    assert env.cache.get_dirty_records(env["test.secret"], field) == secrets[1]
    assert env.cache.has_dirty_fields(secrets) and not env.cache.has_dirty_fields(secrets[0])
    env.flush_all()
    assert db_rows(env, "SELECT code FROM test_secret WHERE id = %s", secrets[1].id) == [("changed",)]
    assert not env.cache.has_dirty_fields(secrets)
    with pytest.raises(ValueError, match="stored column"):
        env.cache.set(secrets[0], secrets._fields["tag_ids"], (), dirty=True)


def test_a_cleared_dirty_value_is_not_written(env, secrets):
    field = secrets._fields["code"]
    env.cache.set(secrets[1], field, "dropped", dirty=True)
    assert env.cache.clear_dirty_field(field) == [secrets[1].id]
    env.flush_all()
    assert db_rows(env, "SELECT code FROM test_secret WHERE id = %s", secrets[1].id) == [("s3cr3t",)]


def test_invalidate_and_remove(env, secrets):
    field, name = secrets._fields["code"], secrets._fields["name"]
    env.cache.update(secrets, field, ["a", "b"])
    env.cache.update(secrets, name, ["n1", "n2"])
    env.cache.invalidate([(field, [secrets[0].id])])
    assert list(env.cache.get_missing_ids(secrets, field)) == [secrets[0].id]
    env.cache.remove(secrets[1], field)
    assert not env.cache.contains(secrets[1], field)
    assert env.cache.contains(secrets[0], name)
    env.cache.invalidate([(name, None)])
    assert not env.cache.contains_field(name)
    env.cache.update(secrets, name, ["n1", "n2"])
    env.cache.invalidate()
    assert not env.cache.contains(secrets[0], name)


def test_a_translated_field_reads_the_language_text(env):
    typed = env["test.typed"].create({"label": "Hello"})
    typed.invalidate_recordset()
    assert typed.label == "Hello"                # fetched: the cache keeps every language
    assert env.cache.get(typed, typed._fields["label"]) == "Hello"
