"""Actions: window (``ir.actions.act_window``), URL, client and server actions, all kinds of
``ir.actions.actions``.

As in Odoo, each kind has its own table, and every kind table *inherits* the PostgreSQL
table ``ir_actions`` and draws its ids from the same sequence. Action ids are therefore
unique across kinds, ``ir.actions.actions`` searches and reads every action, and
``env['ir.actions.actions'].browse(id).type`` tells which model holds it. The link is made
by ``init()`` (``ALTER TABLE ... INHERIT``) once the ORM has created the tables.

Server actions of type ``code`` run through :func:`odoo.tools.safe_eval.safe_eval` with the
names Odoo gives them (``env``, ``model``, ``record``, ``records``, ``log``, ``UserError``...).
"""
import base64
import logging
import re
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import SQL, float_utils
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil as safe_dateutil
from odoo.tools.safe_eval import safe_eval, test_python_expr, wrap_module
from odoo.tools.safe_eval import time as safe_time

from .ir_ui_view import VIEW_TYPES

_logger = logging.getLogger(__name__)

ACTION_TABLE = "ir_actions"

DEFAULT_PYTHON_CODE = """# Available variables:
#  - env: environment on which the action is triggered
#  - model: model of the record on which the action is triggered; is a void recordset
#  - record: record on which the action is triggered; may be void
#  - records: recordset of all records on which the action is triggered in multi-mode; may be void
#  - time, datetime, dateutil, timezone: useful Python libraries
#  - float_compare: utility function to compare floats based on specific precision
#  - log: log(message, level='info'): logging function to record debug information
#  - UserError: exception class for raising user-facing warning messages
#  - Command: x2many commands namespace
# To return an action, assign: action = {...}



"""


class IrActions(models.Model):
    _name = "ir.actions.actions"
    _description = "Actions"
    _table = ACTION_TABLE
    _order = "name"

    name = fields.Char("Action Name", required=True, translate=True)
    type = fields.Char("Action Type", required=True)
    xml_id = fields.Char("External ID", compute="_compute_xml_id")
    help = fields.Html("Action Description", translate=True,
                       help="Optional help text for the users with a description of the target "
                            "view, such as its usage and purpose.")
    binding_model_id = fields.Many2one("ir.model", ondelete="cascade",
                                       help="Setting a value makes this action available in the "
                                            "sidebar for the given model.")
    binding_type = fields.Selection([("action", "Action"), ("report", "Report")],
                                    required=True, default="action")
    binding_view_types = fields.Char(default="list,form")

    def _compute_xml_id(self):
        xmlids = self._get_external_ids()
        for action in self:
            action.xml_id = (xmlids.get(action.id) or [""])[0]

    def init(self):
        super().init()
        if self._table != ACTION_TABLE:
            _attach_to_action_table(self.env.cr, self._table)

    def unlink(self):
        """Menus pointing to deleted actions lose their action, as in Odoo."""
        if "ir.ui.menu" in self.env:
            refs = [f"{action._name},{action.id}" for action in self]
            menus = self.env["ir.ui.menu"].sudo().with_context(active_test=False).search(
                [("action", "in", refs)])
            if menus:
                menus.write({"action": False})
        return super().unlink()

    def unlink_action(self):
        """Take the actions out of their model's Action/Print menus (server actions, reports)."""
        self.check_access_rights("write", raise_exception=True)
        self.filtered("binding_model_id").write({"binding_model_id": False})
        return True

    # -- what clients and addons call ---------------------------------------------------------

    @api.model
    def get_bindings(self, model_name):
        """``{'action': [...], 'report': [...]}``: actions bound to ``model_name`` the user may run."""
        result = defaultdict(list)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT a.id, a.type, a.binding_type FROM ir_actions a JOIN ir_model m "
            "ON a.binding_model_id = m.id WHERE m.model = %s ORDER BY a.id", (model_name,))
        for action_id, action_model, binding_type in self.env.cr.fetchall():
            if action_model not in self.env:
                continue
            action = self.env[action_model].sudo().browse(action_id)
            names = ["name", "binding_view_types"] + [name for name in ("groups_id", "res_model", "sequence", "domain")
                                                      if name in action._fields]
            try:
                values = action.read(names)[0]
            except MissingError:
                continue
            groups = values.pop("groups_id", None)
            if groups:
                xmlids = self.env["res.groups"].browse(groups)._get_external_ids()
                allowed = ",".join(ids[0] for ids in xmlids.values() if ids)
                if allowed and not self.user_has_groups(allowed):
                    continue
            values.pop("res_model", None)
            result[binding_type].append(values)
        for actions in result.values():
            actions.sort(key=lambda values: values.get("sequence") or 0)
        return dict(result)

    @api.model
    def _for_xml_id(self, full_xml_id):
        """The action of external id ``full_xml_id`` as a dict, as ``/web/action/load`` gives it."""
        record = self.env.ref(full_xml_id)
        if not isinstance(record, IrActions):
            raise ValueError(f"{full_xml_id!r} is not an action (it is a {record._name} record)")
        action = record.sudo()
        readable = action._get_readable_fields()
        return {name: value for name, value in action.read()[0].items() if name in readable}

    def _get_readable_fields(self):
        return {"binding_model_id", "binding_type", "binding_view_types", "display_name", "help",
                "id", "name", "type", "xml_id"}

    def _get_eval_context(self, action=None):
        """Names available to actions' Python (server actions, evaluated contexts)."""
        return {"uid": self.env.uid, "user": self.env.user, "time": safe_time,
                "datetime": safe_datetime, "dateutil": safe_dateutil,
                "timezone": wrap_module(__import__("zoneinfo"), ["ZoneInfo"]).ZoneInfo,
                "float_compare": float_utils.float_compare, "b64encode": base64.b64encode,
                "b64decode": base64.b64decode, "Command": Command}


