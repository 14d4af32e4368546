"""Attacks with a name: XML bombs and external entities in XML-RPC bodies, oversized bodies,
SQL injection through every argument that ends up in SQL (domains, ``order``, ``fields``,
``groupby``, ``read_group``'s ``orderby`` and ``lazy``, context keys), and escapes from the
safe evaluator. Each is refused with a well-formed fault and leaves the database as it was.
"""
from __future__ import annotations

import xmlrpc.client

import pytest

from framework.tools.safe_eval import UnsafeExpressionError, safe_eval
from tests.support.hostile import SQL_PAYLOADS, Snapshot, json_call, login, new_client

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<methodCall><methodName>version</methodName><params><param><value><string>&lol9;</string></value>
</param></params></methodCall>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE call [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<methodCall><methodName>login</methodName><params>
<param><value><string>&secret;</string></value></param>
<param><value><string>admin</string></value></param>
<param><value><string>admin</string></value></param></params></methodCall>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE call [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<methodCall><methodName>version</methodName><params></params></methodCall>"""


def post_xml(client, path: str, body: bytes):
    response = client.post(path, data=body, content_type="text/xml")
    return response.status_code, response.get_data()


def fault_of(body: bytes) -> xmlrpc.client.Fault:
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(body)
    return info.value


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY],
                         ids=["billion-laughs", "external-entity", "parameter-entity"])
def test_xml_entities_in_an_xmlrpc_body_are_refused_with_a_fault(hostile_app, body):
    status, answer = post_xml(new_client(hostile_app), "/xmlrpc/2/common", body)
    fault = fault_of(answer)
    assert (status, fault.faultCode, "EntitiesForbidden" in fault.faultString or
            "DTDForbidden" in fault.faultString, b"root:" in answer) == (200, 1, True, False)


def test_a_body_over_the_configured_limit_is_refused_before_it_is_read(hostile_app, hostile_config):
    limit = int(hostile_config["limit_request_size"])
    body = xmlrpc.client.dumps(("x" * (limit + 1),), "version").encode()
    status, answer = post_xml(new_client(hostile_app), "/xmlrpc/2/common", body)
    assert (status, b"Traceback" in answer) == (413, False)


def test_a_json_body_over_the_limit_is_refused_too(hostile_app, hostile_config):
    limit = int(hostile_config["limit_request_size"])
    response = new_client(hostile_app).post("/jsonrpc", data=b'{"params": "' + b"x" * limit + b'"}',
                                            content_type="application/json")
    assert response.status_code == 413


# -- SQL injection --------------------------------------------------------------------------

def execute(client, db, uid, model, method, args, kwargs=None):
    body = xmlrpc.client.dumps((db, uid, "admin", model, method, args, kwargs or {}), "execute_kw",
                               allow_none=True).encode()
    status, answer = post_xml(client, "/xmlrpc/2/object", body)
    try:
        return xmlrpc.client.loads(answer)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault


def injection_calls(payload: str) -> list[tuple]:
    """Every place a payload can go in one ORM call (as the admin, who could do anything the
    SQL would allow)."""
    return [
        ("search_read", [[("name", "=", payload)]], {"fields": ["name"]}),
        ("search_read", [[(payload, "=", "x")]], {}),
        ("search_read", [[("name", payload, "x")]], {}),
        ("search_read", [[("name", "in", [payload, 1])]], {}),
        ("search_read", [[("parent_id.name", "ilike", payload)]], {}),
        ("search_read", [[]], {"order": payload, "limit": 1}),
        ("search_read", [[]], {"fields": [payload], "limit": 1}),
        ("search", [[]], {"order": payload}),
        ("read_group", [[], ["name"], [payload]], {}),
        ("read_group", [[], [payload], ["name"]], {}),
        ("read_group", [[], ["name"], ["name"]], {"orderby": payload}),
        ("read_group", [[], ["name"], ["name"]], {"lazy": payload}),
        ("read_group", [[], [f"id:{payload}"], ["name"]], {}),
        ("read_group", [[], ["name"], [f"create_date:{payload}"]], {}),
        ("search_count", [[("name", "=", "x")]], {"context": {payload: 1, "lang": payload}}),
        ("search_read", [[]], {"context": {"lang": payload, "tz": payload, "active_test": payload},
                               "limit": 1}),
        ("name_search", [payload], {"operator": payload}),
        ("fields_get", [[payload]], {"attributes": [payload]}),
        ("read", [[1], [payload]], {}),
    ]


def test_classic_sql_injection_payloads_in_every_orm_argument_change_nothing(
        clients, hostile_db, uids, pg_connection):
    before = Snapshot(pg_connection)
    answers = []
    for payload in SQL_PAYLOADS:
        for method, args, kwargs in injection_calls(payload):
            answer = execute(clients["admin"], hostile_db, uids["admin"], "res.partner", method, args, kwargs)
            if isinstance(answer, xmlrpc.client.Fault):
                last = answer.faultString.strip().splitlines()[-1]
                answers.append(last.split(":")[0] if answer.faultCode == 1 else f"fault {answer.faultCode}")
            else:
                answers.append("answered")
    after = Snapshot(pg_connection)
    leaked = [a for a in answers if "psycopg" in a or "Syntax" in a or "Undefined" in a]
    assert (before.diff(after), leaked, len(answers)) == ({}, [], len(SQL_PAYLOADS) * 19)


def test_an_injected_value_is_compared_as_data_not_run(clients, hostile_db, uids):
    rows = execute(clients["admin"], hostile_db, uids["admin"], "res.partner", "search_count",
                   [[("name", "=", "' OR '1'='1")]])
    assert rows == 0


def test_a_nul_character_is_refused_as_odoos_driver_refuses_it(hostile_app, hostile_db, clients, uids):
    """PostgreSQL cannot store NUL in text: a login, a search value or a name holding one is
    refused with the ValueError Odoo's driver gives, never a driver error (found by the fuzzer:
    ``/web/session/authenticate`` with the login "\\u0000")."""
    answer = json_call(new_client(hostile_app), "/web/session/authenticate",
                       {"db": hostile_db, "login": "\u0000", "password": ["x"]})
    assert answer["error"]["data"]["message"] == "A string literal cannot contain NUL (0x00) characters."
    admin = login(hostile_app, hostile_db, "admin", "admin")      # (XML cannot carry a NUL)
    answer = json_call(admin, "/web/dataset/call_kw", {"model": "res.partner", "method": "search",
                                                       "args": [[("name", "=", "a\x00")]], "kwargs": {}})
    assert answer["error"]["data"]["message"] == "A string literal cannot contain NUL (0x00) characters."
    assert execute(clients["admin"], hostile_db, uids["admin"], "res.partner", "search_count", [[]]) > 0


def test_an_order_string_with_sql_is_refused_with_odoos_message(clients, hostile_db, uids):
    fault = execute(clients["admin"], hostile_db, uids["admin"], "res.partner", "search", [[]],
                    {"order": "id; DELETE FROM res_partner"})
    assert (fault.faultCode, 'Invalid "order" specified' in fault.faultString) == (2, True)


# -- the safe evaluator ---------------------------------------------------------------------

ESCAPES = [
    "().__class__.__bases__[0].__subclasses__()",
    "[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'Popen']",
    "__import__('os').system('id')",
    "(lambda: 0).__globals__",
    "(lambda: 0).__code__.co_consts",
    "(x for x in [1]).gi_frame.f_back.f_globals",
    "[x for x in [1]].__class__.__init__.__globals__",
    "'{0.__class__.__init__.__globals__}'.format(1)",
    "'{a.__class__}'.format_map({'a': 1})",
    "str.format('{0.__class__.__mro__}', 1)",
    "str.format_map('{a.__init__.__globals__}', {'a': ref})",
    "'{0[0].__class__}'.format([1])",
    "'{0:{1.__class__}}'.format(1, 2)",
    "type(1).__subclasses__(object)",
    "getattr(ref, '__globals__')",
    "vars(ref)",
    "globals()",
    "eval('1')",
    "open('/etc/passwd').read()",
    "compile('1', 'x', 'eval')",
    "ref.__self__",
    "ref.__call__.__self__",
    "dict.__getitem__",
    "f'{ref.__globals__}'",
    "int.mro()",
    "breakpoint()",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_the_safe_evaluator_refuses_sandbox_escapes(text):
    with pytest.raises((UnsafeExpressionError, ValueError)):
        safe_eval(text, {"ref": lambda x: x})


def test_the_unbound_str_format_keeps_working_on_plain_fields():
    assert safe_eval("str.format('{0}-{x}', 1, x=2) + str.format_map('{a}', {'a': 3})") == "1-23"
