"""What the hostile-input and access tests share: hostile requests (hypothesis strategies),
the check that an answer is a well-formed refusal, and two ways to see that a refused call
changed nothing: ``Snapshot`` (row count and a hash of every table) and ``XidWatch`` (the
transactions PostgreSQL committed while one request ran).

``HYPOTHESIS_PROFILE``: ``ci`` (default; derandomized, so every run sends the same requests)
or ``long`` (random, ten times as many examples) for a longer run on a developer's machine.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import xmlrpc.client
import zlib
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from werkzeug.test import Client

settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("long", derandomize=False, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
#: how many times more examples the ``long`` profile runs (``HOSTILE_SCALE`` overrides it)
SCALE = float(os.environ.get("HOSTILE_SCALE") or (10 if PROFILE == "long" else 1))

# -- what an attacker tries -------------------------------------------------------------------

#: classic SQL injection payloads, as values, field names, order terms, keys
SQL_PAYLOADS = [
    "'; DROP TABLE res_partner; --", "1; DELETE FROM res_users", "' OR '1'='1", "' OR 1=1 --",
    "name; SELECT pg_sleep(5)", "id desc, (SELECT 1 FROM pg_sleep(5))", "name)--", "\"name\"",
    "id; UPDATE res_users SET active=false", "1 UNION SELECT login, password FROM res_users",
    "name COLLATE \"C\"", "(CASE WHEN 1=1 THEN name END)", "id asc nulls first; --",
    "res_partner.name", "name->>'en_US'", "pg_read_file('/etc/passwd')", "$$ ; $$", "\\x00",
    "name,(select password from res_users limit 1)", "id-- ", "name desc nulls", "name/**/desc",
]
#: strings that are trouble for parsers, encoders and templates
NAUGHTY = [
    "", " ", "\x00", "\ud800", "\uffff", "\u202e", "%s", "%(x)s", "{0.__class__}", "{}", "${7*7}",
    "{{7*7}}", "<script>alert(1)</script>", "]]>", "&amp;", "A" * 5000, "é" * 300, "😀" * 100,
    "\r\n\r\nX-Injected: 1", "../../etc/passwd", "null", "NaN", "-0", "1e309", "0x10",
]
REAL_MODELS = ["res.partner", "res.users", "res.groups", "res.company", "ir.config_parameter",
               "ir.model.access", "ir.rule", "ir.model", "ir.module.module", "pos.order",
               "pos.order.line", "pos.session", "pos.config", "pos.payment", "pos.payment.method",
               "product.product", "product.template", "account.move", "account.move.line",
               "res.users.apikeys", "ir.ui.view", "ir.attachment", "loyalty.card"]
MODELS = REAL_MODELS + ["no.such.model", "", " ", "res.partner ", "RES.PARTNER", "res_partner",
                        "../res.partner", "res.partner;", "ir.model.data\x00"]
READ_METHODS = ["search_read", "read", "search", "search_count", "read_group", "fields_get",
                "name_search", "default_get", "name_get", "check_access_rights", "web_read",
                "web_search_read", "exists", "get_metadata", "mapped", "filtered", "sorted",
                "load_pos_data", "search_fetch", "fetch", "onchange", "export_data"]
WRITE_METHODS = ["create", "write", "unlink", "copy", "name_create", "toggle_active",
                 "action_archive", "create_from_ui", "open_ui", "action_pos_session_close",
                 "close_session_from_ui", "set_cashbox_pos", "load", "web_save", "update_field_translations"]
PRIVATE_METHODS = ["_search", "_read_group", "_compute_display_name", "init", "_auto_init",
                   "_write", "_create", "__init__", "__class__", "_fetch_fields", "_browse",
                   "sudo", "with_user", "with_context", "browse", "_sql", "_table_query",
                   "_check_credentials", "_login", "_set_password", "_crypt_context"]
UNKNOWN_METHODS = ["no_such_method", "", "search_read ", "SEARCH", "call_kw", "execute", "x" * 300]
FIELD_NAMES = ["name", "id", "login", "password", "new_password", "groups_id", "company_id",
               "active", "display_name", "write_date", "no_such_field", "name.id", "partner_id.name",
               "__last_update", "*", "name, login", "", "amount_total", "state", "sel_groups_1_2"]
OPERATORS = ["=", "!=", "<", ">", "<=", ">=", "in", "not in", "like", "ilike", "=like", "=ilike",
             "not like", "child_of", "parent_of", "any", "not any", "=?", "~", "SIMILAR TO",
             "; DROP", "", "IN", "between"]
ORDERS = ["id", "name desc", "id desc, name asc", "name nulls first", "partner_id", "display_name",
          "no_such_field", "id asc desc", ",", "  ", "id,,name"] + SQL_PAYLOADS
SERVICES = ["common", "object", "db", "report", "no_such_service", "", "../object"]
COMMON_METHODS = ["version", "login", "authenticate", "about", "set_loglevel", "no_such", "__init__"]
DB_METHODS = ["list", "db_exist", "list_lang", "server_version", "create_database", "drop", "dump",
              "restore", "rename", "change_admin_password", "duplicate_database", "list_countries",
              "migrate_databases", "no_such", "_create_empty_database"]
JSON_ROUTES = ["/web/dataset/call_kw", "/web/dataset/call_kw/res.partner/read", "/web/dataset/call_button",
               "/web/dataset/resequence", "/web/session/authenticate", "/web/session/get_session_info",
               "/web/session/check", "/web/session/modules", "/web/session/get_lang_list",
               "/web/session/account", "/web/webclient/version_info", "/web/database/list",
               "/pos/ui", "/pos/web_read_models", "/pos/create_from_ui", "/pos/loyalty/balance",
               "/pos/loyalty/redeem", "/pos/loyalty/cancel_redemption", "/pos/terminal/send",
               "/pos/terminal/status", "/pos/terminal/cancel", "/jsonrpc", "/web/session/destroy"]

#: who sends a request: a session (or XML-RPC credentials) of one of these
WHO = ["anonymous", "public", "cashier", "admin", "bad_password", "stale_session"]
PRIVILEGED = ("cashier", "admin")

small_int = st.integers(min_value=-(2 ** 31), max_value=2 ** 31 - 1)
hostile_text = st.one_of(st.text(max_size=40), st.sampled_from(SQL_PAYLOADS + NAUGHTY))
scalars = st.one_of(st.none(), st.booleans(), small_int, st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                    st.floats(allow_nan=False, allow_infinity=False), hostile_text)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12)), inner, max_size=4)),
    max_leaves=16)


@st.composite
def domains(draw):
    """A domain an attacker would send: leaves with hostile fields, operators and values,
    stray logical operators, or not a list at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(hostile_text, small_int, st.dictionaries(st.text(max_size=5), scalars, max_size=2)))
    items = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            items.append(draw(st.sampled_from(["&", "|", "!", "&&", "OR"])))
        elif kind == 1:
            items.append(draw(values))
        else:
            items.append([draw(st.one_of(st.sampled_from(FIELD_NAMES), hostile_text)),
                          draw(st.sampled_from(OPERATORS)), draw(values)])
    return items


