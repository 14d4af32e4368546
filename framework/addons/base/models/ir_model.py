"""Reflection of models and fields (``ir.model``, ``ir.model.fields``) and external ids (``ir.model.data``)."""
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


def _drop_custom(env, *statements) -> None:
    """Run ``statements`` (dropping custom tables or columns) and set the registry up again
    without the custom models and fields deleted."""
    env.flush_all()
    for statement in statements:
        env.cr.execute(statement)
    env.registry.setup_models(env.cr)


def _setup_custom(env, model_names) -> None:
    """Set the registry up again with the custom models and fields just created, and bring
    the tables of ``model_names`` in line (Odoo's ``setup_models`` + ``init_models``)."""
    env.flush_all()
    registry = env.registry
    registry.setup_models(env.cr)
    registry.init_models(env.cr, [name for name in model_names if name in registry],
                         dict(env.context, update_custom_fields=True))

#: the context key set while an addon's records are removed (uninstall, obsolete data): with
#: it, deletions that are refused otherwise go through (Odoo's name; addons import it)
MODULE_UNINSTALL_FLAG = "_force_unlink"


class IrModel(models.Model):
    _name = "ir.model"
    _description = "Models"
    _order = "model"
    _rec_names_search = ["name", "model"]

    def _default_field_id(self):
        """A custom model gets a name field, ``x_name`` (its ``_rec_name``), as in Odoo."""
        if self.env.context.get("install_mode"):
            return []
        return [Command.create({"name": "x_name", "field_description": "Name", "ttype": "char",
                                "copied": True})]

    name = fields.Char("Model Description", translate=True, required=True)
    model = fields.Char(required=True, index=True)
    order = fields.Char(default="id", required=True)
    info = fields.Text("Information")
    field_id = fields.One2many("ir.model.fields", "model_id", string="Fields",
                               default=_default_field_id)
    state = fields.Selection([("manual", "Custom Object"), ("base", "Base Object")],
                             "Type", default="manual", readonly=True)
    transient = fields.Boolean("Transient Model")
    modules = fields.Char("In Apps", compute="_compute_modules")
    count = fields.Integer("Count (Incl. Archived)", compute="_compute_count")
    inherited_model_ids = fields.Many2many("ir.model", compute="_compute_inherited_models",
                                           string="Inherited models",
                                           help="The models this one extends by delegation (_inherits)")

    _sql_constraints = [("obj_name_uniq", "unique (model)", "Each model must have a unique name.")]

    @api.model_create_multi
    def create(self, vals_list):
        """Custom models (state ``manual``, the default) join the registry at once, with
        their table: the registry is set up again (``custom_models``) and signals it."""
        for vals in vals_list:
            if vals.get("state", "manual") == "manual" and not str(vals.get("model", "")).startswith("x_"):
                raise ValidationError(_("The model name must start with 'x_' (got %s).",
                                        vals.get("model")))
        records = super().create(vals_list)
        custom = [vals["model"] for vals in vals_list if vals.get("state", "manual") == "manual"]
        if custom:
            _setup_custom(self.env, custom)
        return records

    def unlink(self):
        """A custom model goes with its table, and leaves the registry at once."""
        tables = [self.env[record.model]._table for record in self
                  if record.state == "manual" and record.model in self.env.registry
                  and self.env.registry[record.model]._auto]
        result = super().unlink()
        if tables:
            _drop_custom(self.env, SQL("DROP TABLE IF EXISTS %s CASCADE",
                                       SQL.join(", ", [SQL.identifier(t) for t in tables])))
        return result

    def _compute_modules(self):
        for record in self:
            model = self.env.registry.models.get(record.model)
            record.modules = model._original_module if model is not None else False

    def _compute_inherited_models(self):
        for record in self:
            model = self.env.registry.models.get(record.model)
            parents = list(model._inherits) if model is not None else []
            record.inherited_model_ids = self.search([("model", "in", parents)]) if parents else self.browse()

    def _compute_count(self):
        for record in self:
            model = self.env.registry.models.get(record.model)
            if model is None or model._abstract:
                record.count = 0
            else:
                record.count = self.env[record.model].with_context(active_test=False).search_count([])

    @api.model
    def _get(self, name):
        return self.search([("model", "=", name)], limit=1)

    @api.model
    def _get_id(self, name):
        return self._get(name).id


