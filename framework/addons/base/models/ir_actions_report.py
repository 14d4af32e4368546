"""Report actions (``ir.actions.report``): a QWeb template printed for records of a model.

``_render_qweb_html`` / ``_render_qweb_text`` render the report's template with the
documents (``docs``, ``doc_ids``, ``doc_model``, or what a ``report.<report_name>`` model's
``_get_report_values`` gives); ``_render_qweb_pdf`` pipes that HTML through wkhtmltopdf
when the binary is on the PATH, and says so with a UserError when it is not.
``report_action`` is the action dict the web client runs to print.
"""
import logging
import os
import shutil
import subprocess
import tempfile

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty
from odoo.tools.safe_eval import safe_eval, time

_logger = logging.getLogger(__name__)

NO_WKHTMLTOPDF = "Unable to find Wkhtmltopdf on this system. The PDF can not be created."


def wkhtmltopdf_binary():
    """The wkhtmltopdf executable on the PATH, or None."""
    return shutil.which("wkhtmltopdf")


class IrActionsReport(models.Model):
    _name = "ir.actions.report"
    _description = "Report Action"
    _inherit = "ir.actions.actions"
    _table = "ir_act_report_xml"
    _order = "name"

    type = fields.Char(default="ir.actions.report")
    binding_type = fields.Selection(default="report")
    model = fields.Char("Model Name", required=True)
    model_id = fields.Many2one("ir.model", "Model", compute="_compute_model_id",
                               search="_search_model_id")
    report_type = fields.Selection([("qweb-html", "HTML"), ("qweb-pdf", "PDF"),
                                    ("qweb-text", "Text")], required=True, default="qweb-pdf")
    report_name = fields.Char("Template Name", required=True)
    report_file = fields.Char("Report File")
    groups_id = fields.Many2many("res.groups", "res_groups_report_rel", "uid", "gid",
                                 string="Groups")
    multi = fields.Boolean("On Multiple Doc.")
    paperformat_id = fields.Many2one("report.paperformat", "Paper Format")
    print_report_name = fields.Char("Printed Report Name", translate=True)
    attachment_use = fields.Boolean("Reload from Attachment")
    attachment = fields.Char("Save as Attachment Prefix")

    @api.depends("model")
    def _compute_model_id(self):
        for report in self:
            report.model_id = self.env["ir.model"]._get(report.model).id if report.model else False

    def _search_model_id(self, operator, value):
        ids = value if isinstance(value, (list, tuple)) else [value]
        names = self.env["ir.model"].browse([i for i in ids if isinstance(i, int)]).mapped("model")
        return [("model", "not in" if operator in ("!=", "not in") else "in", names)]

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {
            "report_name", "report_type", "target", "context", "data", "close_on_report_download"}

    def create_action(self):
        """Show each report in the Print menu of its model."""
        for report in self:
            report.write({"binding_model_id": self.env["ir.model"]._get(report.model).id,
                          "binding_type": "report"})
        return True

    @api.model
    def get_wkhtmltopdf_state(self):
        """``ok`` when wkhtmltopdf is on the PATH, else ``install`` (Odoo's states)."""
        return "ok" if wkhtmltopdf_binary() else "install"

    def get_paperformat(self):
        return self.paperformat_id or self.env.company.paperformat_id

    # -- finding a report ----------------------------------------------------------------------

    @api.model
    def _get_report_from_name(self, report_name):
        return self.sudo().search([("report_name", "=", report_name)], limit=1)

    @api.model
    def _get_report(self, report_ref):
        """The report (sudo) of an id, a record, a report_name or an external id."""
        reports = self.env["ir.actions.report"].sudo()
        if isinstance(report_ref, int):
            return reports.browse(report_ref)
        if isinstance(report_ref, models.BaseModel):
            if report_ref._name != self._name:
                raise ValueError(f"Expected report of type {self._name}, got {report_ref._name}")
            return report_ref.sudo()
        report = reports.search([("report_name", "=", report_ref)], limit=1)
        if report:
            return report
        report = self.env.ref(report_ref, raise_if_not_found=False)
        if report is not None and report._name != "ir.actions.report":
            raise ValueError(f"Fetching report {report_ref!r}: type {report._name}, "
                             f"expected ir.actions.report")
        if not report:
            raise ValueError(f"Fetching report {report_ref!r}: report not found")
        return report.sudo()

    # -- rendering ---------------------------------------------------------------------------

    def _render_template(self, template, values=None):
        """The template rendered with the names reports use, as bytes."""
        values = {} if values is None else values
        user = self.env["res.users"].browse(self.env.uid)
        values.update(
            time=time,
            context_timestamp=lambda moment: fields.Datetime.context_timestamp(
                self.with_context(tz=user.tz), moment),
            user=user,
            res_company=self.env.company,
            web_base_url=self.env["ir.config_parameter"].sudo().get_param("web.base.url", default=""),
        )
        return self.env["ir.qweb"]._render(template, values).encode()

    def _get_rendering_context_model(self, report):
        return self.env.get(f"report.{report.report_name}")

    def _get_rendering_context(self, report, docids, data):
        """The values of the report's template: from ``report.<report_name>`` when that model
        exists, else the documents themselves."""
        report_model = self._get_rendering_context_model(report)
        data = dict(data) if data else {}
        if report_model is not None:
            data.update(report_model._get_report_values(docids, data=data))
        else:
            data.update(doc_ids=docids, doc_model=report.model,
                        docs=self.env[report.model].browse(docids))
        data["is_html_empty"] = is_html_empty
        return data

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        data = dict(data or {})
        data.setdefault("report_type", "html")
        report = self._get_report(report_ref)
        data = self._get_rendering_context(report, docids, data)
        return self._render_template(report.report_name, data), "html"

    @api.model
    def _render_qweb_text(self, report_ref, docids, data=None):
        data = dict(data or {})
        data.setdefault("report_type", "text")
        data.setdefault("__keep_empty_lines", True)
        report = self._get_report(report_ref)
        data = self._get_rendering_context(report, docids, data)
        return self._render_template(report.report_name, data), "text"

    @api.model
    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        data = dict(data or {})
        data.setdefault("report_type", "pdf")
        config = getattr(self.env.registry, "config", None) or {}
        if (config.get("test_enable") or config.get("test_file")) and \
                not self.env.context.get("force_report_rendering"):
            # as Odoo: addon tests get the HTML, without needing wkhtmltopdf
            return self._render_qweb_html(report_ref, res_ids, data=data)
        binary = wkhtmltopdf_binary()
        if binary is None:
            raise UserError(NO_WKHTMLTOPDF)
        report = self._get_report(report_ref)
        html = self.with_context(debug=False)._render_qweb_html(report, res_ids, data=data)[0]
        return self._run_wkhtmltopdf(binary, html, report.get_paperformat()), "pdf"

    @api.model
    def _render(self, report_ref, res_ids, data=None):
        report = self._get_report(report_ref)
        render = getattr(self, "_render_" + report.report_type.lower().replace("-", "_"), None)
        return render(report_ref, res_ids, data=data) if render else None

    def _run_wkhtmltopdf(self, binary, html: bytes, paperformat) -> bytes:
        arguments = ["--disable-local-file-access", "--quiet"]
        if paperformat:
            if paperformat.format and paperformat.format != "custom":
                arguments += ["--page-size", paperformat.format]
            elif paperformat.page_width and paperformat.page_height:
                arguments += ["--page-width", f"{paperformat.page_width}mm",
                              "--page-height", f"{paperformat.page_height}mm"]
            for side in ("top", "bottom", "left", "right"):
                arguments += [f"--margin-{side}", str(paperformat[f"margin_{side}"])]
            if paperformat.orientation:
                arguments += ["--orientation", paperformat.orientation]
            if paperformat.dpi:
                arguments += ["--dpi", str(paperformat.dpi)]
        with tempfile.TemporaryDirectory(prefix="report.") as folder:
            source, target = os.path.join(folder, "body.html"), os.path.join(folder, "report.pdf")
            with open(source, "wb") as handle:
                handle.write(html)
            process = subprocess.run([binary, *arguments, source, target], capture_output=True,
                                     timeout=600, check=False)
            if process.returncode not in (0, 1) or not os.path.exists(target):
                message = process.stderr.decode(errors="replace")[-1000:]
                raise UserError(f"Wkhtmltopdf failed (error code: {process.returncode}). "
                                f"Message: {message}")
            with open(target, "rb") as handle:
                return handle.read()

    # -- the client's action ----------------------------------------------------------------------

    def report_action(self, docids, data=None, config=True):
        """The action the web client runs to print ``docids`` (ids, an id or records)."""
        context = self.env.context
        if docids:
            if isinstance(docids, models.BaseModel):
                active_ids = docids.ids
            elif isinstance(docids, int):
                active_ids = [docids]
            else:
                active_ids = list(docids)
            context = dict(self.env.context, active_ids=active_ids)
        return {"context": context, "data": data, "type": "ir.actions.report",
                "report_name": self.report_name, "report_type": self.report_type,
                "report_file": self.report_file, "name": self.name}

    def _get_print_name(self, records):
        """The download name from ``print_report_name`` (an expression over ``object``)."""
        if self.print_report_name and len(records) == 1:
            return safe_eval(self.print_report_name, {"object": records, "time": time})
        return self.name