@st.composite
def orm_call(draw, privileged: bool):
    """``(model, method, args, kwargs)``: an ORM call with hostile arguments. For a sender
    who could really change data, writing methods always carry a field that does not
    exist, so that a refusal is the only possible answer (the checks then prove that the
    refusal changed nothing)."""
    model = draw(st.one_of(st.sampled_from(MODELS), hostile_text))
    kind = draw(st.integers(0, 9))
    if kind <= 4:
        method = draw(st.sampled_from(READ_METHODS))
    elif kind <= 6:
        method = draw(st.sampled_from(WRITE_METHODS))
    elif kind <= 8:
        method = draw(st.sampled_from(PRIVATE_METHODS))
    else:
        method = draw(st.one_of(st.sampled_from(UNKNOWN_METHODS), hostile_text))
    ids = draw(st.one_of(st.lists(small_int, max_size=3), small_int, values))
    kwargs = draw(st.dictionaries(st.sampled_from(
        ["fields", "order", "limit", "offset", "context", "groupby", "orderby", "lazy", "load",
         "domain", "specification", "attributes", "allfields", "raise_exception", "__class__", "self"]),
        st.one_of(values, st.sampled_from(ORDERS), st.lists(st.sampled_from(FIELD_NAMES), max_size=3)),
        max_size=3))
    if draw(st.booleans()):
        kwargs["context"] = draw(st.one_of(values, st.dictionaries(st.one_of(st.sampled_from(
            ["lang", "tz", "uid", "allowed_company_ids", "active_test", "su", "default_password",
             "default_groups_id", "bin_size", "tracking_disable"]), hostile_text), values, max_size=3)))
    if method in ("search_read", "search", "search_count", "read_group", "web_search_read"):
        args = [draw(domains())]
        if method == "read_group":
            args += [draw(st.lists(st.one_of(st.sampled_from(FIELD_NAMES), hostile_text), max_size=3)),
                     draw(st.lists(st.one_of(st.sampled_from(FIELD_NAMES + ["date:month", "id:sum"]),
                                             hostile_text), max_size=2))]
            kwargs.setdefault("orderby", draw(st.sampled_from(ORDERS)))
            kwargs.setdefault("lazy", draw(values))
        if method != "search_count" and draw(st.booleans()):
            kwargs["order"] = draw(st.sampled_from(ORDERS))
    elif method in ("create", "name_create", "create_from_ui"):
        vals = draw(st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), hostile_text), values, max_size=4))
        if privileged:
            vals["x_no_such_field_" + draw(st.text("abc", max_size=3))] = 1
        args = [draw(st.one_of(st.just(vals), st.lists(st.just(vals), max_size=2)))]
        if method == "name_create" and privileged:
            model = "no.such.model"
    elif method in WRITE_METHODS:
        vals = draw(st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), hostile_text), values, max_size=4))
        if privileged:
            vals["x_no_such_field"] = 1
            ids = draw(st.lists(st.integers(min_value=2 ** 30, max_value=2 ** 31 - 1), min_size=1, max_size=2))
        args = [ids, vals]
    else:
        args = [ids] + draw(st.lists(values, max_size=2))
    if draw(st.integers(0, 19)) == 0:
        args = draw(values)                              # not even a list
    return model, method, args, kwargs


