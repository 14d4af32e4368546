"""Apply an inheriting view's specs to a parent architecture (lxml trees, no database).

An extension arch is a list of *specs*. Each spec locates one node of the parent arch:

* ``<xpath expr="//group[@name='x']" position="...">``: the first node the XPath finds;
* ``<field name="x" position="...">``: the first ``<field>`` of that name, at any depth;
* any other element (``<div name="x">``, ``<group>``, ``<page string="y">``...): the first
  element of that tag whose attributes (``position`` and ``version`` aside) all match.

and changes it according to ``position``: ``inside`` (the default: append), ``after``,
``before``, ``replace`` (``$0`` in the replacement stands for the replaced node;
``mode="inner"`` replaces the content only), ``attributes`` (``<attribute name="x">value``,
or ``add``/``remove`` with a ``separator``) and ``move`` (on a child of another spec: take
the located node from where it is and put it where the enclosing spec says). ``<data>``
only groups specs.

A spec that locates nothing raises :class:`ViewInheritanceError` with Odoo's wording;
``ir.ui.view`` adds which view and which addon.
"""
from __future__ import annotations

import copy
import itertools

from lxml import etree

__all__ = ["ViewInheritanceError", "apply_inheritance_specs", "locate_node", "spec_label"]

_SKIPPED = (etree._Comment, etree._ProcessingInstruction, etree._Entity)
_POSITIONS = ("inside", "after", "before", "replace", "attributes")


class ViewInheritanceError(ValueError):
    """A spec cannot be applied. ``spec`` is the offending element (for its line number)."""

    def __init__(self, message: str, spec=None) -> None:
        super().__init__(message)
        self.spec = spec


def spec_label(spec) -> str:
    """``<xpath expr="//field[@name='x']">``: the spec as Odoo's messages quote it."""
    attrs = "".join(f' {name}="{value}"' for name, value in spec.attrib.items()
                    if name != "position")
    return f"<{spec.tag}{attrs}>"


def _hasclass(context, *classes) -> bool:
    """XPath ``hasclass('a', 'b')``: the context node's ``class`` holds every one of the
    classes (Odoo's extension, which views use as ``//div[hasclass('o_row')]``)."""
    present = set((context.context_node.get("class") or "").split())
    return all(cls in present for cls in classes)


#: the XPath functions Odoo adds for view specs, given to each expression (not registered
#: process-wide in lxml's global function namespace)
_XPATH_FUNCTIONS = {(None, "hasclass"): _hasclass}


def locate_node(arch, spec):
    """The node of ``arch`` that ``spec`` designates, or None."""
    if spec.tag == "xpath":
        expr = spec.get("expr")
        try:
            found = etree.ETXPath(expr, extensions=_XPATH_FUNCTIONS)(arch)
        except (etree.XPathSyntaxError, etree.XPathEvalError) as exc:
            raise ViewInheritanceError(f"Invalid Expression while parsing xpath {expr!r}", spec) from exc
        return found[0] if isinstance(found, list) and found else None
    if spec.tag == "field":
        name = spec.get("name")
        return next((node for node in arch.iter("field") if node.get("name") == name), None)
    wanted = [(name, value) for name, value in spec.attrib.items()
              if name not in ("position", "version")]
    for node in arch.iter(spec.tag):
        if all(node.get(name) == value for name, value in wanted):
            return node
    return None


def apply_inheritance_specs(source, specs_tree):
    """Apply the specs of ``specs_tree`` (an element or a list of them) to ``source``.

    ``source`` is changed in place; the result is returned because replacing the root
    node gives a new tree. Elements of ``specs_tree`` are consumed (moved into ``source``).
    """
    specs = list(specs_tree) if isinstance(specs_tree, list) else [specs_tree]
    while specs:
        spec = specs.pop(0)
        if isinstance(spec, _SKIPPED):
            continue
        if spec.tag == "data":
            specs.extend(child for child in spec if not isinstance(child, _SKIPPED))
            continue
        node = locate_node(source, spec)
        if node is None:
            raise ViewInheritanceError(f"Element '{spec_label(spec)}' cannot be located in parent view",
                                       spec)
        position = spec.get("position", "inside")
        if position == "replace":
            source = _replace(source, node, spec)
        elif position == "attributes":
            _set_attributes(node, spec)
        elif position == "inside":
            _insert(spec, source, node, len(node))
        elif position == "after":
            parent = node.getparent()
            if parent is None:
                raise ViewInheritanceError(f"Element '{spec_label(spec)}': cannot add nodes after "
                                           f"the root node", spec)
            _insert(spec, source, parent, parent.index(node) + 1)
        elif position == "before":
            parent = node.getparent()
            if parent is None:
                raise ViewInheritanceError(f"Element '{spec_label(spec)}': cannot add nodes before "
                                           f"the root node", spec)
            _insert(spec, source, parent, parent.index(node))
        else:
            raise ViewInheritanceError(f"Invalid position attribute: '{position}' (expected one of "
                                       f"{', '.join(_POSITIONS)})", spec)
    return source


