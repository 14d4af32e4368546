"""ir.attachment access for a non-admin user: the linked record's rights, the creator's own
unlinked files, public files, and binary-field attachments kept out of plain searches."""
from __future__ import annotations

import pytest

from framework.exceptions import AccessError
from tests.support.db import install, rolled_back_env
from tests.support.orm import make_user


@pytest.fixture(scope="module")
def att_registry(make_db):
    return install(make_db, "test_att_", ["test_security"])


@pytest.fixture
def aenv(att_registry):
    with rolled_back_env(att_registry) as env:
        yield env


def _attach(env, **values):
    return env["ir.attachment"].create({"name": "f.txt", "raw": b"data", **values})


def test_linked_attachment_follows_the_record_read_and_write(aenv):
    alice = make_user(aenv, "alice")
    country = aenv.ref("base.be") if aenv.ref("base.be", raise_if_not_found=False) else \
        aenv["res.country"].create({"name": "Testland", "code": "TL"})
    att = _attach(aenv, res_model="res.country", res_id=country.id)
    mine = att.with_user(alice)
    assert mine.read(["name", "datas"])[0]["datas"] == "ZGF0YQ=="      # may read the country
    assert aenv["ir.attachment"].with_user(alice).search([("id", "=", att.id)]) == mine
    with pytest.raises(AccessError):
        mine.write({"name": "renamed"})                                 # may not write it
    with pytest.raises(AccessError):
        mine.unlink()
    with pytest.raises(AccessError):
        _attach(aenv["ir.attachment"].with_user(alice).env, res_model="res.country",
                res_id=country.id)


def test_attachment_of_a_hidden_record_is_refused_and_filtered(aenv):
    alice, bob = make_user(aenv, "alice"), make_user(aenv, "bob")
    Secret = aenv["test.secret"]
    own = Secret.create({"name": "own", "owner_id": alice.id, "level": 5})
    hidden = Secret.create({"name": "bob's", "owner_id": bob.id, "level": 5})
    visible_att = _attach(aenv, res_model="test.secret", res_id=own.id)
    hidden_att = _attach(aenv, res_model="test.secret", res_id=hidden.id)
    as_alice = aenv["ir.attachment"].with_user(alice)
    with pytest.raises(AccessError):
        hidden_att.with_user(alice).read(["name"])
    found = as_alice.search([("res_model", "=", "test.secret")])
    assert found.ids == [visible_att.id]
    assert as_alice.search_count([("res_model", "=", "test.secret")]) == 1
    assert [r["id"] for r in as_alice.search_read([("res_model", "=", "test.secret")], ["name"])] \
        == [visible_att.id]
    # alice writes her own secret: she may attach to it and change the attachment
    created = _attach(as_alice.env, res_model="test.secret", res_id=own.id)
    created.write({"description": "mine"})
    with pytest.raises(AccessError):
        _attach(as_alice.env, res_model="test.secret", res_id=hidden.id)


def test_unlinked_attachment_is_its_creators_and_the_admins(aenv):
    alice, bob = make_user(aenv, "alice"), make_user(aenv, "bob")
    bobs = _attach(aenv["ir.attachment"].with_user(bob).env, name="bob.txt")
    assert bobs.create_uid == bob
    assert bobs.with_user(bob).read(["name"])[0]["name"] == "bob.txt"
    with pytest.raises(AccessError):
        bobs.with_user(alice).read(["name"])
    assert not aenv["ir.attachment"].with_user(alice).search([("name", "=", "bob.txt")])
    admin = aenv.ref("base.user_admin")
    assert aenv["ir.attachment"].with_user(admin).search([("name", "=", "bob.txt")]) == bobs
    public = _attach(aenv["ir.attachment"].with_user(bob).env, name="pub.txt", public=True)
    assert public.with_user(alice).read(["name"])[0]["name"] == "pub.txt"
    with pytest.raises(AccessError):
        public.with_user(alice).write({"name": "x"})


def test_field_attachments_are_found_only_by_naming_them(aenv):
    partner = aenv["res.partner"].create({"name": "P"})
    field_att = _attach(aenv, res_model="res.partner", res_id=partner.id, res_field="image_1920")
    plain = _attach(aenv, res_model="res.partner", res_id=partner.id)
    Attachment = aenv["ir.attachment"]
    assert Attachment.search([("res_id", "=", partner.id), ("res_model", "=", "res.partner")]) == plain
    assert Attachment.search([("res_field", "=", "image_1920"), ("res_id", "=", partner.id)]) == field_att
    assert Attachment.search([("id", "=", field_att.id)]) == field_att


def test_portal_user_is_refused(aenv):
    portal = make_user(aenv, "portal", groups=("base.group_portal",))
    public = _attach(aenv, public=True)
    with pytest.raises(AccessError):
        public.with_user(portal).check("read")