@dataclass
class Hostile:
    """One request to send: to ``path``, from ``who``."""

    path: str
    body: bytes
    content_type: str
    who: str
    kind: str                           # "xmlrpc", "json" or "http"
    label: str = ""
    writes: bool = False                # could change data if it were accepted
    headers: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Hostile({self.who} {self.path} {self.label[:80]} {self.body[:300]!r})"


def _xmlrpc_body(params: tuple, method: str) -> bytes:
    try:
        return xmlrpc.client.dumps(params, method, allow_none=True).encode("utf-8", "surrogatepass")
    except (OverflowError, TypeError):
        return xmlrpc.client.dumps(("too big",), method).encode()


def _json_body(params, message_id=1) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": message_id},
                      default=str).encode("utf-8", "surrogatepass")


@st.composite
def xmlrpc_requests(draw, db: str, uids: dict):
    who = draw(st.sampled_from(WHO))
    service = draw(st.sampled_from(["object"] * 6 + SERVICES))
    legacy = draw(st.integers(0, 4)) == 0
    path = f"/xmlrpc/{service}" if legacy else f"/xmlrpc/2/{service}"
    writes = False
    if service == "object":
        model, method, args, kwargs = draw(orm_call(who in PRIVILEGED))
        writes = method in WRITE_METHODS
        uid, password = _credentials(who, uids)
        rpc_method = draw(st.sampled_from(["execute_kw"] * 4 + ["execute", "no_such", "execute_kw "]))
        target_db = draw(st.sampled_from([db] * 5 + ["no_such_db", "", "postgres", "template1"]))
        params = (target_db, uid, password, model, method, args, kwargs) if rpc_method != "execute" \
            else (target_db, uid, password, model, method, *(args if isinstance(args, list) else [args]))
        if draw(st.integers(0, 9)) == 0:
            params = tuple(draw(st.lists(values, max_size=8)))
        label = f"{rpc_method} {model} {method}"
    elif service == "common":
        rpc_method = draw(st.sampled_from(COMMON_METHODS))
        params = tuple(draw(st.lists(values, max_size=5)))
        if rpc_method in ("login", "authenticate") and draw(st.booleans()):
            params = (db, draw(st.sampled_from(["admin", "cashier", "portal", "public", "__system__"])),
                      draw(hostile_text.filter(lambda p: p not in ("admin", "cashier", "portal"))), {})
        label = rpc_method
    else:
        rpc_method = draw(st.sampled_from(DB_METHODS))
        params = tuple(draw(st.lists(values, max_size=4)))
        if rpc_method in ("drop", "dump", "rename", "duplicate_database", "restore", "change_admin_password"):
            params = (draw(hostile_text), db, *params)   # a wrong master password
        label = rpc_method
    return Hostile(path, _xmlrpc_body(params, rpc_method), "text/xml", who, "xmlrpc", label, writes)


