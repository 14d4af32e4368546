"""Calls that real Odoo 17 answers in a given way over XML-RPC, pinned here (issue 15).

Each test sends the call an integrator or the web client sends and checks Odoo 17's answer
(observed on Odoo 17.0 with base only, admin/admin).
"""
from __future__ import annotations

import xmlrpc.client

from tests.support.http import ADMIN_PASSWORD


def call(models, db, model, method, args, kwargs=None):
    return models.execute_kw(db, 2, ADMIN_PASSWORD, model, method, args, kwargs or {})


# -- what clients and addons hit ---------------------------------------------------------------

def test_onchange_is_called_on_records(models, http_db):
    """Odoo 17's form sends ``onchange([ids], values, field_names, fields_spec)``."""
    partner = call(models, http_db, "res.partner", "create", [{"name": "Onchange Co"}])
    result = call(models, http_db, "res.partner", "onchange",
                  [[partner], {"is_company": True}, ["is_company"],
                   {"is_company": {}, "company_type": {}}])
    assert result["value"]["company_type"] == "company"
    # a new record: no ids, no changed field, the defaults of the spec come back
    result = call(models, http_db, "res.partner", "onchange",
                  [[], {}, [], {"type": {}, "active": {}}])
    assert result["value"]["type"] == "contact" and result["value"]["active"] is True


def test_has_group_answers_for_the_calling_user(models, http_db):
    assert call(models, http_db, "res.users", "has_group", ["base.group_system"]) is True
    assert call(models, http_db, "res.users", "has_group", ["base.group_portal"]) is False


def test_web_save_creates_or_writes_and_reads_back(models, http_db):
    [created] = call(models, http_db, "res.partner", "web_save",
                     [[], {"name": "Saved Co", "is_company": True}, {"name": {}, "is_company": {}}])
    assert created["name"] == "Saved Co" and created["is_company"] is True
    [written] = call(models, http_db, "res.partner", "web_save",
                     [[created["id"]], {"name": "Saved Co 2"}, {"display_name": {}}])
    assert written == {"id": created["id"], "display_name": "Saved Co 2"}


def test_web_read_group_counts_the_groups(models, http_db):
    for name in ("Group A1", "Group A2"):
        call(models, http_db, "res.partner", "create", [{"name": name, "function": "grouped-fn"}])
    answer = call(models, http_db, "res.partner", "web_read_group",
                  [[["function", "=", "grouped-fn"]], ["function"], ["function"]])
    assert answer["length"] == 1
    [group] = answer["groups"]
    assert group["function"] == "grouped-fn" and group["function_count"] == 2
    answer = call(models, http_db, "res.partner", "web_read_group",
                  [[["function", "=", "no such function"]], ["function"], ["function"]])
    assert answer == {"groups": [], "length": 0}


def test_copy_data_answers_one_dict(models, http_db):
    partner = call(models, http_db, "res.partner", "create", [{"name": "Copied", "ref": "C1"}])
    values = call(models, http_db, "res.partner", "copy_data", [[partner]])
    assert isinstance(values, dict)
    assert values["ref"] == "C1" and values["name"] == "Copied"


def test_default_get_has_no_none_and_x2many_as_commands(models, http_db):
    fields = list(call(models, http_db, "res.partner", "fields_get", [], {"attributes": ["type"]}))
    defaults = call(models, http_db, "res.partner", "default_get", [fields])
    assert None not in defaults.values()
    assert defaults["active"] is True and defaults["type"] == "contact"
    user_defaults = call(models, http_db, "res.users", "default_get", [["groups_id", "company_ids"]])
    assert user_defaults["company_ids"] == [[6, 0, [1]]]
    assert user_defaults["groups_id"][0][:2] == [6, 0]



def test_copy_names_the_copy(models, http_db):
    partner = call(models, http_db, "res.partner", "create", [{"name": "Original"}])
    copy = call(models, http_db, "res.partner", "copy", [[partner]])
    [row] = call(models, http_db, "res.partner", "read", [[copy], ["name"]])
    assert row["name"] == "Original (copy)"
    named = call(models, http_db, "res.partner", "copy", [[partner], {"name": "Chosen"}])
    assert call(models, http_db, "res.partner", "read", [[named], ["name"]])[0]["name"] == "Chosen"
    group = call(models, http_db, "res.groups", "create", [{"name": "Copied group"}])
    group_copy = call(models, http_db, "res.groups", "copy", [[group]])
    assert call(models, http_db, "res.groups", "read", [[group_copy], ["name"]])[0]["name"] == \
        "Copied group (copy)"


