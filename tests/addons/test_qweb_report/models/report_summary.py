"""The values of the summary report come from a report.<report_name> model, as in Odoo."""
from odoo import api, models


class ReportDocSummary(models.AbstractModel):
    _name = "report.test_qweb_report.report_doc_summary"
    _description = "Summary of QWeb test documents"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["test_qweb.doc"].browse(docids)
        return {"doc_ids": docids, "doc_model": "test_qweb.doc", "docs": docs,
                "total_qty": sum(docs.mapped("qty"))}