@st.composite
def json_requests(draw, db: str, uids: dict):
    who = draw(st.sampled_from(WHO))
    path = draw(st.sampled_from(JSON_ROUTES))
    writes = False
    label = ""
    if path.startswith("/web/dataset/call"):
        model, method, args, kwargs = draw(orm_call(who in PRIVILEGED))
        writes = method in WRITE_METHODS
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        label = f"{model} {method}"
    elif path == "/jsonrpc":
        model, method, args, kwargs = draw(orm_call(who in PRIVILEGED))
        writes = method in WRITE_METHODS
        uid, password = _credentials(who, uids)
        service = draw(st.sampled_from(["object"] * 5 + SERVICES))
        params = {"service": service, "method": draw(st.sampled_from(["execute_kw", "execute", "version",
                                                                      "list", "login", "no_such"])),
                  "args": [draw(st.sampled_from([db, "no_such_db"])), uid, password, model, method, args, kwargs]}
        label = f"{service} {model} {method}"
    elif path == "/web/session/authenticate":
        params = {"db": draw(st.one_of(st.just(db), values)),
                  "login": draw(st.one_of(st.sampled_from(["admin", "cashier", "public", "portal"]), values)),
                  "password": draw(st.one_of(values.filter(lambda p: p not in ("admin", "cashier", "portal"))))}
    elif path == "/pos/create_from_ui":
        order = draw(st.dictionaries(st.sampled_from(["id", "data", "to_invoice"]), values, max_size=3))
        if draw(st.booleans()):
            order["data"] = draw(st.dictionaries(st.sampled_from(
                ["name", "uid", "pos_session_id", "lines", "statement_ids", "amount_total", "amount_paid",
                 "partner_id", "user_id", "pricelist_id", "sequence_number", "creation_date"]), values, max_size=6))
            if who in PRIVILEGED:
                order["data"]["pos_session_id"] = 2 ** 31 - 1       # no such session: refused
        params = {"orders": draw(st.one_of(st.just([order]), values)), "draft": draw(values)}
        writes = True
    else:
        params = draw(st.dictionaries(st.sampled_from(
            ["config_id", "model", "domain", "fields", "limit", "offset", "ids", "order", "partner_id",
             "reward_id", "redemption_uuid", "order_uuid", "order_amount", "payment_method_id", "amount",
             "line_uuid", "field", "context", "x"]),
            st.one_of(values, domains(), st.sampled_from(ORDERS)), max_size=5))
        if path in ("/pos/loyalty/redeem", "/pos/terminal/send", "/web/dataset/resequence"):
            writes = True
            if who in PRIVILEGED:
                params["config_id"] = params["partner_id"] = params["payment_method_id"] = 2 ** 31 - 1
                params["model"] = "no.such.model"
        if path == "/web/session/destroy" and who in PRIVILEGED:
            path = "/web/session/check"                  # keep the shared sessions alive
    if draw(st.integers(0, 14)) == 0:
        params = draw(values)                            # params not an object
    body = _json_body(params, draw(st.one_of(small_int, hostile_text, st.none())))
    return Hostile(path, body, "application/json", who, "json", label, writes)


