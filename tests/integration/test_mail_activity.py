"""Activities: mail.activity, its state, and the mail.activity.mixin API (Odoo 17)."""
from __future__ import annotations

import datetime

import pytest
from markupsafe import Markup

from framework.exceptions import AccessError
from tests.support.orm import make_user


@pytest.fixture
def Ticket(mail_env):
    return mail_env["mail.test.ticket"].with_context(mail_create_nolog=True)


def today(env):
    return env["mail.activity"]._calculate_date_deadline(env.ref("mail.mail_activity_data_meeting"))


def test_schedule_an_activity_by_xmlid(mail_env, Ticket):
    ticket = Ticket.create({"name": "Printer"})
    activity = ticket.activity_schedule("mail.mail_activity_data_todo", summary="Order toner")
    todo = mail_env.ref("mail.mail_activity_data_todo")
    assert activity.activity_type_id == todo
    assert activity.date_deadline == today(mail_env) + datetime.timedelta(days=5)   # its delay
    assert (activity.res_model, activity.res_id, activity.res_name) == (
        "mail.test.ticket", ticket.id, "Printer")
    assert activity.res_model_id.model == "mail.test.ticket"
    assert activity.user_id == mail_env.user and activity.automated
    assert activity.summary == "Order toner"
    assert activity.state == "planned"
    assert ticket.activity_ids == activity
    assert ticket.activity_state == "planned"
    assert ticket.activity_date_deadline == activity.date_deadline
    assert ticket.activity_user_id == mail_env.user
    assert ticket.activity_type_id == todo
    assert ticket.activity_summary == "Order toner"


def test_state_is_the_most_urgent(mail_env, Ticket):
    ticket = Ticket.create({"name": "T"})
    day = datetime.timedelta(days=1)
    planned = ticket.activity_schedule("mail.mail_activity_data_call",
                                       date_deadline=today(mail_env) + day)
    assert planned.state == "planned" and ticket.activity_state == "planned"
    due = ticket.activity_schedule("mail.mail_activity_data_email", date_deadline=today(mail_env))
    assert due.state == "today" and ticket.activity_state == "today"
    late = ticket.activity_schedule("mail.mail_activity_data_meeting",
                                    date_deadline=today(mail_env) - day)
    assert late.state == "overdue" and ticket.activity_state == "overdue"
    assert ticket.activity_date_deadline == today(mail_env) - day
    idle = Ticket.create({"name": "idle"})
    assert idle.activity_state is False
    assert Ticket.search([("activity_state", "=", "overdue")]) == ticket
    assert idle in Ticket.search([("activity_state", "=", False)])
    assert ticket not in Ticket.search([("activity_state", "=", False)])
    assert Ticket.search([("activity_user_id", "=", mail_env.uid)]) == ticket
    assert Ticket.search([("activity_type_id", "=", mail_env.ref("mail.mail_activity_data_call").id)]) == ticket


def test_feedback_posts_a_message_and_removes_the_activity(mail_env, Ticket):
    ticket = Ticket.create({"name": "T"})
    activity = ticket.activity_schedule("mail.mail_activity_data_call", summary="Call back",
                                        note=Markup("<p>ask for the model</p>"))
    message_id = activity.action_feedback(feedback="It is a LaserJet")
    message = mail_env["mail.message"].browse(message_id)
    assert not activity.exists() and not ticket.activity_ids
    assert message in ticket.message_ids
    assert message.subtype_id == mail_env.ref("mail.mt_activities")
    assert message.mail_activity_type_id == mail_env.ref("mail.mail_activity_data_call")
    assert message.message_type == "notification"
    for text in ("Call", "done", "Call back", "It is a LaserJet", "ask for the model"):
        assert text in message.body
    other = ticket.activity_schedule("mail.mail_activity_data_todo")
    assert other.action_done()
    assert not ticket.activity_ids


def test_mixin_feedback_and_unlink_by_type(mail_env, Ticket):
    tickets = Ticket.create([{"name": "A"}, {"name": "B"}])
    tickets.activity_schedule("mail.mail_activity_data_todo")
    tickets.activity_schedule("mail.mail_activity_data_call")
    tickets.activity_feedback(["mail.mail_activity_data_todo"], feedback="ok")
    assert tickets.activity_ids.mapped("activity_type_id") == mail_env.ref("mail.mail_activity_data_call")
    assert len(tickets.message_ids) == 2
    new_deadline = datetime.date(2031, 1, 1)
    tickets.activity_reschedule(["mail.mail_activity_data_call"], date_deadline=new_deadline)
    assert set(tickets.activity_ids.mapped("date_deadline")) == {new_deadline}
    tickets.activity_unlink(["mail.mail_activity_data_call"])
    assert not tickets.activity_ids


