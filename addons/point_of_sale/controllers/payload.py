"""The POS payload as an HTTP answer: the cached catalogue spliced with the session part,
gzip-encoded when the client accepts it (``POST /pos/ui``, and ``call_kw`` of
``pos.session.load_pos_data``, which Odoo 17's browser uses)."""
from __future__ import annotations

import json
from contextlib import ExitStack

from odoo.http import Response, request
from odoo.service import collector

from ..tools import payload_cache


def payload_response(session) -> Response:
    """The JSON-RPC answer carrying ``session``'s payload (see ``pos_session_payload_cache``)."""
    session._check_can_load()
    key = session._pos_ui_cache_key()
    version = session._pos_ui_catalogue_version() if key else None
    entry = payload_cache.STORE.get(key, version) if key else None
    if entry is None:
        session_part, entry = build_payload(session, version, defer=request.after_response.append)
        if key:
            payload_cache.STORE.put(key, entry)
    else:
        session_part = session._pos_ui_session_data()
    inside = payload_cache.object_inside(session_part)
    prefix = b'{"jsonrpc": "2.0", "id": %s, "result": {%s%s' % (
        payload_cache.dumps(_message_id()), inside, b"," if inside and entry.size else b"")
    suffix = b"}}"
    if "gzip" in request.httprequest.accept_encodings:
        response = Response(entry.gzipped(prefix, suffix), content_type="application/json; charset=utf-8")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(entry.plain(prefix, suffix), content_type="application/json; charset=utf-8")
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "no-store"
    return response


def build_payload(session, version, defer=None) -> tuple[dict, payload_cache.Entry]:
    """(session part, catalogue entry) of ``session``'s whole payload, built afresh (the
    cyclic collector held off meanwhile, ``odoo.service.collector.paused``: the rows hold
    no cycles, and a full collection would walk the whole registry). The catalogue's rows are
    freed before the collector is back on: left alive, they would all be in its youngest
    generation, which it walks at the first allocation after (0.05-0.09 s for 20,000 products
    and customers). Freeing them takes as long (hundreds of thousands of objects): with
    ``defer`` (``request.after_response.append``) it is left until the answer is out, the
    collector held off until then; else it is done here, while the text compresses.
    ``data`` is emptied, not only dropped: the loaders' environments hold it in their context
    (``loaded_data``) until the transaction ends."""
    pause = ExitStack()
    pause.enter_context(collector.paused())
    try:
        data = session.config_id._get_pos_ui_data(session=session)
        session_part, catalogue = session._pos_ui_split_payload(data)
        encoding = payload_cache.encode_members(catalogue)
    except BaseException:
        pause.close()
        raise

    def release() -> None:
        with pause:
            data.clear()
            catalogue.clear()

    if defer is None:
        release()               # while the text compresses
    else:
        defer(release)
    return session_part, encoding.entry(version)


def _message_id():
    try:
        return json.loads(request.httprequest.get_data() or b"{}").get("id")
    except ValueError:
        return None
