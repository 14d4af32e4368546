"""Access rights, record rules, field groups, hashed passwords and API keys, for a non-admin user."""
from __future__ import annotations

import pytest
from passlib.context import CryptContext

from framework.exceptions import AccessDenied, AccessError
from tests.support.db import install, rolled_back_env
from tests.support.orm import make_user


@pytest.fixture(scope="module")
def security_registry(make_db):
    return install(make_db, "test_sec_", ["test_security"])


@pytest.fixture
def senv(security_registry):
    with rolled_back_env(security_registry) as env:
        yield env


def test_internal_user_reads_and_writes_but_cannot_delete(senv):
    user = make_user(senv, "alice")
    secret = senv["test.secret"].create({"name": "s", "owner_id": user.id})
    mine = secret.with_user(user)
    mine.write({"name": "renamed"})
    assert mine.name == "renamed"
    with pytest.raises(AccessError) as info:
        mine.unlink()
    assert str(info.value) == (
        "You are not allowed to delete 'Secret Note' (test.secret) records.\n\n"
        "This operation is allowed for the following groups:\n\t- Administration / Settings\n\n"
        "Contact your administrator to request access if necessary.")


def test_user_without_groups_is_refused_with_no_group_message(senv):
    user = make_user(senv, "nobody", groups=())
    with pytest.raises(AccessError, match="You are not allowed to access 'Locked Model' "
                                          r"\(test.locked\) records.\n\nNo group currently allows"):
        senv["test.locked"].with_user(user).search([])


def test_model_without_access_rows_is_for_the_superuser_only(senv):
    admin = senv.ref("base.user_admin")
    with pytest.raises(AccessError):
        senv["test.locked"].with_user(admin).create({"name": "x"})
    assert senv["test.locked"].create({"name": "x"}).name == "x"
    assert senv["test.locked"].with_user(admin).sudo().search_count([]) == 1


def test_rules_filter_search_group_rules_ored_global_rules_anded(senv):
    alice, bob = make_user(senv, "alice"), make_user(senv, "bob")
    Secret = senv["test.secret"]
    own = Secret.create({"name": "alice-own", "owner_id": alice.id, "level": 5})
    shared = Secret.create({"name": "bob-level0", "owner_id": bob.id, "level": 0})
    Secret.create({"name": "bob-level5", "owner_id": bob.id, "level": 5})
    Secret.create({"name": "alice-top", "owner_id": alice.id, "level": 50})   # global rule hides it
    visible = Secret.with_user(alice).search([])
    assert set(visible.ids) == {own.id, shared.id}


def test_hand_written_sql_from_where_calc_apply_ir_rules_and_get_sql(senv):
    # the report idiom: query = _where_calc(domain); _apply_ir_rules(query, 'read'); get_sql()
    alice, bob = make_user(senv, "alice"), make_user(senv, "bob")
    Secret = senv["test.secret"]
    own = Secret.create({"name": "alice-own", "owner_id": alice.id, "level": 5})
    Secret.create({"name": "bob-level5", "owner_id": bob.id, "level": 5})
    query = Secret.with_user(alice)._where_calc([("level", "=", 5)])
    Secret.with_user(alice)._apply_ir_rules(query, "read")
    from_clause, where_clause, params = query.get_sql()
    Secret._flush_search([("level", "=", 5)])
    senv.cr.execute(f"SELECT test_secret.id FROM {from_clause} WHERE {where_clause}", params)
    assert [row[0] for row in senv.cr.fetchall()] == [own.id]
    unruled = Secret._where_calc([("level", "=", 5)])
    Secret.sudo()._apply_ir_rules(unruled, "read")                 # the superuser: no rule
    assert len(Secret.browse(unruled)) == 2


def test_read_and_write_of_a_forbidden_record_are_refused(senv):
    alice, bob = make_user(senv, "alice"), make_user(senv, "bob")
    theirs = senv["test.secret"].create({"name": "bob", "owner_id": bob.id, "level": 3})
    with pytest.raises(AccessError, match="Due to security restrictions, you are not allowed to access"):
        theirs.with_user(alice).read(["name"])
    with pytest.raises(AccessError, match="not allowed to modify 'Secret Note'"):
        theirs.with_user(alice).write({"name": "stolen"})


def test_sudo_bypasses_rights_and_rules(senv):
    alice = make_user(senv, "alice")
    hidden = senv["test.secret"].create({"name": "top", "level": 99})
    assert hidden.with_user(alice).sudo().read(["name"])[0]["name"] == "top"


def test_field_groups_hide_and_protect_fields(senv):
    alice = make_user(senv, "alice")
    secret = senv["test.secret"].create({"name": "s", "owner_id": alice.id, "salary": 10.0})
    as_alice = secret.with_user(alice)
    assert "salary" not in as_alice.fields_get()
    assert "salary" not in as_alice.read()[0]
    with pytest.raises(AccessError, match='fields "salary" on Secret Note'):
        as_alice.write({"salary": 99.0})
    admin = senv.ref("base.user_admin")
    assert secret.with_user(admin).read(["salary"])[0]["salary"] == 10.0


def test_passwords_are_stored_as_odoo_pbkdf2_hashes(senv):
    user = make_user(senv, "carol")
    senv.cr.execute("SELECT password FROM res_users WHERE id = %s", (user.id,))
    stored = senv.cr.fetchone()[0]
    assert stored.startswith("$pbkdf2-sha512$") and "carol-pw" not in stored
    assert user.read(["password"])[0]["password"] == ""


