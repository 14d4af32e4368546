"""Outgoing e-mail as Odoo 17 sends it: ir.mail_server, the mail.mail queue, mail.template
rendering, and the e-mails message_post queues, delivered to a local SMTP server."""
from __future__ import annotations

import logging
import socket

import pytest

from framework.exceptions import UserError
from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def env(mail_env, smtp):
    """The administrator's environment, with an outgoing server pointing at ``smtp``."""
    mail_env["ir.mail_server"].create({"name": "Test SMTP", "smtp_host": smtp.host,
                                       "smtp_port": smtp.port})
    return mail_env


@pytest.fixture
def no_commit(env, monkeypatch):
    """The queue commits after each mail (outside tests): here the test's cursor must not."""
    monkeypatch.setattr(env.cr, "commit", lambda: None)


@pytest.fixture
def customer(env):
    return env["res.partner"].create({"name": "Carla Customer", "email": "carla@example.com",
                                      "lang": "en_US"})


@pytest.fixture
def ticket(env, customer):
    return env["mail.test.ticket"].create({"name": "Printer jam", "customer_id": customer.id})


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_template_renders_and_arrives(env, smtp, ticket):
    template = env.ref("test_mail_app.mail_template_ticket_done")
    mail_id = template.send_mail(ticket.id, force_send=True)
    assert isinstance(mail_id, int)
    [received] = smtp.messages
    assert received.message["Subject"] == "Printer jam is done"
    assert received.rcpt_to == ["carla@example.com"]
    [to] = received.message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Carla Customer", "carla@example.com")
    [sender] = received.message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (env.user.name, env.user.email)
    html = received.text("html")
    assert "Dear Carla Customer," in html and "<strong>Printer jam</strong>" in html
    assert "Dear Carla Customer," in received.text("plain")
    # sent with auto_delete: the mail is gone, the e-mail was delivered once
    assert not env["mail.mail"].browse(mail_id).exists()


def test_a_queued_mail_waits_for_the_cron(env, smtp, ticket, no_commit):
    template = env.ref("test_mail_app.mail_template_ticket_done")
    mail = env["mail.mail"].browse(template.send_mail(ticket.id))
    assert mail.state == "outgoing" and not smtp.messages
    assert (mail.model, mail.res_id, mail.subject) == ("mail.test.ticket", ticket.id,
                                                       "Printer jam is done")
    later = env["mail.mail"].create({"subject": "Later", "email_to": "x@example.com",
                                     "body_html": "<p>x</p>", "scheduled_date": "2999-01-01 10:00"})
    env["mail.mail"].process_email_queue()
    assert [received.message["Subject"] for received in smtp.messages] == ["Printer jam is done"]
    assert later.state == "outgoing"


def test_a_refusing_server_leaves_the_mail_in_exception(env, smtp, ticket):
    smtp.refuse["RCPT"] = "Relaying denied"
    template = env.ref("test_mail_app.mail_template_ticket_done")
    mail = env["mail.mail"].browse(template.send_mail(ticket.id, force_send=True))
    assert mail.exists(), "a failed mail is kept, even with auto_delete"
    assert mail.state == "exception" and mail.failure_type == "mail_smtp"
    assert "Relaying denied" in mail.failure_reason
    smtp.refuse.clear()
    mail.action_retry()
    assert mail.state == "outgoing"
    mail.send()
    assert len(smtp.messages) == 1 and not mail.exists()


def test_no_reachable_server_is_a_clear_failure(mail_env):
    mail_env.registry.config["smtp_server"] = "127.0.0.1"
    mail_env.registry.config["smtp_port"] = _unused_port()
    try:
        mail = mail_env["mail.mail"].create({"subject": "Hi", "email_to": "x@example.com",
                                             "body_html": "<p>Hi</p>"})
        mail.send()
        assert mail.state == "exception" and mail.failure_type == "mail_smtp"
        assert "Unable to connect to SMTP Server" in mail.failure_reason
        IrMailServer = mail_env["ir.mail_server"]
        message = IrMailServer.build_email("a@example.com", ["b@example.com"], "S", "B")
        with pytest.raises(Exception, match="Could not connect to the SMTP server") as raised:
            IrMailServer.send_email(message)
        assert type(raised.value).__name__ == "MailDeliveryException"
        with pytest.raises(Exception, match="Unable to connect to SMTP Server"):
            mail.mark_outgoing()
            mail.send(raise_exception=True)
    finally:
        mail_env.registry.config["smtp_server"] = "localhost"
        mail_env.registry.config["smtp_port"] = 25


def test_rendering_errors_are_user_errors(env, ticket):
    template = env["mail.template"].create({
        "name": "Broken", "model_id": env["ir.model"]._get_id("mail.test.ticket"),
        "subject": "{{ object.no_such_field }}", "body_html": "<p t-out='object.nope'/>"})
    with pytest.raises(UserError, match=r"Failed to render the template '\{\{ object.no_such"):
        template._render_field("subject", ticket.ids)
    with pytest.raises(UserError, match="nope"):
        template._render_field("body_html", ticket.ids)
    with pytest.raises(UserError, match="Failed to render the template"):
        template.send_mail(ticket.id)


