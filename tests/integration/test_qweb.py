"""ir.qweb on the database: templates stored as views, inheritance, t-field converters."""
import datetime

import pytest
from lxml import etree
from markupsafe import Markup

from framework.tools.qweb import QWebException
from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def qweb_registry(make_db):
    return install(make_db, "test_qweb_", ["test_qweb_report"])


@pytest.fixture
def env(qweb_registry):
    with rolled_back_env(qweb_registry, context={"lang": "en_US", "tz": "Europe/Brussels"}) as env:
        yield env


def _doc(env, **values):
    return env["test_qweb.doc"].create({"name": "Doc & Co", **values})


def test_render_by_xmlid_with_call_and_inheritance(env):
    doc = _doc(env, qty=1234, state="done")
    html = env["ir.qweb"]._render("test_qweb_report.doc_page", {"doc": doc, "greeting": "<hi>"})
    assert isinstance(html, Markup)
    assert '<h1 class="title">Doc &amp; Co</h1>' in html
    assert "&lt;hi&gt;" in html
    assert '<span class="qty">1,234</span>' in html
    assert '<span class="state">Done</span>' in html
    assert '<span class="extended">from the extension</span>' in html


def test_render_by_view_id_and_etree(env):
    view = env.ref("test_qweb_report.doc_title")
    doc = _doc(env)
    assert "Doc &amp; Co" in env["ir.qweb"]._render(view.id, {"doc": doc})
    element = etree.fromstring('<t><b t-esc="user_id.name"/><i t-esc="res_company.name"/></t>')
    html = env["ir.qweb"]._render(element, {})
    assert html == f"<b>{env.user.name}</b><i>{env.company.name}</i>"


def test_unknown_template_is_a_qweb_exception(env):
    with pytest.raises(QWebException, match="test_qweb_report.nope"):
        env["ir.qweb"]._render("test_qweb_report.nope", {})


def _field(env, record, name, options=""):
    element = etree.fromstring(f'<t><span t-field="doc.{name}" {options}/></t>')
    return str(env["ir.qweb"]._render(element, {"doc": record}))


def test_t_field_by_type(env):
    eur = env.ref("base.EUR")
    eur.active = True
    partner = env["res.partner"].create({"name": "Alice", "street": "Main Street 1",
                                         "city": "Town", "email": "a@example.com"})
    doc = _doc(env, note="a\nb", body="<p>rich</p>", ratio=1.5, amount=1234.5, currency_id=eur.id,
               day=datetime.date(2024, 3, 1), moment=datetime.datetime(2024, 3, 1, 12, 0, 0),
               partner_id=partner.id)
    assert _field(env, doc, "name") == "<span>Doc &amp; Co</span>"
    assert _field(env, doc, "note") == "<span>a<br>\nb</span>"
    assert _field(env, doc, "body") == "<span><p>rich</p></span>"
    assert _field(env, doc, "ratio") == "<span>1.500</span>"
    assert _field(env, doc, "amount") == \
        '<span>1,234.50\N{NO-BREAK SPACE}€</span>'.replace(
            "1,234.50", '<span class="oe_currency_value">1,234.50</span>')
    assert _field(env, doc, "day") == "<span>03/01/2024</span>"
    assert _field(env, doc, "moment") == "<span>03/01/2024 13:00:00</span>"   # Brussels, UTC+1
    assert _field(env, doc, "moment", "t-options-tz_name=\"'Asia/Tokyo'\"") == \
        "<span>03/01/2024 21:00:00</span>"
    assert _field(env, doc, "partner_id") == "<span>Alice</span>"
    contact = _field(env, doc, "partner_id", "t-options='{\"widget\": \"contact\"}'")
    assert "Alice" in contact and "Main Street 1" in contact and "a@example.com" in contact


def test_monetary_widget_with_display_currency(env):
    usd = env.ref("base.USD")
    element = etree.fromstring('<t><span t-out="v" t-options="{\'widget\': \'monetary\', '
                               '\'display_currency\': cur}"/></t>')
    html = env["ir.qweb"]._render(element, {"v": 10, "cur": usd})
    assert '<span class="oe_currency_value">10.00</span>' in html
    assert "$" in html


def test_view_render_template_and_options(env):
    doc = _doc(env)
    html = env["ir.ui.view"]._render_template("test_qweb_report.doc_title", {"doc": doc})
    assert html.strip() == '<h1 class="title">Doc &amp; Co</h1>'
    element = etree.fromstring('<t><t t-esc="lang"/>/<t t-esc="true"/>/<t t-esc="json.dumps(\'&lt;\')"/></t>')
    assert env["ir.qweb"]._render(element, {}, lang="en_US") == 'en_US/True/&#34;\\u003c&#34;'


def test_a_changed_template_is_rendered_anew(env):
    doc = _doc(env)
    view = env.ref("test_qweb_report.doc_title")
    assert "<h1" in env["ir.qweb"]._render("test_qweb_report.doc_title", {"doc": doc})
    view.arch = '<t t-name="test_qweb_report.doc_title"><h2 t-esc="doc.name"/></t>'
    assert "<h2>Doc &amp; Co</h2>" in env["ir.qweb"]._render("test_qweb_report.doc_title", {"doc": doc})
    env["ir.ui.view"].create({"name": "more", "type": "qweb", "inherit_id": view.id,
                              "arch": '<xpath expr="//h2" position="after"><hr/></xpath>'})
    assert "<hr/>" in env["ir.qweb"]._render("test_qweb_report.doc_title", {"doc": doc})


