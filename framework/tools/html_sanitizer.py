"""``html_sanitize``: the HTML an ``Html`` field (``sanitize=True``, the default) stores.

Odoo cleans what is written to an Html field so that a value shown in the web client cannot
run code. This is a whitelist cleaner over lxml (no lxml_html_clean needed):

* elements that run or load things (``script``, ``style``, ``iframe``, ``object``,
  ``embed``, ``link``, ``meta``, ``base``...) go with their content; with ``sanitize_form``
  so do form controls, and ``form`` itself gives way to its content;
* an element outside the known HTML tags gives way to its content (``sanitize_tags``);
* ``on*`` attributes go, and so does a link or source attribute whose URL runs code
  (``javascript:``, ``vbscript:``, a ``data:`` URL that is not an image);
* with ``sanitize_attributes``, only known attributes stay (plus ``data-*``, ``aria-*``
  and ``style`` unless ``sanitize_style``/``strip_style``); ``strip_classes`` drops ``class``;
* conditional comments (``<!--[if IE]>``) go; other comments stay.

The result is ``Markup`` (an empty text gives an empty ``Markup``).
"""
from __future__ import annotations

import re

from lxml import etree, html
from lxml.html import defs
from markupsafe import Markup

__all__ = ["html_sanitize"]

#: elements removed with everything inside them
_KILLED = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
                     "base", "link", "meta", "head", "title", "noscript", "param"})
_FORM_CONTROLS = frozenset({"input", "button", "select", "textarea"})
#: known HTML elements, and the few more Odoo's editor writes
_KNOWN = frozenset(defs.tags) | {"font", "center", "s", "strike", "u", "section", "article",
                                 "header", "footer", "nav", "main", "figure", "figcaption",
                                 "mark", "time", "picture", "source", "video", "audio"}
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "background", "poster",
                             "cite", "longdesc", "usemap", "xlink:href", "srcset", "dynsrc", "lowsrc"})
_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|livescript|data(?!:image/(png|gif|jpe?g|webp|bmp);))\s*:",
                         re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")       # browsers ignore these inside a scheme
#: attributes kept on sanitized HTML (``odoo.tools.mail.safe_attrs``)
safe_attrs = frozenset(defs.safe_attrs) | {"style", "data-oe-model", "data-oe-id", "loading",
                                                 "contenteditable", "start", "reversed"}


def html_sanitize(src, silent: bool = True, sanitize_tags: bool = True,
                  sanitize_attributes: bool = False, sanitize_style: bool = False,
                  sanitize_form: bool = True, sanitize_conditional_comments: bool = True,
                  strip_style: bool = False, strip_classes: bool = False,
                  output_method: str = "html") -> Markup | bool:
    """``src`` cleaned (see the module's doc); ``src`` itself when it is empty or not text."""
    if not src:
        return src
    text = src.decode() if isinstance(src, bytes) else str(src)
    if not text.strip():
        return Markup(text)
    try:
        root = html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        if not silent:
            raise
        return Markup("<p>") + Markup.escape(text) + Markup("</p>")
    killed = _KILLED | (_FORM_CONTROLS if sanitize_form else frozenset())
    for element in list(root.iter()):
        if element is root or element.getparent() is None:     # in a subtree dropped already
            continue
        if isinstance(element, etree._Comment):
            if sanitize_conditional_comments and (element.text or "").lstrip().startswith("["):
                element.drop_tree()
            continue
        if not isinstance(element.tag, str):           # processing instructions, entities
            element.drop_tree()
            continue
        tag = element.tag.lower()
        if tag in killed:
            element.drop_tree()
            continue
        if (sanitize_form and tag == "form") or (sanitize_tags and tag not in _KNOWN):
            element.drop_tag()
            continue
        _clean_attributes(element, sanitize_attributes, sanitize_style or strip_style, strip_classes)
    parts = [root.text and Markup.escape(root.text) or ""]
    parts += [html.tostring(child, encoding="unicode", method=output_method) for child in root]
    return Markup("".join(parts))


def _clean_attributes(element, whitelist: bool, no_style: bool, no_class: bool) -> None:
    for name, value in list(element.attrib.items()):
        key = name.lower()
        drop = (key.startswith("on")
                or (key in _URL_ATTRIBUTES and _UNSAFE_URL.match(_INVISIBLE.sub("", value)))
                or (key == "style" and (no_style or "expression(" in value.lower()))
                or (key == "class" and no_class)
                or (whitelist and key not in safe_attrs
                    and not key.startswith(("data-", "aria-"))))
        if drop:
            del element.attrib[name]
