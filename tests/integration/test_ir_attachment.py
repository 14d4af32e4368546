"""ir.attachment: fields, content in the file store or the database, garbage collection."""
from __future__ import annotations

import base64
import hashlib
import os

import pytest

from tests.support.db import query, rolled_back_env

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _path(env, attachment):
    return env["ir.attachment"]._full_path(attachment.store_fname)


def test_create_with_datas_stores_a_file_named_by_its_sha1(env):
    content = b"hello attachment"
    sha = hashlib.sha1(content).hexdigest()
    att = env["ir.attachment"].create({"name": "note.txt", "datas": base64.b64encode(content)})
    assert (att.checksum, att.file_size, att.mimetype) == (sha, len(content), "text/plain")
    assert att.store_fname == f"{sha[:2]}/{sha}"
    assert att.type == "binary" and att.db_datas is False
    path = _path(env, att)
    config = env.registry.config
    assert path == os.path.join(config["data_dir"], "filestore", env.cr.dbname, sha[:2], sha)
    with open(path, "rb") as file:
        assert file.read() == content
    assert att.raw == content
    assert att.datas == base64.b64encode(content)
    assert att.with_context(bin_size=True).datas == b"16.00 bytes"
    assert att.with_context(bin_size=True).read(["datas"])[0]["datas"] == "16.00 bytes"
    assert att.index_content == "hello attachment"


def test_same_content_shares_one_file_and_raw_is_accepted(env):
    one = env["ir.attachment"].create({"name": "a.bin", "raw": PNG})
    two = env["ir.attachment"].create({"name": "b", "raw": PNG})
    assert one.store_fname == two.store_fname
    assert one.mimetype == "image/png"          # guessed from the content: the name says nothing
    assert two.mimetype == "image/png"
    assert env["ir.attachment"].create({"name": "x.pdf", "raw": b"xx", "mimetype": "Text/CSV"}
                                       ).mimetype == "text/csv"       # given: kept (lowered)
    assert env["ir.attachment"].create({"name": "x.pdf", "raw": b"xx"}).mimetype == "application/pdf"


def test_markup_is_plain_text_for_who_may_not_write_views(env):
    html = env["ir.attachment"].create({"name": "page.html", "raw": b"<html></html>"})
    assert html.mimetype == "text/html"          # the superuser may write views
    plain = env["ir.attachment"].with_context(attachments_mime_plainxml=True).create(
        {"name": "page.html", "raw": b"<html></html>"})
    assert plain.mimetype == "text/plain"


def test_write_datas_replaces_the_file_and_res_name(env):
    partner = env["res.partner"].create({"name": "Linked"})
    att = env["ir.attachment"].create({"name": "a.txt", "raw": b"first",
                                       "res_model": "res.partner", "res_id": partner.id})
    first = att.store_fname
    att.write({"datas": base64.b64encode(b"second")})
    assert att.raw == b"second" and att.store_fname != first
    assert att.checksum == hashlib.sha1(b"second").hexdigest()
    att.datas = base64.b64encode(b"third")
    assert att.raw == b"third" and att.file_size == 5
    assert att.res_name == "Linked"
    checklist = os.path.join(env["ir.attachment"]._full_path("checklist"), first)
    assert os.path.exists(checklist)            # the old file is only listed for collection


def test_db_storage_keeps_the_content_in_the_row(env):
    env["ir.config_parameter"].set_param("ir_attachment.location", "db")
    att = env["ir.attachment"].create({"name": "in-db.txt", "raw": b"kept in the row"})
    assert att.store_fname is False
    assert att.db_datas == b"kept in the row"        # the raw bytes, as Odoo keeps them
    assert att.raw == b"kept in the row"


def test_gc_removes_only_files_no_row_refers_to(orm_registry):
    content, kept_content = os.urandom(16), os.urandom(16)
    with rolled_back_env(orm_registry) as env:
        Attachment = env["ir.attachment"]
        gone = Attachment.create({"name": "gone", "raw": content})
        kept = Attachment.create({"name": "kept", "raw": kept_content})
        twin = Attachment.create({"name": "twin", "raw": kept_content})
        gone_path, kept_path = _path(env, gone), _path(env, kept)
        env.cr.commit()
        gone.unlink()
        twin.unlink()                            # its file is still kept's
        assert os.path.exists(gone_path)        # not at once: only listed
        env.cr.commit()
        assert Attachment._gc_file_store() >= 1
        assert not os.path.exists(gone_path)
        assert os.path.exists(kept_path)
        kept.unlink()
        env.cr.commit()


