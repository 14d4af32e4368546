"""ir.actions.report: loading (<record> and the old <report> tag), rendering, actions."""
import shutil

import pytest

from framework.exceptions import AccessError, UserError
from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def report_registry(make_db):
    return install(make_db, "test_report_", ["test_qweb_report"])


@pytest.fixture
def env(report_registry):
    with rolled_back_env(report_registry, context={"lang": "en_US"}) as env:
        yield env


def _docs(env):
    return env["test_qweb.doc"].create([{"name": "First", "qty": 2}, {"name": "Second", "qty": 5}])


def test_paperformats_and_company_default(env):
    euro, us = env.ref("base.paperformat_euro"), env.ref("base.paperformat_us")
    assert (euro.format, euro.margin_bottom, us.format, us.margin_bottom) == ("A4", 32, "Letter", 30)
    assert env.ref("base.main_company").paperformat_id == euro
    assert env.ref("test_qweb_report.action_report_doc").get_paperformat() == us


def test_record_and_report_tag_load_reports(env):
    report = env.ref("test_qweb_report.action_report_doc")
    assert (report.type, report.report_type, report.model, report.model_id.model) == (
        "ir.actions.report", "qweb-pdf", "test_qweb.doc", "test_qweb.doc")
    text = env.ref("test_qweb_report.action_report_doc_text")
    assert (text.name, text.report_type, text.report_file, text.binding_model_id.id) == (
        "QWeb Document (text)", "qweb-text", "test_qweb_report.report_doc_text", False)
    summary = env.ref("test_qweb_report.action_report_doc_summary")
    assert summary.binding_model_id.model == "test_qweb.doc"       # no menu="False": bound
    assert summary.groups_id == env.ref("base.group_system")
    # the same id sequence as every other action
    assert env["ir.actions.actions"].browse(report.id).type == "ir.actions.report"


def test_bindings_list_reports_to_print(env):
    bindings = env["ir.actions.actions"].get_bindings("test_qweb.doc")
    names = {action["name"] for action in bindings["report"]}
    assert names == {"QWeb Document", "QWeb Summary"}
    views = env["test_qweb.doc"].get_views([(False, "form")], {"toolbar": True})
    assert {a["name"] for a in views["views"]["form"]["toolbar"]["print"]} == names


def test_render_qweb_html_with_layouts(env):
    docs = _docs(env)
    html, kind = env["ir.actions.report"]._render_qweb_html(
        "test_qweb_report.report_doc", docs.ids)
    assert kind == "html" and isinstance(html, bytes)
    text = html.decode()
    assert text.lstrip().startswith("<html") and '<body class="container">' in text
    assert text.count('article o_report_layout_standard') == 2
    assert '<span class="addr">Second</span>' in text          # web.address_layout
    assert f'data-oe-id="{docs[1].id}"' in text
    assert '<h2 class="doc-name">Second</h2>' in text
    assert env.company.name in text


def test_render_text_and_dispatch(env):
    docs = _docs(env)
    text, kind = env["ir.actions.report"]._render(
        "test_qweb_report.action_report_doc_text", docs.ids)
    assert kind == "text"
    assert b"* First" in text and b"* Second" in text


def test_report_model_gives_the_values(env):
    docs = _docs(env)
    html = env["ir.actions.report"]._render_qweb_html(
        "test_qweb_report.report_doc_summary", docs.ids)[0].decode()
    assert "Total quantity: 7 for 2 documents" in html


def test_report_action(env):
    docs = _docs(env)
    action = env.ref("test_qweb_report.action_report_doc").report_action(docs)
    assert action == {"context": {"lang": "en_US", "active_ids": docs.ids}, "data": None,
                      "type": "ir.actions.report", "report_name": "test_qweb_report.report_doc",
                      "report_type": "qweb-pdf", "report_file": "test_qweb_report.report_doc",
                      "name": "QWeb Document"}


def test_pdf_without_wkhtmltopdf_is_a_user_error(env, monkeypatch):
    from odoo.addons.base.models import ir_actions_report
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: None)
    with pytest.raises(UserError, match="Unable to find Wkhtmltopdf on this system"):
        env["ir.actions.report"]._render_qweb_pdf("test_qweb_report.report_doc", _docs(env).ids)


def test_action_menu_models_name_reports(env):
    from odoo.addons.base.models.ir_ui_menu import ACTION_MODELS
    assert ("ir.actions.report", "ir.actions.report") in ACTION_MODELS
    report = env.ref("test_qweb_report.action_report_doc")
    menu = env["ir.ui.menu"].create({"name": "Print", "action": f"ir.actions.report,{report.id}"})
    assert menu.action == report