@st.composite
def raw_requests(draw, db: str, uids: dict):
    """Bodies that are not what the route reads: truncated, invalid UTF-8, deeply nested,
    huge, XML with entities, JSON with a wrong content type."""
    who = draw(st.sampled_from(WHO))
    kind = draw(st.sampled_from(["xmlrpc", "json"]))
    if kind == "xmlrpc":
        path = draw(st.sampled_from(["/xmlrpc/2/object", "/xmlrpc/2/common", "/xmlrpc/2/db", "/xmlrpc/object"]))
        good = _xmlrpc_body((db, 2, "admin", "res.partner", "search_read", [[]], {"limit": 1}), "execute_kw")
        content_type = "text/xml"
    else:
        path = draw(st.sampled_from(["/jsonrpc", "/web/dataset/call_kw", "/web/session/authenticate", "/pos/ui",
                                     "/pos/create_from_ui"]))
        good = _json_body({"service": "common", "method": "version", "args": []})
        content_type = draw(st.sampled_from(["application/json"] * 4 + [
            "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"]))
    how = draw(st.integers(0, 8))
    if how == 0:
        body = good[:draw(st.integers(0, len(good) - 1))]                         # truncated
    elif how == 1:
        at = draw(st.integers(0, len(good)))
        junk = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80\x80", b"\x00"]))
        body = good[:at] + junk + good[at:]
    elif how == 2:
        depth = draw(st.sampled_from([100, 1000, 5000, 20000]))
        body = (b"<?xml version='1.0'?><methodCall><methodName>version</methodName><params><param>"
                + b"<value><array><data>" * depth + b"<value><int>1</int></value>"
                + b"</data></array></value>" * depth + b"</param></params></methodCall>" if kind == "xmlrpc" else
                b'{"jsonrpc":"2.0","method":"call","id":1,"params":' + b"[" * depth + b"]" * depth + b"}")
    elif how == 3:
        body = draw(st.binary(max_size=200))
    elif how == 4:
        body = good.replace(b"search_read", b"search_read" + b"A" * draw(st.sampled_from([10, 10000, 200000])))
    elif how == 5 and kind == "xmlrpc":
        body = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                b"<methodCall><methodName>version</methodName><params><param><value>&b;</value></param>"
                b"</params></methodCall>")
    elif how == 6 and kind == "xmlrpc":
        body = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b"<methodCall><methodName>version</methodName><params><param><value>&x;</value></param>"
                b"</params></methodCall>")
    elif how == 7:
        body = good.replace(b"1", b"1" * draw(st.sampled_from([30, 400, 5000])), 1)     # huge number
    else:
        body = draw(st.sampled_from([b"", b"null", b"[]", b"{}", b"\"x\"", b"<methodCall/>", b"NaN",
                                     b'{"params": NaN}', b'{"jsonrpc":"2.0","params":{"a":1,"a":2}}',
                                     b"<?xml version='1.0' encoding='utf-7'?><methodCall/>"]))
    return Hostile(path, body, content_type, who, kind, f"raw{how}")


@st.composite
def form_requests(draw, db: str, uids: dict):
    """The login form (and the logout and database-manager forms), posted with junk."""
    path = draw(st.sampled_from(["/web/login", "/web/login", "/web/session/logout", "/web/database/drop",
                                 "/web/database/backup", "/web/database/change_password", "/web"]))
    fields = draw(st.dictionaries(st.sampled_from(["login", "password", "db", "redirect", "csrf_token",
                                                   "master_pwd", "name", "backup_format", "new_pwd"]),
                                  st.one_of(hostile_text, st.sampled_from([db, "admin"])), max_size=5))
    if path == "/web/login" and fields.get("password") in ("admin", "cashier"):
        fields["password"] = "not-the-password"
    if path.startswith("/web/database/"):
        fields["master_pwd"] = "not-the-master-password"
    from urllib.parse import urlencode
    body = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()}).encode()
    who = draw(st.sampled_from(WHO))
    return Hostile(path, body, "application/x-www-form-urlencoded", who, "http", "form")


def hostile_requests(db: str, uids: dict):
    """Every kind above; ``uids``: the user ids of "admin", "cashier" and "public"."""
    return st.one_of(xmlrpc_requests(db, uids), xmlrpc_requests(db, uids), json_requests(db, uids),
                     json_requests(db, uids), raw_requests(db, uids), form_requests(db, uids))


def _credentials(who: str, uids: dict) -> tuple:
    """XML-RPC credentials of ``who``: the real ones for admin and cashier, else refused ones."""
    return {"admin": (uids["admin"], "admin"), "cashier": (uids["cashier"], "cashier"),
            "bad_password": (uids["admin"], "wrong"), "public": (uids["public"], "public"),
            "anonymous": (0, ""), "stale_session": (uids["cashier"], "")}[who]


# -- what an answer must be -------------------------------------------------------------------

#: errors meaning that the input reached a place it must not: SQL the driver refused (the
#: input was not checked before it became SQL), the stack limit, the memory
FORBIDDEN_ERRORS = ("psycopg.errors", "RecursionError", "MemoryError", "SystemError",
                    "InFailedSqlTransaction", "UnicodeEncodeError", "DataError", "ProgrammingError",
                    "SyntaxError", "UndefinedColumn", "UndefinedTable", "InvalidTextRepresentation")


def _forbidden(text: str) -> str | None:
    """The forbidden error ``text`` (an exception's last line or its name) names, if any."""
    head = text.split(":")[0]
    return next((name for name in FORBIDDEN_ERRORS if name in head), None)