def test_rolled_back_create_leaves_no_row_and_gc_takes_the_file(orm_registry):
    content = os.urandom(32)
    with rolled_back_env(orm_registry) as env:
        att = env["ir.attachment"].create({"name": "lost", "raw": content})
        path, att_id = _path(env, att), att.id
        assert os.path.exists(path)
    address, dbname = orm_registry.database.address, orm_registry.db_name
    assert query(address, dbname, "SELECT id FROM ir_attachment WHERE id = %s", (att_id,)) == []
    with rolled_back_env(orm_registry) as env:
        env["ir.attachment"]._gc_file_store()
    assert not os.path.exists(path)


def test_copy_copies_the_content(env):
    att = env["ir.attachment"].create({"name": "a.txt", "raw": b"copied"})
    copy = att.copy()
    assert copy.raw == b"copied" and copy.store_fname == att.store_fname


# -- Binary fields kept in attachments ----------------------------------------------------------

def _field_attachments(env, record, fname="data"):
    return env["ir.attachment"].search([("res_model", "=", record._name), ("res_field", "=", fname),
                                        ("res_id", "=", record.id)])


def test_binary_field_value_is_an_attachment_not_a_column(env):
    env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'test_typed' "
                   "AND column_name IN ('data', 'data_column')")
    assert {row[0] for row in env.cr.fetchall()} == {"data_column"}
    record = env["test.typed"].create({"name": "with file", "data": base64.b64encode(b"file body")})
    att = _field_attachments(env, record)
    assert len(att) == 1 and att.raw == b"file body" and att.name == "data"
    assert not env["ir.attachment"].search([("res_id", "=", record.id), ("res_model", "=", "test.typed")])
    env.invalidate_all()
    assert record.data == base64.b64encode(b"file body")
    assert record.read(["data"])[0]["data"] == base64.b64encode(b"file body").decode()
    assert record.with_context(bin_size=True).read(["data"])[0]["data"] == "9.00 bytes"
    assert env["test.typed"].search([("id", "=", record.id), ("data", "!=", False)]) == record
    assert not env["test.typed"].search([("id", "=", record.id), ("data", "=", False)])
    assert env["test.typed"]._fields["data"].get_description(env)["attachment"] is True


def test_binary_field_write_copy_clear_and_unlink(env):
    record = env["test.typed"].create({"name": "w", "data": base64.b64encode(b"one")})
    record.write({"data": base64.b64encode(b"two")})
    assert _field_attachments(env, record).raw == b"two"
    copy = record.copy()
    assert _field_attachments(env, copy).raw == b"two"
    env.invalidate_all()
    assert copy.data == base64.b64encode(b"two")
    record.data = False
    assert not _field_attachments(env, record)
    env.invalidate_all()
    assert record.data is False
    copy.unlink()
    env.cr.execute("SELECT count(*) FROM ir_attachment WHERE res_model = 'test.typed' AND res_id = %s",
                   (copy.id,))
    assert env.cr.fetchone()[0] == 0


def test_attachment_false_keeps_the_column(env):
    record = env["test.typed"].create({"data_column": base64.b64encode(b"in the row")})
    env.flush_all()
    env.cr.execute("SELECT data_column FROM test_typed WHERE id = %s", (record.id,))
    assert bytes(env.cr.fetchone()[0]) == base64.b64encode(b"in the row")
    assert not _field_attachments(env, record, "data_column")


def test_reading_many_binaries_is_one_query(env):
    from tests.support.orm import count_queries
    records = env["test.typed"].create([{"name": f"r{i}", "data": base64.b64encode(b"x%d" % i)}
                                        for i in range(20)])
    env.invalidate_all()
    records = env["test.typed"].browse(records.ids)
    records.fetch(["name"])
    with count_queries(env) as queries:
        values = records.read(["data"])
    assert [base64.b64decode(v["data"]) for v in values] == [b"x%d" % i for i in range(20)]
    assert queries() == 1
    env.invalidate_all()
    records = env["test.typed"].browse(records.ids)
    with count_queries(env) as queries:
        assert [base64.b64decode(r.data) for r in records] == [b"x%d" % i for i in range(20)]
    assert queries() == 1                       # the first one prefetches the others


