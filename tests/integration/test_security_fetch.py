"""Access rights, record rules and field groups apply when a field is *fetched* through the
ORM (``record.name``, ``mapped``, ``fetch``, prefetching), not only in ``read``/``search_read``:
Odoo 17 checks them in ``_fetch_field``/``fetch``. The cache is filled only with what the user
may read, so a value hidden from them never reaches it through a prefetch either."""
from __future__ import annotations

import pytest

from framework.exceptions import AccessError, MissingError
from tests.support.db import install, rolled_back_env
from tests.support.orm import make_user


@pytest.fixture(scope="module")
def security_registry(make_db):
    return install(make_db, "test_secf_", ["test_security"])


@pytest.fixture
def senv(security_registry):
    with rolled_back_env(security_registry) as env:
        yield env


@pytest.fixture
def alice(senv):
    return make_user(senv, "alice")


@pytest.fixture
def secrets(senv, alice):
    """Alice's own secret, a level-0 secret anyone internal sees, and Bob's hidden one."""
    bob = make_user(senv, "bob")
    Secret = senv["test.secret"]
    own = Secret.create({"name": "alice-own", "owner_id": alice.id, "level": 5, "salary": 7.0})
    shared = Secret.create({"name": "shared", "owner_id": bob.id, "level": 0})
    hidden = Secret.create({"name": "bob-only", "owner_id": bob.id, "level": 5})
    senv.flush_all()
    senv.invalidate_all()
    return own, shared, hidden


def test_attribute_read_of_a_record_the_rules_hide_is_refused(senv, alice, secrets):
    hidden = secrets[2].with_user(alice)
    with pytest.raises(AccessError, match="Due to security restrictions, you are not allowed to "
                                          r"access 'Secret Note' \(test.secret\) records"):
        hidden.name


def test_attribute_read_of_a_model_without_read_right_is_refused(senv):
    nobody = make_user(senv, "nobody", groups=())
    locked = senv["test.locked"].create({"name": "x"})
    senv.invalidate_all()
    with pytest.raises(AccessError, match=r"You are not allowed to access 'Locked Model' \(test.locked\)"):
        locked.with_user(nobody).name


def test_field_reserved_to_a_group_is_refused_on_attribute_read(senv, alice, secrets):
    with pytest.raises(AccessError, match='fields "salary" on Secret Note'):
        secrets[0].with_user(alice).salary


def test_prefetching_readable_records_leaves_the_hidden_ones_out_of_the_cache(senv, alice, secrets):
    own, shared, hidden = (s.with_user(alice) for s in secrets)
    batch = own | shared | hidden
    assert batch[0].name == "alice-own"                  # one fetch for the whole prefetch set
    assert batch[1].name == "shared"
    name = senv["test.secret"]._fields["name"]
    assert hidden.id not in senv.transaction.cache[name]


def test_mapped_over_a_set_with_a_hidden_record_is_refused(senv, alice, secrets):
    batch = senv["test.secret"].with_user(alice).browse([s.id for s in secrets])
    with pytest.raises(AccessError, match="Due to security restrictions"):
        batch.mapped("name")


def test_fetch_refuses_hidden_records_even_when_their_values_are_cached(senv, alice, secrets):
    hidden = secrets[2]
    assert hidden.name == "bob-only"                     # the superuser filled the cache
    with pytest.raises(AccessError, match="Due to security restrictions"):
        hidden.with_user(alice).fetch(["name"])


def test_fetch_loads_what_the_user_may_read(senv, alice, secrets):
    readable = (secrets[0] | secrets[1]).with_user(alice)
    readable.fetch(["name", "level"])
    assert readable.mapped("name") == ["alice-own", "shared"]


def test_a_deleted_record_is_still_missing_not_forbidden(senv, alice, secrets):
    gone = secrets[1]
    gone_id = gone.id
    gone.unlink()
    with pytest.raises(MissingError):
        senv["test.secret"].with_user(alice).browse(gone_id).name


def test_sudo_reads_everything_and_the_superuser_sees_the_group_field(senv, alice, secrets):
    hidden = secrets[2].with_user(alice).sudo()
    assert (hidden.name, secrets[0].with_user(alice).sudo().salary) == ("bob-only", 7.0)


def test_related_fields_follow_their_path_as_superuser(senv, alice, secrets):
    # res.users is readable by every internal user; the owner's partner is read through it
    own = secrets[0].with_user(alice)
    assert own.owner_id.partner_id.name == "Alice"