def test_templates_are_read_once(env, monkeypatch):
    doc = _doc(env)
    env["ir.qweb"]._render("test_qweb_report.doc_page", {"doc": doc, "greeting": "x"})
    loads = []
    original = type(env["ir.qweb"])._load_arch
    monkeypatch.setattr(type(env["ir.qweb"]), "_load_arch",
                        lambda self, ref: loads.append(ref) or original(self, ref))
    env["ir.qweb"]._render("test_qweb_report.doc_page", {"doc": doc, "greeting": "x"})
    assert loads == []


@pytest.mark.parametrize("layout", ["standard", "boxed", "bold", "striped"])
def test_odoos_external_layouts_exist_for_addons_to_inherit_and_render(env, layout):
    arch = etree.fromstring(f'<t t-call="web.external_layout_{layout}"><p class="body">Body</p></t>')
    html = env["ir.qweb"]._render(arch, {"company": env.company, "o": None})
    assert f"o_report_layout_{layout}" in html and '<p class="body">Body</p>' in html
    assert env.company.name in html


def _render_cached(env, doc, visitor, counter):
    return str(env["ir.qweb"]._render("test_qweb_report.doc_cached", {
        "doc": doc, "visitor": visitor, "counter": lambda: next(counter)}))


def test_t_cache_keeps_the_part_across_renderings_until_caches_are_cleared(env):
    import itertools
    counter = itertools.count(1)
    first, second = _doc(env, name="One"), _doc(env, name="Two")
    html = _render_cached(env, first, "Ann", counter)
    assert '<div class="cached"><b>One</b><i>1</i><u>Ann</u></div>' in html
    assert '<p class="scoped">outside</p>' in html              # the t-set stayed inside
    # another rendering (another engine), the same record: the div is not made again, the
    # t-nocache part is
    assert '<b>One</b><i>1</i><u>Bob</u>' in _render_cached(env, first, "Bob", counter)
    assert '<b>Two</b><i>2</i>' in _render_cached(env, second, "Bob", counter)
    env.registry.clear_cache()
    assert '<b>One</b><i>3</i>' in _render_cached(env, first, "Bob", counter)


def test_t_cache_follows_template_changes_and_languages(env):
    import itertools
    counter = itertools.count(1)
    doc = _doc(env, name="One")
    _render_cached(env, doc, "Ann", counter)
    view = env.ref("test_qweb_report.doc_cached")
    view.arch = view.arch.replace('class="cached"', 'class="changed"')
    assert '<div class="changed"><b>One</b><i>2</i>' in _render_cached(env, doc, "Ann", counter)
    french = env["ir.qweb"].with_context(lang="fr_FR")
    french._render("test_qweb_report.doc_cached", {"doc": doc, "counter": lambda: next(counter)})
    assert next(counter) == 4                                   # made again for French


def test_an_error_while_rendering_names_template_and_directive(env):
    with pytest.raises(QWebException) as info:
        env["ir.qweb"]._render("test_qweb_report.doc_broken", {"doc": _doc(env, qty=3)})
    text = str(info.value)
    assert "ZeroDivisionError" in text and "Template: test_qweb_report.doc_broken" in text
    assert 't-esc="doc.qty / 0"' in text


def test_an_access_error_while_rendering_is_wrapped_and_kept_as_the_cause(env):
    from framework.exceptions import AccessError
    public = env.ref("base.public_user")
    doc = _doc(env).with_user(public)
    env.invalidate_all()                        # read from the database, as the public user
    with pytest.raises(QWebException) as info:
        env["ir.qweb"].with_user(public)._render("test_qweb_report.doc_title", {"doc": doc})
    assert isinstance(info.value.__cause__, AccessError)
    assert "Template: test_qweb_report.doc_title" in str(info.value)
    assert 't-esc="doc.name"' in str(info.value)


def test_barcode_widget_inlines_the_png(env):
    import base64
    import io
    import re

    from PIL import Image
    doc = _doc(env, name="ABC-123")
    html = _field(env, doc, "name", "t-options=\"{'widget': 'barcode', 'symbology': 'Code128', "
                                    "'width': 200, 'height': 50, 'img_style': 'width:50%', "
                                    "'img_onclick': 'alert(1)'}\"")
    assert html.startswith('<span><img style="width:50%" alt="Barcode ABC-123" src="data:image/png')
    assert "onclick" not in html                                 # only safe attributes
    data = re.search(r'base64,([^"]+)"', html).group(1)
    assert Image.open(io.BytesIO(base64.b64decode(data))).size == (200, 50)
    element = etree.fromstring('<t><i t-out="code" t-options-widget="\'barcode\'" '
                               't-options-symbology="\'QR\'"/></t>')
    assert 'alt="Barcode hello"' in env["ir.qweb"]._render(element, {"code": "hello"})
