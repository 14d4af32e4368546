"""ir.attachment over the wire: XML-RPC create/read/search_read with base64 text, and the
/web/content and /web/image routes."""
from __future__ import annotations

import base64

from tests.support.http import ADMIN_PASSWORD


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
