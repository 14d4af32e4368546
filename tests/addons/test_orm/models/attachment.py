"""ir.attachment extended as an addon would: its unlink notes each call (in the list the
context key ``attachment_unlink_log`` gives), so that a test sees what goes through it."""
from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def unlink(self):
        log = self.env.context.get("attachment_unlink_log")
        if log is not None:
            log.append((sorted(self.ids), self.env.su))
        return super().unlink()
