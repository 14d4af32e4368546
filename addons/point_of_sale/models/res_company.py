"""What the receipts of a company's tills print (``res.company``)."""
from __future__ import annotations

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    point_of_sale_use_ticket_qr_code = fields.Boolean(
        "Self-service invoicing", help="Print a QR code on the receipts to request an invoice.")
    point_of_sale_ticket_unique_code = fields.Boolean(
        "Generate a code on ticket", help="Add a unique code on the receipt to request an invoice.")
