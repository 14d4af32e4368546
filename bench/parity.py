#!/usr/bin/env python3
"""Differential check (not a benchmark, not in CI): the same external-API calls sent to this
server and to a real Odoo 17, answers compared side by side (issue 15).

    .venv/bin/python bench/parity.py --a http://localhost:8069,mydb --b http://localhost:8369,odoo_pos

Both databases should be base-like (the Odoo one may have more addons: fields only Odoo has
are left out of the comparison of ``fields_get`` and ``read``). Each line says ``same`` or
shows both answers. Faults are compared by code and last line. Records created by the calls
are named ``parity-check ...`` and removed at the end.
"""
from __future__ import annotations

import argparse
import xmlrpc.client

SPEC = {"name": {}, "type": {}, "active": {}, "is_company": {}, "company_type": {}, "lang": {},
        "country_id": {"fields": {"display_name": {}}}, "category_id": {"fields": {"display_name": {}}},
        "child_ids": {"fields": {"name": {}}}, "color": {}, "parent_id": {"fields": {"display_name": {}}}}

#: (label, model, method, args, kwargs); "$new" in args is replaced by a record made for the check
CALLS = [
    ("onchange new record", "res.partner", "onchange", [[], {}, [], SPEC], {}),
    ("onchange on a record", "res.partner", "onchange", [["$new"], {"is_company": True}, ["is_company"], SPEC], {}),
    ("default_get", "res.partner", "default_get",
     [["name", "type", "active", "lang", "tz", "category_id", "color"]], {}),
    ("has_group", "res.users", "has_group", ["base.group_system"], {}),
    ("copy_data", "res.partner", "copy_data", [["$new"]], {"default": {"name": "parity-check copy"}}),
    ("web_read_group", "res.partner", "web_read_group", [[["name", "like", "parity-check"]], ["type"], ["type"]], {}),
    ("read deleted id", "res.partner", "read", [[999999999], ["name"]], {}),
    ("export_data", "res.partner", "export_data", [["$new"], ["name", "is_company", "type", "color"]], {}),
    ("load error", "res.partner", "load", [["name", "color"], [["parity-check load", "abc"]]], {}),
    ("bad order", "res.partner", "search", [[]], {"order": "name; drop"}),
    ("unknown order field", "res.partner", "search", [[]], {"order": "nope"}),
    ("bad operator", "res.partner", "search", [[["name", "bogus", "x"]]], {}),
    ("not null", "res.country.state", "create", [{"name": "X", "code": "X"}], {}),
    ("missing target", "res.partner", "create", [{"name": "parity-check x", "country_id": 999999999}], {}),
    ("countries", "res.country", "search_count", [[]], {}),
    ("states", "res.country.state", "search_count", [[]], {}),
    ("languages", "res.lang", "search_count", [[]], {"context": {"active_test": False}}),
    # with mail_bot installed, Odoo's partner 2 is "OdooBot"; base alone names it "System"
    ("partner 2", "res.partner", "read", [[2], ["name", "active"]], {}),
    ("admin", "res.users", "read", [[2], ["name", "signature", "action_id"]], {}),
]


class Side:
    def __init__(self, spec: str, password: str) -> None:
        self.url, self.db = spec.split(",")
        self.password = password
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, "admin", password, {})
        self.models = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        self.new = self.call("res.partner", "create", [{"name": "parity-check partner"}], {})

    def call(self, model: str, method: str, args: list, kwargs: dict):
        args = [[self.new if item == "$new" else item for item in arg] if isinstance(arg, list) else arg
                for arg in args]
        try:
            return self.models.execute_kw(self.db, self.uid, self.password, model, method, args, kwargs)
        except xmlrpc.client.Fault as fault:
            return ("fault", fault.faultCode, fault.faultString.strip().splitlines()[-1])

    def cleanup(self) -> None:
        ids = self.call("res.partner", "search", [[["name", "like", "parity-check"]]],
                        {"context": {"active_test": False}})
        if isinstance(ids, list) and ids:
            self.call("res.partner", "unlink", [ids], {})


def alike(left, right) -> bool:
    """Equal but for database ids (they differ between two databases) and for the keys of a
    dict that only one side has (fields of addons the other database lacks)."""
    if isinstance(left, dict) and isinstance(right, dict):
        return all(alike(left[key], right[key]) for key in left.keys() & right.keys() if key != "id")
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) == len(right) and all(alike(x, y) for x, y in zip(left, right))
    return left == right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--a", required=True, help="this server: URL,DB")
    parser.add_argument("--b", required=True, help="real Odoo 17: URL,DB")
    parser.add_argument("--password", default="admin")
    options = parser.parse_args()
    a, b = Side(options.a, options.password), Side(options.b, options.password)
    same = 0
    try:
        for label, model, method, args, kwargs in CALLS:
            left, right = a.call(model, method, args, kwargs), b.call(model, method, args, kwargs)
            if alike(left, right):
                same += 1
                print(f"same      {label}")
            else:
                print(f"DIFFERENT {label}\n  a: {left!r:.400}\n  b: {right!r:.400}")
    finally:
        a.cleanup()
        b.cleanup()
    print(f"{same}/{len(CALLS)} answers the same")


if __name__ == "__main__":
    main()
