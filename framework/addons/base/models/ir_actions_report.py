"""Report actions (``ir.actions.report``): a QWeb template printed for records of a model.

``_render_qweb_html`` / ``_render_qweb_text`` render the report's template with the
documents (``docs``, ``doc_ids``, ``doc_model``, or what a ``report.<report_name>`` model's
``_get_report_values`` gives); ``_render_qweb_pdf`` pipes that HTML through wkhtmltopdf
when the binary is on the PATH, and says so with a UserError when it is not.

A report whose ``attachment`` is set (an expression over ``object`` and ``time`` giving a
file name) stores each record's PDF as an ``ir.attachment`` of the record; with
``attachment_use`` a record that has one is printed from it, without rendering again
(so it prints even where wkhtmltopdf is missing). Such records are rendered one document
each (one wkhtmltopdf run per record) rather than split out of one document: it costs
runs, but needs no guessing where a record's pages end.

``barcode`` draws the images of ``/report/barcode``. ``report_action`` is the action dict
the web client runs to print.
"""
import io
import logging
import os
import shutil
import subprocess
import tempfile

from PIL import Image

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty
from odoo.tools.barcode import barcode_png
from odoo.tools.pdf import PdfMergeError, merge_pdf
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

    # -- barcodes ----------------------------------------------------------------------------

    @api.model
    def barcode(self, barcode_type, value, **kwargs):
        """PNG bytes of ``value`` drawn as ``barcode_type`` (Code128, EAN13, EAN8, QR, UPCA
        or auto). The options come as a URL gives them (text): ``width`` and ``height`` in
        pixels (600 x 100), ``humanreadable`` and ``quiet`` as 0/1, ``barBorder`` (QR
        modules of margin when not quiet) and ``barLevel`` (QR correction: L, M, Q, H).
        ValueError when an option or the value cannot be drawn."""
        def number(name, default):
            if kwargs.get(name) in (None, ""):
                return default
            try:
                return int(kwargs[name])
            except (TypeError, ValueError) as error:
                raise ValueError(f"Barcode {name} must be a whole number, "
                                 f"got {kwargs[name]!r}") from error

        return barcode_png(barcode_type, value, width=number("width", 600),
                           height=number("height", 100),
                           humanreadable=bool(number("humanreadable", 0)),
                           quiet=bool(number("quiet", 1)), bar_border=number("barBorder", 4),
                           bar_level=kwargs.get("barLevel") or "L")

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
        """``(pdf bytes, "pdf")`` of ``res_ids``: each record from its stored attachment
        (``attachment_use``) or rendered, then stored when the report says so, and merged."""
        data = dict(data or {})
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        data.setdefault("report_type", "pdf")
        config = getattr(self.env.registry, "config", None) or {}
        if (config.get("test_enable") or config.get("test_file")) and \
                not self.env.context.get("force_report_rendering"):
            # as Odoo: addon tests get the HTML, without needing wkhtmltopdf
            return self._render_qweb_html(report_ref, res_ids, data=data)
        report = self._get_report(report_ref)
        streams = self._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        if self._uses_attachments(report, res_ids):
            vals_list = self._prepare_pdf_report_attachment_vals_list(report, streams)
            if vals_list:
                names = ", ".join(vals["name"] for vals in vals_list)
                try:
                    self.env["ir.attachment"].create(vals_list)
                except AccessError:
                    _logger.info("Cannot save PDF report %r attachments for user %r", names,
                                 self.env.user.display_name)
                else:
                    _logger.info("The PDF documents %r are now saved in the database", names)
        parts = [(res_id, part["stream"].getvalue()) for res_id, part in streams.items()
                 if part["stream"] is not None]
        if len(parts) == 1:
            return parts[0][1], "pdf"
        try:
            return merge_pdf([content for _res_id, content in parts]), "pdf"
        except PdfMergeError as error:
            res_id = parts[error.index][0]
            raise UserError(f"Odoo is unable to merge the generated PDFs: the PDF of "
                            f"{report.model} #{res_id} is not readable ({error}). Delete its "
                            f"stored attachment to print it anew.") from error

    def _uses_attachments(self, report, res_ids) -> bool:
        """Whether records are printed from and stored into attachments: the report names
        them, the context does not refuse it, and no record is printed twice."""
        duplicated = bool(res_ids) and len(res_ids) != len(set(res_ids))
        return bool(report.attachment) and not duplicated and \
            not self.env.context.get("report_pdf_no_attachment")

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """``{res_id: {"stream": BytesIO or None, "attachment": ir.attachment or None}}``
        (``False`` for a document not split per record), in the order of ``res_ids``."""
        data = dict(data or {})
        data.setdefault("report_type", "pdf")
        report = self._get_report(report_ref)
        per_record = self._uses_attachments(report, res_ids)
        streams = {}
        for record in self.env[report.model].browse(res_ids or []):
            if record.id in streams:
                continue
            attachment = report.retrieve_attachment(record) if per_record else None
            stream = None
            if attachment and report.attachment_use:
                stream = self._retrieve_stream_from_attachment(attachment)
            streams[record.id] = {"stream": stream, "attachment": attachment or None}
        missing = [res_id for res_id, part in streams.items() if part["stream"] is None]
        if res_ids and not missing:
            return streams                  # all printed from attachments: nothing to render
        binary = wkhtmltopdf_binary()
        if binary is None:
            raise UserError(NO_WKHTMLTOPDF)
        paperformat = report.get_paperformat()
        renderer = self.with_context(debug=False)

        def pdf_of(ids):
            html = renderer._render_qweb_html(report_ref, ids, data=dict(data, debug=False))[0]
            return io.BytesIO(self._run_wkhtmltopdf(binary, html, paperformat))

        if per_record:
            for res_id in missing:
                streams[res_id]["stream"] = pdf_of([res_id])
        elif len(missing) == 1 and len(res_ids) == 1:
            streams[missing[0]]["stream"] = pdf_of(missing)
        else:                               # one document for all: not split per record
            streams = {False: {"stream": pdf_of(res_ids), "attachment": None}}
        return streams

    def retrieve_attachment(self, record):
        """The attachment ``record`` was stored as (by the name ``attachment`` gives for
        it), or None when the report stores none or has no name for this record."""
        name = safe_eval(self.attachment, {"object": record, "time": time}) if self.attachment else ""
        if not name:
            return None
        return self.env["ir.attachment"].search([("name", "=", name), ("res_model", "=", self.model),
                                                 ("res_id", "=", record.id)], limit=1)

    def _retrieve_stream_from_attachment(self, attachment):
        """The PDF of a stored attachment; an image (a scanned document put in its place)
        becomes a one-page PDF."""
        stream = io.BytesIO(attachment.raw or b"")
        if (attachment.mimetype or "").startswith("image"):
            output = io.BytesIO()
            Image.open(stream).convert("RGB").save(output, format="PDF")
            return output
        return stream

    def _prepare_pdf_report_attachment_vals_list(self, report, streams):
        """The ``ir.attachment`` values to store: one per record rendered just now (not
        those printed from their attachment) whose ``attachment`` expression gives a name."""
        vals_list = []
        for res_id, part in streams.items():
            if part["attachment"] or not res_id or part["stream"] is None:
                if not res_id:
                    _logger.warning("The documents of %s printed together are not stored as "
                                    "attachments: print them one by one to store them",
                                    report.report_name)
                continue
            record = self.env[report.model].browse(res_id)
            name = safe_eval(report.attachment, {"object": record, "time": time})
            if name:
                vals_list.append({"name": name, "raw": part["stream"].getvalue(),
                                  "res_model": report.model, "res_id": res_id, "type": "binary"})
        return vals_list

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
