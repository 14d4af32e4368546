"""The records a new database starts with: currencies (from ``res.currency.csv``), main
company, __system__ and admin, groups. Ids and external ids match a new Odoo database.
Languages, countries and their states come after, from the CSV files of this folder (the
manifest's ``data``)."""
from __future__ import annotations

import csv
import os
import uuid

#: the currencies, in Odoo's order (so their ids match), USD alone active as in a new Odoo database
CURRENCY_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "res.currency.csv")
GROUPS = [  # xmlid, name, category xmlid, implied xmlids, share
    ("group_user", "Internal User", "module_category_user_type", [], False),
    ("group_portal", "Portal", "module_category_user_type", [], True),
    ("group_public", "Public", "module_category_user_type", [], True),
    ("group_no_one", "Technical Features", None, [], False),
    ("group_multi_company", "Multi Companies", None, [], False),
    ("group_multi_currency", "Multi Currencies", None, [], False),
    ("group_partner_manager", "Contact Creation", None, [], False),
    ("group_erp_manager", "Access Rights", "module_category_administration", ["group_user"], False),
    ("group_system", "Settings", "module_category_administration", ["group_erp_manager"], False),
    ("group_allow_export", "Access to export feature", "module_category_hidden", [], False),
]


def init_data(env) -> None:
    """Create the initial records (called once, when ``base`` is installed)."""
    data = env["ir.model.data"]
    env.cr.execute("SET CONSTRAINTS ALL DEFERRED")       # create_uid = 1 before user 1 exists

    def xmlid(name, record, noupdate=True):
        data.create({"module": "base", "name": name, "model": record._name, "res_id": record.id,
                     "noupdate": noupdate})
        return record

    # before the company, which needs its currency (the CSV data files load after this)
    currencies = {}
    with open(CURRENCY_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {key: value or False for key, value in row.items() if key != "id"}
            values.update(rounding=float(row["rounding"]), active=row["active"] == "True")
            currencies[row["id"]] = xmlid(row["id"], env["res.currency"].create(values))
    categories = {}
    for key, name in (("module_category_user_type", "User types"),
                      ("module_category_administration", "Administration"),
                      ("module_category_hidden", "Technical")):
        # data/ir_module_category_data.xml completes them (and adds Odoo's other categories)
        categories[key] = env.ref(f"base.{key}", raise_if_not_found=False) or \
            xmlid(key, env["ir.module.category"].create({"name": name}))
    xmlid("decimal_price", env["decimal.precision"].create({"name": "Product Price", "digits": 2}))
    xmlid("decimal_discount", env["decimal.precision"].create({"name": "Discount", "digits": 2}))
    xmlid("decimal_product_uom", env["decimal.precision"].create(
        {"name": "Product Unit of Measure", "digits": 2}))

    # partners: main company (1), the archived System (2), Administrator (3), public (4), then
    # the default user template's (5), as in a new Odoo database without demo data (demo data
    # renames some of them); the company's own partner and the public one belong to no company
    partners = env["res.partner"]
    main_partner = xmlid("main_partner", partners.create({"name": "My Company", "is_company": True}))
    root_partner = xmlid("partner_root", partners.create({"name": "System", "active": False,
                                                          "email": "odoobot@example.com"}))
    admin_partner = xmlid("partner_admin", partners.create({"name": "Administrator",
                                                            "email": "admin@example.com"}))
    public_partner = xmlid("public_partner", partners.create({"name": "Public user", "active": False}))
    company = xmlid("main_company", env["res.company"].create({
        "partner_id": main_partner.id, "currency_id": currencies["USD"].id}))
    (root_partner | admin_partner).write({"company_id": company.id})

    groups = {}
    for key, name, category, implied, share in GROUPS:
        groups[key] = xmlid(key, env["res.groups"].create({
            "name": name, "category_id": categories[category].id if category else False,
            "implied_ids": [(6, 0, [groups[i].id for i in implied])], "share": share}))

    users = env["res.users"].with_context(no_reset_password=True)
    root = xmlid("user_root", users.create({
        "login": "__system__", "partner_id": root_partner.id, "company_id": company.id,
        "company_ids": [(6, 0, [company.id])], "active": False, "signature": _signature("System"),
        "groups_id": [(6, 0, [groups["group_user"].id, groups["group_system"].id])]}))
    admin = xmlid("user_admin", users.create({
        "login": "admin", "password": "admin", "partner_id": admin_partner.id,
        "signature": _signature("Administrator"),
        "company_id": company.id, "company_ids": [(6, 0, [company.id])],
        "groups_id": [(6, 0, [groups["group_user"].id, groups["group_system"].id,
                              groups["group_no_one"].id, groups["group_partner_manager"].id])]}))
    # uid 3: the template whose groups a new user gets in Odoo (archived, never logs in)
    xmlid("default_user", users.create({
        "name": "Default User Template", "login": "default", "company_id": company.id,
        "company_ids": [(6, 0, [company.id])], "active": False,
        "groups_id": [(6, 0, [groups["group_user"].id])]}))
    xmlid("public_user", users.create({
        "login": "public", "partner_id": public_partner.id, "company_id": company.id,
        "company_ids": [(6, 0, [company.id])], "active": False,
        "groups_id": [(6, 0, [groups["group_public"].id])]}))
    if root.id != 1 or admin.id != 2:
        raise RuntimeError(f"base data: expected __system__ as uid 1 and admin as uid 2, got "
                           f"{root.id} and {admin.id}; the database was not new")
    env["ir.config_parameter"].set_param("database.create_date", str(env.cr.now()))
    # made at install, as Odoo does, so that no request has to create them (and race for it)
    env["ir.config_parameter"].set_param("database.secret", str(uuid.uuid4()))
    env["ir.config_parameter"].set_param("database.uuid", str(uuid.uuid1()))


def _signature(name: str) -> str:
    """A user's default signature: "-- " then the name on the next line, marked as a quote as
    Odoo's HTML cleaning marks it (so that mail clients fold it)."""
    return f'<span data-o-mail-quote="1">-- <br data-o-mail-quote="1">\n{name}</span>'
