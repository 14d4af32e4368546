"""``--dev=xml``: a view's arch read from the file it was loaded from, as Odoo does.

With ``xml`` (or ``all``) in ``--dev``, a view whose ``arch_fs`` names its file, and that
nobody edited in the database since (``arch_updated``), takes its arch from that file each
time it is combined: a change to a view or template shows on the next load, without a
restart or ``-u``. ``<record model="ir.ui.view">`` archs are read as the data loader reads
them; a ``<template>`` becomes the same ``<t t-name="...">`` (or, inheriting, ``<data>``)
element it became at install. ``%(xmlid)d`` placeholders are resolved against the database.
"""
import logging
import os
import re

from lxml import etree

from odoo.modules.module import get_module_path

_logger = logging.getLogger(__name__)

_XMLID_PLACEHOLDER = re.compile(r"(?<!%)%\(([^)]+)\)[ds]")
#: Attributes of a <template> that become fields of its view, not of its arch.
_TEMPLATE_FIELD_ATTRIBUTES = ("id", "inherit_id", "forcecreate", "context", "name", "key",
                              "priority", "track", "website_id", "active", "customize_show",
                              "groups", "primary")


def dev_reads_files(config) -> bool:
    """Whether ``--dev`` asks for archs from their files (``xml`` or ``all``)."""
    return bool({"xml", "all"} & set((config or {}).get("dev_mode") or ()))


def arch_from_file(env, arch_fs: str, xmlid: str) -> str | None:
    """The arch of the view ``xmlid`` in its file ``arch_fs`` (``addon/dir/file.xml``), or
    None when the file or the element is gone (the stored arch is used then)."""
    addon, _sep, relative = arch_fs.partition("/")
    module_path = get_module_path(addon, display_warning=False)
    path = os.path.join(module_path, relative) if module_path else None
    if not path or not os.path.isfile(path) or "." not in xmlid:
        return None
    try:
        root = etree.parse(path).getroot()
    except etree.XMLSyntaxError as exc:
        _logger.warning("--dev=xml: %s does not parse (%s); using the stored arch of %s",
                        path, exc, xmlid)
        return None
    for element in root.iter("record", "template"):
        element_id = element.get("id") or ""
        if (element_id if "." in element_id else f"{addon}.{element_id}") != xmlid:
            continue
        if element.tag == "record":
            arch = element.find("field[@name='arch']")
            text = "".join(etree.tostring(child, encoding="unicode")
                           for child in arch if isinstance(child.tag, str)) if arch is not None else None
        else:
            text = etree.tostring(_template_arch(element, xmlid), encoding="unicode")
        return _resolve_xmlids(env, text) if text else None
    return None


def _template_arch(element, xmlid: str):
    """The arch a ``<template>`` element was stored as."""
    arch = etree.fromstring(etree.tostring(element))
    arch.tail = None
    inherits = arch.get("inherit_id") is not None
    primary = arch.get("primary") == "True"
    for name in _TEMPLATE_FIELD_ATTRIBUTES:
        arch.attrib.pop(name, None)
    if inherits:
        arch.tag = "data"
    else:
        arch.tag = "t"
        arch.set("t-name", xmlid)
    if primary:         # an inheriting template that makes a new one keeps its own name
        xpath = etree.SubElement(arch, "xpath", expr=".", position="attributes")
        etree.SubElement(xpath, "attribute", name="t-name").text = xmlid
    return arch


def _resolve_xmlids(env, text: str) -> str:
    def database_id(match):
        return str(env.ref(match.group(1)).id)
    return _XMLID_PLACEHOLDER.sub(database_id, text).replace("%%", "%")