# -- positions -------------------------------------------------------------------------------

def _replace(source, node, spec):
    mode = spec.get("mode", "outer")
    if mode == "inner":
        for child in list(node):
            node.remove(child)
        node.text = spec.text
        for child in spec:
            node.append(copy.deepcopy(child))
        return source
    if mode != "outer":
        raise ViewInheritanceError(f"Invalid mode attribute: '{mode}' (expected 'outer' or "
                                   f"'inner')", spec)
    for placeholder in spec.iter():
        if placeholder is not spec and placeholder.text == "$0" and \
                not isinstance(placeholder, _SKIPPED):
            placeholder.text = ""
            placeholder.append(copy.deepcopy(node))
    parent = node.getparent()
    if parent is None:
        elements = [child for child in spec if not isinstance(child, _SKIPPED)]
        if len(elements) != 1:
            raise ViewInheritanceError(f"Element '{spec_label(spec)}': the root node can only "
                                       f"be replaced by exactly one element", spec)
        new_root = copy.deepcopy(elements[0])
        if node.get("t-name"):
            new_root.set("t-name", node.get("t-name"))
        new_root.tail = None
        return new_root
    _insert(spec, source, parent, parent.index(node))
    _remove_keeping_tail(node)
    return source


def _set_attributes(node, spec) -> None:
    for child in spec.iter("attribute"):
        unknown = [key for key in child.attrib if key not in ("name", "add", "remove", "separator")
                   and not key.startswith("data-oe-")]
        if unknown:
            raise ViewInheritanceError(f"Invalid attributes {', '.join(map(repr, unknown))} in "
                                       f"element <attribute>", child)
        name = child.get("name")
        if child.get("add") or child.get("remove"):
            if child.text and child.text.strip():
                raise ViewInheritanceError(f"Element <attribute> with 'add' or 'remove' cannot "
                                           f"contain text {child.text!r}", child)
            separator = child.get("separator", ",")
            split_on = None if separator == " " else separator     # squash runs of spaces
            to_add = [v.strip() for v in child.get("add", "").split(split_on) if v.strip()]
            to_remove = {v.strip() for v in child.get("remove", "").split(split_on)}
            current = [v.strip() for v in node.get(name, "").split(split_on) if v.strip()]
            value = (separator if split_on else " ").join(
                itertools.chain((v for v in current if v not in to_remove), to_add))
        else:
            value = child.text or ""
        if value:
            node.set(name, value)
        elif name in node.attrib:
            del node.attrib[name]


def _insert(spec, source, parent, index: int) -> None:
    """Put the spec's text and children at ``parent[index]`` (moving ``position="move"`` ones)."""
    if spec.text and spec.text.strip():
        _add_text_before(parent, index, spec.text)
    for child in list(spec):
        if not isinstance(child, _SKIPPED) and child.get("position") == "move":
            child = _extract(source, child)
            if child.getparent() is parent and parent.index(child) < index:
                index -= 1
            _remove_keeping_tail(child)
        parent.insert(index, child)
        index += 1


def _extract(source, spec):
    if len(spec):
        raise ViewInheritanceError(f"Invalid specification for moved nodes: "
                                   f"{etree.tostring(spec, encoding='unicode')!r}", spec)
    node = locate_node(source, spec)
    if node is None:
        raise ViewInheritanceError(f"Element '{spec_label(spec)}' cannot be located in parent view",
                                   spec)
    return node


def _remove_keeping_tail(node) -> None:
    parent = node.getparent()
    if node.tail and node.tail.strip():
        _add_text_before(parent, parent.index(node), node.tail)
    node.tail = None
    parent.remove(node)


def _add_text_before(parent, index: int, text: str) -> None:
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