def test_a_hash_made_elsewhere_with_odoos_scheme_verifies(senv):
    user = make_user(senv, "dave")
    foreign = CryptContext(["pbkdf2_sha512"]).hash("from-another-server")
    senv.cr.execute("UPDATE res_users SET password = %s WHERE id = %s", (foreign, user.id))
    assert senv["res.users"]._login("dave", "from-another-server") == user.id
    with pytest.raises(AccessDenied):
        senv["res.users"]._login("dave", "dave-pw")


def test_a_login_is_a_new_log_row_and_login_date_is_the_latest(senv):
    user = make_user(senv, "erin")
    assert user.login_date is False and not user.log_ids
    senv.cr.execute("SELECT write_date FROM res_users WHERE id = %s", (user.id,))
    untouched = senv.cr.fetchone()
    for _ in range(2):
        senv["res.users"]._login("erin", "erin-pw")
    senv.invalidate_all()
    logs = senv["res.users.log"].search([("create_uid", "=", user.id)])
    assert len(logs) == 2 and user.log_ids == logs
    assert user.login_date == logs[0].create_date         # the latest (the order is id desc)
    senv.cr.execute("SELECT write_date FROM res_users WHERE id = %s", (user.id,))
    assert senv.cr.fetchone() == untouched                 # the user's row is never updated
    assert senv["res.users.log"]._gc_user_logs() == 1
    assert senv["res.users.log"].search([("create_uid", "=", user.id)]) == logs[0]


def test_api_key_works_for_rpc_only_and_is_stored_hashed(senv):
    user = make_user(senv, "erin")
    key = senv["res.users.apikeys"].with_user(user)._generate("rpc", "integration")
    senv.cr.execute("SELECT key FROM res_users_apikeys WHERE user_id = %s", (user.id,))
    assert key not in senv.cr.fetchone()[0]
    user.with_user(user)._check_credentials(key, {"interactive": False})
    with pytest.raises(AccessDenied):
        user.with_user(user)._check_credentials(key, {"interactive": True})


def test_multi_company_rule_hides_other_companies_contacts(senv):
    main = senv.ref("base.main_company")
    other = senv["res.company"].create({"name": "Other Co"})
    theirs = senv["res.partner"].create({"name": "Their contact", "company_id": other.id})
    ours = senv["res.partner"].create({"name": "Our contact", "company_id": main.id})
    shared = senv["res.partner"].create({"name": "Shared contact"})
    alice = make_user(senv, "alice")                              # main company only
    seen = senv["res.partner"].with_user(alice).search([("id", "in", [theirs.id, ours.id, shared.id])])
    assert set(seen.ids) == {ours.id, shared.id}
    bob = make_user(senv, "bob")
    bob.write({"company_ids": [(4, other.id)]})
    as_bob = senv["res.partner"].with_user(bob)
    domain = [("id", "in", [theirs.id, ours.id])]
    assert set(as_bob.with_context(allowed_company_ids=[other.id]).search(domain).ids) == {theirs.id}
    assert set(as_bob.with_context(allowed_company_ids=[main.id, other.id]).search(domain).ids) == \
        {theirs.id, ours.id}
    assert as_bob.with_context(allowed_company_ids=[other.id]).env.company == other


def test_branch_users_see_their_parent_companies_contacts_and_follow_reparenting(senv):
    """The partner rule is ``company_id parent_of company_ids``: the ancestors are resolved
    once into the remembered rule SQL, and a company moved in the tree drops that memo."""
    main = senv.ref("base.main_company")
    branch = senv["res.company"].create({"name": "Branch", "parent_id": main.id})
    other = senv["res.company"].create({"name": "Elsewhere"})
    in_main = senv["res.partner"].create({"name": "Main contact", "company_id": main.id})
    in_other = senv["res.partner"].create({"name": "Other contact", "company_id": other.id})
    carol = make_user(senv, "carol")
    carol.write({"company_ids": [(6, 0, [branch.id])], "company_id": branch.id})
    partners = senv["res.partner"].with_user(carol)
    domain = [("id", "in", [in_main.id, in_other.id])]
    assert partners.search(domain).ids == [in_main.id]
    branch.write({"parent_id": other.id})
    assert partners.search(domain).ids == [in_other.id]
    branch.write({"parent_id": False})
    assert partners.search(domain).ids == []
    # the same rule checked in memory (write), with the tree remembered the same way
    branch.write({"parent_id": main.id})
    partners.browse(in_main.id).check_access_rule("write")
    branch.write({"parent_id": other.id})
    with pytest.raises(AccessError):
        partners.browse(in_main.id).check_access_rule("write")
    partners.browse(in_other.id).check_access_rule("write")


def test_access_error_lists_every_group_that_would_allow_it(senv):
    nobody = senv["res.users"].create({"name": "Nobody", "login": "nobody", "groups_id": [(6, 0, [])]})
    with pytest.raises(AccessError) as info:
        senv["res.partner"].with_user(nobody).check_access_rights("write")
    message = str(info.value)
    assert "This operation is allowed for the following groups:\n\t- " in message
    assert message.count("\t- ") >= 2, message
