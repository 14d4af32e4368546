"""Saved searches (``ir.filters``): the favorites of the web client's search panel, a
domain, context and sort on one model, for one user (or everyone), optionally for one
action; ``get_views(..., {'load_filters': True})`` sends them with the search view."""
import ast

from odoo import api, fields, models
from odoo.exceptions import UserError

FILTER_FIELDS = ["name", "is_default", "domain", "context", "user_id", "sort"]


class IrFilters(models.Model):
    _name = "ir.filters"
    _description = "Filters"
    _order = "model_id, name, id desc"

    name = fields.Char("Filter Name", required=True, translate=True)
    user_id = fields.Many2one("res.users", "User", ondelete="cascade", default=lambda self: self.env.uid,
                              help="The user this filter is private to; empty: every user sees it")
    domain = fields.Text(default="[]", required=True)
    context = fields.Text(default="{}", required=True)
    sort = fields.Text(default="[]", required=True)
    model_id = fields.Selection("_list_all_models", "Model", required=True)
    is_default = fields.Boolean("Default Filter")
    action_id = fields.Many2one("ir.actions.actions", "Action", ondelete="cascade",
                                help="The action this filter belongs to; empty: every action of the model")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_model_uid_unique", "unique (model_id, user_id, action_id, name)",
         "Filter names must be unique"),
    ]

    @api.model
    def _list_all_models(self):
        return [(name, self.env[name]._description or name) for name in sorted(self.env.registry.models)]

    def _get_eval_domain(self):
        self.ensure_one()
        return ast.literal_eval(self.domain or "[]")

    @api.model
    def get_filters(self, model, action_id=None):
        """The filters of ``model`` the current user sees (his own and the shared ones), for
        ``action_id`` or for no action, as the search view loads them."""
        action_domain = [("action_id", "in", [action_id, False])] if action_id else [("action_id", "=", False)]
        filters = self.with_context(active_test=True).search(
            [("model_id", "=", model), ("user_id", "in", [self.env.uid, False])] + action_domain)
        return filters.read(FILTER_FIELDS)

    @api.model
    def create_or_replace(self, vals):
        """Save ``vals`` as a filter, replacing the one of the same name, model, user and
        action (the web client's "Save current search"); a default filter takes the flag from
        the user's other filters of that model and action."""
        action_id = vals.get("action_id") or False
        user_id = vals.get("user_id") or False
        matching = self.search([("model_id", "=", vals["model_id"]), ("user_id", "=", user_id),
                                ("action_id", "=", action_id)])
        if vals.get("is_default"):
            if not user_id and matching.filtered(lambda f: f.is_default and f.name != vals["name"]):
                raise UserError("There is already a shared filter set as default for this model: "
                                "remove that default first.")
            matching.filtered(lambda f: f.name != vals["name"]).write({"is_default": False})
        same = matching.filtered(lambda f: f.name.lower() == (vals.get("name") or "").lower())
        if same:
            same[:1].write(vals)
            return same[:1]
        return self.create(vals)
