"""The QWeb interpreter on plain lxml elements and values (no database)."""
import pytest
from lxml import etree
from markupsafe import Markup

from framework.tools.qweb import QWeb, QWebException


class Templates(QWeb):
    """An engine whose ``t-call`` finds templates in a dict of XML texts."""

    def __init__(self, **templates):
        super().__init__()
        self.templates = templates

    def load(self, ref):
        if ref not in self.templates:
            raise ValueError(f"no template {ref!r}")
        return etree.fromstring(self.templates[ref]), ref


def render(xml, values=None, **templates):
    return Templates(**templates).render(etree.fromstring(xml), values)


def test_result_is_markup_and_t_vanishes():
    result = render('<t t-name="x"><div class="a">hi</div><t>there</t></t>')
    assert isinstance(result, Markup)
    assert result == '<div class="a">hi</div>there'


def test_if_elif_else():
    xml = ('<t><p t-if="n == 1">one</p>\n<p t-elif="n == 2">two</p>\n<p t-else="">many</p></t>')
    assert render(xml, {"n": 1}) == "<p>one</p>"
    assert render(xml, {"n": 2}) == "<p>two</p>"
    assert render(xml, {"n": 5}) == "<p>many</p>"


def test_else_without_if_is_an_error():
    with pytest.raises(QWebException, match="t-else"):
        render('<t><p t-else="">x</p></t>')


def test_unknown_names_read_as_none():
    assert render('<t><b t-if="not missing">ok</b></t>') == "<b>ok</b>"


def test_foreach_list_with_loop_values():
    xml = ('<t><i t-foreach="items" t-as="it" t-esc="\'%s:%s:%s:%s:%s:%s\' % '
           '(it, it_index, it_first, it_last, it_size, it_parity)"/></t>')
    assert render(xml, {"items": ["a", "b"]}) == (
        "<i>a:0:True:False:2:even</i><i>b:1:False:True:2:odd</i>")


def test_foreach_int_dict_and_digit():
    assert render('<t><t t-foreach="3" t-as="i" t-esc="i"/></t>') == "012"
    assert render('<t><t t-foreach="n" t-as="i" t-esc="i"/></t>', {"n": 2}) == "01"
    assert render('<t><t t-foreach="d" t-as="k"><t t-esc="k"/>=<t t-esc="k_value"/>;</t></t>',
                  {"d": {"a": 1, "b": 2}}) == "a=1;b=2;"


def test_esc_escapes_out_keeps_markup_raw_is_raw():
    values = {"text": "<b>&</b>", "safe": Markup("<i>x</i>")}
    assert render('<t><t t-esc="text"/></t>', values) == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert render('<t><t t-out="text"/></t>', values) == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert render('<t><t t-out="safe"/></t>', values) == "<i>x</i>"
    assert render('<t><t t-raw="text"/></t>', values) == "<b>&</b>"


def test_out_zero_value_and_default_body():
    assert render('<t><span t-out="0"/></t>') == "<span></span>"
    assert render('<t><span t-out="n"/></t>', {"n": 0}) == "<span>0</span>"
    assert render('<t><span t-out="n">default</span></t>', {"n": False}) == "<span>default</span>"
    assert render('<t><span t-out="n"/></t>', {"n": None}) == ""


def test_set_value_and_body():
    xml = '<t><t t-set="a" t-value="1 + 1"/><t t-set="b"><em>x</em></t><t t-esc="a"/><t t-out="b"/></t>'
    assert render(xml) == "2<em>x</em>"
    assert render('<t><t t-set="c" t-valuef="n={{n}}"/><t t-esc="c"/></t>', {"n": 3}) == "n=3"


def test_call_with_body_and_set_inside():
    layout = '<t t-name="layout"><div class="page"><t t-out="0"/><t t-esc="title"/></div></t>'
    xml = '<t><t t-call="layout"><t t-set="title" t-value="\'T\'"/><p>body</p></t><t t-esc="title"/></t>'
    assert render(xml, layout=layout) == '<div class="page"><p>body</p>T</div>'


def test_call_unknown_template_names_it():
    with pytest.raises(QWebException, match="nowhere"):
        render('<t><t t-call="nowhere"/></t>')


def test_attributes():
    xml = ('<t><a href="/x" t-att-title="title" t-attf-class="btn {{kind}} #{size}" '
           't-att="{\'data-n\': n}" t-att-hidden="False"/></t>')
    assert render(xml, {"title": "a\"b", "kind": "k", "size": "s", "n": 1}) == (
        '<a href="/x" title="a&#34;b" class="btn k s" data-n="1"></a>')
    assert render('<t><a t-att-href="url">x</a></t>', {"url": "javascript:alert(1)"}) == \
        '<a href="">x</a>'
    assert render('<t><br t-att-class="c"/></t>', {"c": "z"}) == '<br class="z"/>'


def test_translation_off_and_debug_are_accepted():
    assert render('<t><p t-translation="off">a</p><t t-debug="">b</t></t>') == "<p>a</p>b"


def test_options_widget_goes_to_render_widget():
    class Widgets(Templates):
        def render_widget(self, value, expression, tag, options, values):
            return {"data-w": options["widget"]}, f"[{value}]", False

    element = etree.fromstring('<t><span t-out="v" t-options-widget="\'w\'"/></t>')
    assert Widgets().render(element, {"v": 1}) == '<span data-w="w">[1]</span>'


