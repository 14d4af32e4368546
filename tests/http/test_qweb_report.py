"""QWeb over HTTP: request.render of a template, and the /report routes."""
from __future__ import annotations

import http.client
import json
import shutil
from urllib.parse import quote

import pytest

from tests.support.db import make_config, query, rolled_back_env
from tests.support.http import ADMIN_PASSWORD, JsonClient


@pytest.fixture(scope="module")
def qweb_db(make_db) -> str:
    from framework.modules.registry_loader import load_registry
    from framework.service.db import forget_list_cache
    name = make_db("test_qweb_http_")
    registry = load_registry(name, install=["test_qweb_report"], config=make_config())
    with rolled_back_env(registry) as env:
        env["test_qweb.doc"].create({"name": "Doc <1>", "qty": 7, "state": "done"})
        env["res.users"].create({"name": "Reporter", "login": "reporter", "password": "reporter",
                                 "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
        env.flush_all()
        env.cr.commit()
    forget_list_cache()
    return name


@pytest.fixture(scope="module")
def qweb_url(qweb_db, serve_app) -> str:
    return serve_app(make_config(dbfilter=f"^{qweb_db}$"))


@pytest.fixture(scope="module")
def doc_id(qweb_db, pg_address) -> int:
    return query(pg_address, qweb_db, "SELECT id FROM test_qweb_doc WHERE name = 'Doc <1>'")[0][0]


def get_bytes(base_url, path, cookie=None):
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    connection.request("GET", path, headers={"Cookie": f"session_id={cookie}"} if cookie else {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def get(base_url, path, cookie=None):
    status, headers, data = get_bytes(base_url, path, cookie)
    return status, headers, data.decode()


def test_request_render_renders_a_qweb_template(qweb_url, doc_id):
    status, headers, body = get(qweb_url, f"/test_qweb/page/{doc_id}")
    assert status == 200, body
    assert headers["Content-Type"].startswith("text/html")
    assert '<h1 class="title">Doc &lt;1&gt;</h1>' in body
    assert '<p class="greeting">&lt;hi&gt;</p>' in body
    assert '<span class="extended">from the extension</span>' in body


def test_jinja_pages_of_the_web_addon_still_render(qweb_url):
    status, _headers, body = get(qweb_url, "/web/login")
    assert status == 200
    assert "<form" in body


def login(base_url, db, login="admin", password=ADMIN_PASSWORD) -> str:
    client = JsonClient(base_url)
    result = client.call("/web/session/authenticate", {"db": db, "login": login,
                                                       "password": password})
    assert "result" in result, result
    return client.cookie


def test_report_routes_need_a_user(qweb_url, doc_id):
    status, headers, _body = get(qweb_url, f"/report/html/test_qweb_report.report_doc/{doc_id}")
    assert status == 303 and "/web/login" in headers["Location"]


def test_report_as_html_and_text(qweb_url, qweb_db, doc_id):
    cookie = login(qweb_url, qweb_db)
    status, headers, body = get(qweb_url, f"/report/html/test_qweb_report.report_doc/{doc_id}",
                                cookie)
    assert status == 200, body
    assert headers["Content-Type"].startswith("text/html")
    assert '<h2 class="doc-name">Doc &lt;1&gt;</h2>' in body
    status, headers, body = get(qweb_url, f"/report/text/test_qweb_report.report_doc_text/{doc_id}",
                                cookie)
    assert (status, headers["Content-Type"].split(";")[0]) == (200, "text/plain")
    assert "* Doc &lt;1&gt;" in body          # text reports escape as Odoo's do


def test_pdf_without_wkhtmltopdf_says_why(qweb_url, qweb_db, doc_id, monkeypatch):
    which = shutil.which        # the server runs in this process: it finds no wkhtmltopdf now
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs:
                        None if name == "wkhtmltopdf" else which(name, *args, **kwargs))
    cookie = login(qweb_url, qweb_db)
    status, _headers, body = get(qweb_url, f"/report/pdf/test_qweb_report.report_doc/{doc_id}",
                                 cookie)
    assert status == 400
    assert "Unable to find Wkhtmltopdf on this system" in body


def test_report_access_checks(qweb_url, qweb_db, doc_id):
    cookie = login(qweb_url, qweb_db, "reporter", "reporter")
    path = f"/report/html/test_qweb_report.report_doc/{doc_id}"
    assert get(qweb_url, path, cookie)[0] == 200
    # a report for base.group_system only
    assert get(qweb_url, f"/report/html/test_qweb_report.report_doc_summary/{doc_id}",
               cookie)[0] == 403
    assert get(qweb_url, "/report/html/test_qweb_report.report_doc/999999", cookie)[0] == 404
    assert get(qweb_url, f"/report/html/no_such.report/{doc_id}", cookie)[0] == 404
    admin = login(qweb_url, qweb_db)
    status, _headers, body = get(
        qweb_url, f"/report/html/test_qweb_report.report_doc_summary/{doc_id}", admin)
    assert status == 200 and "Total quantity: 7 for 1 documents" in body


def test_report_download_names_the_file(qweb_url, qweb_db, doc_id):
    cookie = login(qweb_url, qweb_db)
    data = json.dumps([f"/report/text/test_qweb_report.report_doc_text/{doc_id}", "qweb-text"])
    status, headers, body = get(qweb_url, f"/report/download?data={quote(data)}", cookie)
    assert status == 200, body
    assert "QWeb%20Document%20%28text%29.txt" in headers["Content-Disposition"] or \
        "QWeb Document (text).txt" in headers["Content-Disposition"]
    assert "* Doc &lt;1&gt;" in body


# -- PDFs stored as attachments, through /report/pdf -------------------------------------------

def test_pdf_report_is_stored_and_printed_again_from_the_attachment(qweb_url, qweb_db, doc_id,
                                                                    pg_address, monkeypatch,
                                                                    tmp_path):
    from odoo.addons.base.models import ir_actions_report
    from tests.support.pdf import FakeWkhtmltopdf, pdf_pages_and_subject
    fake = FakeWkhtmltopdf(tmp_path)
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: str(fake.path))
    cookie = login(qweb_url, qweb_db)
    path = f"/report/pdf/test_qweb_report.report_doc_stored/{doc_id}"
    status, headers, _body = get_bytes(qweb_url, path, cookie)
    assert (status, headers["Content-Type"]) == (200, "application/pdf")
    assert fake.runs == [[doc_id]]
    stored = "SELECT name, mimetype FROM ir_attachment WHERE res_model = 'test_qweb.doc' AND res_id = %s"
    assert query(pg_address, qweb_db, stored, (doc_id,)) == [("Doc-Doc <1>.pdf", "application/pdf")]
    # printed again (even without wkhtmltopdf) from the stored PDF, not rendered
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: None)
    status, _headers, pdf = get_bytes(qweb_url, path, cookie)
    assert (status, pdf_pages_and_subject(pdf)) == (200, (1, str(doc_id)))
    assert fake.runs == [[doc_id]]


# -- /report/barcode ---------------------------------------------------------------------------

def get_image(base_url, path):
    status, headers, data = get_bytes(base_url, path)
    return status, headers["Content-Type"], data


def png_size(data):
    import io

    from PIL import Image
    return Image.open(io.BytesIO(data)).size


def test_barcode_route_draws_png_for_visitors(qweb_url):
    status, mimetype, data = get_image(qweb_url, "/report/barcode/QR/Doc%201%2Fpart")
    assert (status, mimetype, png_size(data)) == (200, "image/png", (600, 100))
    status, mimetype, data = get_image(qweb_url, "/report/barcode/EAN13/5901234123457")
    assert (status, mimetype) == (200, "image/png")


def test_barcode_route_query_string_form(qweb_url):
    status, mimetype, data = get_image(
        qweb_url, "/report/barcode/?barcode_type=Code128&value=ABC-123&width=320&height=90"
                  "&humanreadable=1")
    assert (status, mimetype, png_size(data)) == (200, "image/png", (320, 90))
    status, _mimetype, data = get_image(
        qweb_url, "/report/barcode?barcode_type=EAN8&value=96385074&width=200&height=200")
    assert (status, png_size(data)) == (200, (200, 200))


@pytest.mark.parametrize("path, message", [
    ("/report/barcode/Code128/caf%C3%A9", b"Cannot convert into barcode"),
    ("/report/barcode/Nope/123", b"Unknown barcode type"),
    ("/report/barcode/?barcode_type=QR&value=x&width=9000&height=9000", b"Barcode too large"),
    ("/report/barcode/?barcode_type=QR&value=x&width=wide", b"width must be a whole number"),
    ("/report/barcode/?value=x", b"Missing parameter: barcode_type"),
])
def test_barcode_route_bad_input_is_a_400(qweb_url, path, message):
    status, _mimetype, data = get_image(qweb_url, path)
    assert status == 400 and message in data, data


# -- errors raised while rendering a template --------------------------------------------------

def test_template_reading_what_the_user_may_not_see_is_a_403(qweb_url, doc_id):
    status, _headers, body = get(qweb_url, f"/test_qweb/visitor/{doc_id}")
    assert status == 403, body
    assert "test_qweb_report.doc_title" in body           # the template is named


def test_template_reading_a_missing_record_is_a_404(qweb_url):
    status, _headers, body = get(qweb_url, "/test_qweb/page/999999")
    assert status == 404, body


def test_template_failing_otherwise_is_a_500(qweb_url, doc_id):
    status, _headers, _body = get(qweb_url, f"/test_qweb/broken/{doc_id}")
    assert status == 500
