"""Views (``ir.ui.view``): stored archs, inheritance, validation at install, and the view
API every model gets (``get_views``, ``get_view``, the older ``fields_view_get`` and
``load_views``).

An arch is combined from its *root* (the first ancestor without ``inherit_id``) downward:
extension views are applied depth-first in (priority, id) order; primary views that inherit
come after all extensions of their parent, as in Odoo. While addons are loading, views of
addons not loaded yet are left out, so an upgrade of a low-level addon validates its views
against what is loaded at that point.

This server renders no backend UI: archs are stored and combined as written, ``attrs`` and
``states`` included.
"""
import ast
import collections
import logging
import uuid

from lxml import etree
from lxml.builder import E

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.view_inheritance import ViewInheritanceError, apply_inheritance_specs

from . import ir_ui_view_file

_logger = logging.getLogger(__name__)

VIEW_TYPES = [
    ("tree", "Tree"), ("form", "Form"), ("graph", "Graph"), ("pivot", "Pivot"),
    ("calendar", "Calendar"), ("gantt", "Gantt"), ("kanban", "Kanban"), ("search", "Search"),
    ("qweb", "QWeb"),
]

#: Field attributes get_views returns for the fields a view shows (Odoo 17's list).
VIEW_FIELD_ATTRIBUTES = [
    "change_default", "context", "currency_field", "definition_record",
    "definition_record_field", "digits", "domain", "group_operator", "groups", "help",
    "model_field", "name", "readonly", "related", "relation", "relation_field", "required",
    "searchable", "selection", "size", "sortable", "store", "string", "translate", "trim",
    "type",
]

#: Elements that open a sub-view on the comodel when nested in a relational <field>.
SUBVIEW_TAGS = {"tree", "list", "form", "kanban", "graph", "pivot", "calendar", "search",
                "activity", "gantt"}
#: Attributes whose value is a Python expression over the record's fields (17 style).
EXPRESSION_ATTRIBUTES = ("invisible", "readonly", "required", "column_invisible")
_EXPRESSION_NAMES = {"True", "False", "None", "context", "uid", "parent", "current_date",
                     "today", "now", "id", "active_id", "active_ids", "active_model"}


