"""The chatter over XML-RPC, as an external client or the web client calls it."""
from __future__ import annotations

import pytest

from tests.support.db import install, make_config
from tests.support.http import xmlrpc_caller


@pytest.fixture(scope="module")
def mail_db(make_db) -> str:
    return install(make_db, "test_mail_rpc_", ["test_mail_app"]).db_name


@pytest.fixture(scope="module")
def call(mail_db, serve_app):
    call, close = xmlrpc_caller(serve_app(make_config(dbfilter=f"^{mail_db}$")), mail_db,
                                allow_none=True)
    yield call
    close()


def test_message_post_and_tracking_over_rpc(call):
    ticket_id = call("mail.test.ticket", "create", [{"name": "Printer"}])
    message_id = call("mail.test.ticket", "message_post", [[ticket_id]],
                      {"body": "Hello <there>", "message_type": "comment",
                       "subtype_xmlid": "mail.mt_comment"})
    assert isinstance(message_id, int)
    call("mail.test.ticket", "write", [[ticket_id], {"state": "open"}])   # committed: tracked
    rows = call("mail.message", "search_read",
                [[("model", "=", "mail.test.ticket"), ("res_id", "=", ticket_id)]],
                {"fields": ["body", "message_type", "subtype_id", "tracking_value_ids"],
                 "order": "id"})
    assert [row["message_type"] for row in rows] == ["notification", "comment", "notification"]
    assert rows[0]["body"] == "Test Ticket created"
    assert rows[1]["id"] == message_id and rows[1]["body"] == "Hello &lt;there&gt;"
    assert rows[1]["subtype_id"][1] == "Discussions"
    [value] = call("mail.tracking.value", "read", [rows[2]["tracking_value_ids"]],
                   {"fields": ["old_value_char", "new_value_char"]})
    assert (value["old_value_char"], value["new_value_char"]) == ("New", "Open")
    [ticket] = call("mail.test.ticket", "read", [[ticket_id]],
                    {"fields": ["message_ids", "message_follower_ids", "message_is_follower"]})
    assert sorted(ticket["message_ids"]) == [row["id"] for row in rows]
    assert ticket["message_is_follower"] and len(ticket["message_follower_ids"]) == 1


def test_activity_schedule_and_feedback_over_rpc(call):
    ticket_id = call("mail.test.ticket", "create", [{"name": "Toner"}])
    # Odoo 17 declares no @api.returns on activity_schedule: its recordset is no value an
    # RPC client reads; the activity is found by search
    call("mail.test.ticket", "activity_schedule", [[ticket_id]],
         {"act_type_xmlid": "mail.mail_activity_data_call", "summary": "Call the supplier"})
    [activity] = call("mail.activity", "search_read",
                      [[("res_model", "=", "mail.test.ticket"), ("res_id", "=", ticket_id)]],
                      {"fields": ["summary", "state", "activity_type_id"]})
    assert activity["summary"] == "Call the supplier" and activity["state"] == "planned"
    [ticket] = call("mail.test.ticket", "read", [[ticket_id]],
                    {"fields": ["activity_ids", "activity_state", "activity_summary"]})
    assert ticket["activity_ids"] == [activity["id"]]
    assert ticket["activity_state"] == "planned"
    message_id = call("mail.activity", "action_feedback", [[activity["id"]]],
                      {"feedback": "Ordered"})
    [message] = call("mail.message", "read", [[message_id]], {"fields": ["body", "subtype_id"]})
    assert "Ordered" in message["body"] and message["subtype_id"][1] == "Activities"


def test_the_form_with_a_chatter_loads(call):
    views = call("mail.test.ticket", "get_views", [[[False, "form"], [False, "list"]]], {})
    form = views["views"]["form"]["arch"]
    assert 'class="oe_chatter"' in form
    fields = views["models"]["mail.test.ticket"]
    for name in ("message_follower_ids", "activity_ids", "message_ids", "message_needaction",
                 "activity_state"):
        assert name in fields, name
    [view_id] = call("ir.model.data", "search_read",
                     [[("module", "=", "test_mail_app"), ("name", "=", "mail_test_ticket_view_form_widgets")]],
                     {"fields": ["res_id"]})
    widgets = call("mail.test.ticket", "get_views", [[[view_id["res_id"], "form"]]], {})
    assert 'widget="mail_thread"' in widgets["views"]["form"]["arch"]
