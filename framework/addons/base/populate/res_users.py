"""Generated internal users, each with its own partner (no password: hashing one takes a
second on purpose, and generated users are not meant to log in)."""
from odoo import models
from odoo.tools import populate


class Users(models.Model):
    _inherit = "res.users"
    _populate_sizes = {"small": 10, "medium": 100, "large": 1000}
    _populate_dependencies = ["res.partner"]

    def _populate_factories(self):
        return [
            ("name", populate.constant("User {counter}")),
            ("login", populate.constant("user_{counter}@example.com")),
        ]