def test_inline_templates_as_odoo(env, ticket):
    render = env["mail.render.mixin"]._render_template_inline_template
    rendered = render("{{ object.name }} / {{ object.description ||| none}} / "
                      "{{ user.name }} {{ len(object.name) }}", "mail.test.ticket", ticket.ids)
    assert rendered == {ticket.id: f"Printer jam / none / {env.user.name} 11"}
    with pytest.raises(UserError):       # safe_eval: no dunder access
        render("{{ object.__class__ }}", "mail.test.ticket", ticket.ids)


def test_generate_email_and_batch(env, smtp, customer):
    tickets = env["mail.test.ticket"].create([{"name": "A", "customer_id": customer.id},
                                              {"name": "B", "customer_id": customer.id}])
    template = env.ref("test_mail_app.mail_template_ticket_done")
    values = template.generate_email(tickets.ids, ["subject", "body_html", "partner_to"])
    assert values[tickets[0].id]["subject"] == "A is done"
    assert values[tickets[1].id]["partner_ids"] == [customer.id]
    single = template.generate_email(tickets[0].id, ["subject"])
    assert single["subject"] == "A is done"
    mails = template.send_mail_batch(tickets.ids, force_send=True)
    assert len(mails) == 2
    assert sorted(received.message["Subject"] for received in smtp.messages) == \
        ["A is done", "B is done"]


def test_email_values_and_attachments(env, smtp, ticket):
    template = env.ref("test_mail_app.mail_template_ticket_done")
    template.report_template_ids = env.ref("test_mail_app.action_report_ticket_text")
    template.send_mail(ticket.id, force_send=True,
                       email_values={"email_to": "boss@example.com", "email_cc": "cc@example.com"})
    # one e-mail to the addresses (with the Cc), one to each recipient partner
    to_addresses, to_partner = sorted(smtp.messages, key=lambda received: received.rcpt_to)
    assert to_addresses.rcpt_to == ["boss@example.com", "cc@example.com"]
    assert to_addresses.message["Cc"] == "cc@example.com"
    assert to_partner.rcpt_to == ["carla@example.com"] and not to_partner.message["Cc"]
    for received in smtp.messages:
        [attachment] = received.message.iter_attachments()
        assert attachment.get_filename() == "Ticket - Printer jam.text"
        assert attachment.get_content().strip() in (b"Ticket Printer jam", "Ticket Printer jam")


def test_a_pdf_report_without_wkhtmltopdf_is_left_out(env, smtp, ticket, monkeypatch, caplog):
    from odoo.addons.base.models import ir_actions_report
    from odoo.addons.mail.models import mail_template
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: None)
    monkeypatch.setattr(mail_template, "wkhtmltopdf_binary", lambda: None)
    template = env.ref("test_mail_app.mail_template_ticket_done")
    template.report_template_ids = env.ref("test_mail_app.action_report_ticket")
    with caplog.at_level(logging.WARNING):
        template.send_mail(ticket.id, force_send=True)
    [received] = smtp.messages
    assert not list(received.message.iter_attachments())
    assert "wkhtmltopdf is not installed" in caplog.text


def test_message_post_queues_a_mail_per_notification(env, smtp, ticket, customer, no_commit):
    nobody = env["res.partner"].create({"name": "No Mail"})
    message = ticket.with_context(mail_notify_force_send=False).message_post(
        body="Your printer is fixed", subject="Fixed", message_type="comment",
        subtype_xmlid="mail.mt_comment", partner_ids=[customer.id, nobody.id, env.user.partner_id.id])
    [mail] = env["mail.mail"].search([("mail_message_id", "=", message.id)])
    assert mail.state == "outgoing" and mail.is_notification
    assert mail.recipient_ids == customer          # no address / the author: not e-mailed
    env["mail.mail"].process_email_queue()
    [received] = smtp.messages
    assert received.message["Subject"] == "Fixed" and received.rcpt_to == ["carla@example.com"]
    assert "Your printer is fixed" in received.text("html")
    assert not mail.exists() and message.exists()   # auto-deleted, the message stays


def test_test_mode_sends_nothing(env, smtp, ticket, monkeypatch):
    import threading
    monkeypatch.setattr(threading.current_thread(), "testing", True, raising=False)
    template = env.ref("test_mail_app.mail_template_ticket_done")
    template.auto_delete = False
    mail = env["mail.mail"].browse(template.send_mail(ticket.id, force_send=True))
    assert mail.state == "sent" and not smtp.messages