def test_copy_of_a_user_gets_a_new_login(models, http_db):
    user = call(models, http_db, "res.users", "create", [{"name": "Copy Me", "login": "copy_me"}])
    copy = call(models, http_db, "res.users", "copy", [[user]])
    [row] = call(models, http_db, "res.users", "read", [[copy], ["name", "login"]])
    assert (row["name"], row["login"]) == ("Copy Me (copy)", "copy_me (copy)")


def test_read_of_a_deleted_id_is_empty(models, http_db):
    partner = call(models, http_db, "res.partner", "create", [{"name": "Soon gone"}])
    assert call(models, http_db, "res.partner", "unlink", [[partner]]) is True
    assert call(models, http_db, "res.partner", "read", [[partner], ["name"]]) == []
    assert call(models, http_db, "res.partner", "read", [[999999999], ["name"]]) == []


def test_empty_many2one_reads_false(models, http_db):
    [row] = call(models, http_db, "res.users", "read", [[2], ["action_id"]])
    assert row["action_id"] is False
    assert call(models, http_db, "res.users", "fields_get", [["action_id"]],
                {"attributes": ["type", "relation"]})["action_id"] == {
        "type": "many2one", "relation": "ir.actions.actions"}


def test_admin_web_login_sets_web_base_url(json_client, base_url, models, http_db):
    call(models, http_db, "ir.config_parameter", "set_param", ["web.base.url", "http://elsewhere"])
    answer = json_client.call("/web/session/authenticate",
                              {"db": http_db, "login": "admin", "password": ADMIN_PASSWORD})
    assert answer["result"]["uid"] == 2
    assert call(models, http_db, "ir.config_parameter", "get_param", ["web.base.url"]) == base_url


def test_export_data_answers_odoo_s_cells(models, http_db, company_with_country):
    answer = call(models, http_db, "res.partner", "export_data",
                  [[1], ["name", "id", ".id", "country_id", "country_id/id", "is_company", "color",
                         "partner_latitude", "child_ids/name", "title/id", "type"]])
    assert answer == {"datas": [["My Company", "base.main_partner", "1", "Belgium", "base.be", True,
                                 0, 0.0, "", "", "Contact"]]}


def test_export_data_gives_records_without_external_id_one(models, http_db):
    partner = call(models, http_db, "res.partner", "create", [{"name": "Exported"}])
    [[xmlid]] = call(models, http_db, "res.partner", "export_data", [[partner], ["id"]])["datas"]
    assert xmlid.startswith(f"__export__.res_partner_{partner}_")
    assert call(models, http_db, "res.partner", "export_data", [[partner], ["id"]])["datas"] == [[xmlid]]


def test_export_data_lines_of_a_one2many_follow_their_record(models, http_db):
    parent = call(models, http_db, "res.partner", "create", [{
        "name": "Zlines Co", "is_company": True,
        "child_ids": [[0, 0, {"name": "Line 1"}], [0, 0, {"name": "Line 2"}]]}])
    rows = call(models, http_db, "res.partner", "export_data",
                [[parent], ["name", "child_ids/name"]])["datas"]
    assert rows == [["Zlines Co", "Line 1"], ["", "Line 2"]]


def test_load_creates_and_updates(models, http_db):
    answer = call(models, http_db, "res.partner", "load",
                  [["name", "is_company", "country_id", "id"],
                   [["ZLoadA", "1", "Belgium", "__import__.load_a"], ["LoadB", "false", "", ""]]])
    assert answer["messages"] == [] and answer["nextrow"] == 0 and len(answer["ids"]) == 2
    rows = call(models, http_db, "res.partner", "read", [answer["ids"], ["name", "is_company", "country_id"]])
    assert [(r["name"], r["is_company"], r["country_id"] and r["country_id"][1]) for r in rows] == [
        ("ZLoadA", True, "Belgium"), ("LoadB", False, False)]
    again = call(models, http_db, "res.partner", "load", [["id", "name"], [["__import__.load_a", "ZLoadA2"]]])
    assert again == {"ids": answer["ids"][:1], "messages": [], "nextrow": 0}


def test_load_with_lines_and_external_ids(models, http_db):
    answer = call(models, http_db, "res.partner", "load",
                  [["name", "country_id/id", "type", "child_ids/name"],
                   [["LoadE", "base.fr", "Invoice Address", "kid1"], ["", "", "", "kid2"]]])
    assert answer["messages"] == []
    [row] = call(models, http_db, "res.partner", "read", [answer["ids"], ["country_id", "type", "child_ids"]])
    assert row["type"] == "invoice" and len(row["child_ids"]) == 2


