"""mail.thread: the creation log, message_post, the followers, unlink (Odoo 17's behaviour)."""
from __future__ import annotations

import pytest
from markupsafe import Markup

from framework.exceptions import AccessError
from tests.support.orm import make_user


@pytest.fixture
def Ticket(mail_env):
    return mail_env["mail.test.ticket"]


def test_create_logs_a_note_and_the_creator_follows(mail_env, Ticket):
    ticket = Ticket.create({"name": "Printer"})
    [message] = ticket.message_ids
    assert message.body == Markup("Test Ticket created")
    assert message.message_type == "notification"
    assert message.subtype_id == mail_env.ref("mail.mt_note")
    assert message.is_internal
    assert message.author_id == mail_env.user.partner_id
    assert (message.model, message.res_id) == ("mail.test.ticket", ticket.id)
    assert ticket.message_partner_ids == mail_env.user.partner_id
    assert ticket.message_is_follower
    assert ticket.has_message
    follower = ticket.message_follower_ids
    assert follower.subtype_ids == mail_env.ref("mail.mt_comment")     # the default subtypes


def test_context_keys_turn_chatter_features_off(Ticket):
    quiet = Ticket.with_context(mail_create_nolog=True).create({"name": "A"})
    assert not quiet.message_ids and quiet.message_partner_ids
    alone = Ticket.with_context(mail_create_nosubscribe=True).create({"name": "B"})
    assert alone.message_ids and not alone.message_partner_ids
    off = Ticket.with_context(tracking_disable=True).create({"name": "C"})
    assert not off.message_ids and not off.message_partner_ids


def test_message_post_stores_a_comment(mail_env, Ticket):
    ticket = Ticket.with_context(mail_create_nosubscribe=True).create({"name": "Printer"})
    ticket = ticket.with_context(mail_create_nosubscribe=False)
    customer = mail_env["res.partner"].create({"name": "Customer", "email": "c@example.com"})
    message = ticket.message_post(body="<b>Jammed</b> again", subject="Paper",
                                  message_type="comment", subtype_xmlid="mail.mt_comment",
                                  partner_ids=[customer.id])
    assert message._name == "mail.message"
    assert message.body == Markup("&lt;b&gt;Jammed&lt;/b&gt; again")     # a str is text
    assert (message.subject, message.message_type) == ("Paper", "comment")
    assert message.subtype_id == mail_env.ref("mail.mt_comment")
    assert message.partner_ids == customer
    assert message.record_name == "Printer"
    assert message.email_from == mail_env.user.partner_id.email_formatted
    assert message.author_id == mail_env.user.partner_id
    assert message.parent_id == ticket.message_ids[-1]      # flat thread: under the first one
    assert message in ticket.message_ids
    # the author of a comment follows the thread; the recipients do not
    assert ticket.message_partner_ids == mail_env.user.partner_id
    html = ticket.message_post(body=Markup("<p>Fixed</p>"))
    assert html.body == Markup("<p>Fixed</p>")
    assert html.message_type == "notification" and html.subtype_id == mail_env.ref("mail.mt_note")


def test_message_post_refuses_what_odoo_refuses(Ticket):
    ticket = Ticket.create({"name": "T"})
    with pytest.raises(ValueError):
        ticket.message_post(body="x", model="res.partner")
    with pytest.raises(ValueError):
        ticket.message_post(body="x", message_type="user_notification")
    with pytest.raises(ValueError):
        Ticket.browse().message_post(body="x")


def test_log_is_an_internal_note(mail_env, Ticket):
    ticket = Ticket.create({"name": "T"})
    note = ticket._message_log(body="checked")
    assert note.is_internal and note.subtype_id == mail_env.ref("mail.mt_note")
    assert note.record_name is False or not note.record_name


def test_subscribe_and_unsubscribe(mail_env, Ticket):
    ticket = Ticket.with_context(mail_create_nosubscribe=True).create({"name": "T"})
    alice, bob = mail_env["res.partner"].create([{"name": "Alice"}, {"name": "Bob"}])
    note = mail_env.ref("mail.mt_note")
    assert ticket.message_subscribe([alice.id, bob.id])
    assert ticket.message_partner_ids == alice | bob
    ticket.message_subscribe([alice.id], subtype_ids=[note.id])       # replaces her subtypes
    by_partner = {f.partner_id: f.subtype_ids for f in ticket.message_follower_ids}
    assert by_partner[alice] == note
    assert by_partner[bob] == mail_env.ref("mail.mt_comment")
    assert Ticket.search([("message_partner_ids", "in", alice.ids)]) == ticket
    ticket.message_unsubscribe([alice.id])
    assert ticket.message_partner_ids == bob
    ticket.message_partner_ids = alice                  # the inverse subscribes, unsubscribes
    assert ticket.message_partner_ids == alice
    assert not ticket.message_is_follower
    assert ticket not in Ticket.search([("message_is_follower", "=", True)])