def test_a_server_action_sends_its_template(env, ticket):
    action = env["ir.actions.server"].create({
        "name": "Mail the customer", "model_id": env["ir.model"]._get_id("mail.test.ticket"),
        "state": "mail_post", "mail_post_method": "email",
        "template_id": env.ref("test_mail_app.mail_template_ticket_done").id})
    action.with_context(active_model="mail.test.ticket", active_id=ticket.id,
                        active_ids=ticket.ids).run()
    [mail] = env["mail.mail"].search([("model", "=", "mail.test.ticket"),
                                      ("res_id", "=", ticket.id)])
    assert (mail.state, mail.subject) == ("outgoing", "Printer jam is done")
    action.mail_post_method = "comment"
    action.with_context(active_model="mail.test.ticket", active_id=ticket.id,
                        active_ids=ticket.ids).run()
    posted = ticket.message_ids.filtered(lambda message: message.subject == "Printer jam is done"
                                         and message.message_type == "comment")
    assert "Dear Carla Customer" in posted.body
    assert posted.partner_ids == ticket.customer_id


def test_the_server_login_and_the_connection_test(mail_env, smtp):
    smtp.credentials = ("relay@example.com", "s3cret")
    server = mail_env["ir.mail_server"].create({
        "name": "Relay", "smtp_host": smtp.host, "smtp_port": smtp.port,
        "smtp_user": "relay@example.com", "smtp_pass": "s3cret"})
    action = server.test_smtp_connection()
    assert action["params"]["type"] == "success" and smtp.logins == ["relay@example.com"]
    mail = mail_env["mail.mail"].create({"subject": "Hi", "email_to": "x@example.com",
                                         "body_html": "<p>Hi</p>", "auto_delete": False})
    mail.send()
    assert mail.state == "sent" and len(smtp.messages) == 1
    server.smtp_pass = "wrong"
    with pytest.raises(UserError, match="Connection Test Failed"):
        server.test_smtp_connection()
    mail.mark_outgoing()
    mail.send()
    assert mail.state == "exception" and "Authentication credentials invalid" in mail.failure_reason


def test_the_command_line_server_logs_in(mail_env, smtp):
    smtp.credentials = ("cli-user", "cli-pass")
    config = mail_env.registry.config
    saved = {key: config[key] for key in ("smtp_server", "smtp_port", "smtp_user", "smtp_password")}
    config.update(smtp_server=smtp.host, smtp_port=smtp.port, smtp_user="cli-user",
                  smtp_password="cli-pass")
    try:
        IrMailServer = mail_env["ir.mail_server"]
        message = IrMailServer.build_email("me@example.com", ["you@example.com"], "CLI", "Body")
        assert IrMailServer.send_email(message) == message["Message-Id"]
    finally:
        config.update(saved)
    assert smtp.logins == ["cli-user"]
    [received] = smtp.messages
    assert received.message["Subject"] == "CLI" and received.text("plain").strip() == "Body"


def test_a_sender_outside_the_from_filter_is_replaced(mail_env, smtp):
    mail_env["ir.mail_server"].create({"name": "Company relay", "smtp_host": smtp.host,
                                       "smtp_port": smtp.port, "from_filter": "company.example"})
    config = mail_env.registry.config
    saved = config["email_from"]
    config["email_from"] = "notifications@company.example"
    try:
        mail = mail_env["mail.mail"].create({
            "subject": "Hi", "email_to": "x@example.com", "body_html": "<p>Hi</p>",
            "email_from": '"Outside Olga" <olga@elsewhere.example>'})
        mail.send()
    finally:
        config["email_from"] = saved
    [received] = smtp.messages
    [sender] = received.message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Outside Olga",
                                                       "notifications@company.example")
    assert received.mail_from == "notifications@company.example"


def test_the_outgoing_servers_menu_opens_its_views(mail_env):
    menu = mail_env.ref("base.menu_mail_servers")
    assert menu.parent_id == mail_env.ref("base.menu_email")
    assert menu.action.res_model == "ir.mail_server"
    views = mail_env["ir.mail_server"].get_views([(False, "list"), (False, "form"),
                                                  (False, "search")])
    assert 'name="test_smtp_connection"' in views["views"]["form"]["arch"]
    assert 'name="smtp_host"' in views["views"]["list"]["arch"]


@pytest.mark.parametrize("encryption", ["starttls", "ssl"])
def test_encrypted_sessions(mail_env, encryption):
    context = SmtpServer.self_signed_context()
    with SmtpServer(tls=context, implicit_tls=encryption == "ssl") as smtp:
        mail_env["ir.mail_server"].create({"name": "TLS", "smtp_host": smtp.host,
                                           "smtp_port": smtp.port, "smtp_encryption": encryption})
        mail = mail_env["mail.mail"].create({"subject": "Secret", "email_to": "x@example.com",
                                             "body_html": "<p>psst</p>"})
        mail.send()
    [received] = smtp.messages
    assert received.encrypted and received.message["Subject"] == "Secret"
