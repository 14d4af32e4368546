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


class TestCompanyValues(models.Model):
    _name = "test.company.values"
    _description = "Values that differ by company"
    _check_company_auto = True

    name = fields.Char()
    company_id = fields.Many2one("res.company")
    price = fields.Float(company_dependent=True)
    count = fields.Integer(company_dependent=True)
    flag = fields.Boolean(company_dependent=True)
    code = fields.Char(company_dependent=True)
    note = fields.Text(company_dependent=True)
    body = fields.Html(company_dependent=True)
    kind = fields.Selection([("a", "A"), ("b", "B")], company_dependent=True)
    day = fields.Date(company_dependent=True)
    moment = fields.Datetime(company_dependent=True)
    item_id = fields.Many2one("test.company.item", company_dependent=True, check_company=True)
