"""Load one XML data file of an addon: ``<record>``, ``<function>``, ``<delete>``, ``<menuitem>``,
``<template>`` and the old ``<act_window>`` and ``<report>``, inside ``<odoo>``/``<openerp>``/``<data>`` roots.

The importer walks the tree once, in document order. State that nests (``noupdate``,
``context``, ``uid``, ``auto_sequence`` of the enclosing ``<data>``) is a stack. Records
are written through :func:`framework.modules.external_ids.load_records`, so ``noupdate`` and
external ids behave as in Odoo. Python in attributes (``eval``, ``search``, ``context``)
goes through :func:`framework.tools.safe_eval.safe_eval` with Odoo's names: ``ref``,
``obj``, ``Command``, ``time``, ``datetime``, ``DateTime``, ``timedelta``,
``relativedelta``, ``version``.

Any failure inside a top-level element is re-raised as :class:`ParseError`, whose message
names the file and the line, then the cause.
"""
from __future__ import annotations

import base64
import datetime
import logging
import os
import pprint
import re

from lxml import etree

from .. import release
from ..exceptions import ValidationError
from ..logging_setup import odoo_logger_name
from ..orm.commands import Command
from ..tools import safe_eval as safe_eval_module
from ..tools.safe_eval import safe_eval
from . import external_ids

_logger = logging.getLogger(odoo_logger_name(__name__))

DATA_ROOTS = ("odoo", "openerp", "data")
_SKIPPED = (etree._Comment, etree._ProcessingInstruction, etree._Entity)
_XMLID_PLACEHOLDER = re.compile(r"(?<!%)%\(([^)]+)\)[ds]")


class ParseError(Exception):
    """A data file cannot be loaded; the message names the file, the line and the cause."""


def str2bool(value: str) -> bool:
    return value.strip().lower() not in ("0", "false", "off")


def attr_bool(node, name: str, default: bool = False) -> bool:
    value = (node.get(name) or "").strip()
    return str2bool(value) if value else default


def load_xml(env, module: str, path: str, *, mode: str, noupdate: bool, addons_path: str,
             idref: dict | None = None) -> None:
    """Load the XML file at ``path`` for ``module`` (``mode`` is ``'init'`` or ``'update'``);
    ``idref`` gets the id of each record by its full xml id (and may name records)."""
    try:
        tree = etree.parse(path)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"while parsing {path}: the file is not well-formed XML: {exc}") from exc
    root = tree.getroot()
    if root.tag not in DATA_ROOTS:
        raise ParseError(f"while parsing {path}:{root.sourceline}: the root element must be "
                         f"<odoo>, <openerp> or <data>, not <{root.tag}>")
    XmlImporter(env, module, path, mode=mode, noupdate=noupdate, addons_path=addons_path,
                idref=idref).parse(root)