class IrActionsActWindow(models.Model):
    _name = "ir.actions.act_window"
    _description = "Action Window"
    _table = "ir_act_window"
    _inherit = "ir.actions.actions"
    _order = "name"

    type = fields.Char(default="ir.actions.act_window")
    view_id = fields.Many2one("ir.ui.view", "View Ref.", ondelete="set null")
    domain = fields.Char("Domain Value", help="Optional domain filtering of the destination "
                                              "data, as a Python expression")
    context = fields.Char("Context Value", default="{}", required=True,
                          help="Context dictionary as Python expression, empty by default")
    res_id = fields.Integer("Record ID", help="Database ID of record to open in form view")
    res_model = fields.Char("Destination Model", required=True)
    target = fields.Selection([("current", "Current Window"), ("new", "New Window"),
                               ("inline", "Inline Edit"), ("fullscreen", "Full Screen"),
                               ("main", "Main action of Current Window")],
                              default="current", string="Target Window")
    view_mode = fields.Char(required=True, default="tree,form",
                            help="Comma-separated list of allowed view modes")
    mobile_view_mode = fields.Char(default="kanban")
    usage = fields.Char("Action Usage")
    view_ids = fields.One2many("ir.actions.act_window.view", "act_window_id", "No of Views")
    views = fields.Json(compute="_compute_views",
                        help="[(view_id, view_type)] in the order the client shows them")
    limit = fields.Integer(default=80, help="Default limit for the list view")
    groups_id = fields.Many2many("res.groups", "ir_act_window_group_rel", "act_id", "gid",
                                 string="Groups")
    search_view_id = fields.Many2one("ir.ui.view", "Search View Ref.")
    filter = fields.Boolean()

    @api.depends("view_ids.view_mode", "view_mode", "view_id.type")
    def _compute_views(self):
        for action in self:
            views = [[line.view_id.id or False, line.view_mode] for line in action.view_ids]
            present = {mode for _view, mode in views}
            missing = [mode for mode in (action.view_mode or "").split(",")
                       if mode and mode not in present]
            if action.view_id and action.view_id.type in missing:
                missing.remove(action.view_id.type)
                views.append([action.view_id.id, action.view_id.type])
            views.extend([False, mode] for mode in missing)
            action.views = views

    @api.constrains("res_model", "binding_model_id")
    def _check_model(self):
        for action in self:
            if action.res_model not in self.env:
                raise ValidationError(f"Invalid model name {action.res_model!r} in action "
                                      f"definition.")
            if action.binding_model_id and action.binding_model_id.model not in self.env:
                raise ValidationError(f"Invalid model name {action.binding_model_id.model!r} in "
                                      f"action definition.")

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {
            "context", "mobile_view_mode", "domain", "filter", "groups_id", "limit", "res_id",
            "res_model", "search_view_id", "target", "view_id", "view_mode", "views", "flags"}


class IrActionsActWindowView(models.Model):
    _name = "ir.actions.act_window.view"
    _description = "Action Window View"
    _table = "ir_act_window_view"
    _rec_name = "view_id"
    _order = "sequence,id"

    sequence = fields.Integer()
    view_id = fields.Many2one("ir.ui.view", "View")
    view_mode = fields.Selection(VIEW_TYPES, "View Type", required=True)
    act_window_id = fields.Many2one("ir.actions.act_window", "Action", ondelete="cascade")
    multi = fields.Boolean("On Multiple Doc.",
                           help="If set to true, the action will not be displayed on the right "
                                "toolbar of a form view.")

    _sql_constraints = [("act_window_view_unique_mode_per_action",
                         "unique(act_window_id, view_mode)",
                         "There can be only one view of each type per action.")]