class IrModelFields(models.Model):
    _name = "ir.model.fields"
    _description = "Fields"
    _order = "name"
    _rec_name = "field_description"

    name = fields.Char("Field Name", required=True, index=True)
    complete_name = fields.Char(compute="_compute_complete_name")
    model = fields.Char("Model Name", required=True, index=True)
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    field_description = fields.Char("Field Label", translate=True, required=True)
    help = fields.Text("Field Help", translate=True)
    ttype = fields.Char("Field Type", required=True)
    relation = fields.Char("Related Model")
    relation_field = fields.Char("Related Field")
    relation_table = fields.Char("Relation Table")
    domain = fields.Char(default="[]", help="The domain restricting the values of a custom relational "
                                            "field (as Odoo: left empty for the fields of code)")
    column1 = fields.Char()
    column2 = fields.Char()
    related = fields.Char()
    required = fields.Boolean()
    readonly = fields.Boolean()
    index = fields.Boolean("Indexed")
    translate = fields.Boolean("Translatable")
    store = fields.Boolean("Stored", default=True)
    copied = fields.Boolean("Copied")
    on_delete = fields.Char("On Delete")
    state = fields.Selection([("manual", "Custom Field"), ("base", "Base Field")], default="manual")
    selection_ids = fields.One2many("ir.model.fields.selection", "field_id")

    _sql_constraints = [("name_unique", "UNIQUE(model, name)", "Field names must be unique per model.")]

    @api.depends("model", "name")
    def _compute_complete_name(self):
        for field in self:
            field.complete_name = f"{field.model}.{field.name}"

    @api.model_create_multi
    def create(self, vals_list):
        """``model`` follows ``model_id`` when not given; custom fields (state ``manual``)
        join their model at once, with their column."""
        for vals in vals_list:
            if vals.get("model_id") and not vals.get("model"):
                vals["model"] = self.env["ir.model"].browse(vals["model_id"]).model
            if vals.get("state", "manual") == "manual" and not str(vals.get("name", "")).startswith("x_"):
                raise ValidationError(_("Custom fields must have a name that starts with 'x_' "
                                        "(got %s).", vals.get("name")))
        records = super().create(vals_list)
        custom = {vals["model"] for vals in vals_list if vals.get("state", "manual") == "manual"}
        if custom:
            _setup_custom(self.env, custom)
        return records

    @api.model
    def _get(self, model_name, name):
        return self.search([("model", "=", model_name), ("name", "=", name)], limit=1)

    def unlink(self):
        """A custom field goes with its column, and leaves its model at once."""
        columns = []
        for field in self:
            model = self.env.registry.models.get(field.model)
            stored = model is not None and field.name in model._fields and \
                model._fields[field.name].column
            if field.state == "manual" and stored and model._auto:
                columns.append(SQL("ALTER TABLE %s DROP COLUMN IF EXISTS %s",
                                   SQL.identifier(model._table), SQL.identifier(field.name)))
        custom = any(field.state == "manual" for field in self)
        result = super().unlink()
        if custom:
            _drop_custom(self.env, *columns)
        return result


class IrModelFieldsSelection(models.Model):
    _name = "ir.model.fields.selection"
    _description = "Fields Selection"
    _order = "sequence, id"

    field_id = fields.Many2one("ir.model.fields", required=True, ondelete="cascade", index=True)
    value = fields.Char(required=True)
    name = fields.Char(translate=True, required=True)
    sequence = fields.Integer(default=1000)


class IrModelData(models.Model):
    """External identifiers: ``module.name`` -> (model, res_id)."""

    _name = "ir.model.data"
    _description = "Model Data"
    _order = "module, model, name"
    _rec_name = "complete_name"

    name = fields.Char("External Identifier", required=True)
    complete_name = fields.Char(compute="_compute_complete_name")
    model = fields.Char("Model Name", required=True)
    module = fields.Char(default="", required=True)
    res_id = fields.Many2oneReference("Record ID", model_field="model")
    noupdate = fields.Boolean("Non Updatable", default=False)

    _sql_constraints = [("name_nospaces", "CHECK(name NOT LIKE '%% %%')",
                         "External IDs cannot contain spaces"),
                        ("module_name_uniq", "UNIQUE (module, name)",
                         "An external id must be unique within its module.")]

    @api.depends("module", "name")
    def _compute_complete_name(self):
        for record in self:
            record.complete_name = ".".join(n for n in (record.module, record.name) if n)

    @api.model
    def _xmlid_lookup(self, xmlid):
        """``(model, res_id)`` of ``module.name``; ValueError when unknown."""
        if "." not in xmlid:
            raise ValueError(f"External ID must be of the form module.name, got {xmlid!r}")
        module, name = xmlid.split(".", 1)
        self.env.cr.execute("SELECT model, res_id FROM ir_model_data WHERE module = %s AND name = %s",
                            (module, name))
        row = self.env.cr.fetchone()
        if not row:
            raise ValueError(f"External ID not found in the system: {xmlid}")
        return row

    @api.model
    def _xmlid_to_res_model_res_id(self, xmlid, raise_if_not_found=False):
        try:
            return self._xmlid_lookup(xmlid)
        except ValueError:
            if raise_if_not_found:
                raise
            return (False, False)

    @api.model
    def _xmlid_to_res_id(self, xmlid, raise_if_not_found=False):
        return self._xmlid_to_res_model_res_id(xmlid, raise_if_not_found)[1]

    @api.model
    def check_object_reference(self, module, xml_id, raise_on_access_error=False):
        model, res_id = self._xmlid_lookup(f"{module}.{xml_id}")
        return model, res_id

    @api.model
    def object_to_xmlid(self, record):
        return record.get_external_id().get(record.id)

    @api.model
    def _update_xmlids(self, data_list, update=False):
        """Create or move external ids: ``[{'xml_id': 'mod.name', 'record': rec, 'noupdate': bool}]``."""
        for data in data_list:
            module, name = data["xml_id"].split(".", 1)
            record = data["record"]
            existing = self.search([("module", "=", module), ("name", "=", name)])
            values = {"model": record._name, "res_id": record.id,
                      "noupdate": data.get("noupdate", False)}
            if existing:
                existing.write(values)
            else:
                self.create(dict(values, module=module, name=name))
            self.pool.loaded_xmlids.add(data["xml_id"])

    @api.constrains("name")
    def _check_name(self):
        for record in self:
            if record.name and " " in record.name:
                raise ValidationError("External IDs cannot contain spaces")

    def unlink(self):
        if any(r.model == "ir.model" and r.module == "base" for r in self) and \
                not self.env.context.get("module_uninstall"):
            raise UserError("External ids of base models cannot be deleted")
        return super().unlink()
