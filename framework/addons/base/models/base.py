"""The ``base`` abstract model: every model inherits from it, so ``_inherit = 'base'`` extends all."""
from odoo import models


class Base(models.AbstractModel):
    _name = "base"
    _description = "Base"
