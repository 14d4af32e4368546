"""Multi-company models: check_company links and company-dependent values."""
from odoo import fields, models


class TestCompanyItem(models.Model):
    _name = "test.company.item"
    _description = "Item of a company (or shared)"

    name = fields.Char()
    company_id = fields.Many2one("res.company")


class TestCompanyDoc(models.Model):
    _name = "test.company.doc"
    _description = "Document checking its items' companies"
    _check_company_auto = True

    name = fields.Char()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    item_id = fields.Many2one("test.company.item", check_company=True)
    item_ids = fields.Many2many("test.company.item", string="Items", check_company=True)
    any_item_id = fields.Many2one("test.company.item", string="Any Item")
