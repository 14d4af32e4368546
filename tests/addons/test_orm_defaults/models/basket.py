from odoo import api, fields, models


class Basket(models.Model):
    _name = "test_orm_defaults.basket"
    _description = "Basket whose lines default to values dicts"

    name = fields.Char()
    item_ids = fields.One2many("test_orm_defaults.item", "basket_id",
                               default=lambda self: [{"name": "apple", "qty": 2}, {"name": "pear"}])


class Item(models.Model):
    _name = "test_orm_defaults.item"
    _description = "Basket item"

    basket_id = fields.Many2one("test_orm_defaults.basket", ondelete="cascade")
    name = fields.Char()
    qty = fields.Integer(default=1)
    shout = fields.Char(compute="_compute_shout")

    @api.depends("name")
    def _compute_shout(self):
        for item in self:
            item.shout = (item.name or "").upper()


class ItemReport(models.Model):
    _name = "test_orm_defaults.item_report"
    _description = "Items as a SQL view that keeps their create/write columns"
    _auto = False
    _log_access = True

    name = fields.Char()

    def init(self):
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW test_orm_defaults_item_report AS
            SELECT id, name, create_uid, create_date, write_uid, write_date
              FROM test_orm_defaults_item""")
