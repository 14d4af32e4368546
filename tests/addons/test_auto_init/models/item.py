"""An addon's _auto_init, as addons write it on Odoo: a stored computed column filled in SQL
before the ORM would add (and recompute) it, an index the fields cannot express after."""
from odoo import api, fields, models
from odoo.tools.sql import column_exists, create_column, create_unique_index


class Item(models.Model):
    _name = "test_auto_init.item"
    _description = "Item made by _auto_init"

    name = fields.Char(required=True)
    qty = fields.Integer()
    double = fields.Integer(compute="_compute_double", store=True)

    @api.depends("qty")
    def _compute_double(self):
        for item in self:
            item.double = item.qty * 2

    def _auto_init(self):
        cr = self.env.cr
        if column_exists(cr, "test_auto_init_item", "id") and \
                not column_exists(cr, "test_auto_init_item", "double"):
            create_column(cr, "test_auto_init_item", "double", "int4")
            cr.execute("UPDATE test_auto_init_item SET double = -qty")     # tells who filled it
        result = super()._auto_init()
        create_unique_index(cr, "test_auto_init_item_lower_name", "test_auto_init_item",
                            ["lower(name)"])
        return result