def test_pdf_in_test_mode_is_the_html(env, monkeypatch):
    from odoo.addons.base.models import ir_actions_report
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: None)
    monkeypatch.setitem(env.registry.config.options, "test_enable", True)
    content, kind = env["ir.actions.report"]._render_qweb_pdf("test_qweb_report.report_doc",
                                                               _docs(env).ids)
    assert kind == "html" and b"doc-name" in content
    with pytest.raises(UserError, match="Wkhtmltopdf"):
        env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "test_qweb_report.report_doc", _docs(env).ids)


def test_a_report_defaults_to_the_print_menu(env):
    report = env["ir.actions.report"].create({
        "name": "Made here", "model": "test_qweb.doc",
        "report_name": "test_qweb_report.report_doc",
        "binding_model_id": env["ir.model"]._get("test_qweb.doc").id})
    assert (report.binding_type, report.report_type, report.type) == (
        "report", "qweb-pdf", "ir.actions.report")
    assert "Made here" in {a["name"] for a in env["ir.actions.actions"].get_bindings(
        "test_qweb.doc")["report"]}
    report.unlink_action()
    assert not report.binding_model_id


def test_pdf_goes_through_wkhtmltopdf_with_the_paper_format(env, monkeypatch, tmp_path):
    from odoo.addons.base.models import ir_actions_report
    fake = tmp_path / "wkhtmltopdf"
    # a stand-in: writes its arguments and the page into the "PDF"
    fake.write_text('#!/bin/sh\nfor last; do :; done\n'
                    'printf "%%PDF %s\\n" "$*" > "$last"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: str(fake))
    pdf, kind = env["ir.actions.report"]._render_qweb_pdf("test_qweb_report.report_doc",
                                                          _docs(env).ids)
    assert kind == "pdf" and pdf.startswith(b"%PDF ")
    assert b"--page-size Letter" in pdf and b"--margin-bottom 30.0" in pdf
    assert b"--orientation Portrait" in pdf


# -- PDFs stored as attachments (ir.actions.report.attachment / attachment_use) ----------------

STORED = "test_qweb_report.report_doc_stored"


@pytest.fixture
def wkhtmltopdf(monkeypatch, tmp_path):
    """The stand-in wkhtmltopdf (tests.support.pdf) on the report's PATH."""
    from odoo.addons.base.models import ir_actions_report
    from tests.support.pdf import FakeWkhtmltopdf
    fake = FakeWkhtmltopdf(tmp_path)
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: str(fake.path))
    return fake


def _done_docs(env, *names):
    return env["test_qweb.doc"].create([{"name": name, "state": "done"} for name in names])


def _stored(env, docs):
    return env["ir.attachment"].search([("res_model", "=", "test_qweb.doc"),
                                        ("res_id", "in", docs.ids)], order="res_id")


def test_each_record_is_rendered_and_stored_as_its_own_attachment(env, wkhtmltopdf):
    from tests.support.pdf import pdf_pages_and_subject
    docs = _done_docs(env, "A", "B")
    pdf, kind = env["ir.actions.report"]._render_qweb_pdf(STORED, docs.ids)
    assert kind == "pdf"
    assert wkhtmltopdf.runs == [[docs[0].id], [docs[1].id]]      # one document per record
    assert pdf_pages_and_subject(pdf)[0] == 2                    # merged, in the asked order
    stored = _stored(env, docs)
    assert [(a.name, a.res_id, a.mimetype) for a in stored] == [
        ("Doc-A.pdf", docs[0].id, "application/pdf"), ("Doc-B.pdf", docs[1].id, "application/pdf")]
    assert pdf_pages_and_subject(stored[1].raw) == (1, str(docs[1].id))


def test_attachment_use_prints_from_the_stored_pdf(env, wkhtmltopdf, monkeypatch):
    from odoo.addons.base.models import ir_actions_report
    docs = _done_docs(env, "A", "B")
    reports = env["ir.actions.report"]
    first = reports._render_qweb_pdf(STORED, docs[0].id)[0]
    assert len(wkhtmltopdf.runs) == 1
    again = reports._render_qweb_pdf(STORED, docs[0].id)[0]
    assert again == first and len(wkhtmltopdf.runs) == 1         # not rendered again
    both = reports._render_qweb_pdf(STORED, docs.ids)[0]
    assert wkhtmltopdf.runs[1:] == [[docs[1].id]]                # only the one not stored
    assert len(_stored(env, docs)) == 2
    # stored PDFs print even where wkhtmltopdf is missing; a record without one does not
    monkeypatch.setattr(ir_actions_report, "wkhtmltopdf_binary", lambda: None)
    assert reports._render_qweb_pdf(STORED, docs.ids)[0] == both
    with pytest.raises(UserError, match="Unable to find Wkhtmltopdf"):
        reports._render_qweb_pdf(STORED, _done_docs(env, "C").ids)


