"""Inheritance modes, hierarchies and ondelete variants."""
from odoo import api, fields, models


class TestMixin(models.AbstractModel):
    _name = "test.mixin"
    _description = "A mixin adding a code"

    code = fields.Char(default="MIX")

    def describe(self):
        return f"mixin:{self.code}"


class TestThing(models.Model):
    _name = "test.thing"
    _inherit = ["test.mixin"]
    _description = "Thing with a mixin"

    name = fields.Char()
    kind = fields.Selection([("a", "A"), ("b", "B")], default="a")
    parent_id = fields.Many2one("test.thing", ondelete="set null")
    child_ids = fields.One2many("test.thing", "parent_id")
    order_id = fields.Many2one("test.order", ondelete="set null")

    def describe(self):
        return "thing>" + super().describe()


class TestThingCopy(models.Model):
    """Prototype inheritance: a new model and table with the fields of test.thing."""

    _name = "test.thing.copy"
    _inherit = "test.thing"
    _description = "Copy of thing"

    extra = fields.Char()


class TestCategory(models.Model):
    _name = "test.category"
    _description = "Hierarchical category"
    _parent_store = True
    _order = "name"

    name = fields.Char(required=True)
    parent_id = fields.Many2one("test.category", ondelete="cascade", index=True)
    child_ids = fields.One2many("test.category", "parent_id")
    parent_path = fields.Char(index=True)


class TestDelegating(models.Model):
    """Delegation inheritance: every record has a partner whose fields it shows."""

    _name = "test.delegating"
    _description = "Delegating to partner"
    _inherits = {"res.partner": "partner_id"}

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    badge = fields.Char()


class TestTyped(models.Model):
    _name = "test.typed"
    _description = "One field of each type"

    name = fields.Char(size=16)
    text = fields.Text()
    html = fields.Html()
    integer = fields.Integer()
    float_ = fields.Float(digits=(16, 3))
    amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency")
    flag = fields.Boolean()
    day = fields.Date()
    moment = fields.Datetime()
    choice = fields.Selection("_choices")
    data = fields.Binary()
    data_column = fields.Binary(attachment=False)
    payload = fields.Json()
    label = fields.Char(translate=True)

    @api.model
    def _choices(self):
        return [("x", "X"), ("y", "Y")]


class TestRequiredNumber(models.Model):
    _name = "test.required.number"
    _description = "Required numbers, for which 0 is a value"

    name = fields.Char(required=True)
    count = fields.Integer(required=True)
    ratio = fields.Float(required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency")
    flag = fields.Boolean(required=True)


class TestPictured(models.Model):
    """A record with an image in several sizes (image.mixin)."""

    _name = "test.pictured"
    _inherit = ["image.mixin"]
    _description = "Pictured"

    name = fields.Char()
