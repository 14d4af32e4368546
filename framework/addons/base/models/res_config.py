"""The Settings screen's models: ``res.config`` (a configuration step) and
``res.config.settings`` (the settings wizard addons extend with ``_inherit``).

A settings field's effect follows its name, as in Odoo 17:

- ``default_<name>`` (with ``default_model=``): the default of ``<name>`` in that model for
  everyone, kept in ``ir.default``;
- ``group_<name>`` (boolean, or selection of '0'/'1', with ``implied_group=`` and optionally
  ``group=``, comma-separated, default ``base.group_user``): the implied group is added to or
  removed from each of those groups' implied groups;
- ``module_<name>`` (boolean, or selection of '0'/'1'): the addon ``<name>`` is installed
  (this server installs addons only at start-up, so ticking one is refused with the command
  to run; unticking an installed one is refused too: no uninstall);
- any other field with ``config_parameter=``: an ``ir.config_parameter``;
- the rest: related fields (written through to their records) and ``set_values`` overrides.

``default_get`` reads the current state back, ``execute`` (the Save button) applies it.
"""
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

#: field types a ``config_parameter`` field may have (Odoo's list)
CONFIG_PARAMETER_TYPES = ("boolean", "integer", "float", "char", "selection", "many2one", "datetime")
#: module states that count as "the addon is there" (ticked in the settings)
PRESENT_STATES = ("installed", "to install", "to upgrade")


class ResConfig(models.TransientModel):
    """A configuration step: ``execute`` applies it, ``next`` moves on (reloads the client)."""

    _name = "res.config"
    _description = "Config"

    def start(self):
        return self.next()

    def next(self):
        return {"type": "ir.actions.client", "tag": "reload"}

    def execute(self):
        raise NotImplementedError("Configuration items need to implement execute")

    def cancel(self):
        """Hook of the Skip button: nothing by default."""

    def action_next(self):
        return self.execute() or self.next()

    def action_skip(self):
        return self.cancel() or self.next()

    def action_cancel(self):
        return self.cancel() or self.next()