def test_the_assignee_follows_the_document(mail_env, Ticket):
    clerk = make_user(mail_env, "mail_assignee")
    ticket = Ticket.with_context(mail_create_nosubscribe=True).create({"name": "T"})
    ticket.activity_schedule("mail.mail_activity_data_todo", user_id=clerk.id)
    assert clerk.partner_id in ticket.message_partner_ids
    assert ticket.activity_user_id == clerk


def test_removing_or_archiving_the_record_removes_its_activities(mail_env, Ticket):
    kept, archived, deleted = Ticket.create([{"name": "K"}, {"name": "A"}, {"name": "D"}])
    (kept | archived | deleted).activity_schedule("mail.mail_activity_data_todo")
    deleted_id = deleted.id
    deleted.unlink()
    archived.active = False
    Activity = mail_env["mail.activity"]
    assert Activity.search([("res_model", "=", Ticket._name)]).mapped("res_id") == [kept.id]
    assert not Activity.search([("res_id", "=", deleted_id), ("res_model", "=", Ticket._name)])


def test_a_triggered_type_schedules_the_next_activity(mail_env, Ticket):
    call = mail_env.ref("mail.mail_activity_data_call")
    todo = mail_env.ref("mail.mail_activity_data_todo")
    call.sudo().write({"chaining_type": "trigger", "triggered_next_type_id": todo.id})
    ticket = Ticket.create({"name": "T"})
    ticket.activity_schedule("mail.mail_activity_data_call").action_feedback("done")
    assert ticket.activity_ids.activity_type_id == todo
    assert ticket.activity_ids.previous_activity_type_id == call


def test_create_an_activity_as_a_client_does(mail_env, Ticket):
    ticket = Ticket.create({"name": "T"})
    activity = mail_env["mail.activity"].create({
        "res_model_id": mail_env["ir.model"]._get_id("mail.test.ticket"), "res_id": ticket.id,
        "summary": "by hand"})
    assert activity.activity_type_id == mail_env.ref("mail.mail_activity_data_todo")
    assert activity.date_deadline == today(mail_env)
    assert not activity.automated
    assert ticket.activity_ids == activity


def test_activities_are_seen_and_changed_through_their_document(mail_env, Ticket):
    clerk = make_user(mail_env, "mail_act_clerk")
    portal = make_user(mail_env, "mail_act_portal", groups=("base.group_portal",))
    ticket = Ticket.create({"name": "T"})
    mine = ticket.activity_schedule("mail.mail_activity_data_todo", user_id=clerk.id)
    theirs = ticket.activity_schedule("mail.mail_activity_data_call")
    Activities = mail_env["mail.activity"]
    on_ticket = [("res_model", "=", Ticket._name), ("res_id", "=", ticket.id)]
    assert Activities.with_user(clerk).search(on_ticket) == mine | theirs
    assert not Activities.with_user(portal).search(on_ticket)
    with pytest.raises(AccessError):
        mine.with_user(portal).read(["summary"])
    mine.with_user(clerk).write({"summary": "mine"})            # tickets are writable to clerks
    assert mine.summary == "mine"
    # a portal user assigned to an activity of a document they cannot read cannot have it
    with pytest.raises(AccessError):
        ticket.activity_schedule("mail.mail_activity_data_todo", user_id=portal.id) \
            .with_user(portal).read(["summary"])


def test_server_actions_of_the_chatter(mail_env, Ticket):
    clerk = make_user(mail_env, "mail_sa_clerk")
    ticket = Ticket.create({"name": "T", "user_id": clerk.id})
    follower = mail_env["res.partner"].create({"name": "Follower"})
    Actions = mail_env["ir.actions.server"].sudo()
    model_id = mail_env["ir.model"]._get_id(Ticket._name)
    schedule = Actions.create({
        "name": "Plan a call", "model_id": model_id, "state": "next_activity",
        "activity_type_id": mail_env.ref("mail.mail_activity_data_call").id,
        "activity_summary": "Call the customer", "activity_date_deadline_range": 3,
        "activity_user_type": "generic", "activity_user_field_name": "user_id"})
    follow = Actions.create({"name": "Follow", "model_id": model_id, "state": "followers",
                             "partner_ids": [(6, 0, follower.ids)]})
    context = {"active_model": Ticket._name, "active_id": ticket.id, "active_ids": ticket.ids}
    schedule.with_context(context).run()
    follow.with_context(context).run()
    activity = ticket.activity_ids
    assert (activity.summary, activity.user_id) == ("Call the customer", clerk)
    assert activity.date_deadline == today(mail_env) + datetime.timedelta(days=3)
    assert follower in ticket.message_partner_ids
    Actions.create({"name": "Unfollow", "model_id": model_id, "state": "remove_followers",
                    "partner_ids": [(6, 0, follower.ids)]}).with_context(context).run()
    assert follower not in ticket.message_partner_ids