@dataclass
class Verdict:
    ok: bool                    # a well-formed answer
    refused: bool               # a fault, an error object or a 4xx: nothing may have changed
    name: str                   # the error class (or "result", or the HTTP status)
    reason: str = ""


def judge(request: Hostile, status: int, content_type: str, body: bytes) -> Verdict:
    """Whether ``body`` is a well-formed answer to ``request``, and whether it refused it."""
    if status >= 500:
        return Verdict(False, True, str(status), f"HTTP {status}")
    if 400 <= status < 500:
        if b"Traceback" in body:
            return Verdict(False, True, str(status), "a traceback in a 4xx page")
        return Verdict(True, True, str(status))
    if request.kind == "xmlrpc" and status == 200:
        try:
            xmlrpc.client.loads(body)
        except xmlrpc.client.Fault as fault:
            last = (fault.faultString.strip().splitlines() or [""])[-1]
            bad = _forbidden(last) or _forbidden(str(fault.faultCode))
            name = f"fault {str(fault.faultCode).splitlines()[0][:30]}: {last.split(':')[0][:50]}"
            return Verdict(bad is None, True, name, f"{bad}: {fault.faultString[-800:]}" if bad else "")
        except Exception as exc:  # not XML-RPC at all
            return Verdict(False, True, "unreadable", f"{type(exc).__name__}: {body[:300]!r}")
        return Verdict(True, False, "result")
    if request.kind == "json" and status == 200:
        try:
            answer = json.loads(body)
        except ValueError:
            return Verdict(False, True, "unreadable", repr(body[:300]))
        if not isinstance(answer, dict) or answer.get("jsonrpc") != "2.0" or "id" not in answer:
            return Verdict(False, True, "not-jsonrpc", repr(body[:300]))
        error = answer.get("error")
        if error is None:
            return Verdict(True, False, "result")
        data = error.get("data") or {}
        name = data.get("name", "")
        if not (isinstance(error.get("code"), int) and error.get("message") and name and "message" in data):
            return Verdict(False, True, "bad-error", repr(error)[:300])
        bad = _forbidden(name)
        return Verdict(bad is None, True, name, f"{name}: {data.get('message', '')[:500]}" if bad else "")
    if request.kind == "http" and status in (200, 303):
        if b"Traceback" in body:
            return Verdict(False, True, str(status), "a traceback in the page")
        return Verdict(True, status == 200, str(status))
    return Verdict(True, True, str(status))


# -- did anything change? ---------------------------------------------------------------------

class Snapshot:
    """Row count and an md5 of the rows of every table of a database."""

    def __init__(self, connection) -> None:
        with connection.cursor() as cr:
            cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cr.fetchall()]
            self.tables = {}
            for table in tables:
                cr.execute(f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                           f'FROM "{table}" t')
                self.tables[table] = cr.fetchone()

    def diff(self, other: Snapshot) -> dict:
        names = set(self.tables) | set(other.tables)
        return {name: (self.tables.get(name), other.tables.get(name)) for name in sorted(names)
                if self.tables.get(name) != other.tables.get(name)}


class XidWatch:
    """The transactions PostgreSQL committed between ``start`` and ``committed`` (any database
    of the server: the tests run one request at a time, so those are the request's)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.mark = self._next()

    def _next(self) -> int:
        with self.connection.cursor() as cr:
            cr.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
            return cr.fetchone()[0]

    def start(self) -> None:
        self.mark = self._next()

    def tables_written(self, xids: list[int]) -> list[str]:
        """The tables holding rows that the transactions ``xids`` inserted or updated."""
        with self.connection.cursor() as cr:
            cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cr.fetchall()]
            written = []
            for table in tables:
                cr.execute(f'SELECT 1 FROM "{table}" WHERE xmin::text::bigint = ANY(%s) LIMIT 1',
                           ([xid % 2 ** 32 for xid in xids],))
                if cr.fetchone():
                    written.append(table)
            return written

    def committed(self) -> list[int]:
        end = self._next()
        if end == self.mark:
            return []
        with self.connection.cursor() as cr:
            cr.execute("SELECT x FROM generate_series(%s::bigint, %s::bigint - 1) x "
                       "WHERE pg_xact_status(x::text::xid8) = 'committed'", (self.mark, end))
            return [row[0] for row in cr.fetchall()]


# -- clients of the in-process application -----------------------------------------------------

_addresses = itertools.count(1)


class AddressedClient(Client):
    """werkzeug's test client, sending from a client address of its own."""

    def __init__(self, app, address: str) -> None:
        super().__init__(app)
        self.address = address

    def open(self, *args, **kwargs):
        kwargs.setdefault("environ_base", {"REMOTE_ADDR": self.address})
        kwargs.setdefault("buffered", True)         # closed at once: what waits for the end runs
        return super().open(*args, **kwargs)