class XmlImporter:
    """The state of one file's import: current module, mode and the ``<data>`` stacks."""

    def __init__(self, env, module: str, path: str, *, mode: str, noupdate: bool,
                 addons_path: str, idref: dict | None = None) -> None:
        self.module, self.path, self.mode, self.addons_path = module, path, mode, addons_path
        self.envs = [env(context=dict(env.context, lang=None))]
        self.noupdates = [noupdate]
        self.sequences: list[int | None] = []
        self.idref: dict[str, int] = {} if idref is None else idref
        self.tags = {"record": self.tag_record, "delete": self.tag_delete,
                     "function": self.tag_function, "menuitem": self.tag_menuitem,
                     "template": self.tag_template, "act_window": self.tag_act_window,
                     "report": self.tag_report, "asset": self.tag_unsupported,
                     **dict.fromkeys(DATA_ROOTS, self.tag_root)}

    @property
    def env(self):
        return self.envs[-1]

    @property
    def noupdate(self) -> bool:
        return self.noupdates[-1]

    @property
    def update(self) -> bool:
        return self.mode == "update"

    def parse(self, root) -> None:
        self.tag_root(root)

    # -- the tree walk -------------------------------------------------------------------------

    def tag_root(self, element) -> None:
        for node in element:
            if isinstance(node, _SKIPPED):
                continue
            handler = self.tags.get(node.tag)
            if handler is None:
                raise ParseError(f"while parsing {self.path}:{node.sourceline}: unknown element "
                                 f"<{node.tag}> (expected one of {', '.join(sorted(self.tags))})")
            self.envs.append(self.node_env(element))
            self.noupdates.append(attr_bool(element, "noupdate", self.noupdate))
            self.sequences.append(0 if attr_bool(element, "auto_sequence") else None)
            try:
                handler(node)
            except ParseError:
                raise
            except ValidationError as exc:
                context = getattr(exc, "context", None)
                message = f"while parsing {self.path}:{node.sourceline}\n{exc.args[0] if exc.args else exc}"
                if context:
                    message += f"\n\nView error context:\n{pprint.pformat(context)}\n"
                raise ParseError(message) from exc
            except Exception as exc:
                snippet = etree.tostring(node, encoding="unicode").rstrip()
                if len(snippet) > 2000:
                    snippet = snippet[:2000] + "..."
                raise ParseError(f"while parsing {self.path}:{node.sourceline}, somewhere inside\n"
                                 f"{snippet}\n{type(exc).__name__}: {exc}") from exc
            finally:
                self.envs.pop()
                self.noupdates.pop()
                self.sequences.pop()

    def node_env(self, node, eval_context: dict | None = None):
        uid, context = node.get("uid"), node.get("context")
        if not (uid or context):
            return self.env
        new_context = dict(self.env.context)
        if context:
            new_context.update(safe_eval(context, {"ref": self.id_get, **(eval_context or {})}))
        return self.env(user=self.id_get(uid) if uid else None, context=new_context)

    # -- external ids ---------------------------------------------------------------------------

    def make_xml_id(self, xml_id: str) -> str:
        if not xml_id or "." in xml_id:
            return xml_id
        return f"{self.module}.{xml_id}"

    def check_xml_id(self, xml_id: str) -> None:
        if "." not in xml_id:
            return
        module, name = xml_id.split(".", 1)
        if "." in name:
            raise ValueError(f"The ID reference {xml_id!r} must contain at most one dot: "
                             f"module.record_id")
        if module != self.module:
            self.env.cr.execute("SELECT 1 FROM ir_module_module WHERE name = %s AND state IN "
                                "('installed', 'to upgrade', 'to install')", (module,))
            if not self.env.cr.fetchone() and module not in self.env.registry.loaded_modules:
                raise ValueError(f"The ID {xml_id!r} refers to an uninstalled module")

    def id_get(self, xml_id: str, raise_if_not_found: bool = True):
        """The database id of ``xml_id`` (a bare name is in the current addon)."""
        full = self.make_xml_id(xml_id)
        if full in self.idref:
            return self.idref[full]
        return self.model_id_get(full, raise_if_not_found)[1]

    def model_id_get(self, xml_id: str, raise_if_not_found: bool = True) -> tuple:
        full = self.make_xml_id(xml_id)
        row = external_ids.lookup(self.env, full)
        if row is None:
            if raise_if_not_found:
                raise ValueError(f"External ID not found in the system: {full}")
            return (False, False)
        return (row[1], row[2])

    def eval_context(self, model_name: str | None = None) -> dict:
        context = {"Command": Command, "time": safe_eval_module.time,
                   "DateTime": datetime.datetime, "datetime": datetime.datetime,
                   "timedelta": datetime.timedelta, "relativedelta": safe_eval_module.relativedelta,
                   "version": release.major_version, "ref": self.id_get}
        if model_name:
            context["obj"] = self.env[model_name].browse
        return context

    def next_sequence(self) -> int | None:
        value = self.sequences[-1] if self.sequences else None
        if value is not None:
            value = self.sequences[-1] = value + 10
        return value

    # -- <record> ---------------------------------------------------------------------------------

    def tag_record(self, rec, extra_values: dict | None = None):
        model_name = rec.get("model")
        if not model_name:
            raise ValueError("<record> needs a model attribute")
        env = self.node_env(rec)
        rec_id = rec.get("id", "")
        if model_name not in env.registry:
            if model_name in _PENDING_MODELS:
                _logger.warning("%s:%s: record %s of %s skipped: this server has no %s model yet",
                                self.path, rec.sourceline, rec_id or "?", model_name, model_name)
                return None
            raise ValueError(f"Model {model_name!r} does not exist in the registry (is the addon "
                             f"that defines it in 'depends'?)")
        self.check_xml_id(rec_id)
        xid = self.make_xml_id(rec_id)
        model = env[model_name].with_context(install_mode=True, install_module=self.module,
                                              install_filename=self.path, install_xmlid=xid)

        if self.noupdate and self.update:
            # a noupdate block in update mode: existing records are kept as they are
            if not rec_id:
                return None
            existing = external_ids.load_xmlid(env, xid)
            if existing is not None:
                for child in rec.xpath(".//record[@id]"):
                    sub_xid = self.make_xml_id(child.get("id"))
                    sub = external_ids.load_xmlid(env, sub_xid)
                    if sub is not None:
                        self.idref[sub_xid] = sub.id
                self.idref[xid] = existing.id
                return None
            if not attr_bool(rec, "forcecreate", True):
                return None

        if xid and xid.partition(".")[0] != self.module:
            # a record of another addon: it must exist, unless forcecreate says otherwise
            if external_ids.load_xmlid(env, xid) is None and not attr_bool(rec, "forcecreate"):
                if self.noupdate and not attr_bool(rec, "forcecreate", True):
                    return None
                raise ValueError(f"Cannot update missing record {xid!r}")

        values, sub_records = {}, []
        for field in rec.iterchildren("field"):
            name = field.get("name")
            if not name:
                raise ValueError("<field> needs a name attribute")
            if "@" in name:
                continue                    # a translation, loaded with the .po files
            result = self.field_value(model, field, xid, rec)
            if result is _SKIP_RECORD:
                return None
            fdef = model._fields.get(name)
            if fdef is not None and fdef.type == "one2many":
                # nested <record>s are written once the parent exists, with its id
                sub_records += [(child, fdef.inverse_name) for child in field.iterchildren("record")]
                if isinstance(result, str):
                    continue
            values[name] = result
        if extra_values:
            values.update(extra_values)
        if "sequence" not in values and "sequence" in model._fields:
            sequence = self.next_sequence()
            if sequence:
                values["sequence"] = sequence
        record = external_ids.load_records(model, [{"xml_id": xid, "values": values,
                                               "noupdate": self.noupdate}], self.update)
        if xid:
            self.idref[xid] = record.id
        for child, inverse_name in sub_records:
            self.tag_record(child, {inverse_name: record.id})
        return model_name, record.id

    def field_value(self, model, field, xid: str, rec):
        """The value a ``<field>`` element gives, converted for the field's type."""
        name = field.get("name")
        fdef = model._fields.get(name)
        f_model = field.get("model") or (getattr(fdef, "comodel_name", None) if fdef else None)
        if field.get("search"):
            if not f_model:
                raise ValueError(f"<field name={name!r} search=...>: add a model attribute")
            found = self.env[f_model].search(safe_eval(field.get("search"), self.eval_context(f_model)))
            use = field.get("use") or "id"
            if fdef is not None and fdef.type == "many2many":
                return [Command.set([r[use] for r in found])]
            return found[0][use] if found else False
        if field.get("ref"):
            ref = field.get("ref")
            if fdef is not None and fdef.type == "reference":
                res_model, res_id = self.model_id_get(ref)
                return f"{res_model},{res_id}"
            value = self.id_get(ref, raise_if_not_found=attr_bool(rec, "forcecreate", True))
            if not value:
                _logger.warning("skipping creation of %r because %s=%r could not be resolved",
                                xid, name, ref)
                return _SKIP_RECORD
            return value
        value = self.eval_node(field, f_model)
        if fdef is None:
            return value
        kind = fdef.type
        if kind == "many2one":
            return int(value) if value else False
        if kind == "integer":
            return int(value)
        if kind in ("float", "monetary"):
            return float(value)
        if kind == "boolean" and isinstance(value, str):
            return str2bool(value)
        return value

    def eval_node(self, node, model_name: str | None = None):
        """The value of a ``<field>`` or ``<value>`` element (Odoo's ``_eval_xml``)."""
        kind = node.get("type", "char")
        if node.get("search"):
            model_name = node.get("model") or model_name
            found = self.env[model_name].search(safe_eval(node.get("search"),
                                                          self.eval_context(model_name)))
            use = node.get("use", "id")
            return found[0][use] if found else False
        if node.get("eval"):
            return safe_eval(node.get("eval"), self.eval_context(node.get("model") or model_name))
        if kind == "xml":
            elements = [child for child in node if not isinstance(child, _SKIPPED)]
            if len(elements) > 1:                 # partial archs may have several roots
                wrapper = etree.Element("data")
                for child in list(node):
                    wrapper.append(child)
                node.append(wrapper)
            text = "".join(etree.tostring(child, encoding="unicode") for child in node)
            return '<?xml version="1.0"?>\n' + self.substitute_xmlids(text)
        if kind == "html":
            text = "".join(etree.tostring(child, method="html", encoding="unicode") for child in node)
            return self.substitute_xmlids(text)
        if node.get("file"):
            path = self.resolve_file(node.get("file"))
            with open(path, "rb") as handle:
                content = handle.read()
            if kind == "base64":
                return base64.b64encode(content)
            data = content.decode()
        else:
            data = node.text or ""
        if kind == "file":
            path = data.strip()
            if not os.path.exists(os.path.join(self.addons_path, self.module, path)):
                raise FileNotFoundError(f"No such file or directory: {path!r} in {self.module}")
            return f"{self.module},{path}"
        if kind == "char":
            return data
        if kind == "int":
            data = data.strip()
            return None if data == "None" else int(data)
        if kind == "float":
            return float(data.strip())
        if kind == "list":
            return [self.eval_node(child, model_name) for child in node.iterchildren("value")]
        if kind == "tuple":
            return tuple(self.eval_node(child, model_name) for child in node.iterchildren("value"))
        if kind == "base64":
            raise ValueError("type='base64' needs a file attribute")
        raise ValueError(f"Unknown type {kind!r}")

    def substitute_xmlids(self, text: str) -> str:
        """``%(xmlid)d`` / ``%(xmlid)s`` in xml/html text -> the record's database id."""
        def replace(match):
            return str(self.id_get(match.group(1)))
        return _XMLID_PLACEHOLDER.sub(replace, text).replace("%%", "%")

    def resolve_file(self, path: str) -> str:
        for candidate in (os.path.join(self.addons_path, path),
                          os.path.join(self.addons_path, self.module, path)):
            if os.path.isfile(candidate):
                return candidate
        raise FileNotFoundError(f"No such file or directory: {path!r} (looked in "
                                f"{self.addons_path} and {os.path.join(self.addons_path, self.module)})")

    # -- <function>, <delete> ----------------------------------------------------------------------

    def tag_function(self, rec) -> None:
        if self.noupdate and self.update:
            return
        env = self.node_env(rec)
        model_name, method_name = rec.get("model"), rec.get("name")
        model = env[model_name]
        args, kwargs = [], {}
        if rec.get("eval"):
            args = list(safe_eval(rec.get("eval"), self.eval_context(model_name)))
        for child in rec:
            if isinstance(child, _SKIPPED):
                continue
            if child.tag == "value" and child.get("name"):
                kwargs[child.get("name")] = self.eval_node(child, model_name)
            elif child.tag == "function":
                args.append(self.call_nested(child))
            else:
                args.append(self.eval_node(child, model_name))
        if "context" in kwargs:
            model = model.with_context(**kwargs.pop("context"))
        self.call(model, method_name, args, kwargs)

    def call_nested(self, node):
        args = []
        for child in node:
            if not isinstance(child, _SKIPPED):
                args.append(self.eval_node(child, node.get("model")))
        if node.get("eval"):
            args = list(safe_eval(node.get("eval"), self.eval_context(node.get("model")))) + args
        return self.call(self.env[node.get("model")], node.get("name"), args, {})

    @staticmethod
    def call(model, method_name: str, args: list, kwargs: dict):
        method = getattr(model, method_name, None)
        if method is None:
            raise AttributeError(f"{model._name} has no method {method_name!r}")
        if getattr(method, "_api", None) not in ("model", "model_create"):
            ids, *args = args if args else [()]
            try:
                ids = tuple(i for i in ids if i)
            except TypeError:
                ids = (ids,) if ids else ()
            method = getattr(model.browse(ids), method_name)
        result = method(*args, **kwargs)
        return result.ids if hasattr(result, "_ids") else result

    def tag_delete(self, rec) -> None:
        model_name = rec.get("model")
        target = self.env[model_name]
        if rec.get("search"):
            try:
                target = target.search(safe_eval(rec.get("search"), self.eval_context(model_name)))
            except ValueError:
                _logger.warning("%s:%s: skipping deletion for failed search %r", self.path,
                                rec.sourceline, rec.get("search"), exc_info=True)
        if rec.get("id"):
            try:
                target += target.browse(self.id_get(rec.get("id")))
            except ValueError:
                _logger.warning("%s:%s: skipping deletion of missing external id %r", self.path,
                                rec.sourceline, rec.get("id"))
        target = target.exists()
        if target:
            ids = target.ids
            target.unlink()
            external_ids.forget_xmlids(self.env, model_name, ids)

    # -- <menuitem>, <template>, <act_window> -----------------------------------------------------

    def tag_menuitem(self, rec, parent=None) -> None:
        rec_id = rec.get("id")
        if not rec_id:
            raise ValueError("<menuitem> needs an id attribute")
        self.check_xml_id(rec_id)
        values = {"parent_id": False, "active": attr_bool(rec, "active", True)}
        if rec.get("sequence"):
            values["sequence"] = int(rec.get("sequence"))
        if parent is not None:
            values["parent_id"] = parent
        elif rec.get("parent"):
            values["parent_id"] = self.id_get(rec.get("parent"))
        elif rec.get("web_icon"):
            values["web_icon"] = rec.get("web_icon")
        if rec.get("name"):
            values["name"] = rec.get("name")
        if rec.get("action"):
            action = self.env.ref(self.make_xml_id(rec.get("action"))).sudo()
            values["action"] = f"{action.type},{action.id}"
            if not values.get("name") and action.name:
                values["name"] = action.name
        if not values.get("name"):
            values["name"] = rec_id
        groups = self.group_commands(rec.get("groups"))
        if groups:
            values["groups_id"] = groups
        menus = self.env["ir.ui.menu"].with_context(install_module=self.module)
        menu = external_ids.load_records(menus, [{"xml_id": self.make_xml_id(rec_id),
                                                  "values": values, "noupdate": self.noupdate}],
                                         self.update)
        for child in rec.iterchildren("menuitem"):
            self.tag_menuitem(child, parent=menu.id)

    def group_commands(self, groups: str | None) -> list:
        commands = []
        for group in (groups or "").split(","):
            group = group.strip()
            if group.startswith("-"):
                commands.append(Command.unlink(self.id_get(group[1:])))
            elif group:
                commands.append(Command.link(self.id_get(group)))
        return commands

    def tag_template(self, el):
        """A QWeb template: becomes an ``ir.ui.view`` record of type qweb."""
        tpl_id = el.get("id", el.get("t-name"))
        if not tpl_id:
            raise ValueError("<template> needs an id attribute")
        full_id = tpl_id if "." in tpl_id else f"{self.module}.{tpl_id}"
        view_fields = self.env["ir.ui.view"]._fields
        attrib = el.attrib
        inherit = attrib.pop("inherit_id", None)
        if inherit is None:
            el.set("t-name", full_id)
            el.tag = "t"
        else:
            el.tag = "data"
        attrib.pop("id", None)
        record = etree.Element("record", id=tpl_id, model="ir.ui.view")
        for name in ("forcecreate", "context"):
            if name in attrib:
                record.set(name, attrib.pop(name))
        record.sourceline = el.sourceline

        def add_field(name, text=None, **extra):
            node = etree.SubElement(record, "field", name=name, **extra)
            node.text = text
            return node

        add_field("name", attrib.pop("name", tpl_id))
        add_field("key", attrib.pop("key", full_id))
        add_field("type", "qweb")
        for name in ("priority", "track"):
            if name in attrib:
                value = attrib.pop(name)
                if name in view_fields:
                    add_field(name, value)
        if inherit is not None:
            add_field("inherit_id", ref=inherit)
        if "website_id" in attrib:
            website = attrib.pop("website_id")
            if "website_id" in view_fields:
                add_field("website_id", ref=website)
        active = attrib.pop("active", None)
        if active in ("True", "False"):
            # only at creation: an update keeps what the user chose
            if not self.update or not self.id_get(tpl_id, raise_if_not_found=False):
                add_field("active", eval=active)
        show = attrib.pop("customize_show", None)
        if show in ("True", "False") and "customize_show" in view_fields:
            add_field("customize_show", eval=show)
        groups = attrib.pop("groups", None)
        if groups:
            refs = ", ".join(f"ref({group.strip()!r})" for group in groups.split(","))
            add_field("groups_id", eval=f"[Command.set([{refs}])]")
        if attrib.pop("primary", None) == "True":
            xpath = etree.SubElement(el, "xpath", expr=".", position="attributes")
            etree.SubElement(xpath, "attribute", name="t-name").text = full_id
            add_field("mode", "primary")
        arch = add_field("arch", type="xml")
        arch.append(el)
        return self.tag_record(record)

    def tag_act_window(self, rec) -> None:
        """The ``<act_window>`` shortcut of addons written before Odoo 14."""
        xml_id = rec.get("id", "")
        self.check_xml_id(xml_id)
        values = {"name": rec.get("name"), "type": "ir.actions.act_window",
                  "res_model": rec.get("res_model"),
                  "view_mode": rec.get("view_mode") or "tree,form",
                  "domain": rec.get("domain") or "[]", "context": rec.get("context") or "{}"}
        if rec.get("view_id"):
            values["view_id"] = self.id_get(rec.get("view_id"))
        for name in ("usage", "target"):
            if rec.get(name):
                values[name] = rec.get(name)
        if rec.get("limit"):
            values["limit"] = int(rec.get("limit"))
        groups = self.group_commands(rec.get("groups"))
        if groups:
            values["groups_id"] = groups
        binding = rec.get("binding_model") or rec.get("src_model")
        if binding:
            values["binding_model_id"] = self.env["ir.model"]._get(binding).id
            key2 = rec.get("key2")
            values["binding_type"] = rec.get("binding_type") or (
                "report" if key2 == "client_print_multi" else "action")
            if rec.get("binding_views") is not None:
                values["binding_view_types"] = rec.get("binding_views")
        actions = self.env["ir.actions.act_window"].with_context(install_module=self.module)
        external_ids.load_records(actions, [{"xml_id": self.make_xml_id(xml_id), "values": values,
                                             "noupdate": self.noupdate}], self.update)

    def tag_report(self, rec) -> None:
        """The ``<report>`` shortcut of addons written before Odoo 14: an ir.actions.report,
        bound to its model's Print menu unless ``menu="False"``."""
        values = {}
        for target, source in (("name", "string"), ("model", "model"), ("report_name", "name")):
            values[target] = rec.get(source)
            if not values[target]:
                raise ValueError(f"Attribute {source} of report is empty !")
        for source, target in (("attachment", "attachment"), ("attachment_use", "attachment_use"),
                               ("file", "report_file"), ("report_type", "report_type"),
                               ("print_report_name", "print_report_name")):
            if rec.get(source):
                values[target] = rec.get(source)
        if "attachment_use" in values:
            values["attachment_use"] = str2bool(values["attachment_use"])
        values["multi"] = bool(rec.get("multi") and safe_eval(rec.get("multi")))
        xml_id = rec.get("id", "")
        self.check_xml_id(xml_id)
        groups = self.group_commands(rec.get("groups"))
        if groups:
            values["groups_id"] = groups
        if rec.get("paperformat"):
            values["paperformat_id"] = self.id_get(rec.get("paperformat"))
        full_id = self.make_xml_id(xml_id)
        reports = self.env["ir.actions.report"].with_context(install_module=self.module)
        report = external_ids.load_records(reports, [{"xml_id": full_id, "values": values,
                                                      "noupdate": self.noupdate}], self.update)
        self.idref[full_id] = report.id
        menu = rec.get("menu")
        if not menu or safe_eval(menu):
            report.create_action()
        elif self.update:
            report.unlink_action()

    def tag_unsupported(self, rec) -> None:
        _logger.warning("%s:%s: <%s> %s skipped: this server has no ir.asset model", self.path,
                        rec.sourceline, rec.tag, rec.get("id", ""))


#: Security models another part of the server provides; their records are skipped with a
#: warning while they are missing, instead of failing the install.
_PENDING_MODELS = frozenset({"ir.model.access", "ir.rule"})

_SKIP_RECORD = object()
