"""Applying inheritance specs to archs with lxml (no database)."""
from __future__ import annotations

import pytest
from lxml import etree

from framework.tools.view_inheritance import ViewInheritanceError, apply_inheritance_specs, locate_node

PARENT = """<form>
  <sheet>
    <group name="main">
      <field name="name"/>
      <field name="color" class="a b"/>
    </group>
    <div name="box" class="c"/>
    <notebook><page string="One"><field name="note"/></page></notebook>
  </sheet>
</form>"""


def apply(specs: str, parent: str = PARENT):
    return apply_inheritance_specs(etree.fromstring(parent), etree.fromstring(specs))


def names(arch, path="."):
    return [node.get("name") for node in arch.find(path).iter("field")]


def test_field_locator_finds_the_first_field_of_that_name():
    spec = etree.fromstring('<field name="note" position="after"/>')
    assert locate_node(etree.fromstring(PARENT), spec).getparent().tag == "page"


def test_element_locator_matches_tag_and_attributes():
    spec = etree.fromstring('<page string="One" position="inside"/>')
    assert locate_node(etree.fromstring(PARENT), spec).get("string") == "One"
    assert locate_node(etree.fromstring(PARENT), etree.fromstring('<page string="Two"/>')) is None


def test_xpath_hasclass_matches_nodes_holding_all_the_classes():
    parent = etree.fromstring(PARENT)
    spec = etree.fromstring("""<xpath expr="//field[hasclass('b', 'a')]" position="after"/>""")
    assert locate_node(parent, spec).get("name") == "color"
    assert locate_node(parent, etree.fromstring("<xpath expr=\"//*[hasclass('c')]\"/>")).get("name") == "box"
    assert locate_node(parent, etree.fromstring("<xpath expr=\"//*[hasclass('a', 'c')]\"/>")) is None


def test_inside_appends_to_the_node():
    arch = apply('<group name="main" position="inside"><field name="x"/></group>')
    assert names(arch, ".//group") == ["name", "color", "x"]


def test_position_defaults_to_inside():
    arch = apply('<xpath expr="//group"><field name="x"/></xpath>')
    assert names(arch, ".//group") == ["name", "color", "x"]


def test_after_and_before():
    arch = apply('<data><field name="name" position="after"><field name="x"/></field>'
                 '<field name="name" position="before"><field name="y"/></field></data>')
    assert names(arch, ".//group") == ["y", "name", "x", "color"]


def test_replace_removes_the_node_and_keeps_siblings():
    arch = apply('<field name="name" position="replace"><field name="x"/><field name="z"/></field>')
    assert names(arch, ".//group") == ["x", "z", "color"]


def test_replace_with_nothing_deletes():
    assert names(apply('<field name="name" position="replace"/>'), ".//group") == ["color"]


def test_replace_dollar_zero_stands_for_the_replaced_node():
    arch = apply('<div name="box" position="replace"><section>$0</section></div>')
    section = arch.find(".//section")
    assert (section[0].tag, section[0].get("class"), section.text) == ("div", "c", "")


def test_replace_inner_mode_keeps_the_node():
    arch = apply('<xpath expr="//div[@name=\'box\']" position="replace" mode="inner"><span/></xpath>')
    box = arch.find(".//div[@name='box']")
    assert (box.get("class"), [child.tag for child in box]) == ("c", ["span"])


def test_replace_of_the_root_gives_a_new_tree():
    arch = apply('<form position="replace"><tree><field name="name"/></tree></form>')
    assert arch.tag == "tree"


def test_attributes_set_remove_add():
    arch = apply('<field name="color" position="attributes">'
                 '<attribute name="invisible">1</attribute>'
                 '<attribute name="class" add="c" remove="a" separator=" "/>'
                 '<attribute name="string"></attribute></field>')
    color = arch.find(".//field[@name='color']")
    assert (color.get("invisible"), color.get("class"), "string" in color.attrib) == ("1", "b c", False)


def test_attributes_add_default_separator_is_a_comma():
    arch = apply('<field name="color" position="attributes"><attribute name="context" add="x"/>'
                 '</field>', PARENT.replace('class="a b"', 'context="w"'))
    assert arch.find(".//field[@name='color']").get("context") == "w,x"


def test_unknown_attribute_spec_is_refused():
    with pytest.raises(ViewInheritanceError, match="Invalid attributes 'bogus'"):
        apply('<field name="color" position="attributes"><attribute name="x" bogus="1"/></field>')


def test_move_takes_a_node_from_elsewhere():
    arch = apply('<field name="name" position="before">'
                 '<xpath expr="//field[@name=\'note\']" position="move"/></field>')
    assert names(arch, ".//group") == ["note", "name", "color"]
    assert names(arch, ".//page") == []


def test_xpath_may_select_the_root_and_attributes_apply():
    arch = apply('<xpath expr="." position="attributes"><attribute name="string">T</attribute></xpath>')
    assert arch.get("string") == "T"


def test_a_locator_that_matches_nothing_is_named_in_the_error():
    with pytest.raises(ViewInheritanceError) as info:
        apply('<xpath expr="//field[@name=\'nope\']" position="after"><field name="x"/></xpath>')
    assert str(info.value) == "Element '<xpath expr=\"//field[@name='nope']\">' cannot be located in parent view"
    assert info.value.spec.get("expr") == "//field[@name='nope']"


def test_an_invalid_position_is_refused():
    with pytest.raises(ViewInheritanceError, match="Invalid position attribute: 'aside'"):
        apply('<field name="name" position="aside"/>')


def test_an_invalid_xpath_is_refused():
    with pytest.raises(ViewInheritanceError, match="Invalid Expression while parsing xpath"):
        apply('<xpath expr="//field[" position="after"/>')


def test_specs_apply_in_order_and_see_each_other():
    arch = apply('<data><field name="name" position="after"><field name="x"/></field>'
                 '<field name="x" position="after"><field name="y"/></field></data>')
    assert names(arch, ".//group") == ["name", "x", "y", "color"]


def test_hasclass_in_an_xpath_matches_nodes_holding_every_class():
    arch = etree.fromstring(PARENT)
    color = locate_node(arch, etree.fromstring("""<xpath expr="//field[hasclass('b', 'a')]"/>"""))
    assert color.get("name") == "color"
    assert locate_node(arch, etree.fromstring("""<xpath expr="//field[hasclass('a', 'z')]"/>""")) is None
    box = apply("""<xpath expr="//div[hasclass('c')]" position="attributes">
                     <attribute name="string">Box</attribute></xpath>""").find(".//div[@name='box']")
    assert box.get("string") == "Box"