def new_client(app) -> AddressedClient:
    """A browser of its own: its cookies, its client address (the login throttle counts per
    address, so that one test's failures do not cool down another's logins)."""
    number = next(_addresses)
    return AddressedClient(app, f"10.77.{number // 250}.{number % 250 + 1}")


def json_call(client: Client, path: str, params: dict | None = None) -> dict:
    response = client.post(path, json={"jsonrpc": "2.0", "method": "call", "params": params or {}, "id": 1})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()


def login(app, db: str, user: str, password: str) -> Client:
    client = new_client(app)
    answer = json_call(client, "/web/session/authenticate", {"db": db, "login": user, "password": password})
    assert answer.get("result", {}).get("uid"), answer
    return client


# -- cheap variations of a request ------------------------------------------------------------

_SWAPS = [None, True, 0, -1, 2 ** 31, 2 ** 63, 1e308, "", "x" * 1000, [], {}, [[[]]], {"": {}},
          "' OR 1=1 --", "\x00", "\udfff", [None] * 50]


def mutants(request: Hostile, count: int) -> list[Hostile]:
    """``count`` variations of ``request``, derived from its body (the same on every run):
    cut short, invalid UTF-8 spliced in, a byte flipped, and for a request that could not
    write anyway, a value of its arguments swapped for another type."""
    rng = random.Random(zlib.crc32(request.body) ^ len(request.path))
    variations = []
    for _ in range(count):
        body = request.body
        how = rng.randrange(5)
        structural = not (request.writes and request.who in PRIVILEGED)
        if how == 0 and body:
            body = body[:rng.randrange(len(body))]
        elif how == 1:
            at = rng.randrange(len(body) + 1)
            body = body[:at] + rng.choice([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\x00"]) + body[at:]
        elif how == 2 and body:
            at = rng.randrange(len(body))
            body = body[:at] + bytes([rng.randrange(256)]) + body[at + 1:]
        elif structural and request.kind == "json":
            body = _swap_json_value(body, rng)
        elif structural and request.kind == "xmlrpc":
            body = _swap_xmlrpc_value(body, rng)
        else:
            body = body * 2
        variations.append(Hostile(request.path, body, request.content_type, request.who, request.kind,
                                  f"{request.label} mutant{how}", request.writes))
    return variations


def _swap_json_value(body: bytes, rng: random.Random) -> bytes:
    try:
        envelope = json.loads(body)
    except (ValueError, RecursionError):         # not JSON, or nested deeper than json reads
        return body[::-1]
    holders = []

    def walk(value):
        if isinstance(value, dict):
            holders.extend((value, key) for key in value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            holders.extend((value, index) for index in range(len(value)))
            for item in value:
                walk(item)

    walk(envelope.get("params") if isinstance(envelope, dict) else envelope)
    if holders:
        holder, key = rng.choice(holders)
        holder[key] = rng.choice(_SWAPS)
    return json.dumps(envelope, default=str).encode("utf-8", "surrogatepass")


def _swap_xmlrpc_value(body: bytes, rng: random.Random) -> bytes:
    values_at = [m.span() for m in re.finditer(rb"<value>.*?</value>", body[:20000])]
    if not values_at:
        return body + b"<"
    start, end = rng.choice(values_at)
    replacement = rng.choice([b"<value><int>99999999999999999999</int></value>", b"<value><nil/></value>",
                              b"<value><double>nan</double></value>", b"<value><boolean>2</boolean></value>",
                              b"<value><dateTime.iso8601>99999999T99:99:99</dateTime.iso8601></value>",
                              b"<value><base64>!!!</base64></value>",
                              b"<value><struct><member></member></struct></value>",
                              b"<value><array><data><value></value></data></array></value>",
                              b"<value><string>' OR 1=1 --</string></value>", b"<value><i8>-1</i8></value>"])
    return body[:start] + replacement + body[end:]
