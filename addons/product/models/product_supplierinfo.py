"""Vendor prices (``product.supplierinfo``): what a vendor asks for a product, from a quantity
on, between two dates; one line may be restricted to a single variant.

Purchasing picks among them with ``product.product._select_seller`` (``product_sellers``);
addons add other kinds of partner prices by inheriting this model (customer prices).
"""
from __future__ import annotations

from odoo import _, api, fields, models


class ProductSupplierinfo(models.Model):
    _name = "product.supplierinfo"
    _description = "Supplier Pricelist"
    _order = "sequence, min_qty desc, price, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", "Vendor", ondelete="cascade", required=True,
                                 check_company=True)
    product_name = fields.Char(
        "Vendor Product Name",
        help="The vendor's name for the product, printed on requests for quotation; empty "
             "means the product's own name.")
    product_code = fields.Char(
        "Vendor Product Code",
        help="The vendor's code for the product, printed on requests for quotation; empty "
             "means the product's own reference.")
    sequence = fields.Integer("Sequence", default=1,
                              help="Order of preference among the vendors of the product.")
    product_uom = fields.Many2one("uom.uom", "Unit of Measure",
                                  related="product_tmpl_id.uom_po_id")
    min_qty = fields.Float(
        "Quantity", default=0.0, required=True, digits="Product Unit of Measure",
        help="The quantity, in the purchase unit of the product, from which this price "
             "applies.")
    price = fields.Float("Price", default=0.0, digits="Product Price", required=True,
                         help="The price to purchase a product")
    company_id = fields.Many2one("res.company", "Company",
                                 default=lambda self: self.env.company.id, index=True)
    currency_id = fields.Many2one("res.currency", "Currency", required=True,
                                  default=lambda self: self.env.company.currency_id.id)
    date_start = fields.Date("Start Date", help="Start date for this vendor price")
    date_end = fields.Date("End Date", help="End date for this vendor price")
    product_id = fields.Many2one(
        "product.product", "Product Variant", check_company=True,
        domain="[('product_tmpl_id', '=', product_tmpl_id)] if product_tmpl_id else []",
        help="If not set, the vendor price will apply to all variants of this product.")
    product_tmpl_id = fields.Many2one("product.template", "Product Template", check_company=True,
                                      index=True, ondelete="cascade")
    product_variant_count = fields.Integer("Variant Count",
                                           related="product_tmpl_id.product_variant_count")
    delay = fields.Integer(
        "Delivery Lead Time", default=1, required=True,
        help="Days between the confirmation of a purchase order and the receipt of the "
             "products; the scheduler plans purchases with it.")

    @api.onchange("product_tmpl_id")
    def _onchange_product_tmpl_id(self):
        """A variant of another template no longer applies: forget it."""
        if self.product_id and self.product_id not in self.product_tmpl_id.product_variant_ids:
            self.product_id = False

    @api.model
    def get_import_templates(self):
        return [{"label": _("Import Template for Vendor Pricelists"),
                 "template": "/product/static/xls/product_supplierinfo.xls"}]

    def _sanitize_vals(self, vals: dict) -> None:
        """A price given for a variant belongs to that variant's template too."""
        if vals.get("product_id") and not vals.get("product_tmpl_id"):
            variant = self.env["product.product"].browse(vals["product_id"])
            vals["product_tmpl_id"] = variant.product_tmpl_id.id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._sanitize_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._sanitize_vals(vals)
        return super().write(vals)
