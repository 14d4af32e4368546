from odoo import _, fields, models


class HarnessColour(models.Model):
    _name = "test.harness.colour"
    _description = "Colour"

    name = fields.Char(translate=True, required=True)

    def describe(self):
        return _("Colour %s", self.name)