class IrActionsActUrl(models.Model):
    _name = "ir.actions.act_url"
    _description = "Action URL"
    _table = "ir_act_url"
    _inherit = "ir.actions.actions"
    _order = "name"

    type = fields.Char(default="ir.actions.act_url")
    url = fields.Text("Action URL", required=True)
    target = fields.Selection([("new", "New Window"), ("self", "This Window"),
                               ("download", "Download")], "Action Target", default="new",
                              required=True)

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {"target", "url"}


class IrActionsClient(models.Model):
    _name = "ir.actions.client"
    _description = "Client Action"
    _table = "ir_act_client"
    _inherit = "ir.actions.actions"
    _order = "name"

    type = fields.Char(default="ir.actions.client")
    tag = fields.Char("Client action tag", required=True,
                      help="An arbitrary string, interpreted by the client according to its "
                           "own needs and wishes.")
    target = fields.Selection([("current", "Current Window"), ("new", "New Window"),
                               ("fullscreen", "Full Screen"), ("main", "Main action of Current Window")],
                              default="current", string="Target Window")
    res_model = fields.Char("Destination Model")
    context = fields.Char("Context Value", default="{}", required=True)
    params = fields.Json("Supplementary arguments")

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {"context", "params", "res_model", "tag", "target"}


class IrActionsServer(models.Model):
    _name = "ir.actions.server"
    _description = "Server Actions"
    _table = "ir_act_server"
    _inherit = "ir.actions.actions"
    _order = "sequence,name"

    type = fields.Char(default="ir.actions.server")
    usage = fields.Selection([("ir_actions_server", "Server Action"), ("ir_cron", "Scheduled Action")],
                             default="ir_actions_server", required=True)
    state = fields.Selection([("object_write", "Update Record"), ("object_create", "Create Record"),
                              ("code", "Execute Code"), ("multi", "Execute Existing Actions")],
                             "Type", default="object_write", required=True)
    sequence = fields.Integer(default=5)
    model_id = fields.Many2one("ir.model", "Model", required=True, ondelete="cascade", index=True)
    model_name = fields.Char(related="model_id.model", string="Model Name", readonly=True, store=True)
    code = fields.Text("Python Code", default=DEFAULT_PYTHON_CODE)
    child_ids = fields.Many2many("ir.actions.server", "rel_server_actions", "server_id",
                                 "action_id", string="Child Actions")
    crud_model_id = fields.Many2one("ir.model", "Record to Create")
    link_field_id = fields.Many2one("ir.model.fields", "Link Field")
    update_field_id = fields.Many2one("ir.model.fields", "Field to Update", ondelete="cascade")
    update_path = fields.Char("Field to Update Path")
    evaluation_type = fields.Selection([("value", "Update"), ("equation", "Compute")],
                                       "Value Type", default="value")
    value = fields.Text(help="For Python expressions, this field may hold a Python expression "
                             "that can use the same values as for the code field on the server action.")
    groups_id = fields.Many2many("res.groups", "ir_act_server_group_rel", "act_id", "gid",
                                 string="Allowed Groups")

    @api.constrains("code")
    def _check_python_code(self):
        for action in self.sudo().filtered("code"):
            message = test_python_expr(action.code.strip(), mode="exec")
            if message:
                raise ValidationError(message)

    @api.constrains("child_ids")
    def _check_recursion_children(self):
        for action in self:
            seen, todo = set(), list(action.child_ids)
            while todo:
                child = todo.pop()
                if child == action:
                    raise ValidationError("Recursion found in child server actions")
                if child.id not in seen:
                    seen.add(child.id)
                    todo.extend(child.child_ids)

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {"groups_id", "model_name"}

    def create_action(self):
        """Show the actions in the ``Action`` menu of their model."""
        for action in self:
            action.write({"binding_model_id": action.model_id.id, "binding_type": "action"})
        return True

    def _get_eval_context(self, action=None):
        context = super()._get_eval_context(action)
        model_name = action.model_id.sudo().model if action else self.model_id.sudo().model
        model = self.env[model_name]
        record = records = None
        if self.env.context.get("active_model") == model_name:
            if self.env.context.get("active_id"):
                record = model.browse(self.env.context["active_id"])
            if self.env.context.get("active_ids"):
                records = model.browse(self.env.context["active_ids"])
        if self.env.context.get("onchange_self"):
            record = self.env.context["onchange_self"]

        def log(message, level="info"):
            getattr(_logger, level if level in ("debug", "info", "warning", "error") else "info")(
                "server action %s: %s", action.name if action else "?", message)

        context.update({"env": self.env, "model": model, "Warning": UserError,
                        "UserError": UserError, "record": record, "records": records,
                        "log": log, "_logger": _LoggerProxy()})
        return context

    def run(self):
        """Run each action on the records in the context (``active_id(s)``); returns the last
        action a server action asked the client to do, or False."""
        result = False
        for action in self.sudo():
            if action.groups_id and not (action.groups_id & self.env.user.groups_id):
                raise AccessError("You don't have enough access rights to run this action.")
            eval_context = self._get_eval_context(action)
            action = action.with_env(self.env)
            if hasattr(action, f"_run_action_{action.state}_multi"):
                result = getattr(action, f"_run_action_{action.state}_multi")(eval_context=eval_context)
                continue
            if not hasattr(action, f"_run_action_{action.state}"):
                _logger.warning("server action %s: state %r has no runner", action.name, action.state)
                continue
            active_id = self.env.context.get("active_id")
            active_ids = self.env.context.get("active_ids", [active_id] if active_id else [])
            model = eval_context["model"]
            for record_id in active_ids:
                run_self = action.with_context(active_ids=[record_id], active_id=record_id)
                eval_context["env"] = run_self.env
                eval_context["record"] = eval_context["records"] = model.browse(record_id)
                result = getattr(run_self, f"_run_action_{action.state}")(eval_context=eval_context)
        return result or False

    def _run_action_code_multi(self, eval_context):
        # nocopy: the script's `action = ...` is read back from the context
        safe_eval(self.code.strip(), eval_context, mode="exec", nocopy=True, filename=str(self))
        return eval_context.get("action")

    def _run_action_multi(self, eval_context=None):
        result = False
        for child in self.child_ids.sorted(lambda action: (action.sequence, action.id)):
            result = child.run() or result
        return result

    def _run_action_object_write(self, eval_context=None):
        records = eval_context.get("records") or eval_context.get("record")
        if not records:
            return False
        records.write({self._target_field_name(): self._evaluated_value(eval_context)})
        return False

    def _run_action_object_create(self, eval_context=None):
        model = self.env[self.crud_model_id.model]
        created = model.browse(model.name_create(self.value or "")[0])
        if self.link_field_id and eval_context.get("record"):
            record = eval_context["record"]
            if self.link_field_id.ttype in ("one2many", "many2many"):
                record.write({self.link_field_id.name: [Command.link(created.id)]})
            else:
                record.write({self.link_field_id.name: created.id})
        return False

    def _target_field_name(self):
        if self.update_path:
            return self.update_path.split(".")[0]
        if self.update_field_id:
            return self.update_field_id.name
        raise UserError(f"Server action {self.name!r} has no field to update")

    def _evaluated_value(self, eval_context):
        if self.evaluation_type == "equation":
            return safe_eval(self.value or "False", eval_context)
        return self.value


