"""``report.pos.order``: the sales analysis, one row per order and product, as a SQL view.

Odoo's model name, fields and query hooks: an addon adds a column by extending ``_select``
(and ``_group_by``, ``_from``) with SQL text, as OCA's pos_margin does; ``init()`` makes
the view again from them at each install or upgrade.
"""
from __future__ import annotations

from odoo import fields, models, tools

#: the order's rate to the company currency, 1 when it has none
RATE = "CASE COALESCE(s.currency_rate, 0) WHEN 0 THEN 1.0 ELSE s.currency_rate END"


class PosOrderReport(models.Model):
    _name = "report.pos.order"
    _description = "Point of Sale Orders Report"
    _auto = False
    _order = "date desc"
    _rec_name = "order_id"

    date = fields.Datetime("Order Date", readonly=True)
    order_id = fields.Many2one("pos.order", "Order", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", "Product Template", readonly=True)
    state = fields.Selection([("draft", "New"), ("paid", "Paid"), ("done", "Posted"),
                              ("invoiced", "Invoiced"), ("cancel", "Cancelled")], "Status", readonly=True)
    user_id = fields.Many2one("res.users", "User", readonly=True)
    price_total = fields.Float("Total Price", readonly=True)
    price_sub_total = fields.Float("Subtotal w/o discount", readonly=True)
    total_discount = fields.Float("Total Discount", readonly=True)
    average_price = fields.Float("Average Price", readonly=True, group_operator="avg")
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    nbr_lines = fields.Integer("Sale Line Count", readonly=True)
    product_qty = fields.Integer("Product Quantity", readonly=True)
    journal_id = fields.Many2one("account.journal", "Journal", readonly=True)
    delay_validation = fields.Integer("Delay Validation", readonly=True)
    product_categ_id = fields.Many2one("product.category", "Product Category", readonly=True)
    invoiced = fields.Boolean(readonly=True)
    config_id = fields.Many2one("pos.config", "Point of Sale", readonly=True)
    pricelist_id = fields.Many2one("product.pricelist", "Pricelist", readonly=True)
    session_id = fields.Many2one("pos.session", "Session", readonly=True)
    margin = fields.Float(readonly=True)

    def _select(self) -> str:
        return f"""
            SELECT MIN(l.id) AS id,
                   COUNT(*) AS nbr_lines,
                   s.date_order AS date,
                   SUM(l.qty) AS product_qty,
                   SUM(l.qty * l.price_unit / {RATE}) AS price_sub_total,
                   SUM((l.qty * l.price_unit) * (100 - l.discount) / 100 / {RATE}) AS price_total,
                   SUM((l.qty * l.price_unit) * (l.discount / 100) / {RATE}) AS total_discount,
                   CASE WHEN SUM(l.qty * u.factor) = 0 THEN NULL
                        ELSE (SUM(l.qty * l.price_unit / {RATE}) / SUM(l.qty * u.factor))::decimal END AS average_price,
                   SUM(CAST(to_char(date_trunc('day', s.date_order) - date_trunc('day', s.create_date), 'DD') AS INT))
                       AS delay_validation,
                   s.id AS order_id,
                   s.partner_id AS partner_id,
                   s.state AS state,
                   s.user_id AS user_id,
                   s.company_id AS company_id,
                   pc.journal_id AS journal_id,
                   l.product_id AS product_id,
                   pt.categ_id AS product_categ_id,
                   p.product_tmpl_id,
                   ps.config_id,
                   s.pricelist_id,
                   s.session_id,
                   s.account_move IS NOT NULL AS invoiced,
                   SUM(l.price_subtotal - COALESCE(l.total_cost, 0) / {RATE}) AS margin"""

    def _from(self) -> str:
        return """
              FROM pos_order_line AS l
                   INNER JOIN pos_order s ON s.id = l.order_id
                   LEFT JOIN product_product p ON l.product_id = p.id
                   LEFT JOIN product_template pt ON p.product_tmpl_id = pt.id
                   LEFT JOIN uom_uom u ON u.id = pt.uom_id
                   LEFT JOIN pos_session ps ON s.session_id = ps.id
                   LEFT JOIN pos_config pc ON ps.config_id = pc.id"""

    def _group_by(self) -> str:
        return """
             GROUP BY s.id, s.date_order, s.partner_id, s.state, pt.categ_id, s.user_id, s.company_id,
                      pc.journal_id, s.pricelist_id, s.account_move, s.create_date, s.session_id,
                      l.product_id, p.product_tmpl_id, ps.config_id"""

    def _having(self) -> str:
        return ""

    def init(self) -> None:
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the hooks give SQL text (a % in it is a literal one)
        query = (self._select() + self._from() + self._group_by() + self._having()).replace("%", "%%")
        self.env.cr.execute(tools.SQL("CREATE OR REPLACE VIEW %s AS (%s)", tools.SQL.identifier(self._table),
                                      tools.SQL(query)))
