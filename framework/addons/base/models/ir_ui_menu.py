"""Menus (``ir.ui.menu``): a tree of entries, each optionally opening an action, visible to the
users of its groups. ``load_menus`` gives the whole visible tree in the shape the web client
reads at start-up."""
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

MENU_ITEM_SEPARATOR = "/"
ACTION_MODELS = [("ir.actions.report", "ir.actions.report"),
                 ("ir.actions.act_window", "ir.actions.act_window"),
                 ("ir.actions.act_url", "ir.actions.act_url"),
                 ("ir.actions.server", "ir.actions.server"),
                 ("ir.actions.client", "ir.actions.client")]


class IrUiMenu(models.Model):
    _name = "ir.ui.menu"
    _description = "Menu"
    _order = "sequence,id"
    _parent_store = True

    name = fields.Char("Menu", required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    child_id = fields.One2many("ir.ui.menu", "parent_id", "Child IDs")
    parent_id = fields.Many2one("ir.ui.menu", "Parent Menu", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    groups_id = fields.Many2many("res.groups", "ir_ui_menu_group_rel", "menu_id", "gid",
                                 string="Groups",
                                 help="If you have groups, the visibility of this menu will be "
                                      "based on these groups. If this field is empty, Odoo will "
                                      "compute visibility based on the related object's read "
                                      "access.")
    complete_name = fields.Char("Full Path", compute="_compute_complete_name", recursive=True)
    web_icon = fields.Char("Web Icon File")
    action = fields.Reference(selection=ACTION_MODELS)
    web_icon_data = fields.Binary("Web Icon Image", attachment=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for menu in self:
            menu.complete_name = menu._full_name()

    def _full_name(self, level=6):
        if level <= 0:
            return "..."
        if self.parent_id:
            return self.parent_id._full_name(level - 1) + MENU_ITEM_SEPARATOR + (self.name or "")
        return self.name or ""

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError("Error! You cannot create recursive menus.")

    def _compute_display_name(self):
        for menu in self:
            menu.display_name = menu.complete_name

    # -- visibility --------------------------------------------------------------------------

    @api.model
    def _visible_menu_ids(self, debug=False):
        """Ids of the menus the current user sees, as Odoo decides: groups match and parents
        visible; a menu with an action only when the user may read the action's model (a
        window, report or server action); a menu without an existing action (a folder) only
        when it leads to a visible menu with an action."""
        menus = self.with_context(active_test=True).sudo().search([])
        user_groups = self.env.user.sudo().groups_id
        if not debug:
            no_one = self.env.ref("base.group_no_one", raise_if_not_found=False)
            if no_one:
                user_groups -= no_one
        menus = menus.filtered(lambda menu: not menu.groups_id or menu.groups_id & user_groups)
        by_id = {menu.id: menu for menu in menus}
        reachable = set()
        for menu in menus:
            node, ok = menu, True
            while node.parent_id:
                if node.parent_id.id not in by_id:
                    ok = False
                    break
                node = node.parent_id
            if ok:
                reachable.add(menu.id)
        existing, readable = self._menu_actions([by_id[menu_id].action for menu_id in reachable])

        def key(menu):
            return (menu.action._name, menu.action.id) if menu.action else None

        visible = set()
        for menu_id in reachable:
            menu = by_id[menu_id]
            if key(menu) not in readable:
                continue                # a folder, or an action the user may not use
            # the menu, and the folders above it (a menu with an action is visible on its
            # own account only)
            visible.add(menu.id)
            node = menu.parent_id
            while node and node.id not in visible and key(node) not in existing:
                visible.add(node.id)
                node = node.parent_id
        return visible

    def _menu_actions(self, actions) -> tuple[set, set]:
        """``(existing, readable)``: the ``(model, id)`` of those of ``actions`` that exist,
        and of those whose model, if they name one, the current user may read too (one
        ``exists`` per action model)."""
        by_model = {}
        for action in actions:
            if action:
                by_model.setdefault(action._name, set()).add(action.id)
        access = self.env["ir.model.access"]
        model_field = {"ir.actions.act_window": "res_model", "ir.actions.report": "model",
                       "ir.actions.server": "model_name"}
        existing, readable = set(), set()
        for model_name, ids in by_model.items():
            for action in self.env[model_name].sudo().browse(sorted(ids)).exists():
                existing.add((model_name, action.id))
                target = action[model_field[model_name]] if model_name in model_field else False
                if not target or target not in self.env or access.check(target, "read", False):
                    readable.add((model_name, action.id))
        return existing, readable

    @api.model
    def get_user_roots(self):
        """The top-level menus the current user sees."""
        return self.search([("parent_id", "=", False), ("id", "in", list(self._visible_menu_ids()))])

    @api.model
    def load_menus_root(self):
        roots = self.get_user_roots()
        return {"id": False, "name": "root", "parent_id": [-1, ""],
                "children": roots.read(["name", "sequence", "parent_id", "action", "web_icon"]),
                "all_menu_ids": roots.ids}

    @api.model
    def load_menus(self, debug=False):
        """``{menu_id: {...}, 'root': {...}}``: every visible menu with its children ids,
        external id and app (top-level ancestor) id."""
        names = ["name", "sequence", "parent_id", "action", "web_icon"]
        visible = self._visible_menu_ids(debug)
        menus = self.browse(sorted(visible)).sorted(lambda m: (m.sequence, m.id))
        rows = {row["id"]: row for row in menus.read(names)} if menus else {}
        xmlids = menus._get_external_ids() if menus else {}
        roots = [row["id"] for row in rows.values() if not row["parent_id"]]
        result = {"root": {"id": False, "name": "root", "parent_id": [-1, ""],
                           "children": roots, "appID": False, "xmlid": "",
                           "actionID": False, "actionModel": False, "actionPath": False,
                           "webIcon": None, "webIconData": None, "webIconDataMimetype": None,
                           "backgroundImage": None}}
        for menu_id, row in rows.items():
            action = row["action"]
            action_model, _, action_id = action.partition(",") if action else (False, "", "")
            result[menu_id] = {
                "id": menu_id, "name": row["name"], "children": [], "sequence": row["sequence"],
                "parent_id": row["parent_id"], "xmlid": (xmlids.get(menu_id) or [""])[0],
                "actionID": int(action_id) if action_id else False, "actionModel": action_model,
                "actionPath": False, "webIcon": row["web_icon"], "webIconData": None,
                "webIconDataMimetype": None, "backgroundImage": None, "appID": False}
        for menu_id, menu in list(result.items()):
            parent = menu["parent_id"] and menu["parent_id"][0]
            if menu_id != "root" and parent in result:
                result[parent]["children"].append(menu_id)
        for menu_id in roots:
            todo = [menu_id]
            while todo:
                current = todo.pop()
                result[current]["appID"] = menu_id
                todo.extend(result[current]["children"])
        return result

    @api.model
    def load_web_menus(self, debug=False):
        return self.load_menus(debug)
