"""/report/<converter>/<reportname>[/<docids>]: a report printed as HTML, PDF or text, and
/report/download, the web client's way to get it as a file; /report/barcode, the PNG of a
barcode that report templates show (``<img t-att-src="'/report/barcode/QR/%s' % o.name"/>``).

The user must be allowed to see the report (its groups) and to read the documents; a
report whose PDF cannot be made (no wkhtmltopdf) answers 400 with the reason.
"""
import json
import logging
from urllib.parse import parse_qsl, urlsplit

import werkzeug.exceptions
from markupsafe import escape

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request, serialize_exception

_logger = logging.getLogger(__name__)

_CONVERTERS = {"html": ("text/html; charset=utf-8", "_render_qweb_html"),
               "pdf": ("application/pdf", "_render_qweb_pdf"),
               "text": ("text/plain; charset=utf-8", "_render_qweb_text")}


class ReportController(http.Controller):

    @http.route(["/report/<converter>/<reportname>", "/report/<converter>/<reportname>/<docids>"],
                type="http", auth="user")
    def report_routes(self, reportname, docids=None, converter=None, **data):
        if converter not in _CONVERTERS:
            raise werkzeug.exceptions.NotFound(f"Converter {converter} not implemented.")
        reports = request.env["ir.actions.report"]
        context = dict(request.env.context)
        ids = [int(i) for i in docids.split(",") if i.isdigit()] if docids else None
        if data.get("options"):
            data.update(json.loads(data.pop("options")))
        if data.get("context"):
            data["context"] = json.loads(data["context"])
            context.update(data["context"])
        report = self._check_report_access(reportname, ids)
        mimetype, method = _CONVERTERS[converter]
        content = getattr(reports.with_context(context), method)(report, ids, data=data)[0]
        return request.make_response(content, headers=[("Content-Type", mimetype),
                                                       ("Content-Length", str(len(content)))])

    @http.route(["/report/barcode", "/report/barcode/<barcode_type>/<path:value>"],
                type="http", auth="public")
    def report_barcode(self, barcode_type, value, **kwargs):
        """A barcode as PNG: ``/report/barcode/QR/<value>``, or with options
        ``/report/barcode/?barcode_type=Code128&value=...&width=...&height=...&humanreadable=1``
        (see ``ir.actions.report.barcode``). A value or option it cannot draw answers 400."""
        try:
            image = request.env["ir.actions.report"].barcode(barcode_type, value, **kwargs)
        except (ValueError, AttributeError) as error:
            raise werkzeug.exceptions.BadRequest(f"Cannot convert into barcode. {error}") from error
        return request.make_response(image, headers=[("Content-Type", "image/png")])

    @http.route("/report/check_wkhtmltopdf", type="json", auth="user")
    def check_wkhtmltopdf(self):
        return request.env["ir.actions.report"].get_wkhtmltopdf_state()

    @http.route("/report/download", type="http", auth="user")
    def report_download(self, data, context=None, token=None):
        """``data`` is ``[url, report_type]`` (JSON), the URL one of the routes above."""
        url, report_type = json.loads(data)[:2]
        reportname = "???"
        try:
            if report_type not in ("qweb-pdf", "qweb-text"):
                raise werkzeug.exceptions.BadRequest(f"Cannot download a {report_type} report")
            converter, extension = ("pdf", "pdf") if report_type == "qweb-pdf" else ("text", "txt")
            parts = urlsplit(url)
            reportname, _, docids = parts.path.split(f"/report/{converter}/", 1)[1].partition("/")
            params = dict(parse_qsl(parts.query))
            if context:
                params["context"] = context
            response = self.report_routes(reportname, docids=docids or None, converter=converter,
                                          **params)
            report = request.env["ir.actions.report"]._get_report_from_name(reportname)
            records = request.env[report.model].browse(
                [int(i) for i in docids.split(",") if i.isdigit()])
            response.headers.add("Content-Disposition", content_disposition(
                f"{report._get_print_name(records)}.{extension}"))
            return response
        except Exception as error:
            _logger.warning("Error while generating report %s", reportname, exc_info=True)
            payload = {"code": 200, "message": "Odoo Server Error", "data": serialize_exception(error)}
            response = request.make_response(escape(json.dumps(payload)))
            raise werkzeug.exceptions.InternalServerError(response=response) from error

    @staticmethod
    def _check_report_access(reportname, ids):
        """The report, if the user may print it on ``ids``; else AccessError/MissingError."""
        try:
            report = request.env["ir.actions.report"]._get_report(reportname)
        except ValueError as error:
            raise werkzeug.exceptions.NotFound(str(error)) from error
        if report.groups_id and not (report.groups_id & request.env.user.groups_id):
            raise AccessError(f"You are not allowed to print the report {report.name!r}.")
        if ids and report.model in request.env:
            records = request.env[report.model].browse(ids)
            if len(records.exists()) != len(set(ids)):
                raise MissingError(f"Some {report.model} records do not exist or were deleted.")
            records.check_access_rights("read")
            records.check_access_rule("read")
        return report