def test_the_responsible_user_follows(mail_env, Ticket):
    clerk = make_user(mail_env, "mail_responsible")
    boss = make_user(mail_env, "mail_boss")
    ticket = Ticket.with_context(mail_create_nosubscribe=True).create(
        {"name": "T", "user_id": clerk.id})
    assert ticket.message_partner_ids == clerk.partner_id
    ticket.user_id = boss
    assert ticket.message_partner_ids == clerk.partner_id | boss.partner_id
    defaulted = Ticket.with_context(mail_create_nosubscribe=True, default_user_id=boss.id).create(
        {"name": "D"})
    assert defaulted.message_partner_ids == boss.partner_id


def test_messages_of_another_model_are_not_the_records(mail_env, Ticket):
    ticket = Ticket.create({"name": "T"})
    partner = mail_env["res.partner"].create({"name": "P"})
    mail_env["mail.message"].sudo().create({"model": "res.partner", "res_id": ticket.id,
                                     "body": "elsewhere", "message_type": "comment"})
    assert ticket.message_ids.mapped("model") == ["mail.test.ticket"]
    assert ticket.id not in Ticket.search([("message_ids.body", "ilike", "elsewhere")]).ids
    assert partner.id


def test_unlink_removes_messages_and_followers(mail_env, Ticket):
    ticket = Ticket.create({"name": "T"})
    ticket.message_post(body="hello", message_type="comment")
    ticket_id = ticket.id
    ticket.unlink()
    assert not mail_env["mail.message"].search([("model", "=", Ticket._name),
                                                ("res_id", "=", ticket_id)])
    assert not mail_env["mail.followers"].search([("res_model", "=", Ticket._name),
                                                  ("res_id", "=", ticket_id)])


def test_messages_are_seen_through_their_document(mail_env, Ticket):
    clerk = make_user(mail_env, "mail_clerk2")
    clerk.partner_id.email = "clerk@example.com"
    outsider = make_user(mail_env, "mail_outsider", groups=())
    portal = make_user(mail_env, "mail_portal", groups=("base.group_portal",))
    ticket = Ticket.create({"name": "T"})
    comment = ticket.with_user(clerk).message_post(body="from the clerk", message_type="comment",
                                                   subtype_xmlid="mail.mt_comment",
                                                   partner_ids=[portal.partner_id.id])
    note = ticket._message_log(body="internal", partner_ids=[portal.partner_id.id])
    Messages = mail_env["mail.message"]
    on_ticket = [("model", "=", Ticket._name), ("res_id", "=", ticket.id)]
    assert set(Messages.with_user(clerk).search(on_ticket).ids) == set(ticket.message_ids.ids)
    # no access to tickets: only what they wrote or received
    assert not Messages.with_user(outsider).search(on_ticket)
    with pytest.raises(AccessError):
        comment.with_user(outsider).read(["body"])
    # a portal recipient reads the comment, never the internal note
    assert Messages.with_user(portal).search(on_ticket) == comment
    with pytest.raises(AccessError):
        note.with_user(portal).read(["body"])


def test_posting_needs_write_access_to_the_document(mail_env, Ticket):
    portal = make_user(mail_env, "mail_portal2", groups=("base.group_portal",))
    ticket = Ticket.create({"name": "T"})
    Messages = mail_env["mail.message"].with_user(portal)
    with pytest.raises(AccessError):
        Messages.create({"model": Ticket._name, "res_id": ticket.id, "body": "intrusion",
                         "message_type": "comment"})
    # a message on no document is its author's
    own = Messages.create({"body": "mine", "message_type": "comment",
                           "author_id": portal.partner_id.id})
    assert Messages.search([("id", "=", own.id)]) == own
    assert not mail_env["mail.message"].with_user(make_user(mail_env, "mail_other")).search(
        [("id", "=", own.id)])


