"""Installed and available addons (``ir.module.module``), their dependencies and categories."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

STATES = [
    ("uninstallable", "Uninstallable"),
    ("uninstalled", "Not Installed"),
    ("installed", "Installed"),
    ("to upgrade", "To be upgraded"),
    ("to remove", "To be removed"),
    ("to install", "To be installed"),
]


class ModuleCategory(models.Model):
    _name = "ir.module.category"
    _description = "Application"
    _order = "name"

    name = fields.Char(required=True, translate=True, index=True)
    parent_id = fields.Many2one("ir.module.category", index=True)
    child_ids = fields.One2many("ir.module.category", "parent_id")
    sequence = fields.Integer()
    description = fields.Text(translate=True)
    visible = fields.Boolean(default=True)
    exclusive = fields.Boolean()


class Module(models.Model):
    _name = "ir.module.module"
    _description = "Module"
    _rec_name = "shortdesc"
    _order = "application desc, sequence, name"

    name = fields.Char("Technical Name", readonly=True, required=True, index=True)
    shortdesc = fields.Char("Module Name", readonly=True, translate=True)
    summary = fields.Char(readonly=True)
    description = fields.Text(readonly=True)
    author = fields.Char(readonly=True)
    website = fields.Char(readonly=True)
    category_name = fields.Char(readonly=True)
    latest_version = fields.Char("Installed Version", readonly=True)
    state = fields.Selection(STATES, readonly=True, default="uninstalled", index=True)
    application = fields.Boolean(readonly=True)
    auto_install = fields.Boolean(readonly=True)
    license = fields.Char(readonly=True, default="LGPL-3")
    sequence = fields.Integer(default=100)
    demo = fields.Boolean("Demo Data", default=False, readonly=True,
                          help="Whether the module was installed with its demo data")
    dependencies_id = fields.One2many("ir.module.module.dependency", "module_id", string="Dependencies")

    _sql_constraints = [("name_uniq", "UNIQUE (name)", "The name of the module must be unique!")]

    @api.model
    def _installed(self):
        return {m.name: m.id for m in self.search([("state", "=", "installed")])}

    @api.model
    def _get(self, name):
        """The module named ``name`` (as superuser), or an empty recordset."""
        return self.sudo().search([("name", "=", name)], limit=1)

    def button_immediate_install(self):
        """Odoo installs the addons at once and reloads the registry. This server installs
        addons only when it loads a database (``odoo-bin -i``): refused, naming the command."""
        names = ", ".join(sorted(self.mapped("name")))
        raise UserError(_("This server installs addons only at start-up: run "
                          "`odoo-bin -d %(db)s -i %(names)s` to install %(names)s.",
                          db=self.env.cr.dbname, names=names))


class ModuleDependency(models.Model):
    _name = "ir.module.module.dependency"
    _description = "Module dependency"
    _log_access = False

    name = fields.Char(index=True)
    module_id = fields.Many2one("ir.module.module", "Module", ondelete="cascade", index=True)
    depend_id = fields.Many2one("ir.module.module", compute="_compute_depend")
    state = fields.Selection(STATES, compute="_compute_state")

    @api.depends("name")
    def _compute_depend(self):
        modules = self.env["ir.module.module"].search([("name", "in", self.mapped("name"))])
        by_name = {m.name: m for m in modules}
        for dep in self:
            dep.depend_id = by_name.get(dep.name, False)

    @api.depends("depend_id.state")
    def _compute_state(self):
        for dep in self:
            dep.state = dep.depend_id.state or "unknown" if dep.depend_id else "unknown"
