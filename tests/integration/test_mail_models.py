"""The mail addon's models and master data, as Odoo 17 ships them."""
from __future__ import annotations

import pytest

from framework.exceptions import AccessError
from tests.support.orm import make_user


def test_subtypes_of_odoo(mail_env):
    comment = mail_env.ref("mail.mt_comment")
    note = mail_env.ref("mail.mt_note")
    activities = mail_env.ref("mail.mt_activities")
    assert (comment.name, comment.internal, comment.default) == ("Discussions", False, True)
    assert (note.name, note.internal, note.default) == ("Note", True, False)
    assert (activities.name, activities.internal, activities.default) == ("Activities", True, False)
    # a follower gets the default subtypes of every model: Discussions
    defaults, internal, external = mail_env["mail.message.subtype"]._default_subtypes("mail.test.ticket")
    assert comment in defaults and note not in defaults and not internal
    assert external == defaults


def test_activity_types_of_odoo(mail_env):
    names = {xmlid: mail_env.ref(f"mail.mail_activity_data_{xmlid}").name
             for xmlid in ("email", "call", "meeting", "todo", "upload_document", "warning")}
    assert names == {"email": "Email", "call": "Call", "meeting": "Meeting", "todo": "To-Do",
                     "upload_document": "Upload Document", "warning": "Exception"}
    assert mail_env.ref("mail.mail_activity_data_call").category == "phonecall"
    assert mail_env.ref("mail.mail_activity_data_upload_document").category == "upload_file"
    assert mail_env.ref("mail.mail_activity_data_todo").delay_count == 5


def test_message_fields_as_odoo_17(mail_env):
    fields = mail_env["mail.message"].fields_get()
    assert [key for key, _label in fields["message_type"]["selection"]] == [
        "email", "comment", "email_outgoing", "notification", "auto_comment", "user_notification"]
    assert fields["body"]["type"] == "html"
    assert fields["res_id"]["type"] == "many2one_reference"
    assert fields["author_id"]["relation"] == "res.partner"
    assert fields["partner_ids"]["relation"] == "res.partner"
    assert fields["tracking_value_ids"]["relation"] == "mail.tracking.value"
    for name in ("model", "record_name", "subject", "subtype_id", "email_from", "date",
                 "parent_id", "is_internal", "mail_activity_type_id", "message_id"):
        assert name in fields, name
    tracking = mail_env["mail.tracking.value"].fields_get()
    for side in ("old", "new"):
        for kind in ("integer", "float", "char", "text", "datetime"):
            assert f"{side}_value_{kind}" in tracking
    assert tracking["field_id"]["relation"] == "ir.model.fields"
    assert tracking["currency_id"]["relation"] == "res.currency"
    assert tracking["mail_message_id"]["required"]


def test_a_partner_follows_a_record_once(mail_env):
    ticket = mail_env["mail.test.ticket"].create({"name": "T"})
    partner = mail_env["res.partner"].create({"name": "Follower"})
    Followers = mail_env["mail.followers"]
    Followers.create({"res_model": ticket._name, "res_id": ticket.id, "partner_id": partner.id})
    with pytest.raises(Exception, match="mail_followers_res_partner_res_model_id_uniq|unique"), \
            mail_env.cr.savepoint():
        Followers.create({"res_model": ticket._name, "res_id": ticket.id,
                          "partner_id": partner.id})
        Followers.flush_model()


def test_tracking_values_are_for_administrators(mail_env):
    user = make_user(mail_env, "mail_clerk")
    Tracking = mail_env["mail.tracking.value"].with_user(user)
    with pytest.raises(AccessError):
        Tracking.search([])
    assert mail_env["mail.message"].with_user(user).search_count([]) >= 0
    assert mail_env["mail.message.subtype"].with_user(user).search([("name", "=", "Note")])


def test_tracking_is_a_field_parameter_fields_get_does_not_report(mail_env):
    Ticket = mail_env["mail.test.ticket"]
    assert Ticket._fields["name"].tracking is True
    assert Ticket._fields["state"].tracking == 1
    description = Ticket.fields_get(["name"])["name"]
    assert "tracking" not in description                    # as Odoo 17's fields_get
    assert Ticket._track_get_fields() == {"name", "customer_id", "user_id", "state", "amount",
                                          "weight", "deadline"}


def test_ir_model_knows_the_models_with_a_chatter(mail_env):
    IrModel = mail_env["ir.model"]
    ticket = IrModel._get("mail.test.ticket")
    plain = IrModel._get("mail.test.plain")
    assert ticket.is_mail_thread and ticket.is_mail_activity and not ticket.is_mail_blacklist
    assert not plain.is_mail_thread and not plain.is_mail_activity
    threads = IrModel.search([("is_mail_thread", "=", True)]).mapped("model")
    assert "mail.test.ticket" in threads and "mail.test.plain" not in threads
    assert "mail.thread" not in threads


def test_an_addons_mail_template_loads(mail_env):
    template = mail_env.ref("test_mail_app.mail_template_ticket_done")
    assert template.model == "mail.test.ticket"
    assert template.subject == "{{ object.name }} is done"
    assert 't-out="object.customer_id.name' in template.body_html
    assert template.auto_delete
    ticket = mail_env["mail.test.ticket"].create({"name": "T"})
    mail = mail_env["mail.mail"].browse(template.send_mail(ticket.id))     # queued
    assert (mail.state, mail.subject, mail.model) == ("outgoing", "T is done", "mail.test.ticket")


def test_blacklist_and_cc_mixins(mail_env):
    Contact = mail_env["mail.test.contact"]
    ann, bob = Contact.create([{"name": "Ann", "email_from": '"Ann" <Ann@Example.com>'},
                               {"name": "Bob", "email_from": "bob@example.com"}])
    assert ann.email_normalized == "ann@example.com"
    mail_env["mail.blacklist"].sudo()._add("ANN@example.com")
    ann.invalidate_recordset(["is_blacklisted"])
    assert ann.is_blacklisted and not bob.is_blacklisted
    assert Contact.search([("is_blacklisted", "=", True)]) == ann
    assert bob in Contact.search([("is_blacklisted", "=", False)])
    mail_env["mail.blacklist"].sudo()._remove("ann@example.com")
    assert not Contact.search([("is_blacklisted", "=", True), ("id", "=", ann.id)])
    assert ann._mail_cc_sanitized_raw_dict('"Cy" <CY@example.com>, dee@example.com') == {
        "cy@example.com": '"Cy" <cy@example.com>', "dee@example.com": "dee@example.com"}
    assert "email_cc" in Contact._fields and ann.message_ids        # a thread


def test_users_have_a_notification_preference(mail_env):
    assert mail_env.ref("base.user_admin").notification_type == "email"
    assert make_user(mail_env, "mail_pref").notification_type == "email"
