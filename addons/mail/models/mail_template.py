"""``mail.template``: e-mail templates as addons ship them in their data files.

A template renders on a document of its model (``mail.render.mixin``): the subject,
addresses and language are ``{{ }}`` inline templates, the body is QWeb. ``send_mail``
turns the rendering into a ``mail.mail`` (sent now with ``force_send``, else by the queue's
cron) and returns its id; the reports of ``report_template_ids`` are attached (as PDF when
wkhtmltopdf is installed; left out with a warning when it is not).
"""
import ast
import base64
import logging

from odoo import _, api, fields, models, tools
from odoo.addons.base.models.ir_actions_report import wkhtmltopdf_binary
from odoo.exceptions import UserError, ValidationError
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

_logger = logging.getLogger(__name__)

#: the fields ``send_mail`` renders into a mail.mail
SEND_FIELDS = ("attachment_ids", "auto_delete", "body_html", "email_cc", "email_from",
               "email_to", "mail_server_id", "model", "partner_to", "reply_to",
               "report_template_ids", "res_id", "scheduled_date", "subject")
#: fields rendered by a dedicated step of ``_generate_template`` (or copied as they are)
SPECIFIC_FIELDS = frozenset({"attachment_ids", "email_cc", "email_to", "partner_to",
                             "report_template_ids", "scheduled_date", "auto_delete",
                             "email_layout_xmlid", "mail_server_id", "model", "res_id"})


