"""Order printers (Odoo 17's ``pos.printer``): a kitchen or bar printer that prints the
lines of some POS categories when an order is sent; a till lists its printers."""
from __future__ import annotations

from odoo import fields, models


class PosPrinter(models.Model):
    _name = "pos.printer"
    _description = "Point of Sale Printer"

    name = fields.Char("Printer Name", required=True, default="Printer",
                       help="An internal identification of the printer")
    printer_type = fields.Selection([("iot", "Use a printer connected to the IoT Box")], "Printer Type",
                                    default="iot")
    proxy_ip = fields.Char("Proxy IP Address", help="The IP Address or hostname of the Printer's hardware proxy")
    product_categories_ids = fields.Many2many("pos.category", "printer_category_rel", "printer_id",
                                              "category_id", string="Printed Product Categories")
    company_id = fields.Many2one("res.company", "Company", default=lambda self: self.env.company)


class PosConfig(models.Model):
    _inherit = "pos.config"

    printer_ids = fields.Many2many("pos.printer", "pos_config_printer_rel", "config_id", "printer_id",
                                   string="Order Printers")