def test_load_errors_keep_nothing(models, http_db):
    answer = call(models, http_db, "res.partner", "load", [["name", "country_id"], [["LoadC", "Nowhere land"]]])
    assert answer["ids"] is False and answer["nextrow"] == 0
    [message] = answer["messages"]
    assert {key: message[key] for key in ("rows", "type", "record", "field", "message", "field_name")} == {
        "rows": {"from": 0, "to": 0}, "type": "error", "record": 0, "field": "country_id",
        "message": "No matching record found for name 'Nowhere land' in field 'Country'",
        "field_name": "Country"}
    assert message["moreinfo"]["res_model"] == "res.country"
    answer = call(models, http_db, "res.partner", "load",
                  [["name", "color"], [["LoadOK", "1"], ["LoadD", "abc"]]])
    assert answer["ids"] is False
    assert answer["messages"][0]["message"] == "'abc' does not seem to be an integer for field 'Color Index'"
    assert answer["messages"][0]["rows"] == {"from": 1, "to": 1}
    assert call(models, http_db, "res.partner", "search", [[["name", "=", "LoadOK"]]]) == []


def test_db_lists_countries_and_languages(base_url):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/db") as db:
        countries = db.list_countries("admin")
        languages = db.list_lang()
    assert len(countries) == 250 and countries[0] == ["af", "Afghanistan"]
    assert ["be", "Belgium"] in countries
    assert len(languages) == 91 and languages[0] == ["sq_AL", "Albanian / Shqip"]
    assert ["en_US", "English (US)"] in languages


# -- errors and wire details -------------------------------------------------------------------

def fault(models, db, model, method, args, kwargs=None, uid=2):
    try:
        models.execute_kw(db, uid, ADMIN_PASSWORD, model, method, args, kwargs or {})
    except xmlrpc.client.Fault as error:
        return error.faultCode, error.faultString
    raise AssertionError("the call succeeded")


def test_invalid_order_is_a_user_error(models, http_db):
    assert fault(models, http_db, "res.partner", "search", [[]], {"order": "name; drop"}) == (
        2, 'Invalid "order" specified (name; drop). A valid "order" specification is a '
           'comma-separated list of valid field names (optionally followed by asc/desc for the direction)')
    code, text = fault(models, http_db, "res.partner", "search", [[]], {"order": "nonexistent desc"})
    assert code == 1 and text.rstrip().endswith(
        "ValueError: Invalid field 'nonexistent' on model 'res.partner'")


def test_unknown_uid_is_a_missing_record(models, http_db):
    assert fault(models, http_db, "res.partner", "search", [[]], uid=999999) == (
        2, "Record does not exist or has been deleted.\n(Record: res.users(999999,), User: 999999)")


def test_invalid_operator_is_odoo_s_value_error(models, http_db):
    code, text = fault(models, http_db, "res.partner", "search", [[["name", "bogus", "x"]]])
    assert code == 1 and text.rstrip().splitlines()[-1] == "ValueError: Invalid leaf ('name', 'bogus', 'x')"


def test_not_null_and_missing_target_texts(models, http_db):
    assert fault(models, http_db, "res.country.state", "create", [{"name": "X", "code": "X"}]) == (
        2, "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"
           "- Delete: another model requires the record being deleted. If possible, archive it "
           "instead.\n\nModel: Country state (res.country.state)\nField: Country (country_id)\n")
    assert fault(models, http_db, "res.users", "create", [{"name": "No login"}])[1].endswith(
        "Model: User (res.users)\nField: Login (login)\n")
    assert fault(models, http_db, "res.partner", "create", [{"name": "X", "country_id": 999999}]) == (
        2, "The operation cannot be completed: another model requires the record being deleted. "
           "If possible, archive it instead.\n\nModel: Contact (res.partner)\n"
           "Constraint: res_partner_country_id_fkey\n")


def test_json_rpc_error_names_are_odoo_s(json_client, http_db):
    login = json_client.call("/web/session/authenticate",
                             {"db": http_db, "login": "admin", "password": ADMIN_PASSWORD})
    assert login["result"]["uid"] == 2
    answer = json_client.call("/web/dataset/call_kw", {
        "model": "res.partner", "method": "search", "args": [[["name", "bogus", "x"]]], "kwargs": {}})
    data = answer["error"]["data"]
    assert (data["name"], data["message"]) == ("builtins.ValueError", "Invalid leaf ('name', 'bogus', 'x')")
    assert data["debug"].rstrip().splitlines()[-1] == "ValueError: Invalid leaf ('name', 'bogus', 'x')"
    # Odoo's call_kw route requires kwargs
    answer = json_client.call("/web/dataset/call_kw", {"model": "res.partner", "method": "search_count",
                                                       "args": [[]]})
    assert answer["error"]["data"]["name"] == "builtins.TypeError"
    assert "missing 1 required positional argument: 'kwargs'" in answer["error"]["data"]["message"]