class _LoggerProxy:
    """``_logger`` inside server actions: only the logging calls."""

    def debug(self, message, *args, **kwargs):
        _logger.debug(message, *args, **kwargs)

    def info(self, message, *args, **kwargs):
        _logger.info(message, *args, **kwargs)

    def warning(self, message, *args, **kwargs):
        _logger.warning(message, *args, **kwargs)

    def error(self, message, *args, **kwargs):
        _logger.error(message, *args, **kwargs)

    def exception(self, message, *args, **kwargs):
        _logger.exception(message, *args, **kwargs)


def _attach_to_action_table(cr, table):
    """Make ``table`` a PostgreSQL child of ``ir_actions`` sharing its id sequence (idempotent)."""
    cr.execute(SQL("SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s) "
                   "AND inhparent = to_regclass(%s)", table, ACTION_TABLE))
    if cr.fetchone():
        return
    cr.execute(SQL("ALTER TABLE %s INHERIT %s", SQL.identifier(table), SQL.identifier(ACTION_TABLE)))
    cr.execute(SQL("SELECT pg_get_serial_sequence(%s, 'id')", ACTION_TABLE))
    sequence = cr.fetchone()[0]
    if not _SEQUENCE_NAME.fullmatch(sequence):
        raise ValueError(f"unexpected sequence name {sequence!r} for {ACTION_TABLE}.id")
    # DDL takes no parameters; the name was checked above
    cr.execute(SQL("ALTER TABLE %s ALTER COLUMN id SET DEFAULT ", SQL.identifier(table)).code +
               f"nextval('{sequence}'::regclass)")
    # rows created before the link keep their ids: move the shared sequence past them
    cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))
    highest = cr.fetchone()[0]
    if highest:
        cr.execute(f"SELECT last_value FROM {sequence}")
        if cr.fetchone()[0] < highest:
            cr.execute(SQL("SELECT setval(%s::regclass, %s)", sequence, highest))


_SEQUENCE_NAME = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?")
