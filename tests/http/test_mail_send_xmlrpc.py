"""Sending e-mail over XML-RPC, as an external client does, to a local SMTP server.

The database's server options point at that server (``--smtp``/``--smtp-port``/
``--email-from``): no ``ir.mail_server`` record is needed, as on Odoo.
"""
from __future__ import annotations

import xmlrpc.client

import pytest

from tests.support.db import install, make_config
from tests.support.http import xmlrpc_caller


@pytest.fixture(scope="module")
def mail_db(make_db, smtp) -> str:
    return install(make_db, "test_mail_send_", ["test_mail_app"], smtp_server=smtp.host,
                   smtp_port=smtp.port, email_from="odoo@example.com").db_name


@pytest.fixture(scope="module")
def call(mail_db, serve_app):
    call, close = xmlrpc_caller(serve_app(make_config(dbfilter=f"^{mail_db}$")), mail_db,
                                allow_none=True)
    yield call
    close()


@pytest.fixture(scope="module")
def template_id(call):
    [row] = call("ir.model.data", "search_read",
                 [[("module", "=", "test_mail_app"), ("name", "=", "mail_template_ticket_done")]],
                 {"fields": ["res_id"]})
    return row["res_id"]


@pytest.fixture
def ticket_id(call):
    customer = call("res.partner", "create", [{"name": "Rita Remote", "email": "rita@example.com"}])
    return call("mail.test.ticket", "create", [{"name": "Scanner", "customer_id": customer}])


def test_a_template_sent_over_rpc_arrives_rendered(call, mailbox, template_id, ticket_id):
    mail_id = call("mail.template", "send_mail", [[template_id], ticket_id], {"force_send": True})
    assert isinstance(mail_id, int)
    [received] = mailbox.messages
    assert received.message["Subject"] == "Scanner is done"
    assert received.rcpt_to == ["rita@example.com"]
    assert "Dear Rita Remote," in received.text("html")
    assert "Your ticket <strong>Scanner</strong> is done." in received.text("html")
    assert call("mail.mail", "search", [[("id", "=", mail_id)]]) == []     # auto_delete


def test_the_queue_cron_sends_queued_mail(call, mailbox, template_id, ticket_id):
    mail_id = call("mail.template", "send_mail", [[template_id], ticket_id])
    [mail] = call("mail.mail", "read", [[mail_id]], {"fields": ["state", "subject"]})
    assert (mail["state"], mail["subject"]) == ("outgoing", "Scanner is done")
    assert not mailbox.messages
    [cron] = call("ir.model.data", "search_read",
                  [[("module", "=", "mail"), ("name", "=", "ir_cron_mail_scheduler_action")]],
                  {"fields": ["res_id"]})
    [job] = call("ir.cron", "read", [[cron["res_id"]]],
                 {"fields": ["interval_number", "interval_type", "code", "active"]})
    assert (job["interval_number"], job["interval_type"], job["active"]) == (1, "hours", True)
    assert job["code"] == "model.process_email_queue()"
    call("ir.cron", "method_direct_trigger", [[cron["res_id"]]])
    assert [received.message["Subject"] for received in mailbox.messages] == ["Scanner is done"]
    assert call("mail.mail", "search", [[("id", "=", mail_id)]]) == []


def test_a_failing_server_leaves_the_reason_on_the_mail(call, mailbox, template_id, ticket_id):
    mailbox.refuse["DATA"] = "Message rejected as spam"
    mail_id = call("mail.template", "send_mail", [[template_id], ticket_id], {"force_send": True})
    [mail] = call("mail.mail", "read", [[mail_id]],
                  {"fields": ["state", "failure_type", "failure_reason"]})
    assert (mail["state"], mail["failure_type"]) == ("exception", "mail_smtp")
    assert "Message rejected as spam" in mail["failure_reason"]
    assert not mailbox.messages


def test_a_rendering_error_is_a_user_error(call, ticket_id):
    [model] = call("ir.model", "search", [[("model", "=", "mail.test.ticket")]])
    broken = call("mail.template", "create", [{"name": "Broken", "model_id": model,
                                               "subject": "{{ object.nope }}"}])
    with pytest.raises(xmlrpc.client.Fault) as raised:
        call("mail.template", "send_mail", [[broken], ticket_id], {"force_send": True})
    assert raised.value.faultCode == 2                       # a UserError, not a crash
    assert "Failed to render the template '{{ object.nope }}'" in raised.value.faultString


def test_message_post_emails_the_recipients_after_the_commit(call, mailbox, ticket_id):
    [ticket] = call("mail.test.ticket", "read", [[ticket_id]], {"fields": ["customer_id"]})
    message_id = call("mail.test.ticket", "message_post", [[ticket_id]],
                      {"body": "Fixed it", "subject": "Scanner fixed", "message_type": "comment",
                       "subtype_xmlid": "mail.mt_comment",
                       "partner_ids": [ticket["customer_id"][0]]})
    [received] = mailbox.messages
    assert received.message["Subject"] == "Scanner fixed"
    assert received.rcpt_to == ["rita@example.com"]
    assert "Fixed it" in received.text("html")
    assert call("mail.message", "search", [[("id", "=", message_id)]]) == [message_id]
