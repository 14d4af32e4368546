"""The invoice reports' rules: only invoices print with them, and the proforma context
prints a pro-forma invoice."""
from __future__ import annotations

from odoo import api, models
from odoo.exceptions import UserError

INVOICE_REPORTS = ("account.report_invoice_with_payments", "account.report_invoice")
MASTER_REPORTS = ("account.account_invoices", "account.account_invoices_without_payment")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _is_invoice_report(self, report_ref) -> bool:
        return self._get_report(report_ref).report_name in INVOICE_REPORTS

    @api.model
    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        if self._is_invoice_report(report_ref):
            ids = [res_ids] if isinstance(res_ids, int) else res_ids or []
            entries = self.env["account.move"].browse(ids).filtered(lambda move: move.move_type == "entry")
            if entries:
                raise UserError(f"Only invoices can be printed with this report; "
                                f"{', '.join(entries.mapped('display_name'))} are journal entries.")
            if self.env["ir.config_parameter"].sudo().get_param("account.display_name_in_footer"):
                data = dict(data or {}, display_name_in_footer=True)
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _get_rendering_context(self, report, docids, data):
        data = super()._get_rendering_context(report, docids, data)
        if self.env.context.get("proforma_invoice"):
            data["proforma"] = True
        return data

    @api.ondelete(at_uninstall=False)
    def _unlink_except_master_tags(self):
        for xmlid in MASTER_REPORTS:
            report = self.env.ref(xmlid, raise_if_not_found=False)
            if report and report in self:
                raise UserError(f"The report {report.name!r} prints the invoices and cannot be "
                                f"deleted; remove it from the Print menu instead (its binding).")
