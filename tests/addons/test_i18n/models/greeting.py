from odoo import _, _lt, api, fields, models

LABEL = _lt("Greeting")


class TestGreeting(models.Model):
    _name = "test.greeting"
    _description = "Greeting"

    name = fields.Char(translate=True)
    mood = fields.Selection([("happy", "Happy"), ("sad", "Sad"), ("calm", "Calm")], "Mood",
                            help="How the greeting sounds")

    def hello(self):
        return _("Hello %s", self.name)

    def farewell(self):
        return _("Goodbye %(who)s", who=self.name)

    @api.model
    def label(self):
        return str(LABEL)
