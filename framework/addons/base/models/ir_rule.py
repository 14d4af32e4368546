"""Record rules (``ir.rule``): domains restricting which records a user may touch."""
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval, time

from .ir_model_access import MODE_WORDS
from .shared_cache import SharedCacheSource


class IrRule(SharedCacheSource, models.Model):
    _name = "ir.rule"
    _description = "Record Rule"
    _order = "model_id DESC, id"

    name = fields.Char(index=True)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one("ir.model", "Model", index=True, required=True, ondelete="cascade")
    groups = fields.Many2many("res.groups", "rule_group_rel", "rule_group_id", "group_id")
    domain_force = fields.Text("Domain")
    perm_read = fields.Boolean("Read", default=True)
    perm_write = fields.Boolean("Write", default=True)
    perm_create = fields.Boolean("Create", default=True)
    perm_unlink = fields.Boolean("Delete", default=True)

    _sql_constraints = [("no_access_rights", "CHECK (perm_read!=False or perm_write!=False or "
                         "perm_create!=False or perm_unlink!=False)",
                         "Rule must have at least one checked access right!")]

    @api.depends("groups")
    def _compute_global(self):
        for rule in self:
            rule["global"] = not rule.groups

    @api.constrains("domain_force")
    def _check_domain(self):
        for rule in self:
            if rule.domain_force:
                try:
                    self._eval_domain(rule.domain_force)
                except Exception as exc:
                    raise ValidationError(f"Invalid domain in rule '{rule.name}': {exc}") from None

    @api.model
    def _eval_context(self):
        """Names a rule domain may use, as in Odoo."""
        return {"user": self.env.user.with_context({}), "time": time,
                "company_ids": self.env.companies.ids, "company_id": self.env.company.id}

    def _eval_domain(self, text):
        return safe_eval(text, self._eval_context()) if text else []

    @api.model
    def _compute_domain(self, model_name, mode="read"):
        """The domain the current user's rules impose on ``model_name``, or [] when unrestricted."""
        if self.env.su:
            return []
        key = ("rule", self.env.uid, model_name, mode, tuple(self.env.context.get("allowed_company_ids") or ()))
        return self.env.registry.cached(self.env.transaction, key,
                                        lambda: self._build_domain(model_name, mode))

    def _build_domain(self, model_name, mode):
        self.env.cr.execute(f"""
            SELECT r.id FROM ir_rule r JOIN ir_model m ON m.id = r.model_id
             WHERE m.model = %s AND r.active AND r.perm_{mode}
               AND (r.id NOT IN (SELECT rule_group_id FROM rule_group_rel)
                    OR r.id IN (SELECT rule_group_id FROM rule_group_rel g
                                  JOIN res_groups_users_rel u ON u.gid = g.group_id WHERE u.uid = %s))
             ORDER BY r.id""", (model_name, self.env.uid))
        rules = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        if not rules:
            return []
        global_domains, group_domains = [], []
        for rule in rules.with_context(active_test=False):
            domain = self._eval_domain(rule.domain_force) or []
            (group_domains if rule.groups else global_domains).append(domain)
        if group_domains:
            global_domains.append(expression.OR(group_domains))
        return expression.AND(global_domains)

    @api.model
    def _check_access_rule(self, records, operation):
        """Raise AccessError unless every record of ``records`` passes the rules for ``operation``."""
        if self.env.su or not records.ids:
            return
        domain = self._compute_domain(records._name, operation)
        if not domain:
            return
        # evaluated on the records in memory, as Odoo does: their values are in the cache
        # or come with one prefetching query, and unflushed changes count
        allowed = records.sudo().with_context(active_test=False).filtered_domain(domain)
        forbidden = records.browse(set(records.ids) - set(allowed.ids))
        if forbidden:
            raise self._make_access_error(operation, forbidden)

    def _make_access_error(self, operation, records):
        model = records._name
        description = self.env["ir.model"].sudo()._get(model).name or model
        message = (f"Due to security restrictions, you are not allowed to {MODE_WORDS[operation]} "
                   f"'{description}' ({model}) records.")
        user = self.env.user
        if user.has_group("base.group_no_one"):
            names = ", ".join(f"{r.sudo().display_name} (id={r.id})" for r in records[:6])
            message += f"\n\nRecords: {names}\nUser: {user.name} (id={user.id})"
        message += "\n\nContact your administrator to request access if necessary."
        return AccessError(message)



# 'global' is a Python keyword, so the field of that name (Odoo's) is attached by assignment.
_global = fields.Boolean("Global", compute="_compute_global", store=True,
                         help="A rule without groups is global: it applies to everyone.")
setattr(IrRule, "global", _global)
_global.__set_name__(IrRule, "global")
