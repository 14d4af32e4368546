"""Lines of the POS orders (``pos.order.line``), their taxes and their refunds.

A refund line has a negative quantity and points to the line it gives back
(``refunded_orderline_id``); what all refunds give back never exceeds what was sold.
"""
from __future__ import annotations

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PosOrderLine(models.Model):
    _name = "pos.order.line"
    _description = "Point of Sale Order Lines"
    _rec_name = "product_id"

    name = fields.Char("Line No", required=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", related="order_id.company_id", store=True,
                                 string="Company")
    order_id = fields.Many2one("pos.order", "Order Ref", required=True, index=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", "Product", required=True, index=True,
                                 domain=[("sale_ok", "=", True)])
    full_product_name = fields.Char("Full Product Name")
    qty = fields.Float("Quantity", digits="Product Unit of Measure", default=1)
    price_unit = fields.Float("Unit Price", digits=0)
    discount = fields.Float("Discount (%)", digits=0, default=0.0)
    price_extra = fields.Float("Price extra")
    price_subtotal = fields.Float("Subtotal w/o Tax", digits=0, readonly=True, required=True)
    price_subtotal_incl = fields.Float("Subtotal", digits=0, readonly=True, required=True)
    tax_ids = fields.Many2many("account.tax", string="Taxes", readonly=True)
    tax_ids_after_fiscal_position = fields.Many2many(
        "account.tax", compute="_get_tax_ids_after_fiscal_position", string="Taxes to Apply")
    product_uom_id = fields.Many2one("uom.uom", related="product_id.uom_id", string="Product UoM")
    currency_id = fields.Many2one("res.currency", related="order_id.currency_id")
    customer_note = fields.Char("Customer Note")
    uuid = fields.Char("Client Identifier", copy=False)
    refunded_orderline_id = fields.Many2one("pos.order.line", "Refunded Order Line", index="btree_not_null",
                                            help="The line of the sale this line gives back.")
    refund_orderline_ids = fields.One2many("pos.order.line", "refunded_orderline_id",
                                           "Refund Order Lines")
    refunded_qty = fields.Float("Refunded Quantity", compute="_compute_refunded_qty",
                                help="The quantity given back by the refunds of this line.")
    total_cost = fields.Float("Total cost", digits="Product Price", readonly=True)

    @api.depends("refund_orderline_ids.qty", "refund_orderline_ids.order_id.state")
    def _compute_refunded_qty(self):
        for line in self:
            line.refunded_qty = -sum(line.refund_orderline_ids.filtered(
                lambda refund: refund.order_id.state != "cancel").mapped("qty"))

    @api.depends("order_id.fiscal_position_id", "tax_ids")
    def _get_tax_ids_after_fiscal_position(self):
        for line in self:
            position = line.order_id.fiscal_position_id
            line.tax_ids_after_fiscal_position = position.map_tax(line.tax_ids) if position else line.tax_ids

    @api.constrains("refunded_orderline_id", "qty")
    def _check_refunded_qty(self):
        # only refund lines are checked: the others are skipped without being read one by one
        origins = self.env.transaction.get_values(self, self._fields["refunded_orderline_id"])
        for line in self.browse([line_id for line_id, origin in zip(self._ids, origins) if origin]):
            origin = line.refunded_orderline_id
            if line.qty > 0:
                raise ValidationError(_("A refund line of %s must have a negative quantity.",
                                        origin.full_product_name or origin.product_id.display_name))
            if origin.product_id != line.product_id:
                raise ValidationError(_("A refund line gives back the product of the line it refunds."))
            rounding = origin.product_id.uom_id.rounding or 0.01
            if origin.refunded_qty - origin.qty > rounding / 2:
                raise ValidationError(_(
                    "%(product)s: %(refunded)s would be refunded but only %(sold)s were sold in "
                    "%(order)s.", product=origin.full_product_name or origin.product_id.display_name,
                    refunded=origin.refunded_qty, sold=origin.qty, order=origin.order_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        # lines without a number get the next ones of their till's line sequence, drawn at once
        unnamed = defaultdict(list)
        orders = {order.id: order for order in self.env["pos.order"].browse(
            list(dict.fromkeys(vals["order_id"] for vals in vals_list if vals.get("order_id"))))}
        sequences = {order_id: order.config_id.sequence_line_id for order_id, order in orders.items()}
        by_id = {sequence.id: sequence for sequence in sequences.values() if sequence}
        for vals in vals_list:
            if vals.get("name", "/") == "/" and vals.get("order_id"):
                sequence = sequences[vals["order_id"]]
                if sequence:
                    unnamed[sequence.id].append(vals)
        for sequence_id, named in unnamed.items():
            for vals, name in zip(named, by_id[sequence_id].sudo()._next_many(len(named))):
                vals["name"] = name
        return super().create(vals_list)

    def _compute_amount_line_all(self) -> dict:
        """``{'price_subtotal', 'price_subtotal_incl', 'taxes'}`` of the line, from the tax engine."""
        self.ensure_one()
        order = self.order_id
        taxes = self.tax_ids_after_fiscal_position
        price = self.price_unit * (1 - (self.discount or 0.0) / 100.0)
        currency = order.currency_id or order.company_id.currency_id
        result = taxes.compute_all(price, currency, self.qty, product=self.product_id,
                                   partner=order.partner_id)
        return {"price_subtotal": result["total_excluded"], "price_subtotal_incl": result["total_included"],
                "taxes": result["taxes"]}

    def _recompute_amounts(self) -> None:
        for line in self:
            amounts = line._compute_amount_line_all()
            line.write({"price_subtotal": amounts["price_subtotal"],
                        "price_subtotal_incl": amounts["price_subtotal_incl"]})

    def _export_for_ui(self) -> dict:
        self.ensure_one()
        return {
            "id": self.id, "qty": self.qty, "price_unit": self.price_unit,
            "price_subtotal": self.price_subtotal, "price_subtotal_incl": self.price_subtotal_incl,
            "product_id": self.product_id.id, "discount": self.discount,
            "tax_ids": [[6, False, self.tax_ids.ids]],
            "pack_lot_ids": [[0, 0, lot] for lot in self.pack_lot_ids.export_for_ui()],
            "full_product_name": self.full_product_name, "price_extra": self.price_extra,
            "customer_note": self.customer_note, "refunded_orderline_id": self.refunded_orderline_id.id,
            "refunded_qty": self.refunded_qty, "uuid": self.uuid,
        }