class IrUiView(models.Model):
    _name = "ir.ui.view"
    _description = "View"
    _order = "priority,name,id"

    name = fields.Char("View Name", required=True)
    model = fields.Char(index=True)
    key = fields.Char(index="btree_not_null")
    priority = fields.Integer("Sequence", default=16, required=True)
    type = fields.Selection(VIEW_TYPES, "View Type")
    arch_db = fields.Text("Arch Blob")
    arch = fields.Text("View Architecture", compute="_compute_arch", inverse="_inverse_arch")
    arch_base = fields.Text("Base View Architecture", compute="_compute_arch",
                            inverse="_inverse_arch_base")
    arch_fs = fields.Char("Arch Filename", help="File the arch was loaded from, "
                                                "relative to the addons path")
    arch_updated = fields.Boolean("Modified Architecture")
    arch_prev = fields.Text("Previous View Architecture")
    inherit_id = fields.Many2one("ir.ui.view", "Inherited View", ondelete="restrict", index=True)
    inherit_children_ids = fields.One2many("ir.ui.view", "inherit_id", "Views which inherit from this one")
    field_parent = fields.Char("Child Field")
    model_data_id = fields.Many2one("ir.model.data", "Model Data", compute="_compute_model_data_id")
    xml_id = fields.Char("External ID", compute="_compute_xml_id")
    groups_id = fields.Many2many("res.groups", "ir_ui_view_group_rel", "view_id", "group_id",
                                 string="Groups")
    mode = fields.Selection([("primary", "Base view"), ("extension", "Extension View")],
                            "View inheritance mode", default="primary", required=True)
    active = fields.Boolean(default=True)

    # -- computes ---------------------------------------------------------------------------

    @api.depends("arch_db", "arch_fs", "arch_updated")
    def _compute_arch(self):
        for view in self:
            view.arch = view.arch_base = view._arch_text()

    def _arch_text(self):
        """The arch to use: with --dev=xml, read from the view's file (see ir_ui_view_file)."""
        if ir_ui_view_file.dev_reads_files(getattr(self.env.registry, "config", None)) and \
                self.arch_fs and not self.arch_updated and self.xml_id:
            from_file = ir_ui_view_file.arch_from_file(self.env, self.arch_fs, self.xml_id)
            if from_file:
                return from_file
        return self.arch_db

    def _inverse_arch(self):
        self._write_arch("arch")

    def _inverse_arch_base(self):
        self._write_arch("arch_base")

    def _write_arch(self, field_name):
        filename = self.env.context.get("install_filename")
        for view in self:
            values = {"arch_db": view[field_name]}
            if filename and self.env.context.get("install_mode"):
                values["arch_fs"] = _relative_path(filename)
                values["arch_updated"] = False
            view.write(values)

    def _compute_model_data_id(self):
        data = self.env["ir.model.data"].sudo().search_read(
            [("model", "=", "ir.ui.view"), ("res_id", "in", self.ids)], ["res_id"], order="id desc")
        found = {row["res_id"]: row["id"] for row in data}
        for view in self:
            view.model_data_id = found.get(view.id, False)

    def _compute_xml_id(self):
        xmlids = self._get_external_ids()
        for view in self:
            view.xml_id = (xmlids.get(view.id) or [""])[0]

    # -- create / write ---------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for values in vals_list:
            arch = values.get("arch") or values.get("arch_base") or values.get("arch_db")
            if not values.get("type"):
                if values.get("inherit_id"):
                    values["type"] = self.browse(values["inherit_id"]).type
                elif arch:
                    try:
                        values["type"] = etree.fromstring(arch.encode()).tag
                    except etree.XMLSyntaxError:
                        pass                      # the constraint reports it, with context
                    if values.get("type") == "list":
                        values["type"] = "tree"
                    elif values.get("type") == "t":
                        values["type"] = "qweb"
            if not values.get("key") and values.get("type") == "qweb":
                values["key"] = f"gen_key.{uuid.uuid4().hex[:6]}"
            if not values.get("name"):
                values["name"] = f"{values.get('model')} {values.get('type')}"
            values["arch_prev"] = arch
            if "inherit_id" in values:
                values.setdefault("mode", "extension" if values["inherit_id"] else "primary")
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        if "inherit_id" in vals and "mode" not in vals:
            vals["mode"] = "extension" if vals["inherit_id"] else "primary"
        if "arch_db" in vals and "arch_updated" not in vals and \
                not self.env.context.get("install_filename"):
            vals["arch_updated"] = True
        return super().write(vals)

    def unlink(self):
        # at uninstall (and for records removed by an upgrade) extensions go with their parent
        if self.env.context.get("_force_unlink") and self.inherit_children_ids:
            (self.inherit_children_ids - self).unlink()
        return super().unlink()

    # -- validation --------------------------------------------------------------------------

    @api.constrains("arch_db", "inherit_id", "mode", "model")
    def _check_xml(self):
        for view in self:
            view._check_no_cycle()
            if view.model and view.model not in self.env and view.type != "qweb":
                raise ValidationError(f"Model not found: {view.model} (view {view.name!r})")
            try:
                if view.arch_db:
                    etree.fromstring(view.arch_db.encode())
                arch = view._get_combined_arch()
            except (etree.XMLSyntaxError, ValueError) as exc:
                error = ValidationError(f"Error while parsing or validating view:\n\n{exc}")
                error.context = getattr(exc, "context", None) or view._error_context()
                raise error from None
            if view.type != "qweb" and view.model in self.env:
                view._check_fields(arch, view.model)

    def _check_no_cycle(self):
        seen, view = set(), self
        while view:
            if view.id in seen:
                raise ValidationError(f"You cannot create recursive inherited views "
                                      f"({self.name!r} inherits from itself)")
            seen.add(view.id)
            view = view.inherit_id

    def _check_fields(self, arch, model_name):
        """Every ``<field name>`` names a field of the model it is in (sub-views included)."""
        def walk(node, model):
            for child in node.iterchildren(tag=etree.Element):
                if child.tag == "groupby" and child.get("name") in model._fields:
                    field = model._fields[child.get("name")]
                    if getattr(field, "comodel_name", None) in self.env:
                        walk(child, self.env[field.comodel_name])
                elif child.tag == "field":
                    name = child.get("name")
                    field = model._fields.get(name)
                    if field is None:
                        error = ValidationError(f'Field "{name}" does not exist in model '
                                                f'"{model._name}"')
                        error.context = self._error_context(child)
                        raise error
                    if field.type in ("many2one", "one2many", "many2many") and \
                            field.comodel_name in self.env:
                        walk(child, self.env[field.comodel_name])
                    else:
                        walk(child, model)
                else:
                    walk(child, model)
        walk(arch, self.env[model_name])

    def _error_context(self, node=None) -> dict:
        xmlid = self.xml_id or self.env.context.get("install_xmlid") or ""
        return {"name": self.name, "view": self, "xmlid": xmlid,
                "addon": xmlid.split(".", 1)[0] if xmlid else self.env.context.get("install_module"),
                "view.model": self.model, "view.parent": self.inherit_id,
                "file": self.arch_fs or self.env.context.get("install_filename"),
                "line": node.sourceline if node is not None else 1}

    # -- combining archs ---------------------------------------------------------------------

    def _get_combined_arch(self):
        """This view's arch (an lxml element) with every applicable inheriting view applied."""
        self.ensure_one()
        chain, root = [], self
        while True:
            chain.append(root.id)
            if not root.inherit_id:
                break
            root = root.inherit_id
        views = self._get_inheriting_views(chain)
        hierarchy = collections.defaultdict(list)
        for view in views:
            hierarchy[view.inherit_id.id].append(view)
        return root._combine(hierarchy)

    def _combine(self, hierarchy):
        text = self._arch_text()
        arch = etree.fromstring(text.encode()) if text else E.data()
        queue = collections.deque(sorted(hierarchy[self.id], key=lambda v: v.mode))
        while queue:
            view = queue.popleft()
            arch = view._apply_to(arch)
            for child in reversed(hierarchy[view.id]):
                if child.mode == "primary":
                    queue.append(child)
                else:
                    queue.appendleft(child)
        return arch

    def _apply_to(self, arch):
        text = self._arch_text()
        specs = etree.fromstring(text.encode()) if text else E.data()
        try:
            return self.apply_inheritance_specs(arch, specs)
        except ViewInheritanceError as exc:
            error = ValueError(f"{exc}\n\nView: {self.name!r} ({self.xml_id or 'id ' + str(self.id)}), "
                               f"addon {self._error_context()['addon'] or '?'}")
            error.context = self._error_context(exc.spec)
            raise error from None

    def apply_inheritance_specs(self, source, specs_tree):
        """Hook: apply ``specs_tree`` to ``source`` (addons add positions here)."""
        return apply_inheritance_specs(source, specs_tree)

    def _get_inheriting_views(self, chain_ids):
        """Views of ``chain_ids`` and their active extension descendants, by (priority, id)."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("""
            WITH RECURSIVE tree AS (
                SELECT id, inherit_id, priority, mode, model FROM ir_ui_view WHERE id = ANY(%s)
              UNION
                SELECT v.id, v.inherit_id, v.priority, v.mode, v.model
                  FROM ir_ui_view v JOIN tree parent ON parent.id = v.inherit_id
                 WHERE v.active AND v.mode = 'extension'
                   AND COALESCE(v.model, '') = COALESCE(parent.model, '')
            )
            SELECT id FROM tree ORDER BY priority, id""", (list(chain_ids),))
        ids = [row[0] for row in cr.fetchall()]
        loading = self.env.context.get("install_module")
        if loading and ids:
            # while addons load, leave out views of addons that are not loaded yet
            modules = set(self.env.registry.loaded_modules) | {loading}
            cr.execute("SELECT res_id, module FROM ir_model_data WHERE model = 'ir.ui.view' "
                       "AND res_id = ANY(%s)", (ids,))
            owners = collections.defaultdict(set)
            for res_id, module in cr.fetchall():
                owners[res_id].add(module)
            ids = [i for i in ids if i in chain_ids or not owners[i] or owners[i] & modules]
        return self.browse(ids)

    # -- lookups -------------------------------------------------------------------------------

    @api.model
    def default_view(self, model, view_type):
        """Id of the primary view of ``model`` and ``view_type`` with the lowest priority."""
        view = self.search([("model", "=", model), ("type", "=", view_type),
                            ("mode", "=", "primary")], limit=1, order="priority, id")
        return view.id or False

    # -- post-processing for clients -----------------------------------------------------------

    @api.model
    def _postprocess_view(self, node, model_name):
        """Drop nodes the user's groups may not see; collect ``{model: field names}`` shown."""
        models_fields = collections.defaultdict(set)
        self._postprocess_node(node, self.env[model_name], models_fields)
        return node, models_fields

    def _postprocess_node(self, node, model, models_fields):
        for child in list(node.iterchildren(tag=etree.Element)):
            groups = child.get("groups")
            if groups is not None:
                del child.attrib["groups"]
                if not self.user_has_groups(groups):
                    _remove_keeping_tail(child)
                    continue
            if child.tag == "field" and child.get("name") in model._fields:
                field = model._fields[child.get("name")]
                if field.groups and not self.user_has_groups(field.groups):
                    _remove_keeping_tail(child)
                    continue
                models_fields[model._name].add(field.name)
                self._collect_expression_fields(child, model, models_fields)
                comodel = getattr(field, "comodel_name", None)
                if comodel and comodel in self.env and any(sub.tag in SUBVIEW_TAGS
                                                          for sub in child.iterchildren(tag=etree.Element)):
                    models_fields.setdefault(comodel, set())
                    self._postprocess_node(child, self.env[comodel], models_fields)
                    continue
            elif child.tag == "groupby" and child.get("name") in model._fields:
                field = model._fields[child.get("name")]
                models_fields[model._name].add(field.name)
                if getattr(field, "comodel_name", None) in self.env:
                    self._postprocess_node(child, self.env[field.comodel_name], models_fields)
                    continue
            else:
                self._collect_expression_fields(child, model, models_fields)
            self._postprocess_node(child, model, models_fields)

    @staticmethod
    def _collect_expression_fields(node, model, models_fields):
        """Fields read by ``invisible="state == 'done'"`` (17) and ``attrs``/``states`` (16)."""
        names = set()
        for attribute in EXPRESSION_ATTRIBUTES:
            text = node.get(attribute)
            if text and text.strip() not in ("0", "1", "True", "False", "true", "false"):
                names |= _expression_names(text)
        if node.get("attrs"):
            names |= _domain_names(node.get("attrs"))
        if node.get("states") and "state" in model._fields:
            names.add("state")
        models_fields[model._name].update(name for name in names if name in model._fields)


