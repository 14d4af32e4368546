"""ir.actions.report: loading (<record> and the old <report> tag), rendering, actions."""
import pytest

from framework.exceptions import UserError
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
