from odoo import api, fields, models


class Tag(models.Model):
    _name = "test.data.tag"
    _description = "Data test tag"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    ratio = fields.Float()
    flag = fields.Boolean()
    active = fields.Boolean(default=True)
    kind = fields.Selection([("plain", "Plain"), ("fancy", "Fancy")], default="plain")
    note = fields.Text()
    body = fields.Html()
    picture = fields.Binary()
    parent_id = fields.Many2one("test.data.tag")
    child_ids = fields.One2many("test.data.tag", "parent_id")
    friend_ids = fields.Many2many("test.data.tag", "test_data_tag_friend_rel", "tag_id", "friend_id")
    link = fields.Reference([("test.data.tag", "Tag"), ("res.partner", "Partner")])
    partner_id = fields.Many2one("res.partner")

    @api.model
    def make_tag(self, name, color=0):
        """Called from <function>: an @api.model method with positional and keyword args."""
        return self.create({"name": name, "color": color})

    def paint(self, color):
        """Called from <function> with ids first."""
        self.write({"color": color})
        return True


class Item(models.Model):
    _name = "test.data.item"
    _description = "Data test item"

    name = fields.Char(required=True)
    tag_id = fields.Many2one("test.data.tag")
    line_ids = fields.One2many("test.data.line", "item_id")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    secret = fields.Char(groups="base.group_no_one")


class Line(models.Model):
    _name = "test.data.line"
    _description = "Data test line"

    item_id = fields.Many2one("test.data.item", ondelete="cascade")
    name = fields.Char()
    qty = fields.Integer()
