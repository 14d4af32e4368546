"""Scheduled actions (``ir.cron``) and their one-off triggers (``ir.cron.trigger``).

A scheduled action is a code server action (``_inherits`` ``ir.actions.server``) with a
schedule: ``nextcall``, repeated every ``interval_number`` ``interval_type``, ``numbercall``
times (-1: forever). The runner of ``--max-cron-threads`` (``framework/service/cron.py``)
takes the due jobs one at a time, locked with ``FOR NO KEY UPDATE SKIP LOCKED``, and hands
each to :meth:`IrCron._process_job`: the code runs in a transaction of its own as the job's
``user_id``; a failure is logged and rolled back; either way the schedule moves on.
"""
import logging
import time
from datetime import UTC, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

INTERVALS = {
    "minutes": lambda n: relativedelta(minutes=n),
    "hours": lambda n: relativedelta(hours=n),
    "days": lambda n: relativedelta(days=n),
    "weeks": lambda n: relativedelta(weeks=n),
    "months": lambda n: relativedelta(months=n),
}


class IrCron(models.Model):
    _name = "ir.cron"
    _description = "Scheduled Actions"
    _order = "cron_name"
    _inherits = {"ir.actions.server": "ir_actions_server_id"}

    ir_actions_server_id = fields.Many2one("ir.actions.server", "Server action", delegate=True,
                                           ondelete="restrict", required=True)
    cron_name = fields.Char("Name", compute="_compute_cron_name", store=True)
    user_id = fields.Many2one("res.users", "Scheduler User", required=True,
                              default=lambda self: self.env.user)
    active = fields.Boolean(default=True)
    interval_number = fields.Integer(default=1, help="Repeat every x.")
    interval_type = fields.Selection([("minutes", "Minutes"), ("hours", "Hours"),
                                      ("days", "Days"), ("weeks", "Weeks"),
                                      ("months", "Months")], "Interval Unit", default="months")
    numbercall = fields.Integer("Number of Calls", default=1,
                                help="How many times the job runs; a negative number: no limit.")
    doall = fields.Boolean("Repeat Missed",
                           help="Run the occurrences missed while the server was down.")
    nextcall = fields.Datetime("Next Execution Date", required=True, default=fields.Datetime.now)
    lastcall = fields.Datetime("Last Execution Date",
                               help="When the job last ran (the job's context key `lastcall`)")
    priority = fields.Integer(default=5, help="0 runs first, 10 last.")

    @api.depends("ir_actions_server_id.name")
    def _compute_cron_name(self):
        for cron in self:
            cron.cron_name = cron.ir_actions_server_id.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["usage"] = "ir_cron"
        return super().create(vals_list)

    @api.model
    def default_get(self, fields_list):
        if not self.env.context.get("default_state"):
            self = self.with_context(default_state="code")
        return super().default_get(fields_list)

    # -- what addons and the client call --------------------------------------------------------

    def method_direct_trigger(self):
        """"Run Manually": the code runs now, in this transaction, as the job's user."""
        self.check_access_rights("write")
        for cron in self:
            cron.with_user(cron.user_id).with_context(lastcall=cron.lastcall) \
                .ir_actions_server_id.run()
            cron.lastcall = fields.Datetime.now()
        return True

    def _trigger(self, at=None):
        """Run the job soon (``at`` unset), or at a datetime, or at each datetime of a list."""
        if at is None:
            moments = [fields.Datetime.now()]
        elif isinstance(at, datetime):
            moments = [at]
        else:
            moments = list(at)
            if not all(isinstance(moment, datetime) for moment in moments):
                raise TypeError("ir.cron._trigger: at is a datetime or a list of datetimes")
        self._trigger_list(moments)

    def _trigger_list(self, moments):
        self.ensure_one()
        now = fields.Datetime.now()
        if not self.sudo().active:          # an inactive job only keeps its future triggers
            moments = [moment for moment in moments if moment > now]
        if not moments:
            return
        self.env["ir.cron.trigger"].sudo().create(
            [{"cron_id": self.id, "call_at": moment} for moment in moments])
        if min(moments) <= now:
            self._notify_runners()

    def _notify_runners(self):
        """Once this transaction commits, wake the runners of every process (once per
        transaction, however many jobs it triggers)."""
        postcommit = self.env.cr.postcommit
        if postcommit.data.get("ir.cron notify"):
            return
        postcommit.data["ir.cron notify"] = True
        from odoo.service import cron as runner
        address, dbname = self.env.registry.database.address, self.env.cr.dbname
        postcommit.add(lambda: runner.notify(address, dbname))

    @api.model
    def toggle(self, model, domain):
        """Activate the job when ``model`` has records matching ``domain``, else deactivate."""
        return self.try_write({"active": bool(self.env[model].search_count(domain))})

    def try_write(self, values):
        """``write`` unless a runner holds the jobs now (then False)."""
        if not self._try_lock():
            return False
        return super().write(values)

    def _try_lock(self):
        if not self.ids:
            return True
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute("SELECT id FROM ir_cron WHERE id IN %s "
                                    "FOR NO KEY UPDATE NOWAIT", (tuple(self.ids),))
        except Exception as exc:            # psycopg's LockNotAvailable
            if type(exc).__name__ != "LockNotAvailable":
                raise
            return False
        return True

    def write(self, vals):
        if not self._try_lock():
            raise UserError("This scheduled action is running right now; try again later.")
        return super().write(vals)

    def unlink(self):
        if not self._try_lock():
            raise UserError("This scheduled action is running right now; try again later.")
        return super().unlink()

    # -- what the runner calls ------------------------------------------------------------------

    @api.model
    def _process_job(self, lock_cr, job):
        """Run the due job ``job`` (a row of ``ir_cron`` locked by ``lock_cr``) in a
        transaction of its own, then move its schedule on through ``lock_cr``.

        Missed occurrences run once, or each (at most ``numbercall``) with ``doall``.
        """
        interval = INTERVALS.get(job["interval_type"], INTERVALS["months"])(
            job["interval_number"] or 1)
        from odoo.service import cron as runner
        with self.pool.cursor() as job_cr:
            runner.watch_cursor(job_cr)     # (ended by the runner if the job runs over its time)
            lastcall = job["lastcall"]
            cron = api.Environment(job_cr, job["user_id"], {"lastcall": lastcall})[self._name]
            # the user's time zone: a month after 1 July 00:00 local is 1 August 00:00 local
            now = fields.Datetime.context_timestamp(cron, datetime.now(UTC).replace(tzinfo=None))
            nextcall = fields.Datetime.context_timestamp(cron, job["nextcall"])
            missed = 0
            while nextcall <= now:
                nextcall += interval
                missed += 1
            if not missed or not job["doall"]:
                calls = 1
            elif job["numbercall"] < 0:
                calls = missed
            else:
                calls = min(missed, job["numbercall"])
            left = max(job["numbercall"] - calls, -1)
            for _call in range(calls):
                if not cron._callback(job["cron_name"], job["ir_actions_server_id"], job["id"]):
                    break
        utc_now = now.astimezone(UTC).replace(tzinfo=None)
        lock_cr.execute("UPDATE ir_cron SET nextcall = %s, numbercall = %s, lastcall = %s, "
                        "active = %s WHERE id = %s",
                        (nextcall.astimezone(UTC).replace(tzinfo=None), left, utc_now,
                         bool(job["active"] and left), job["id"]))
        lock_cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id = %s AND call_at <= %s",
                        (job["id"], utc_now))

    def _callback(self, cron_name, server_action_id, job_id):
        """Run the server action of a job; on failure log it and roll the transaction back.
        Whether it succeeded."""
        try:
            _logger.info("Starting job `%s`.", cron_name)
            start = time.monotonic()
            self.env["ir.actions.server"].browse(server_action_id).run()
            self.env.flush_all()
            _logger.info("Job done: `%s` (%.3fs).", cron_name, time.monotonic() - start)
            return True
        except Exception as exc:
            _logger.exception("Call from cron %s for server action #%s failed in Job #%s",
                              cron_name, server_action_id, job_id)
            self._handle_callback_exception(cron_name, server_action_id, job_id, exc)
            return False

    def _handle_callback_exception(self, cron_name, server_action_id, job_id, job_exception):
        """Called when a job fails: what it did is rolled back."""
        self.env.cr.rollback()
        self.env.clear()


class IrCronTrigger(models.Model):
    _name = "ir.cron.trigger"
    _description = "Triggered actions"
    _rec_name = "cron_id"

    cron_id = fields.Many2one("ir.cron", index=True, ondelete="cascade")
    call_at = fields.Datetime(index=True)

    @api.autovacuum
    def _gc_cron_triggers(self):
        """Triggers left over for more than a week (their job was inactive)."""
        stale = fields.Datetime.now() - timedelta(weeks=1)
        return self.search([("call_at", "<", stale)]).unlink()