class ResConfigSettings(models.TransientModel):
    """The settings wizard: one record per opening of the Settings screen, saved by ``execute``."""

    _name = "res.config.settings"
    _description = "Config Settings"

    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.company)

    def _valid_field_parameter(self, field, name):
        return (name in ("default_model", "config_parameter")
                or (field.type in ("boolean", "selection") and name in ("group", "implied_group"))
                or super()._valid_field_parameter(field, name))

    def copy(self, default=None):
        raise UserError(_("Cannot duplicate configuration!"))

    # -- the fields, by what they set -----------------------------------------------------------

    @api.model
    def _get_classified_fields(self, fnames=None):
        """``{'default': [(name, model, field)], 'group': [(name, groups, implied_group)],
        'module': ir.module.module records, 'missing': [addon names not on the addons path],
        'config': [(name, parameter key)], 'other': [names]}`` for ``fnames`` (all fields)."""
        modules = self.env["ir.module.module"].sudo()
        result = {"default": [], "group": [], "module": modules, "missing": [], "config": [],
                  "other": []}
        for name in (self._fields if fnames is None else fnames):
            field = self._fields.get(name)
            if field is None:
                continue
            if name.startswith("default_"):
                if not getattr(field, "default_model", None):
                    raise ValueError(f"Field {field} without attribute 'default_model'")
                result["default"].append((name, field.default_model, name[8:]))
            elif name.startswith("group_"):
                if field.type not in ("boolean", "selection"):
                    raise ValueError(f"Field {field} must have type 'boolean' or 'selection'")
                if not getattr(field, "implied_group", None):
                    raise ValueError(f"Field {field} without attribute 'implied_group'")
                xmlids = (getattr(field, "group", None) or "base.group_user").split(",")
                groups = self.env["res.groups"].concat(*(self.env.ref(x.strip()) for x in xmlids))
                result["group"].append((name, groups, self.env.ref(field.implied_group)))
            elif name.startswith("module_"):
                if field.type not in ("boolean", "selection"):
                    raise ValueError(f"Field {field} must have type 'boolean' or 'selection'")
                result["missing"].append(name[7:])
            elif getattr(field, "config_parameter", None):
                if field.type not in CONFIG_PARAMETER_TYPES:
                    raise ValueError(f"Field {field} must have type {', '.join(CONFIG_PARAMETER_TYPES)}")
                result["config"].append((name, field.config_parameter))
            else:
                result["other"].append(name)
        if result["missing"]:                     # one search for all the module_ fields
            result["module"] = modules.search([("name", "in", result["missing"])])
            found = set(result["module"].mapped("name"))
            result["missing"] = [name for name in result["missing"] if name not in found]
        return result

    # -- reading the current settings -----------------------------------------------------------

    def get_values(self):
        """Hook: values of fields the naming rules do not cover."""
        return {}

    @api.model
    def default_get(self, fields_list):
        result = super().default_get(fields_list)
        if not fields_list:
            return result
        classified = self._get_classified_fields(fields_list)
        if classified["default"]:
            defaults = self.env["ir.default"].sudo()
            for name, model, fname in classified["default"]:
                value = defaults._get(model, fname)
                if value is not None:
                    result[name] = value
        for name, groups, implied_group in classified["group"]:
            present = all(implied_group in group.implied_ids for group in groups)
            result[name] = str(int(present)) if self._fields[name].type == "selection" else present
        for module in classified["module"]:
            name = f"module_{module.name}"
            if name in self._fields:
                present = module.state in PRESENT_STATES
                result[name] = str(int(present)) if self._fields[name].type == "selection" else present
        params = self.env["ir.config_parameter"].sudo()
        for name, key in classified["config"]:
            field = self._fields[name]
            fallback = field.default_value(self) if field.default is not None else False
            result[name] = _parameter_value(self.env, field, key, params.get_param(key, fallback))
        result.update(self.get_values())
        return result

    # -- saving -------------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._drop_unchanged_related(vals_list)
        return super().create(vals_list)

    @api.model
    def _drop_unchanged_related(self, vals_list):
        """Take out of ``vals_list`` the writable related values equal to what their record
        holds: saving the screen would else rewrite every related field (and set off the
        recomputations and checks of their records)."""
        for vals in vals_list:
            for name in list(vals):
                field = self._fields.get(name)
                if field is None or not field.related or field.readonly:
                    continue
                first, *path = field.related.split(".")
                if first not in vals or first not in self._fields:
                    continue
                first_field = self._fields[first]
                current = first_field.convert_to_record(first_field.convert_to_cache(vals[first], self), self)
                for step in path:
                    current = current[:1][step] if isinstance(current, models.BaseModel) else False
                new = field.convert_to_record(field.convert_to_cache(vals[name], self), self)
                if current == new:
                    del vals[name]

    def set_values(self):
        """Apply the ``default_``, ``group_`` and ``config_parameter`` fields (overridden by
        addons for their other fields)."""
        self = self.with_context(active_test=False)
        classified = self._get_classified_fields()
        current = self.default_get(list(self._fields))
        defaults = self.env["ir.default"].sudo()
        for name, model, fname in classified["default"]:
            value = self[name]
            if isinstance(value, models.BaseModel):
                value = value.id if self._fields[name].type == "many2one" else value.ids
            if name not in current or value != current[name]:
                defaults.set(model, fname, value)
        # the fields unticked first: a group removed then added by another field stays added
        for name, groups, implied_group in sorted(classified["group"], key=lambda item: bool(int(self[item[0]] or 0))):
            if self[name] == current.get(name):
                continue
            if int(self[name] or 0):
                groups.sudo()._apply_group(implied_group.sudo())
            else:
                groups.sudo()._remove_group(implied_group.sudo())
        params = self.env["ir.config_parameter"].sudo()
        for name, key in classified["config"]:
            field = self._fields[name]
            value = self[name]
            if field.type == "char":
                value = (value or "").strip() or False     # keys pasted with spaces around them
            elif field.type in ("integer", "float"):
                value = repr(value) if value else False
            elif field.type == "many2one":
                value = value.id
            stored = params.get_param(key)
            if stored == value or stored == str(value):
                continue
            params.set_param(key, value)

    def execute(self):
        """The Save button: ``set_values``, then the ticked/unticked ``module_`` addons, then a
        client reload."""
        self.ensure_one()
        if not self.env.is_admin():
            raise AccessError(_("Only administrators can change the settings"))
        self = self.with_context(active_test=False)
        classified = self._get_classified_fields()
        missing = [name for name in classified["missing"] if int(self[f"module_{name}"] or 0)]
        if missing:
            raise UserError(_("The addons %s are not available on this server's addons path: "
                              "they cannot be installed.", ", ".join(sorted(missing))))
        to_install = classified["module"].filtered(
            lambda m: int(self[f"module_{m.name}"] or 0) and m.state != "installed")
        to_uninstall = classified["module"].filtered(
            lambda m: not int(self[f"module_{m.name}"] or 0) and m.state in ("installed", "to upgrade"))
        if to_uninstall:
            raise UserError(_("This server cannot uninstall addons from the Settings (%s): "
                              "uninstalling is not supported.",
                              ", ".join(sorted(to_uninstall.mapped("name")))))
        self.set_values()
        if to_install:
            self.env.flush_all()
            self._install_modules(to_install)
        action = self.env["res.config"].next() or {}
        if action.get("type") != "ir.actions.act_window_close":
            return action
        return {"type": "ir.actions.client", "tag": "reload"}

    @api.model
    def _install_modules(self, modules):
        """Install ``modules`` (``ir.module.module`` records): their uninstalled ones."""
        to_install = modules.filtered(lambda module: module.state == "uninstalled")
        if to_install:
            return to_install.button_immediate_install()
        return None

    def cancel(self):
        """The Discard button: the settings action again (the screen reopened unchanged)."""
        action = self.env["ir.actions.act_window"].search([("res_model", "=", self._name)], limit=1)
        return action.read()[0] if action else {}

    @api.depends("company_id")
    def _compute_display_name(self):
        action = self.env["ir.actions.act_window"].sudo().search([("res_model", "=", self._name)], limit=1)
        for record in self:
            record.display_name = action.name or self._name

    # -- messages naming settings -------------------------------------------------------------

    @api.model
    def get_option_path(self, menu_xml_id):
        """(full path of the menu, id of its action) of ``menu_xml_id``."""
        menu = self.env.ref(menu_xml_id)
        return menu.complete_name, menu.action.id if menu.action else False

    @api.model
    def get_option_name(self, full_field_name):
        """The label of ``model.name.field_name``."""
        model_name, field_name = full_field_name.rsplit(".", 1)
        return self.env[model_name].fields_get([field_name])[field_name]["string"]


def _parameter_value(env, field, key, value):
    """A stored ``ir.config_parameter`` text as the field's value (bad text: the empty value,
    logged, so that one broken parameter does not block the Settings screen)."""
    if value is False:
        return False
    try:
        if field.type == "many2one":
            return env[field.comodel_name].browse(int(value)).exists().id
        if field.type == "integer":
            return int(value)
        if field.type == "float":
            return float(value)
    except (ValueError, TypeError):
        _logger.warning("Error when converting value %r of field %s for ir.config_parameter %r",
                        value, field, key)
        return 0 if field.type == "integer" else 0.0 if field.type == "float" else False
    if field.type == "boolean":
        return bool(value)
    return value
