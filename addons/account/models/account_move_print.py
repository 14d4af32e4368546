"""Printing invoices: the report action the Print button runs, the names a printed
invoice gets (its title and its file name), and whether it was sent (printed) already.

The templates are in ``report/report_invoice.xml``; the report actions
(``account.account_invoices`` with the payments, ``account.account_invoices_without_payment``)
in ``report/account_report.xml``.
"""
from __future__ import annotations

from odoo import fields, models
from odoo.exceptions import UserError

DRAFT_TITLES = {
    "out_invoice": "Draft Invoice", "out_refund": "Draft Credit Note", "in_invoice": "Draft Bill",
    "in_refund": "Draft Vendor Credit Note", "out_receipt": "Draft Sales Receipt",
    "in_receipt": "Draft Purchase Receipt", "entry": "Draft Entry",
}


class AccountMove(models.Model):
    _inherit = "account.move"

    is_move_sent = fields.Boolean(
        "Is Move Sent", readonly=True, copy=False,
        help="Set once the invoice is printed or sent: the next step is waiting for its payment.")

    def action_invoice_print(self):
        """The report action printing these invoices (with their payments), as Odoo's Print
        button; they count as sent from now on."""
        entries = self.filtered(lambda move: not move.is_invoice(include_receipts=True))
        if entries:
            raise UserError(f"Only invoices can be printed; {', '.join(entries.mapped('display_name'))} "
                            f"are journal entries. Select invoices, credit notes or bills.")
        self.filtered(lambda move: not move.is_move_sent).write({"is_move_sent": True})
        return self.env.ref("account.account_invoices").report_action(self)

    def _get_name_invoice_report(self) -> str:
        """The template printing one invoice: localisations answer their own document."""
        self.ensure_one()
        return "account.report_invoice_document"

    def _get_move_display_name(self, show_ref: bool = False) -> str:
        """The invoice as a title: its number ("Draft Invoice" first while a draft, its id
        while it has none), with its reference when asked."""
        self.ensure_one()
        name = f"{DRAFT_TITLES[self.move_type]} " if self.state == "draft" else ""
        name += self.name if self.name and self.name != "/" else f"(* {self.id})"
        if show_ref and self.ref:
            name += f" ({self.ref[:50]})"
        return name

    def _get_report_base_filename(self) -> str:
        """The printed file's name without its extension (``print_report_name`` of the
        invoice reports)."""
        return self._get_move_display_name()

    def _get_invoice_report_filename(self, extension: str = "pdf") -> str:
        """The name of the invoice's printed file: its number, with no slash."""
        self.ensure_one()
        return f"{self.name.replace('/', '_')}.{extension}"