def test_field_uses_render_field():
    class Record(dict):
        pass

    assert render('<t><span t-field="r.name"/></t>', {"r": Record(name="A&B")}) == \
        "<span>A&amp;B</span>"


def test_errors_name_template_and_directive():
    with pytest.raises(QWebException) as info:
        render('<t t-name="my.tpl"><div><span t-esc="1 / 0"/></div></t>')
    text = str(info.value)
    assert "Template: my.tpl" in text
    assert 't-esc="1 / 0"' in text
    assert "ZeroDivisionError" in text


def test_groups_are_checked_by_the_engine():
    class Groups(Templates):
        def has_groups(self, groups):
            return groups == "base.group_user"

    element = etree.fromstring('<t><b groups="base.group_user">u</b><i t-groups="base.group_system">s</i></t>')
    assert Groups().render(element) == "<b>u</b>"


def test_call_passes_its_options():
    seen = {}

    class Calls(Templates):
        def call(self, ref, values, out, options):
            seen.update(options, ref=ref)
            super().call(ref, values, out, options)

    Calls(inner='<t t-name="inner">x</t>').render(
        etree.fromstring('<t><t t-call="inner" t-lang="\'fr_FR\'" t-options-x="1"/></t>'))
    assert seen == {"ref": "inner", "lang": "fr_FR", "x": 1}


def test_comments_between_if_and_else_and_attribute_lists():
    xml = '<t><p t-if="0">a</p><!-- why --><p t-else="">b</p></t>'
    assert render(xml) == "<p>b</p>"
    assert render('<t><a t-att="[\'x\', 1]"/><a t-att="[(\'y\', 2)]"/></t>') == \
        '<a x="1"></a><a y="2"></a>'


def test_technical_t_elements_leave_no_indentation():
    xml = '<t t-name="a">\n    <div>\n        <t t-set="x" t-value="1"/>\n        <b t-esc="x"/>\n    </div>\n</t>'
    assert render(xml) == "<div>\n        <b>1</b>\n    </div>"


class SharedCache(Templates):
    """An engine keeping ``t-cache`` results in a dict shared across renderings."""

    def __init__(self, store, **templates):
        super().__init__(**templates)
        self.store = store

    def cached(self, key, compute):
        if key not in self.store:
            self.store[key] = compute()
        return self.store[key]


CACHED_PAGE = ('<t t-name="page"><t t-set="now" t-value="\'set outside\'"/>'
               '<div t-cache="key"><t t-set="inner" t-value="\'in\'"/><b t-esc="count()"/>'
               '<i t-nocache="" t-esc="now"/>'
               '<u t-nocache="" t-nocache-label="inner + \'!\'" t-esc="label"/></div>'
               '<p t-if="inner" t-esc="inner"/></t>')


def render_cached(store, key, now, counter):
    return str(SharedCache(store, page=CACHED_PAGE).render(
        "page", {"key": key, "now": now, "count": lambda: next(counter)}))


def test_t_cache_renders_once_per_key_and_keeps_its_t_set_inside():
    import itertools
    store, counter = {}, itertools.count(1)
    first = render_cached(store, "a", 1, counter)
    assert first == "<div><b>1</b><i>1</i><u>in!</u></div>"      # no <p>: `inner` stayed inside
    # the same key: the div comes from the cache; each t-nocache is rendered anew, with the
    # values the page was rendered with (not the t-set before it), plus its cached values
    assert render_cached(store, "a", 2, counter) == "<div><b>1</b><i>2</i><u>in!</u></div>"
    assert render_cached(store, "b", 3, counter) == "<div><b>2</b><i>3</i><u>in!</u></div>"


def test_t_cache_with_a_false_key_or_on_an_element_renders_each_time():
    import itertools
    store, counter = {}, itertools.count(1)
    render_cached(store, None, 1, counter)
    assert render_cached(store, None, 1, counter).startswith("<div><b>2</b>")
    assert not store
    element = etree.fromstring('<t><b t-cache="1" t-esc="count()"/></t>')
    engine = SharedCache(store)
    assert [str(engine.render(element, {"count": lambda: next(counter)})) for _ in "xy"] == [
        "<b>3</b>", "<b>4</b>"]


def test_t_cache_inside_a_t_cache_keeps_the_inner_nocache_alive():
    import itertools
    store, counter = {}, itertools.count(1)
    page = ('<t t-name="page"><section t-cache="\'outer\'"><b t-esc="count()"/>'
            '<p t-cache="\'inner\'"><i t-nocache="" t-esc="now"/></p></section></t>')

    def render(now):
        return str(SharedCache(store, page=page).render(
            "page", {"now": now, "count": lambda: next(counter)}))

    assert render(1) == "<section><b>1</b><p><i>1</i></p></section>"
    assert render(2) == "<section><b>1</b><p><i>2</i></p></section>"


def test_t_nocache_values_must_be_plain():
    page = ('<t t-name="page"><div t-cache="1"><i t-nocache="" t-nocache-v="[1]" t-esc="v"/>'
            '</div></t>')
    with pytest.raises(QWebException, match="cannot be cached"):
        Templates(page=page).render("page")


def test_an_error_inside_a_t_cache_names_template_and_directive():
    page = '<t t-name="page"><div t-cache="1"><span t-esc="1 / 0"/></div></t>'
    with pytest.raises(QWebException) as info:
        Templates(page=page).render("page")
    assert "Template: page" in str(info.value) and 't-esc="1 / 0"' in str(info.value)
