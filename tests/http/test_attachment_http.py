"""ir.attachment over the wire: XML-RPC create/read/search_read with base64 text, and the
/web/content and /web/image routes."""
from __future__ import annotations

import base64
import http.client

from tests.integration.test_ir_attachment import PNG
from tests.support.http import ADMIN_PASSWORD, JsonClient


def _kw(models, db, model, method, args, kwargs=None):
    return models.execute_kw(db, 2, ADMIN_PASSWORD, model, method, args, kwargs or {})


def test_xmlrpc_create_read_search_read_datas_as_base64_text(models, http_db):
    datas = base64.b64encode(b"over xml-rpc").decode()
    att_id = _kw(models, http_db, "ir.attachment", "create",
                 [{"name": "rpc.txt", "datas": datas, "res_model": "res.partner", "res_id": 3}])
    try:
        [row] = _kw(models, http_db, "ir.attachment", "read", [[att_id]],
                    {"fields": ["datas", "mimetype", "file_size", "checksum", "res_id"]})
        assert row["datas"] == datas and row["mimetype"] == "text/plain"
        assert row["file_size"] == 12 and len(row["checksum"]) == 40 and row["res_id"] == 3
        rows = _kw(models, http_db, "ir.attachment", "search_read", [[("name", "=", "rpc.txt")]],
                   {"fields": ["name", "datas"], "context": {"bin_size": True}})
        assert rows == [{"id": att_id, "name": "rpc.txt", "datas": "12.00 bytes"}]
        _kw(models, http_db, "ir.attachment", "write",
            [[att_id], {"datas": base64.b64encode(b"rewritten").decode()}])
        [row] = _kw(models, http_db, "ir.attachment", "read", [[att_id]], {"fields": ["datas"]})
        assert base64.b64decode(row["datas"]) == b"rewritten"
    finally:
        _kw(models, http_db, "ir.attachment", "unlink", [[att_id]])


# -- /web/content and /web/image ----------------------------------------------------------------

def _get(base_url, path, cookie=None):
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    connection.request("GET", path, headers={"Cookie": f"session_id={cookie}"} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _login(base_url, db, login, password):
    client = JsonClient(base_url)
    assert client.call("/web/session/authenticate",
                       {"db": db, "login": login, "password": password})["result"]["uid"]
    return client.cookie


def test_web_content_and_image_serve_attachments_with_access_checks(base_url, models, http_db):
    png = base64.b64encode(PNG).decode()
    partner_id = _kw(models, http_db, "res.partner", "create", [{"name": "Pictured", "image_1920": png}])
    private_id = _kw(models, http_db, "ir.attachment", "create", [{"name": "private.txt",
                                                                  "datas": "c2VjcmV0"}])
    linked_id = _kw(models, http_db, "ir.attachment", "create", [{
        "name": "report.txt", "datas": base64.b64encode(b"report body").decode(),
        "res_model": "res.partner", "res_id": partner_id}])
    group_user = _kw(models, http_db, "ir.model.data", "search_read",
                     [[("module", "=", "base"), ("name", "=", "group_user")]], {"fields": ["res_id"]})
    user_id = _kw(models, http_db, "res.users", "create", [{
        "name": "Viewer", "login": "att_viewer", "password": "att_viewer-pw",
        "groups_id": [(6, 0, [group_user[0]["res_id"]])]}])
    try:
        admin = _login(base_url, http_db, "admin", ADMIN_PASSWORD)
        viewer = _login(base_url, http_db, "att_viewer", "att_viewer-pw")

        status, headers, body = _get(base_url, f"/web/content/{linked_id}", viewer)
        assert (status, body) == (200, b"report body")
        assert headers["content-type"].startswith("text/plain")
        assert headers["content-disposition"].startswith("inline")
        assert headers["etag"]
        status, headers, body = _get(base_url, f"/web/content/{linked_id}?download=true", viewer)
        assert status == 200 and headers["content-disposition"] == \
            "attachment; filename*=UTF-8''report.txt"

        # an attachment linked to nothing is its creator's: 404 for anyone else, as Odoo
        assert _get(base_url, f"/web/content/{private_id}", admin)[2] == b"secret"
        assert _get(base_url, f"/web/content/{private_id}", viewer)[0] == 404
        assert _get(base_url, f"/web/content/{private_id}")[0] == 404       # the public user
        assert _get(base_url, "/web/content/999999999", admin)[0] == 404

        status, headers, body = _get(base_url, f"/web/image/res.partner/{partner_id}/image_1920", viewer)
        assert (status, body, headers["content-type"]) == (200, PNG, "image/png")
        status, _headers, body = _get(
            base_url, f"/web/content/res.partner/{partner_id}/image_128?download=true", viewer)
        assert status == 200 and body == PNG
        assert _get(base_url, f"/web/content/res.partner/{partner_id}/nope", viewer)[0] == 404
        # an image that cannot be shown is the placeholder; its download is a 404
        status, headers, body = _get(base_url, f"/web/image/ir.attachment/{private_id}/raw", viewer)
        assert status == 200 and headers["content-type"] == "image/png" and body != PNG
        assert _get(base_url, f"/web/image/{private_id}?download=1", viewer)[0] == 404
        status, headers, body = _get(base_url, f"/web/image/{linked_id}", viewer)
        assert (status, body, headers["content-type"]) == (200, b"report body", "application/octet-stream")
    finally:
        _kw(models, http_db, "ir.attachment", "unlink", [[private_id, linked_id]])
        _kw(models, http_db, "res.partner", "unlink", [[partner_id]])
        _kw(models, http_db, "res.users", "unlink", [[user_id]])
