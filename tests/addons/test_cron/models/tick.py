"""What the test scheduled actions do: write a tick (who ran it, with which lastcall)."""
from odoo import api, fields, models
from odoo.exceptions import UserError


class Tick(models.Model):
    _name = "test_cron.tick"
    _description = "Cron test tick"

    name = fields.Char(required=True)
    run_by = fields.Many2one("res.users")
    lastcall = fields.Datetime()

    @api.model
    def _tick(self, name="tick"):
        return self.create({"name": name, "run_by": self.env.uid,
                            "lastcall": self.env.context.get("lastcall") or False})

    @api.model
    def _tick_then_fail(self):
        self._tick("doomed")
        raise UserError("the job fails on purpose")

    @api.model
    def _tick_then_wait(self, seconds):
        """Writes a tick, then waits ``seconds`` in the database (a job that runs long)."""
        self._tick("slow")
        self.env.flush_all()
        self.env.cr.execute("SELECT pg_sleep(%s)", (seconds,))

    @api.autovacuum
    def _gc_stale_ticks(self):
        """The daily vacuum drops the ticks named 'stale'."""
        self.search([("name", "=", "stale")]).unlink()

    @api.autovacuum
    def _gc_fail_on_demand(self):
        """Fails (after a write) while a tick named 'fail the vacuum' exists."""
        if self.search_count([("name", "=", "fail the vacuum")]):
            self._tick("written by a failing vacuum")
            raise UserError("this vacuum fails on purpose")


class Wizard(models.TransientModel):
    _name = "test_cron.wizard"
    _description = "Cron test wizard"

    name = fields.Char()
