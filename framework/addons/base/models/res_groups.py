"""User groups (``res.groups``), with implied groups applied transitively."""
from odoo import api, fields, models


class Groups(models.Model):
    _name = "res.groups"
    _description = "Access Groups"
    _order = "name"
    _rec_name = "full_name"

    name = fields.Char(required=True, translate=True)
    full_name = fields.Char("Group Name", compute="_compute_full_name", search="_search_full_name")
    category_id = fields.Many2one("ir.module.category", "Application", index=True)
    users = fields.Many2many("res.users", "res_groups_users_rel", "gid", "uid")
    implied_ids = fields.Many2many("res.groups", "res_groups_implied_rel", "gid", "hid",
                                   string="Inherits", help="Users of this group also get the inherited groups")
    trans_implied_ids = fields.Many2many("res.groups", string="Transitively inherits",
                                         compute="_compute_trans_implied")
    comment = fields.Text(translate=True)
    share = fields.Boolean("Share Group")
    color = fields.Integer("Color Index")
    # the other sides of the access records that name groups (Odoo's fields: addons extend
    # them, e.g. base_user_role restricts view_access to the settings group)
    model_access = fields.One2many("ir.model.access", "group_id", string="Access Controls", copy=True)
    rule_groups = fields.Many2many("ir.rule", "rule_group_rel", "group_id", "rule_group_id",
                                   string="Rules", domain="[('global', '=', False)]")
    menu_access = fields.Many2many("ir.ui.menu", "ir_ui_menu_group_rel", "gid", "menu_id",
                                   string="Access Menu")
    view_access = fields.Many2many("ir.ui.view", "ir_ui_view_group_rel", "group_id", "view_id",
                                   string="Views")

    _sql_constraints = [("name_uniq", "unique (category_id, name)",
                         "The name of the group must be unique within an application!")]

    @api.depends("category_id.name", "name")
    def _compute_full_name(self):
        for group in self:
            group.full_name = f"{group.category_id.name} / {group.name}" if group.category_id else group.name

    def _search_full_name(self, operator, value):
        if isinstance(value, str) and " / " in value:
            category, _, name = value.rpartition(" / ")
            return ["&", ("category_id.name", operator, category), ("name", operator, name)]
        return ["|", ("name", operator, value), ("category_id.name", operator, value)]

    @api.depends("implied_ids.implied_ids")
    def _compute_trans_implied(self):
        for group in self:
            seen = self.browse()
            todo = group.implied_ids
            while todo:
                seen |= todo
                # several groups at a time (one implying two chains): mapped, not the field
                todo = todo.mapped("implied_ids") - seen
            group.trans_implied_ids = seen

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        groups._apply_implied_to_users()
        self.env.registry.shared_cache_changed(self.env.transaction)
        return groups

    def write(self, vals):
        result = super().write(vals)
        if "implied_ids" in vals or "users" in vals:
            self._apply_implied_to_users()
            self.env.registry.shared_cache_changed(self.env.transaction)
        return result

    def copy(self, default=None):
        """The copy is named "<name> (copy)" unless ``default`` names it."""
        self.ensure_one()
        default = dict(default or {})
        default["name"] = default.get("name") or f"{self.name} (copy)"
        return super().copy(default)

    def unlink(self):
        self.env.registry.shared_cache_changed(self.env.transaction)
        return super().unlink()

    def _apply_group(self, implied_group):
        """Add ``implied_group`` to the groups these groups imply (their users get it)."""
        groups = self.filtered(lambda group: implied_group not in group.implied_ids)
        if groups:
            groups.write({"implied_ids": [(4, implied_group.id)]})

    def _remove_group(self, implied_group):
        """Remove ``implied_group`` from the groups these groups imply, and take it from their
        users unless another of their groups still implies it (archived users included)."""
        groups = self.filtered(lambda group: implied_group in group.implied_ids)
        if not groups:
            return
        groups.write({"implied_ids": [(3, implied_group.id)]})
        users = [user for user in groups.with_context(active_test=False).users
                 if implied_group not in (user.groups_id - implied_group).trans_implied_ids]
        if users:
            implied_group.with_context(active_test=False).write(
                {"users": [(3, user.id) for user in users]})

    def _apply_implied_to_users(self):
        """Users of a group also belong to every group it implies (stored, as Odoo does)."""
        for group in self:
            implied = group.trans_implied_ids
            if implied and group.users:
                for implied_group in implied:
                    missing = group.users - implied_group.users
                    if missing:
                        implied_group.write({"users": [(4, user.id) for user in missing]})