def test_contacts_have_a_chatter(mail_env):
    partner = mail_env["res.partner"].create({"name": "Deco Addict", "email": "deco@example.com"})
    assert partner.message_ids.body == Markup("Contact created")
    partner.write({"email": "info@deco.example.com", "phone": "+32 555"})
    mail_env.cr.flush()
    [change, _created] = partner.message_ids
    values = {v.field_id.name: (v.old_value_char, v.new_value_char)
              for v in change.sudo().tracking_value_ids}
    assert values == {"email": ("deco@example.com", "info@deco.example.com"),
                      "phone": (False, "+32 555")}
    message = partner.message_post(body="Called", message_type="comment")
    assert not message.parent_id                    # contacts are not a flat thread
    assert partner.activity_schedule("mail.mail_activity_data_call").res_name == "Deco Addict"


def test_contacts_know_their_normalized_email(mail_env):
    partner = mail_env["res.partner"].create({"name": "N", "email": '"N" <N@Example.com>'})
    assert partner.email_normalized == "n@example.com"
    assert not partner.is_blacklisted


def test_message_notify_reaches_partners_outside_the_chatter(mail_env, Ticket):
    ticket = Ticket.create({"name": "T"})
    partner = mail_env["res.partner"].create({"name": "Watcher"})
    notice = ticket.message_notify(body="Look", partner_ids=[partner.id],
                                   subject="Assigned")
    assert notice.message_type == "user_notification"
    assert (notice.model, notice.res_id, notice.partner_ids) == (Ticket._name, ticket.id, partner)
    assert notice not in ticket.message_ids                  # not in the chatter
    assert not ticket.message_notify(body="nobody")


def test_message_post_files_given_as_content_and_as_attachments(mail_env, Ticket):
    import base64
    ticket = Ticket.create({"name": "Scanner"})
    existing = mail_env["ir.attachment"].create({"name": "spec.txt", "raw": b"spec"})
    message = ticket.message_post(body="See files", attachments=[("notes.txt", "hello"),
                                                                 ("data.bin", b"\x00\x01", {})],
                                  attachment_ids=[existing.id])
    files = message.attachment_ids.sorted("name")
    assert files.mapped("name") == ["data.bin", "notes.txt", "spec.txt"]
    notes = files.filtered(lambda a: a.name == "notes.txt")
    assert (notes.raw, notes.res_model, notes.res_id) == (b"hello", "mail.test.ticket", ticket.id)
    assert base64.b64decode(files.filtered(lambda a: a.name == "data.bin").datas) == b"\x00\x01"
    assert ticket.message_attachment_count == 2         # the files made on the record
    # a file the user left pending in the composer is moved onto the record
    pending = mail_env["ir.attachment"].create({"name": "draft.pdf", "raw": b"%PDF",
                                                "res_model": "mail.compose.message", "res_id": 0})
    ticket.message_post(body="Draft", attachment_ids=[pending.id])
    assert (pending.res_model, pending.res_id) == ("mail.test.ticket", ticket.id)
    ticket.invalidate_recordset(["message_attachment_count"])
    assert ticket.message_attachment_count == 3


def test_an_activity_done_with_feedback_keeps_its_files(mail_env, Ticket):
    ticket = Ticket.create({"name": "Router"})
    activity = ticket.activity_schedule("mail.mail_activity_data_todo", summary="Check")
    report = mail_env["ir.attachment"].create({"name": "report.txt", "raw": b"ok"})
    activity.action_feedback(feedback="Done", attachment_ids=[report.id])
    done = ticket.message_ids.filtered(lambda m: m.subtype_id == mail_env.ref("mail.mt_activities"))
    assert done.attachment_ids == report


def test_the_main_attachment_is_the_first_pdf_posted(mail_env):
    invoice = mail_env["mail.test.invoice"].create({"name": "INV/1"})
    invoice.message_post(body="Files", attachments=[("inv.xml", "<x/>"), ("scan.png", b"\x89PNG\r\n\x1a\n"),
                                                   ("inv.pdf", b"%PDF-1.4")])
    assert invoice.message_main_attachment_id.name == "inv.pdf"
    invoice.message_post(body="Later", attachments=[("other.pdf", b"%PDF-1.4 other")])
    assert invoice.message_main_attachment_id.name == "inv.pdf"        # kept once set
    ticket = mail_env["mail.test.ticket"].create({"name": "No main"})
    assert "message_main_attachment_id" not in ticket._fields     # a mixin of its own, as Odoo 17
