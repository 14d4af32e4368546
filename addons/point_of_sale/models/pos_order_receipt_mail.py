"""Receipts e-mailed from the receipt screen, as Odoo 17 sends them.

The till calls ``action_receipt_to_customer(name, client, ticket)`` on the synced order:
``name`` the order's reference, ``client`` ``{'email', 'name'}`` as the cashier typed it,
``ticket`` the receipt as a base64 JPEG (``static/src/receipt_image.js``). The receipt goes as
an attachment of the order (``Receipt-<name>.jpg``), with the invoice's PDF when the order was
invoiced and PDFs can be printed here, in one ``mail.mail`` sent at once.

Odoo's two steps stay overridable as they are (addons change the body, the sender or the
attachments there): ``_prepare_mail_values`` and ``_add_mail_attachment``. Unlike Odoo, a
receipt the mail server refused is reported to the cashier (a UserError with the server's
reason) rather than reported sent.
"""
from __future__ import annotations

import base64
import binascii
import logging

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

_logger = logging.getLogger(__name__)

INVOICE_REPORT = "account.account_invoices"


class PosOrder(models.Model):
    _inherit = "pos.order"

    def action_receipt_to_customer(self, name, client, ticket):
        """E-mail the receipt ``ticket`` of this order to ``client['email']``; False when there
        is no order or no address (as Odoo), else True once the mail server took it."""
        if not self or not isinstance(client, dict) or not client.get("email"):
            return False
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        mail = self.env["mail.mail"].sudo().create(self._prepare_mail_values(name, client, ticket))
        mail.send()
        if mail.exists() and mail.state == "exception":
            raise UserError(_("The receipt was not sent to %(email)s: %(reason)s",
                              email=client["email"], reason=mail.failure_reason or _("the mail server refused it")))
        return True

    def _prepare_mail_values(self, name, client, ticket) -> dict:
        """The ``mail.mail`` values of the receipt e-mail (an addon changes the text here)."""
        greeting = _("Dear %(customer)s,", customer=html_escape(client.get("name") or client["email"]))
        body = _("Here is your electronic ticket for the %(order)s.", order=html_escape(name))
        return {
            "subject": _("Receipt %s", name),
            "body_html": f"<p>{greeting}<br/>{body}</p>",
            "author_id": self.env.user.partner_id.id,
            "email_from": self.env.company.email or self.env.user.email_formatted,
            "email_to": client["email"],
            "attachment_ids": self._add_mail_attachment(name, ticket),
        }

    def _add_mail_attachment(self, name, ticket) -> list:
        """``attachment_ids`` commands of the receipt e-mail: the receipt image, and the
        invoice's PDF for an invoiced order (left out, with a warning, when no PDF can be
        printed here: the receipt still goes)."""
        try:
            base64.b64decode(ticket or "", validate=True)
        except (binascii.Error, TypeError, ValueError) as error:
            raise UserError(_("The receipt image is not base64 data: %s", error)) from error
        attachments = self.env["ir.attachment"]
        receipt = attachments.create({
            "name": f"Receipt-{name}.jpg", "type": "binary", "datas": ticket,
            "res_model": "pos.order", "res_id": self.ids[0], "mimetype": "image/jpeg",
        })
        commands = [(4, receipt.id)]
        invoice = self.account_move
        report = self.env.ref(INVOICE_REPORT, raise_if_not_found=False)
        if invoice and report:
            try:
                pdf, _kind = self.env["ir.actions.report"].sudo()._render_qweb_pdf(INVOICE_REPORT, invoice.ids)
            except UserError as error:      # no wkhtmltopdf here
                _logger.warning("receipt of %s e-mailed without its invoice's PDF: %s", name, error)
            else:
                document = attachments.create({
                    "name": f"{name}.pdf", "type": "binary", "datas": base64.b64encode(pdf),
                    "res_model": "pos.order", "res_id": self.ids[0], "mimetype": "application/x-pdf",
                })
                commands.append((4, document.id))
        return commands