def test_a_column_left_by_an_older_database_moves_to_attachments(env):
    from framework.orm import schema
    record = env["test.typed"].create({"name": "old"})
    env.flush_all()
    env.cr.execute("ALTER TABLE test_typed ADD COLUMN data bytea")
    env.cr.execute("UPDATE test_typed SET data = %s WHERE id = %s",
                   (base64.b64encode(b"from the column"), record.id))
    schema.sync_models(env, ["test.typed"])
    env.invalidate_all()
    assert record.data == base64.b64encode(b"from the column")
    assert _field_attachments(env, record).raw == b"from the column"
    env.cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'test_typed' "
                   "AND column_name = 'data'")
    assert env.cr.fetchall() == []


def test_pictures_within_the_limit_are_kept_byte_for_byte(env):
    """A JPEG within base.image_autoresize_max_px is not re-encoded (Odoo resizes, and
    re-encodes at base.image_autoresize_quality, only pictures over the limit)."""
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(buffer, format="JPEG", quality=95)
    att = env["ir.attachment"].create({"name": "small.jpg", "raw": buffer.getvalue()})
    assert att.mimetype == "image/jpeg"
    assert att.raw == buffer.getvalue()


def test_big_pictures_are_made_to_fit_and_served_urls_are_for_settings(env):
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1000), (10, 20, 30)).save(buffer, format="PNG")
    att = env["ir.attachment"].create({"name": "big.png", "raw": buffer.getvalue()})
    assert Image.open(io.BytesIO(att.raw)).size == (1920, 640)
    kept = env["ir.attachment"].with_context(image_no_postprocess=True).create(
        {"name": "big.png", "raw": buffer.getvalue()})
    assert Image.open(io.BytesIO(kept.raw)).size == (3000, 1000)
    from framework.exceptions import ValidationError
    from tests.support.orm import make_user
    user = make_user(env, "served")
    with pytest.raises(ValidationError):
        env["ir.attachment"].with_user(user).create({"name": "page", "raw": b"x", "url": "/shop"})
    assert env["ir.attachment"].create({"name": "link", "type": "url", "url": "/doc"}).url == "/doc"
    token = att.generate_access_token()
    assert token == [att.access_token] and att.generate_access_token() == token


def test_bin_size_reads_sizes_of_stored_and_computed_images(env):
    partner = env["res.partner"].create({"name": "Sized", "image_1920": base64.b64encode(PNG)})
    env.invalidate_all()
    row = partner.with_context(bin_size=True).read(["image_1920", "image_128", "avatar_128"])[0]
    size = f"{len(PNG):.2f} bytes"
    assert (row["image_1920"], row["image_128"], row["avatar_128"]) == (size, size, size)


def test_creating_images_costs_the_same_queries_for_many_records(env):
    from tests.support.orm import count_queries
    counts = []
    for size in (1, 5, 15):                      # the first one warms the caches up
        with count_queries(env) as queries:
            records = env["test.pictured"].create([{"name": f"p{i}", "image_1920": base64.b64encode(PNG)}
                                                   for i in range(size)])
            env.flush_all()
        counts.append(queries())
        assert len(env["ir.attachment"].search([("res_model", "=", "test.pictured"),
                                                 ("res_id", "in", records.ids),
                                                 ("res_field", "!=", False)])) == size * 5
    assert counts[1] == counts[2]


def test_reading_every_field_of_a_file_kept_in_the_row(env):
    env["ir.config_parameter"].set_param("ir_attachment.location", "db")
    att = env["ir.attachment"].create({"name": "pic", "raw": PNG})
    row = att.read()[0]
    assert base64.b64decode(row["datas"]) == PNG and base64.b64decode(row["db_datas"]) == PNG


