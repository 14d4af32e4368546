"""res.partner as Odoo 17's base has it (issue 15): its fields, the avatar, bank accounts,
and the contacts of a company following the company's address and commercial fields."""
from __future__ import annotations

import base64
import io

from PIL import Image

ODOO_17_BASE_FIELDS = {
    "image_1920", "image_1024", "image_512", "image_256", "image_128", "avatar_1920",
    "avatar_1024", "avatar_512", "avatar_256", "avatar_128", "bank_ids", "date", "self",
    "tz_offset", "same_vat_partner_id", "same_company_registry_partner_id", "active_lang_count",
}


def test_partner_has_the_fields_of_odoo_base(env):
    fields = env["res.partner"].fields_get()
    assert ODOO_17_BASE_FIELDS <= set(fields)
    # defined by account and auth_signup in Odoo, not by base
    assert "bank_account_count" not in fields and "signup_token" not in fields
    assert [key for key, _label in fields["type"]["selection"]] == [
        "contact", "invoice", "delivery", "other"]
    assert fields["bank_ids"]["relation"] == "res.partner.bank"
    assert fields["image_128"]["related"] == "image_1920"
    assert fields["display_name"]["searchable"] is False
    assert fields["name"]["default_export_compatible"] is True
    assert fields["email"]["translate"] is False and "help" not in fields["email"]


def test_timezones_are_odoo_s_list(env):
    zones = [key for key, _label in env["res.partner"].fields_get(["tz"])["tz"]["selection"]]
    assert "Europe/Brussels" in zones and "UTC" in zones and "GMT" in zones
    assert "Factory" not in zones and "localtime" not in zones
    assert zones[-1].startswith("Etc/") and not zones[0].startswith("Etc/")


def test_computed_partner_fields(env):
    partner = env["res.partner"].create({"name": "Zoe", "tz": "Asia/Kolkata", "vat": "BE0477472701"})
    assert partner.self == partner
    assert partner.tz_offset == "+0530"
    assert partner.active_lang_count == len(env["res.lang"].get_installed())
    twin = env["res.partner"].create({"name": "Zoe bis", "vat": "BE0477472701"})
    assert twin.same_vat_partner_id == partner
    assert not env["res.partner"].create({"name": "Other", "vat": "X"}).same_vat_partner_id


def test_avatar_is_generated_when_there_is_no_image(env):
    user_partner = env.ref("base.user_admin").partner_id
    svg = base64.b64decode(user_partner.avatar_128)
    assert svg.startswith(b"<svg") and user_partner.name[:1].upper().encode() in svg
    contact = env["res.partner"].create({"name": "No login"})
    assert base64.b64decode(contact.avatar_128).startswith(b"<svg")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(buffer, "PNG")
    contact.image_1920 = base64.b64encode(buffer.getvalue())
    # the avatar is the picture (at each size), resized copies for the small ones
    assert contact.avatar_128 == contact.image_128 and contact.avatar_1920 == contact.image_1920
    assert Image.open(io.BytesIO(base64.b64decode(contact.image_128))).size == (128, 85)


def test_bank_accounts(env):
    partner = env["res.partner"].create({"name": "Banked"})
    account = env["res.partner.bank"].create({"acc_number": "be68 5390 0754 7034",
                                              "partner_id": partner.id})
    assert partner.bank_ids == account
    assert account.sanitized_acc_number == "BE68539007547034"
    assert account.acc_holder_name == "Banked"


def test_contact_takes_address_and_commercial_fields_of_its_company(env):
    belgium = env.ref("base.be")
    company = env["res.partner"].create({
        "name": "Sync Co", "is_company": True, "street": "Rue 1", "city": "Liège",
        "country_id": belgium.id, "vat": "BE0477472701", "company_registry": "0477472701"})
    person = env["res.partner"].create({"name": "Ann", "parent_id": company.id})
    assert (person.street, person.city, person.country_id) == ("Rue 1", "Liège", belgium)
    assert (person.vat, person.company_registry) == ("BE0477472701", "0477472701")
    assert person.commercial_partner_id == company
    # the company changes: its people follow
    company.write({"street": "Rue 2", "vat": "BE0123456749"})
    assert (person.street, person.vat) == ("Rue 2", "BE0123456749")
    # an address contact keeps its own address, but takes the commercial fields
    delivery = env["res.partner"].create({"name": "Dock", "type": "delivery", "street": "Quai 9",
                                          "parent_id": company.id})
    assert (delivery.street, delivery.vat) == ("Quai 9", "BE0123456749")
    # moved under another company, a person takes that company's fields
    other = env["res.partner"].create({"name": "Other Co", "is_company": True, "vat": "FR1"})
    person.parent_id = other
    assert person.vat == "FR1"


def test_a_write_that_touches_nothing_synced_leaves_the_contacts_alone(env):
    company = env["res.partner"].create({"name": "Quiet Co", "is_company": True, "vat": "BE0477472701"})
    env["res.partner"].create({"name": "Quiet Ann", "parent_id": company.id})
    env.flush_all()
    company.invalidate_recordset()
    cr = env.cr
    before = cr.sql_log_count
    company.write({"comment": "<p>called back</p>"})
    env.flush_all()
    # the access rule's read and the UPDATE: the contacts are not read
    assert cr.sql_log_count - before == 2
    before = cr.sql_log_count
    company.write({"vat": "BE0123456749"})
    env.flush_all()
    assert company.child_ids.vat == "BE0123456749"


def test_first_contact_gives_its_address_to_a_company_without_one(env):
    company = env["res.partner"].create({"name": "Empty Co", "is_company": True})
    env["res.partner"].create({"name": "Bob", "parent_id": company.id, "city": "Ghent"})
    assert company.city == "Ghent"


def test_onchange_parent_fills_the_address(env):
    company = env["res.partner"].create({"name": "Form Co", "is_company": True, "city": "Namur"})
    result = env["res.partner"].onchange({"name": "Eve", "type": "contact", "parent_id": company.id},
                                         ["parent_id"], {"city": {}, "parent_id": {}, "type": {}})
    assert result["value"]["city"] == "Namur"


def test_contact_address_follows_the_country_format(env):
    company = env["res.partner"].create({"name": "Format Co", "is_company": True, "street": "1 Main St",
                                         "city": "Austin", "zip": "73301",
                                         "state_id": env.ref("base.state_us_44").id,
                                         "country_id": env.ref("base.us").id})
    assert company.contact_address == "Format Co\n1 Main St\n\nAustin TX 73301\nUnited States"
    assert env["res.partner"].create({"name": "Nowhere"}).contact_address == "\n\n  \n"
    shown = company.with_context(show_address=True).display_name
    assert shown == "Format Co\n1 Main St\nAustin TX 73301\nUnited States"
    assert company.with_context(show_address=True, address_inline=True).display_name == \
        "Format Co, 1 Main St, Austin TX 73301, United States"