class MailTemplate(models.Model):
    _name = "mail.template"
    _inherit = ["mail.render.mixin"]
    _description = "Email Templates"
    _order = "user_id, name, id"
    _unrestricted_rendering = True

    name = fields.Char("Name", translate=True)
    description = fields.Text("Template description", translate=True)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one("ir.model", "Applies to", ondelete="cascade",
                               help="The type of document this template can be used with")
    model = fields.Char("Related Document Model", related="model_id.model", index=True,
                        store=True, readonly=True)
    subject = fields.Char("Subject", translate=True,
                          help="Subject (placeholders may be used here)")
    email_from = fields.Char("From", help="Sender address (placeholders may be used here).")
    user_id = fields.Many2one("res.users", string="User", domain="[('share', '=', False)]")
    use_default_to = fields.Boolean("Default Recipients",
                                    help="Default recipients of the record.")
    email_to = fields.Char("To (Emails)", help="Comma-separated recipient addresses "
                                               "(placeholders may be used here)")
    partner_to = fields.Char("To (Partners)", help="Comma-separated ids of recipient partners "
                                                   "(placeholders may be used here)")
    email_cc = fields.Char("Cc", help="Carbon copy recipients (placeholders may be used here)")
    reply_to = fields.Char("Reply To", help="Email address to which replies will be "
                                            "redirected when sending emails in mass")
    body_html = fields.Html("Body", translate=True, sanitize=False, render_engine="qweb",
                            render_options={"post_process": True})
    attachment_ids = fields.Many2many("ir.attachment", "email_template_attachment_rel",
                                      "email_template_id", "attachment_id", string="Attachments")
    report_template_ids = fields.Many2many(
        "ir.actions.report", relation="mail_template_ir_actions_report_rel",
        column1="mail_template_id", column2="ir_actions_report_id", string="Dynamic Reports",
        domain="[('model', '=', model)]")
    mail_server_id = fields.Many2one("ir.mail_server", "Outgoing Mail Server",
                                     help="Optional preferred server for outgoing mails. If not "
                                          "set, the highest priority one will be used.")
    auto_delete = fields.Boolean("Auto Delete", default=True,
                                 help="This option permanently removes any track of email "
                                      "after it's been sent.")
    scheduled_date = fields.Char("Scheduled Date", help="If set, the queue manager will send "
                                                        "the email after the date.")
    email_layout_xmlid = fields.Char("Email Notification Layout", copy=False)

    @api.depends("model")
    def _compute_render_model(self):
        for template in self:
            template.render_model = template.model

    @api.returns("self", lambda value: value.id)
    def copy(self, default=None):
        default = dict(default or {})
        default.setdefault("name", f"{self.name} (copy)")
        return super().copy(default=default)

    # -- rendering values ---------------------------------------------------------------------

    @staticmethod
    def _parse_partner_to(partner_to):
        """The partner ids of a rendered ``partner_to`` ("3,4", "[3, 4]" or "3")."""
        try:
            value = ast.literal_eval(partner_to or "[]")
        except (ValueError, SyntaxError):
            value = (partner_to or "").split(",")
        if not isinstance(value, (list, tuple)):
            value = [value]
        ids = []
        for item in value:
            if isinstance(item, str):
                if item.strip().isdigit():
                    ids.append(int(item.strip()))
            elif isinstance(item, int) and not isinstance(item, bool) and item:
                ids.append(item)
        return ids

    def _generate_template_recipients(self, res_ids, render_fields, render_results):
        """``email_to``/``email_cc`` and ``partner_ids`` per record: the document's own
        recipients with ``use_default_to``, else the rendered fields."""
        self.ensure_one()
        records = self.env[self.model].browse(res_ids)
        if self.use_default_to and hasattr(records, "_message_get_default_recipients"):
            for res_id, recipients in records._message_get_default_recipients().items():
                render_results.setdefault(res_id, {}).update(recipients)
        else:
            for field in set(render_fields) & {"email_cc", "email_to", "partner_to"}:
                for res_id, value in self._render_field(field, res_ids).items():
                    render_results.setdefault(res_id, {})[field] = value
        wanted = {pid for values in render_results.values()
                  for pid in self._parse_partner_to(values.get("partner_to", ""))}
        existing = set(self.env["res.partner"].sudo().browse(list(wanted)).exists().ids)
        for values in render_results.values():
            partner_to = values.pop("partner_to", "")
            if partner_to:
                values.setdefault("partner_ids", []).extend(
                    pid for pid in self._parse_partner_to(partner_to) if pid in existing)

    def _generate_template_attachments(self, res_ids, render_fields, render_results):
        """The template's files (``attachment_ids``) and its reports rendered per record
        (``attachments``: ``[(file name, base64 content)]``)."""
        self.ensure_one()
        for res_id in res_ids:
            values = render_results.setdefault(res_id, {})
            if "attachment_ids" in render_fields:
                values["attachment_ids"] = list(self.attachment_ids.ids)
            if "report_template_ids" in render_fields:
                values["attachments"] = [report for report in (
                    self._render_report(report, res_id) for report in self.report_template_ids)
                    if report]

    def _render_report(self, report, res_id):
        """``(file name, base64 content)`` of ``report`` on one record; None when it needs
        wkhtmltopdf and wkhtmltopdf is not installed (the mail goes without it)."""
        Reports = self.env["ir.actions.report"]
        try:
            if report.report_type in ("qweb-html", "qweb-pdf"):
                content, extension = Reports._render_qweb_pdf(report, [res_id])
            else:
                rendered = Reports._render(report, [res_id])
                if not rendered:
                    raise UserError(_("Unsupported report type %s found.", report.report_type))
                content, extension = rendered
        except UserError:
            if report.report_type in ("qweb-html", "qweb-pdf") and wkhtmltopdf_binary() is None:
                _logger.warning("mail.template %s: report %r left out of the e-mail on %s,%s: "
                                "wkhtmltopdf is not installed (install it to attach PDFs)",
                                self.id, report.name, self.model, res_id)
                return None
            raise
        if report.print_report_name:
            name = safe_eval(report.print_report_name,
                             {"object": self.env[self.model].browse(res_id), "time": safe_time})
        else:
            name = _("Report")
        name = str(name)
        if not name.endswith(f".{extension}"):
            name += f".{extension}"
        if isinstance(content, str):
            content = content.encode()
        return name, base64.b64encode(content)

    def _generate_template_scheduled_date(self, res_ids, render_results):
        self.ensure_one()
        Mail = self.env["mail.mail"]
        for res_id, rendered in self._render_field("scheduled_date", res_ids).items():
            moment = Mail._parse_scheduled_datetime(rendered) if rendered else False
            render_results.setdefault(res_id, {})["scheduled_date"] = \
                fields.Datetime.to_string(moment) if moment else False

    def _generate_template_static_values(self, res_ids, render_fields, render_results):
        self.ensure_one()
        for res_id in res_ids:
            values = render_results.setdefault(res_id, {})
            if "auto_delete" in render_fields:
                values["auto_delete"] = self.auto_delete
            if "email_layout_xmlid" in render_fields:
                values["email_layout_xmlid"] = self.email_layout_xmlid
            if "mail_server_id" in render_fields:
                values["mail_server_id"] = self.mail_server_id.id
            if "model" in render_fields:
                values["model"] = self.model
            if "res_id" in render_fields:
                values["res_id"] = res_id or False

    def _generate_template(self, res_ids, render_fields):
        """``{res_id: values}`` of this template rendered on each record, in the record's
        language: the rendered ``render_fields``, ``partner_ids`` for the recipients and
        ``attachments`` for the reports."""
        self.ensure_one()
        if not self.model:
            raise UserError(_("The template %s applies to no model: set its 'Applies to'.",
                              self.display_name))
        render_fields = set(render_fields)
        results = {}
        for template, ids in self._classify_per_lang(list(res_ids)).values():
            for field in render_fields - SPECIFIC_FIELDS:
                for res_id, value in template._render_field(field, ids).items():
                    results.setdefault(res_id, {})[field] = value
            if render_fields & {"email_cc", "email_to", "partner_to"}:
                template._generate_template_recipients(ids, render_fields, results)
            if "scheduled_date" in render_fields:
                template._generate_template_scheduled_date(ids, results)
            template._generate_template_static_values(ids, render_fields, results)
            if render_fields & {"attachment_ids", "report_template_ids"}:
                template._generate_template_attachments(ids, render_fields, results)
        return results

    def generate_email(self, res_ids, fields):
        """The rendered values (Odoo 16's API): a dict per record for a list of ids, one
        dict for a single id; ``body`` repeats ``body_html``."""
        self.ensure_one()
        single = isinstance(res_ids, int)
        ids = [res_ids] if single else list(res_ids)
        results = self._generate_template(ids, fields)
        for values in results.values():
            if "body_html" in values:
                values["body"] = tools.html_sanitize(values["body_html"]) \
                    if values["body_html"] else values["body_html"]
        return results[res_ids] if single else results

    # -- sending ------------------------------------------------------------------------------

    def _send_check_access(self, res_ids):
        records = self.env[self.model].browse(res_ids)
        records.check_access_rights("read")
        records.check_access_rule("read")

    def send_mail(self, res_id, force_send=False, raise_exception=False, email_values=None,
                  email_layout_xmlid=False):
        """Render the template on the record ``res_id`` into a mail.mail and return its id.

        :param force_send: send it now rather than leave it to the queue's cron
        :param raise_exception: with ``force_send``, raise when it cannot be sent
        :param email_values: values that override the rendered ones (``email_to``...)
        :param email_layout_xmlid: a notification layout to wrap the body in
        """
        self.ensure_one()
        return self.send_mail_batch([res_id], force_send=force_send,
                                    raise_exception=raise_exception, email_values=email_values,
                                    email_layout_xmlid=email_layout_xmlid)[0].id

    def send_mail_batch(self, res_ids, force_send=False, raise_exception=False,
                        email_values=None, email_layout_xmlid=False):
        """``send_mail`` on several records at once; returns the new mail.mail records."""
        self.ensure_one()
        if not self.model:
            raise ValidationError(_("The template %s applies to no model: set its 'Applies "
                                    "to' before sending it.", self.display_name))
        self._send_check_access(res_ids)
        layout = email_layout_xmlid or self.email_layout_xmlid
        batch_size = int(self.env["ir.config_parameter"].sudo().get_param("mail.batch_size")
                         or 50)
        mails = self.env["mail.mail"].sudo()
        for chunk in tools.split_every(batch_size, res_ids, list):
            rendered = self._generate_template(chunk, SEND_FIELDS)
            records = self.env[self.model].browse(chunk)
            langs = self._render_lang(chunk) if layout and self.lang else {}
            values_list, files_list = [], []
            for record in records:
                values = rendered[record.id]
                values["recipient_ids"] = [(4, pid) for pid in values.pop("partner_ids", []) or []]
                values["attachment_ids"] = [(4, aid) for aid in values.get("attachment_ids") or []]
                values.update(email_values or {})
                files_list.append(values.pop("attachments", []))
                if "email_from" in values and not values.get("email_from"):
                    values.pop("email_from")
                if layout:
                    lang = langs.get(record.id) or self.env.lang
                    record_lang = record.with_context(lang=lang)
                    values["body_html"] = self.with_context(lang=lang)._render_encapsulate(
                        layout, values["body_html"],
                        add_context={"company": record_lang["company_id"]
                                     if "company_id" in record_lang else self.env.company,
                                     "model_description": self.env["ir.model"].with_context(
                                         lang=lang)._get(self.model).display_name},
                        context_record=record_lang)
                values["body"] = values.get("body_html")
                values_list.append(values)
            created = self.env["mail.mail"].sudo().create(values_list)
            for mail, files in zip(created, files_list):
                if files:
                    mail.with_context(default_type=None).write({"attachment_ids": [
                        (0, 0, {"name": name, "datas": datas, "type": "binary",
                                "res_model": "mail.message", "res_id": mail.mail_message_id.id})
                        for name, datas in files]})
            mails |= created
        if force_send:
            mails.send(raise_exception=raise_exception)
        return mails