def test_deleting_records_unlinks_their_attachments_through_the_model_once(env):
    from tests.support.orm import count_queries
    records = env["test.typed"].create([{"name": f"d{i}", "data": base64.b64encode(b"doc%d" % i)}
                                        for i in range(4)])
    linked = env["ir.attachment"].create({"name": "note.txt", "raw": b"a note",
                                          "res_model": "test.typed", "res_id": records[0].id})
    found = env["ir.attachment"].search([("res_model", "=", "test.typed"),
                                         ("res_id", "in", records.ids), ("res_field", "!=", False)])
    fnames = set(found.mapped("store_fname")) | {linked.store_fname}
    checklist = env["ir.attachment"]._full_path("checklist")
    for fname in fnames:                    # the files listed at their creation are collected
        os.unlink(os.path.join(checklist, fname))
    env.flush_all()
    log: list = []
    with count_queries(env) as queries:
        records.with_context(attachment_unlink_log=log).unlink()
    assert log == [(sorted(found.ids + linked.ids), True)]        # one call, as the superuser
    env.cr.execute("SELECT id FROM ir_attachment WHERE id = ANY(%s)", (found.ids + linked.ids,))
    assert not env.cr.fetchall()
    assert all(os.path.exists(os.path.join(checklist, fname)) for fname in fnames)
    few = queries()
    more = env["test.typed"].create([{"name": f"m{i}", "data": base64.b64encode(b"more%d" % i)}
                                     for i in range(12)])
    env.flush_all()
    with count_queries(env) as queries:
        more.unlink()
    assert queries() == few                 # no query per record


def test_deleting_records_without_attachments_unlinks_none(env):
    records = env["test.typed"].create([{"name": "bare"}])
    log: list = []
    records.with_context(attachment_unlink_log=log).unlink()
    assert log == []


def _no_file_read(monkeypatch, env):
    def refuse(self, fname):
        raise AssertionError(f"the file {fname} was read")
    monkeypatch.setattr(type(env["ir.attachment"]), "_file_read", refuse)


def test_bin_size_on_a_record_gives_the_size_from_file_size_without_reading_the_file(env, monkeypatch):
    from tests.support.orm import count_queries
    records = env["test.typed"].create([{"name": f"s{i}", "data": base64.b64encode(b"y" * (1000 + i))}
                                        for i in range(3)] + [{"name": "empty"}])
    env.flush_all()
    env.cr.execute("UPDATE ir_attachment SET file_size = 3 * 1024 WHERE res_model = 'test.typed' "
                   "AND res_field = 'data' AND res_id = %s", (records[2].id,))
    env.invalidate_all()
    _no_file_read(monkeypatch, env)
    sized = env["test.typed"].browse(records.ids).with_context(bin_size=True)
    with count_queries(env) as queries:
        values = [record.data for record in sized]
    assert values == [b"1000.00 bytes", b"1001.00 bytes", b"3.00 Kb", False]   # the column's
    assert queries() == 1                        # the first record prefetches the others
    assert sized[:1].with_context(bin_size=False, bin_size_data=True).data == b"1000.00 bytes"
    assert sized.read(["data"])[2]["data"] == "3.00 Kb"


def test_bin_size_after_a_write_gives_the_new_size(env):
    record = env["test.typed"].create({"name": "grow", "data": base64.b64encode(b"z" * 10)})
    sized = record.with_context(bin_size=True)
    assert sized.data == b"10.00 bytes"
    record.write({"data": base64.b64encode(b"z" * 2048)})
    assert sized.data == b"2.00 Kb"
    env.invalidate_all()
    assert sized.data == b"2.00 Kb" and record.data == base64.b64encode(b"z" * 2048)


def test_bin_size_read_and_search_read_read_no_file(env, monkeypatch):
    records = env["test.typed"].create([{"name": "r", "data": base64.b64encode(b"w" * 1536)}])
    env.invalidate_all()
    _no_file_read(monkeypatch, env)
    sized = env["test.typed"].with_context(bin_size=True)
    assert sized.search_read([("id", "=", records.id)], ["data"]) == [
        {"id": records.id, "data": "1.50 Kb"}]
    env.invalidate_all()
    assert sized.browse(records.id).read(["data", "name"]) == [
        {"id": records.id, "data": "1.50 Kb", "name": "r"}]
