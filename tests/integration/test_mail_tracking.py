"""Field tracking: fields declared with ``tracking=`` log their changes at the end of the
transaction (the cursor's precommit), as Odoo 17 does."""
from __future__ import annotations

import datetime

import pytest


@pytest.fixture
def Ticket(mail_env):
    return mail_env["mail.test.ticket"].with_context(mail_create_nolog=True)


def flush_tracking(env):
    """What a commit does first: write pending changes, run the precommit callbacks."""
    env.cr.flush()


def tracked(message):
    return {value.field_id.name: value for value in message.sudo().tracking_value_ids}


def test_a_write_logs_one_note_with_the_changes(mail_env, Ticket):
    customer = mail_env["res.partner"].create({"name": "Deco Addict"})
    ticket = Ticket.create({"name": "Printer", "weight": 1.5, "deadline": "2024-01-10"})
    flush_tracking(mail_env)
    assert not ticket.message_ids          # no tracking values at creation (Odoo 17)
    ticket.write({"name": "Printer 2", "customer_id": customer.id, "state": "open",
                  "amount": 42.5, "weight": 2.0, "deadline": "2024-02-01", "untracked": "x",
                  "description": "not tracked"})
    assert not ticket.message_ids          # logged at precommit
    flush_tracking(mail_env)
    [message] = ticket.message_ids
    assert message.message_type == "notification"
    assert message.subtype_id == mail_env.ref("mail.mt_note")
    assert message.is_internal and not message.body
    values = tracked(message)
    assert set(values) == {"name", "customer_id", "state", "amount", "weight", "deadline"}
    assert (values["name"].old_value_char, values["name"].new_value_char) == ("Printer", "Printer 2")
    customer_value = values["customer_id"]
    assert (customer_value.old_value_integer, customer_value.new_value_integer) == (0, customer.id)
    assert (customer_value.old_value_char, customer_value.new_value_char) == ("", "Deco Addict")
    assert (values["state"].old_value_char, values["state"].new_value_char) == ("New", "Open")
    amount = values["amount"]
    assert (amount.old_value_float, amount.new_value_float) == (0.0, 42.5)
    assert amount.currency_id == ticket.currency_id and amount.currency_id
    assert (values["weight"].old_value_float, values["weight"].new_value_float) == (1.5, 2.0)
    deadline = values["deadline"]
    assert deadline.old_value_datetime == datetime.datetime(2024, 1, 10)
    assert deadline.new_value_datetime == datetime.datetime(2024, 2, 1)
    assert values["name"].field_id == mail_env["ir.model.fields"]._get("mail.test.ticket", "name")


def test_writes_of_a_transaction_make_one_message_from_the_first_value(mail_env, Ticket):
    ticket = Ticket.create({"name": "A"})
    ticket.name = "B"
    ticket.name = "C"
    flush_tracking(mail_env)
    [message] = ticket.message_ids
    value = tracked(message)["name"]
    assert (value.old_value_char, value.new_value_char) == ("A", "C")
    ticket.name = "D"
    ticket.name = "C"                      # back to where it was: nothing changed
    flush_tracking(mail_env)
    assert len(ticket.message_ids) == 1


def test_context_keys_disable_tracking(mail_env, Ticket):
    ticket = Ticket.create({"name": "A"})
    ticket.with_context(mail_notrack=True).write({"name": "B"})
    ticket.with_context(tracking_disable=True).write({"name": "C"})
    flush_tracking(mail_env)
    assert not ticket.message_ids


def test_track_subtype_posts_instead_of_logging(mail_env, Ticket):
    ticket = Ticket.create({"name": "A"})
    ticket.write({"state": "done"})
    flush_tracking(mail_env)
    [message] = ticket.message_ids
    assert message.subtype_id == mail_env.ref("mail.mt_comment")
    assert tracked(message)["state"].new_value_char == "Done"


def test_unlinked_records_log_nothing(mail_env, Ticket):
    ticket = Ticket.create({"name": "A"})
    ticket.name = "B"
    ticket.unlink()
    flush_tracking(mail_env)
    assert not mail_env["mail.message"].search([("model", "=", "mail.test.ticket")])


def test_old_values_are_read_once_for_all_records(mail_env, Ticket):
    few = Ticket.create([{"name": f"f{i}"} for i in range(2)])
    many = Ticket.create([{"name": f"m{i}"} for i in range(20)])
    mail_env.flush_all()
    counts = []
    for tickets in (few, many):
        mail_env.invalidate_all()
        before = mail_env.cr.sql_log_count
        tickets.write({"weight": 3.0})
        counts.append(mail_env.cr.sql_log_count - before)
    assert counts[0] == counts[1]
    flush_tracking(mail_env)
    assert len(mail_env["mail.message"].search([("model", "=", "mail.test.ticket")])) == 22


def test_a_model_without_chatter_gets_no_tracking_work(mail_env):
    plain = mail_env["mail.test.plain"].sudo().create({"name": "a"})
    mail_env.flush_all()
    before = mail_env.cr.sql_log_count
    plain.write({"name": "b"})
    mail_env.flush_all()
    assert mail_env.cr.sql_log_count - before == 1          # the UPDATE, nothing else
    assert len(mail_env.cr.precommit) == 0


def test_creating_many_records_costs_as_much_as_creating_a_few(mail_env):
    Ticket = mail_env["mail.test.ticket"]
    counts = []
    for size in (2, 20):
        mail_env.flush_all()
        before = mail_env.cr.sql_log_count
        tickets = Ticket.create([{"name": f"n{i}"} for i in range(size)])
        mail_env.flush_all()
        counts.append(mail_env.cr.sql_log_count - before)
        assert len(tickets.message_ids) == size
    assert counts[1] <= counts[0] + 1, counts