class Base(models.AbstractModel):
    """The view API of every model."""

    _inherit = "base"

    @api.model
    def get_views(self, views, options=None):
        """Archs of ``views`` (``[(view_id, view_type)]``) and the fields they show, per model.

        ``options``: ``toolbar`` adds the bound actions to each view; ``load_filters`` adds
        the saved filters to the search view (when ``ir.filters`` exists).
        """
        options = options or {}
        result = {"views": {view_type: self.get_view(view_id, "tree" if view_type == "list" else view_type,
                                                     **options)
                            for view_id, view_type in views}}
        wanted = collections.defaultdict(set)
        for view in result["views"].values():
            for model, names in view.pop("models").items():
                wanted[model].update(names)
        result["models"] = {model: self.env[model].fields_get(allfields=sorted(names) or None,
                                                             attributes=VIEW_FIELD_ATTRIBUTES)
                            if names else {}
                            for model, names in wanted.items()}
        if options.get("toolbar"):
            for view in result["views"].values():
                view["toolbar"] = {}
            bindings = self.env["ir.actions.actions"].get_bindings(self._name)
            for action_type, key in (("report", "print"), ("action", "action")):
                for action in bindings.get(action_type, []):
                    view_types = (action["binding_view_types"].split(",")
                                  if action.get("binding_view_types") else list(result["views"]))
                    for view_type in view_types:
                        view_type = "list" if view_type == "tree" else view_type
                        if view_type in result["views"]:
                            result["views"][view_type]["toolbar"].setdefault(key, []).append(action)
        if options.get("load_filters") and "search" in result["views"] and "ir.filters" in self.env:
            result["views"]["search"]["filters"] = self.env["ir.filters"].get_filters(
                self._name, options.get("action_id"))
        return result

    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        """The combined arch of one view, after access post-processing, with the fields it shows."""
        arch, view = self._get_view(view_id, view_type, **options)
        arch, models_fields = self.env["ir.ui.view"]._postprocess_view(arch, self._name)
        models_fields.setdefault(self._name, set())
        return {"arch": etree.tostring(arch, encoding="unicode").replace("\t", ""),
                "id": view.id or False, "model": self._name, "type": view_type,
                "models": {model: tuple(sorted(names)) for model, names in models_fields.items()}}

    @api.model
    def _get_fields_spec(self, view_info=None):
        """The fields specification (``{name: {"fields": {...}}}``, as ``web_read`` and
        ``onchange`` take it) of a view: ``view_info`` as ``get_view`` returns it, the
        default form view when not given. Many2one fields ask for their ``display_name``;
        the sub-views of x2many fields give the fields of the lines (an one2many's inverse
        field left out)."""
        def fill(node, model, spec):
            if node.tag != "field":
                for child in node.iterchildren(tag=etree.Element):
                    fill(child, model, spec)
                return
            field_spec = spec.setdefault(node.get("name"), {})
            field = model._fields.get(node.get("name"))
            if field is None:
                return
            sub_spec = {"display_name": {}} if field.type == "many2one" else {}
            if field.relational:
                comodel = model.env[field.comodel_name]
                for child in node.iterchildren(tag=etree.Element):
                    fill(child, comodel, sub_spec)
            if field.type == "one2many":
                sub_spec.pop(field.inverse_name, None)
            if sub_spec:
                field_spec.setdefault("fields", {}).update(sub_spec)

        if view_info is None:
            view_info = self.get_view()
        result = {}
        fill(etree.fromstring(view_info["arch"]), self, result)
        return result

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        views = self.env["ir.ui.view"].sudo()
        if not view_id:
            ref = self.env.context.get(f"{view_type}_view_ref")
            if ref:
                ref = ref if "." in ref else f"{self._original_module}.{ref}"
                found = self.env["ir.model.data"]._xmlid_to_res_model_res_id(ref)
                if found[0] == "ir.ui.view":
                    view_id = found[1]
        if not view_id:
            view_id = views.default_view(self._name, view_type)
        if view_id:
            view = views.browse(view_id)
            return view._get_combined_arch(), view
        builder = getattr(self, f"_get_default_{view_type}_view", None)
        if builder is None:
            raise UserError(f"No default view of type '{view_type}' could be found!")
        return builder(), views.browse()

    @api.model
    def fields_view_get(self, view_id=None, view_type="form", toolbar=False, submenu=False):
        """The pre-16 name: arch, fields, toolbar of one view, in the pre-16 shape."""
        found = self.get_views([(view_id, view_type)], {"toolbar": toolbar})
        view = found["views"][view_type]
        record = self.env["ir.ui.view"].sudo().browse(view["id"]) if view["id"] else None
        result = {"arch": view["arch"], "model": self._name, "type": view_type,
                  "view_id": view["id"], "name": record.name if record else "default",
                  "field_parent": (record.field_parent or False) if record else False,
                  "fields": found["models"].get(self._name, {})}
        if toolbar:
            result["toolbar"] = view.get("toolbar", {})
        return result

    @api.model
    def load_views(self, views, options=None):
        """The pre-16 name of ``get_views``: ``fields_views`` per type plus all model fields."""
        options = options or {}
        result = {"fields_views": {view_type: self.fields_view_get(view_id, view_type,
                                                                   toolbar=options.get("toolbar"))
                                   for view_id, view_type in views},
                  "fields": self.fields_get()}
        if options.get("load_filters") and "ir.filters" in self.env:
            result["filters"] = self.env["ir.filters"].get_filters(self._name, options.get("action_id"))
        return result

    # -- default archs, when a model has no view of a type ----------------------------------------

    @api.model
    def _get_default_form_view(self):
        sheet, pending = E.sheet(string=self._description or self._name), E.group()
        left, right = E.group(), E.group()
        for name, field in self._fields.items():
            if name in models.MAGIC_COLUMNS or name == "display_name" or not field.store \
                    and not field.related:
                continue
            if field.type in ("one2many", "many2many", "text", "html"):
                if len(left) or len(right):
                    sheet.append(E.group(left, right))
                    left, right = E.group(), E.group()
                sheet.append(E.group(E.field(name=name)))
            elif len(left) > len(right):
                right.append(E.field(name=name))
            else:
                left.append(E.field(name=name))
        if len(left) or len(right):
            pending.extend([left, right])
            sheet.append(pending)
        return E.form(sheet, string=self._description or self._name)

    @api.model
    def _get_default_tree_view(self):
        name = self._rec_name or "id"
        return E.tree(E.field(name=name), string=self._description or self._name)

    _get_default_list_view = _get_default_tree_view

    @api.model
    def _get_default_search_view(self):
        name = self._rec_name or "id"
        return E.search(E.field(name=name), string=self._description or self._name)

    @api.model
    def _get_default_pivot_view(self):
        return E.pivot(string=self._description or self._name)

    @api.model
    def _get_default_graph_view(self):
        return E.graph(string=self._description or self._name)


def _remove_keeping_tail(node):
    parent = node.getparent()
    if node.tail and node.tail.strip():
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _parsed(text):
    """The expression's syntax tree, or None when it does not parse (then it names nothing)."""
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return None


def _expression_names(text):
    tree = _parsed(text)
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)
            and node.id not in _EXPRESSION_NAMES} if tree else set()


def _domain_names(text):
    """First elements of ``('field', 'op', value)`` leaves in an ``attrs`` dict of domains."""
    tree = _parsed(text)
    names = set()
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 3:
            first = node.elts[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value.split(".")[0])
    return names


def _relative_path(path):
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-3:]) if len(parts) >= 3 else path
