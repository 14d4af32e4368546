"""``odoo-bin check PATH``: the report on what an addon uses, before installing it."""
from __future__ import annotations

import textwrap

from tests.support.cli import run


def test_a_scaffolded_addon_is_supported(tmp_path):
    assert run("scaffold", "checked", str(tmp_path)).returncode == 0
    process = run("check", str(tmp_path / "checked"))
    assert (process.returncode, "-> checked: supported by this server" in process.stdout,
            "field types:  Char (1), Float (1), Integer (1), Text (1)" in process.stdout,
            "decorators:   api.depends (1), http.route (1)" in process.stdout) == \
        (0, True, True, True), process.stdout + process.stderr


def test_what_an_addon_needs_and_this_server_lacks_is_listed_and_fails(tmp_path):
    addon = tmp_path / "needy"
    (addon / "data").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        "{'name': 'Needy', 'depends': ['base', 'sale'], 'data': ['data/reports.xml'], "
        "'assets': {'web.assets_backend': ['needy/static/src/**/*']}, 'license': 'LGPL-3'}\n")
    (addon / "__init__.py").write_text(textwrap.dedent("""\
        from odoo import api, fields, models
        from odoo.addons.sale.models.sale_order import SaleOrder
        from odoo.tools.no_such_tool import helper


        class Needy(models.Model):
            _name = "needy.thing"
            _description = "Needy"

            name = fields.Char(tracking=True)
            amount = fields.Monetary2()

            @api.no_such_decorator
            def compute(self):
                return super().compute()
        """))
    (addon / "data" / "reports.xml").write_text(
        "<odoo><report id='r' model='needy.thing' name='x' string='X'/>"
        "<asset id='a' name='A'/></odoo>\n")
    process = run("check", str(addon))
    missing = [line.strip() for line in process.stdout.splitlines() if "MISSING" in line]
    assert (process.returncode, missing) == (1, [
        "MISSING  dependency sale: not on the addons path",
        "MISSING  __init__.py:2: from odoo.addons.sale.models.sale_order import SaleOrder: "
        "addon sale is not on the addons path",
        "MISSING  __init__.py:3: from odoo.tools.no_such_tool import helper: not provided by "
        "this server",
        "MISSING  __init__.py:11: fields.Monetary2: no such field type here",
        "MISSING  __init__.py:13: @api.no_such_decorator: not provided by this server",
        "MISSING  data/reports.xml:1: <asset> is not loaded by this server"]), process.stdout
    assert ("fields.Char(tracking=...): kept, without effect in this server" in process.stdout,
            "assets web.assets_backend: served here, run only inside Odoo's web client"
            in process.stdout) == (True, True)


def test_tracking_has_an_effect_under_mail(tmp_path):
    addon = tmp_path / "tracked"
    addon.mkdir()
    (addon / "__manifest__.py").write_text(
        "{'name': 'Tracked', 'depends': ['mail'], 'license': 'LGPL-3'}\n")
    (addon / "__init__.py").write_text(textwrap.dedent("""\
        from odoo import fields, models
        from odoo.addons.mail.models.mail_thread import MailThread


        class Tracked(models.Model):
            _name = "tracked.thing"
            _inherit = ["mail.thread", "mail.activity.mixin"]
            _description = "Tracked"

            name = fields.Char(tracking=True)
        """))
    process = run("check", str(addon))
    assert (process.returncode, "note" in process.stdout,
            "-> tracked: supported by this server" in process.stdout) == (0, False, True), \
        process.stdout + process.stderr


def test_an_addon_extending_scheduled_actions_gets_no_note(tmp_path):
    addon = tmp_path / "cron_ext"
    (addon / "data").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        "{'name': 'Cron ext', 'depends': ['base'], 'data': ['data/cron.xml'], 'license': 'LGPL-3'}\n")
    (addon / "__init__.py").write_text(textwrap.dedent("""\
        from odoo import models


        class IrCron(models.Model):
            _inherit = "ir.cron"

            def method_direct_trigger(self):
                return super().method_direct_trigger()
        """))
    (addon / "data" / "cron.xml").write_text(
        "<odoo><record id='c' model='ir.cron'><field name='name'>C</field>"
        "<field name='model_id' ref='base.model_res_partner'/><field name='state'>code</field>"
        "<field name='code'>model.search([])</field></record></odoo>\n")
    process = run("check", str(addon))
    assert (process.returncode, "note" in process.stdout,
            "-> cron_ext: supported by this server" in process.stdout) == (0, False, True), \
        process.stdout