def test_without_attachment_use_the_pdf_is_rendered_anew_and_stored_once(env, wkhtmltopdf):
    docs = _done_docs(env, "A")
    env.ref("test_qweb_report.action_report_doc_stored").attachment_use = False
    reports = env["ir.actions.report"]
    reports._render_qweb_pdf(STORED, docs.ids)
    reports._render_qweb_pdf(STORED, docs.ids)
    assert len(wkhtmltopdf.runs) == 2
    assert len(_stored(env, docs)) == 1


def test_no_attachment_without_a_name_twice_the_same_record_or_when_asked(env, wkhtmltopdf):
    draft = env["test_qweb.doc"].create({"name": "Draft"})       # the expression gives False
    done = _done_docs(env, "Done")
    reports = env["ir.actions.report"]
    reports._render_qweb_pdf(STORED, draft.ids)
    reports._render_qweb_pdf(STORED, [done.id, done.id])
    assert wkhtmltopdf.runs[-1] == [done.id]                     # one rendering of both copies
    reports.with_context(report_pdf_no_attachment=True)._render_qweb_pdf(STORED, done.ids)
    assert not _stored(env, draft | done)
    # a report without ``attachment`` renders its records together and stores nothing
    docs = _done_docs(env, "X", "Y")
    reports._render_qweb_pdf("test_qweb_report.report_doc", docs.ids)
    assert wkhtmltopdf.runs[-1] == docs.ids and not _stored(env, docs)


def test_a_stored_image_prints_as_a_pdf_page(env, wkhtmltopdf):
    import base64

    from tests.support.pdf import pdf_pages_and_subject
    doc = _done_docs(env, "Scan")
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
    env["ir.attachment"].create({"name": "Doc-Scan.pdf", "raw": png, "mimetype": "image/png",
                                 "res_model": "test_qweb.doc", "res_id": doc.id})
    pdf = env["ir.actions.report"]._render_qweb_pdf(STORED, doc.ids)[0]
    assert pdf.startswith(b"%PDF") and pdf_pages_and_subject(pdf)[0] == 1
    assert wkhtmltopdf.runs == []


def test_a_user_who_may_not_attach_still_gets_the_pdf(env, wkhtmltopdf, monkeypatch):
    docs = _done_docs(env, "A")
    attachments = type(env["ir.attachment"])

    def refuse(self, vals_list):
        raise AccessError("no attachments for you")

    monkeypatch.setattr(attachments, "create", refuse)
    pdf = env["ir.actions.report"]._render_qweb_pdf(STORED, docs.ids)[0]
    assert pdf.startswith(b"%PDF")


# -- barcodes ----------------------------------------------------------------------------------

def _png_size(content):
    import io

    from PIL import Image
    image = Image.open(io.BytesIO(content))
    return image.format, image.size


@pytest.mark.parametrize("barcode_type, value", [
    ("Code128", "Hello 123"), ("EAN13", "5901234123457"), ("EAN8", "96385074"),
    ("QR", "https://example.com/?a=1"), ("UPCA", "012345678905"), ("auto", "96385074")])
def test_barcode_is_a_png_of_the_asked_size(env, barcode_type, value):
    png = env["ir.actions.report"].barcode(barcode_type, value, width="300", height="80",
                                           humanreadable="1")
    assert _png_size(png) == ("PNG", (300, 80))


def test_barcode_defaults_and_bad_input(env):
    reports = env["ir.actions.report"]
    assert _png_size(reports.barcode("Code128", "x")) == ("PNG", (600, 100))
    with pytest.raises(ValueError, match="Cannot convert into barcode"):
        reports.barcode("Code128", "caf\N{LATIN SMALL LETTER E WITH ACUTE}")
    with pytest.raises(ValueError, match="Unknown barcode type 'Nope'"):
        reports.barcode("Nope", "x")
    with pytest.raises(ValueError, match="Barcode too large"):
        reports.barcode("QR", "x", width="5000", height="5000")
    with pytest.raises(ValueError, match="width must be a whole number"):
        reports.barcode("QR", "x", width="wide")
    with pytest.raises(ValueError, match="Cannot convert into QR code"):
        reports.barcode("QR", "x" * 8000)


@pytest.mark.skipif(shutil.which("wkhtmltopdf") is None, reason="wkhtmltopdf is not installed")
def test_real_wkhtmltopdf_stores_one_pdf_per_record_and_merges_them(env):
    import io

    from pypdf import PdfReader
    docs = _done_docs(env, "Alpha", "Beta")
    pdf, kind = env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
        STORED, docs.ids)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert kind == "pdf" and len(pages) == 2
    assert "Alpha" in pages[0] and "Beta" in pages[1]
    assert [len(PdfReader(io.BytesIO(a.raw)).pages) for a in _stored(env, docs)] == [1, 1]
