from odoo import fields, models


class TestSecret(models.Model):
    _name = "test.secret"
    _description = "Secret Note"

    name = fields.Char(required=True)
    owner_id = fields.Many2one("res.users", default=lambda self: self.env.uid)
    level = fields.Integer()
    salary = fields.Float(groups="base.group_system")


class TestLocked(models.Model):
    """A model without any access row: only the superuser may use it."""

    _name = "test.locked"
    _description = "Locked Model"

    name = fields.Char()
