"""A model with one field of each common type, and methods that misbehave on purpose."""
import time

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError


class Thing(models.Model):
    _name = "test_http.thing"
    _description = "HTTP test thing"

    name = fields.Char(required=True)
    code = fields.Char()
    count = fields.Integer()
    amount = fields.Float()
    active = fields.Boolean(default=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    day = fields.Date()
    moment = fields.Datetime()
    note = fields.Text()
    partner_id = fields.Many2one("res.partner")
    tag_ids = fields.Many2many("res.partner.category")

    _sql_constraints = [("code_uniq", "unique (code)", "The code must be unique.")]

    def action_none(self):
        """Writes, then returns None: XML-RPC fails to marshal after the commit."""
        self.write({"note": "action_none ran"})

    def bump_slowly(self, pause=0.05):
        """Read the count, wait, write count + 1: concurrent calls overlap on purpose."""
        for thing in self:
            seen = thing.count
            time.sleep(pause)
            thing.count = seen + 1
        return True

    @api.model
    def add(self, a, b=0):
        return a + b

    @api.model
    def fail(self, kind):
        errors = {"user": UserError, "validation": ValidationError, "access": AccessError,
                  "missing": MissingError}
        if kind in errors:
            raise errors[kind](f"{kind} error raised on purpose")
        raise ZeroDivisionError("division by zero on purpose")

    @api.model
    def create_then_fail(self, name):
        self.create({"name": name})
        self.env.flush_all()
        raise UserError("failed after creating")

    @api.model
    def bad_dict(self):
        return {1: "int keys cannot go over XML-RPC"}

    def init(self):
        pass
