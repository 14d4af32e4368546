"""What a session's closing entry adds up (Odoo 17's ``_accumulate_amounts``), read in a
fixed number of queries whatever the number of orders.

The closed orders of the session (paid, done, invoiced) are never loaded as records: their
lines come grouped by what makes their taxes the same (fiscal position, product, taxes,
unit price, discount, quantity), so ``compute_all`` runs once per distinct line; payments
come summed per method, one row each only for the methods that identify the customer
(``split_transactions``). Everything is then grouped the way the entry shows it:

* sales per (income account, sign, taxes and their distribution lines, base tags);
* taxes per (account, distribution line, tax, tags), rounded per line or, with the
  company's ``round_globally``, summed per order and rounded once per order;
* receivables per method (combined) or per payment (split), by kind: cash, bank, pay later;
* for invoiced orders, no sales nor taxes: their payments still make receivables, and the
  amounts of their payment entries come back per account as "invoice receivables".

Amounts are balances in the session currency: a sale of 10 is a balance of -10 (a credit).
Beside each, its value in the company currency when the session's differs (Odoo 17's
``amount_converted``): sales and taxes at the rate of their order's day, payments at the rate
of their own day (the rows come grouped by day too, and each day's rate is read once).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

CLOSED_STATES = ("paid", "done", "invoiced")


@dataclass
class SplitPayment:
    """One payment of a method that identifies the customer."""
    id: int
    method_id: int
    amount: float
    name: str
    date: object
    partner_id: int | None
    order_name: str
    invoiced: bool
    #: the amount in the company currency
    converted: float = 0.0


@dataclass
class ClosingAmounts:
    """The grouped amounts of a session's closing entry (see the module docstring)."""
    #: (income account, sign, ((tax, account, distribution line), ...), base tags)
    #: -> [balance, tax, balance in company currency]
    sales: dict = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0, 0.0]))
    #: (account, distribution line, tax, tags) -> [balance, base, the two in company currency]
    taxes: dict = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0, 0.0, 0.0]))
    #: what the customers paid beyond (or below) the totals because of cash rounding
    rounding: float = 0.0
    rounding_converted: float = 0.0
    #: method id -> amount paid with it (methods without split_transactions)
    combined: dict = field(default_factory=lambda: defaultdict(float))
    #: method id -> the same in company currency
    combined_converted: dict = field(default_factory=lambda: defaultdict(float))
    #: the payments of the methods with split_transactions
    split: list = field(default_factory=list)
    #: account -> amount of the invoiced orders' payments (their payment entries' side)
    invoice_receivables: dict = field(default_factory=lambda: defaultdict(float))
    invoice_receivables_converted: dict = field(default_factory=lambda: defaultdict(float))
    #: account -> ids of the payment entries' lines on it, to match with the above
    invoice_payment_lines: dict = field(default_factory=lambda: defaultdict(list))
    #: whether the session has anything to book
    order_count: int = 0


class PosSession(models.Model):
    _inherit = "pos.session"

    def _accumulate_closing_amounts(self) -> ClosingAmounts:
        """The session's amounts, grouped as the closing entry books them."""
        self.ensure_one()
        self.env.flush_all()
        data = ClosingAmounts()
        convert = _RateConverter(self)
        cr = self.env.cr
        cr.execute(SQL("""
            SELECT date_order::date, COUNT(*),
                   COALESCE(SUM(amount_paid - amount_total) FILTER (WHERE state != 'invoiced'), 0)
              FROM pos_order WHERE session_id = %s AND state IN %s
          GROUP BY 1
        """, self.id, CLOSED_STATES))
        for day, count, rounding in cr.fetchall():
            data.order_count += count
            if self.config_id.cash_rounding:
                data.rounding += float(rounding)
                data.rounding_converted += convert(float(rounding), day)
        self._accumulate_sales_and_taxes(data, convert)
        self._accumulate_payments(data, convert)
        return data

    # -- sales and taxes ---------------------------------------------------------------------------

    def _closing_line_groups(self, per_order: bool) -> list[tuple]:
        """The uninvoiced closed orders' lines, grouped by what decides their accounting:
        (order or None, fiscal position, product, unit price, discount, quantity, sorted tax ids,
        day of the order, sum of price_subtotal, count)."""
        tax_field = self.env["pos.order.line"]._fields["tax_ids"]
        order_column = SQL("o.id") if per_order else SQL("NULL::int")
        # each line with its taxes first (one join and a grouping by line, cheaper than a
        # lookup of the taxes per line), then the lines grouped; a line's tax ids come in no
        # particular order, hence sorted below
        self.env.cr.execute(SQL("""
            SELECT order_id, position_id, product_id, price_unit, discount, qty, COALESCE(tax_ids, '{}'), day,
                   SUM(subtotal), COUNT(*)
              FROM (SELECT %(order)s AS order_id, o.fiscal_position_id AS position_id, l.product_id, l.price_unit,
                           COALESCE(l.discount, 0) AS discount, l.qty, o.date_order::date AS day,
                           l.price_subtotal AS subtotal,
                           array_agg(r.%(tax_col)s) FILTER (WHERE r.%(tax_col)s IS NOT NULL) AS tax_ids
                      FROM pos_order_line l
                      JOIN pos_order o ON o.id = l.order_id
                      LEFT JOIN %(rel)s r ON r.%(line_col)s = l.id
                     WHERE o.session_id = %(session)s AND o.state IN ('paid', 'done')
                  GROUP BY l.id, o.id) line
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
          ORDER BY 1
        """, order=order_column, tax_col=SQL.identifier(tax_field.column2), rel=SQL.identifier(tax_field.relation),
            line_col=SQL.identifier(tax_field.column1), session=self.id))
        return [(*row[:6], tuple(sorted(row[6])), *row[7:]) for row in self.env.cr.fetchall()]
        return self.env.cr.fetchall()

    def _accumulate_sales_and_taxes(self, data: ClosingAmounts, convert) -> None:
        company = self.company_id
        per_order = company.tax_calculation_rounding_method == "round_globally"
        currency = self.currency_id
        company_currency = company.currency_id
        helper = _LineAccounting(self)
        order_taxes: dict = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        current_order = None

        def flush_order():
            for key, (amount, base, amount_converted, base_converted) in order_taxes.items():
                totals = data.taxes[key]
                totals[0] += currency.round(amount)
                totals[1] += currency.round(base)
                totals[2] += company_currency.round(amount_converted)
                totals[3] += company_currency.round(base_converted)
            order_taxes.clear()

        groups = self._closing_line_groups(per_order)
        helper.prefetch_income_accounts({row[2] for row in groups})
        for order_id, position_id, product_id, price_unit, discount, qty, tax_ids, day, subtotal, count in groups:
            if per_order and order_id != current_order:
                flush_order()
                current_order = order_id
            subtotal = float(subtotal or 0.0)
            income_account = helper.income_account(product_id, position_id)
            taxes = helper.taxes(tax_ids, position_id)
            computed = helper.compute(taxes, product_id, float(price_unit or 0.0), float(discount), float(qty or 0.0))
            sale_key = (income_account, -1 if subtotal < 0 else 1,
                        tuple((tax["id"], tax["account_id"], tax["tax_repartition_line_id"])
                              for tax in computed["taxes"]), tuple(computed["base_tags"]))
            sale = data.sales[sale_key]
            sale[0] -= subtotal
            sale[2] -= convert(subtotal, day, round=False)
            for tax in computed["taxes"]:
                tax_key = (tax["account_id"] or income_account, tax["tax_repartition_line_id"], tax["id"],
                           tuple(tax["tag_ids"]))
                sale[1] += tax["amount"] * count
                target = (order_taxes if per_order else data.taxes)[tax_key]
                target[0] += tax["amount"] * count
                target[1] += tax["base"] * count
                # per line: each line's tax converted and rounded; globally: once per order
                target[2] += convert(tax["amount"], day, round=not per_order) * count
                target[3] += convert(tax["base"], day, round=not per_order) * count
        flush_order()

    # -- payments ----------------------------------------------------------------------------------

    def _accumulate_payments(self, data: ClosingAmounts, convert) -> None:
        cr = self.env.cr
        default_receivable = self.company_id.account_default_pos_receivable_account_id
        # one pass over the session's payments: summed per method, day and invoicing, but one
        # row per payment of the methods that identify the customer (split_transactions)
        cr.execute(SQL("""
            SELECT CASE WHEN m.split_transactions THEN p.id END, p.payment_method_id, o.state = 'invoiced',
                   SUM(p.amount), COALESCE(p.payment_date, o.date_order)::date, o.date_order::date,
                   MIN(p.name) FILTER (WHERE m.split_transactions),
                   MIN(p.payment_date) FILTER (WHERE m.split_transactions),
                   MIN(o.partner_id) FILTER (WHERE m.split_transactions),
                   MIN(COALESCE(o.pos_reference, o.name)) FILTER (WHERE m.split_transactions)
              FROM pos_payment p
              JOIN pos_order o ON o.id = p.pos_order_id
              JOIN pos_payment_method m ON m.id = p.payment_method_id
             WHERE o.session_id = %s AND o.state IN %s
          GROUP BY 1, 2, 3, 5, 6
          ORDER BY 1
        """, self.id, CLOSED_STATES))
        sums, splits = [], []
        for split_id, method_id, invoiced, amount, day, order_day, name, date, partner_id, order_name \
                in cr.fetchall():
            if split_id is None:
                sums.append((method_id, invoiced, amount, day, order_day))
            elif amount:
                splits.append(SplitPayment(split_id, method_id, float(amount), name, date, partner_id, order_name,
                                           invoiced))
        for payment in splits:
            payment.converted = convert(payment.amount, payment.date)
        methods = self.env["pos.payment.method"].browse(
            {row[0] for row in sums} | {payment.method_id for payment in splits})
        kinds = {method.id: method.type for method in methods}
        receivable_of = {method.id: (method.receivable_account_id or default_receivable).id for method in methods}
        rounding = self.currency_id.rounding
        for method_id, invoiced, amount, day, order_day in sums:
            amount = float(amount or 0.0)
            if abs(amount) < rounding / 2:
                continue
            if kinds[method_id] == "pay_later" and invoiced:
                continue
            data.combined[method_id] += amount
            data.combined_converted[method_id] += convert(amount, day)
            if invoiced and kinds[method_id] != "pay_later":
                # at the rate of the order's day, as its payment entry
                data.invoice_receivables[receivable_of[method_id]] += amount
                data.invoice_receivables_converted[receivable_of[method_id]] += convert(amount, order_day)
        for payment in splits:
            if kinds[payment.method_id] == "pay_later" and payment.invoiced:
                continue
            data.split.append(payment)
            if payment.invoiced and kinds[payment.method_id] != "pay_later":
                data.invoice_receivables[receivable_of[payment.method_id]] += payment.amount
                data.invoice_receivables_converted[receivable_of[payment.method_id]] += payment.converted
        if data.invoice_receivables:
            self._invoice_payment_lines(data, default_receivable)

    def _invoice_payment_lines(self, data: ClosingAmounts, default_receivable) -> None:
        """The lines the invoiced orders' payment entries left on the POS receivable, still
        to match (one query). Payments may share an entry (the change is folded into the
        first cash payment), hence DISTINCT."""
        self.env.cr.execute(SQL("""
            SELECT DISTINCT aml.id, aml.account_id
              FROM pos_payment p
              JOIN pos_order o ON o.id = p.pos_order_id
              JOIN pos_payment_method m ON m.id = p.payment_method_id
              JOIN account_move_line aml ON aml.move_id = p.account_move_id
             WHERE o.session_id = %s AND o.state = 'invoiced' AND m.type != 'pay_later'
               AND aml.account_id = COALESCE(m.receivable_account_id, %s)
               AND NOT COALESCE(aml.reconciled, false) AND aml.parent_state = 'posted'
          ORDER BY aml.id
        """, self.id, default_receivable.id or None))
        for line_id, account_id in self.env.cr.fetchall():
            data.invoice_payment_lines[account_id].append(line_id)


class _RateConverter:
    """An amount of the session's currency in the company's at the rate of a day, each day's
    rate read once; the amount itself when the session is in the company's currency."""

    def __init__(self, session) -> None:
        self.session = session
        self.same = session.currency_id == session.company_id.currency_id
        self.company_currency = session.company_id.currency_id
        self._rates: dict = {}

    def __call__(self, amount: float, day, round: bool = True) -> float:
        if self.same or not amount:
            return amount
        day = day or fields.Date.context_today(self.session)
        if day not in self._rates:
            self._rates[day] = self.session.env["res.currency"]._get_conversion_rate(
                self.session.currency_id, self.company_currency, self.session.company_id, day)
        value = amount * self._rates[day]
        return self.company_currency.round(value) if round else value


class _LineAccounting:
    """The per-product and per-tax-set answers the accumulation needs, each worked out once:
    income accounts, taxes after fiscal position, ``compute_all`` results."""

    def __init__(self, session) -> None:
        self.session = session
        self.env = session.env
        self.company = session.company_id
        self.currency = session.currency_id
        # Odoo's last resorts: the till journal's account, then the company's default income
        # account of product categories (the chart's "income", an ir.property default there)
        self.fallback_income = session.config_id.journal_id.default_account_id or self.env.ref(
            f"account.{self.company.id}_income", raise_if_not_found=False) or self.env["account.account"]
        self._income: dict = {}
        self._accounts: dict = {}
        self._taxes: dict = {}
        self._computed: dict = {}
        self._positions: dict = {}

    def position(self, position_id):
        if position_id not in self._positions:
            self._positions[position_id] = self.env["account.fiscal.position"].browse(position_id or [])
        return self._positions[position_id]

    def prefetch_income_accounts(self, product_ids) -> None:
        """The income account of each product (its own, else its category's, else the
        fallbacks), read for all of them at once."""
        products = self.env["product.product"].browse(sorted(product_ids)).with_company(self.company)
        templates = products.mapped("product_tmpl_id")
        own = dict(zip(templates.ids, templates.mapped("property_account_income_id")))
        categories = templates.mapped("categ_id")
        by_category = dict(zip(categories.ids, categories.mapped("property_account_income_categ_id")))
        for product in products:
            template = product.product_tmpl_id
            account = own.get(template.id) or by_category.get(template.categ_id.id) or self.fallback_income
            if not account:
                raise UserError(_('Please define income account for this product: "%(product)s" (id:%(id)d).',
                                  product=product.name, id=product.id))
            self._accounts[product.id] = account

    def income_account(self, product_id: int, position_id) -> int:
        key = (product_id, position_id)
        if key not in self._income:
            if product_id not in self._accounts:
                self.prefetch_income_accounts([product_id])
            self._income[key] = self.position(position_id).map_account(self._accounts[product_id]).id
        return self._income[key]

    def taxes(self, tax_ids: tuple, position_id):
        key = (tax_ids, position_id)
        if key not in self._taxes:
            taxes = self.env["account.tax"].browse(tax_ids)
            position = self.position(position_id)
            if position:
                taxes = position.map_tax(taxes)
            self._taxes[key] = taxes.filtered(lambda tax: tax.company_id == self.company)
        return self._taxes[key]

    def compute(self, taxes, product_id: int, price_unit: float, discount: float, qty: float) -> dict:
        """Odoo 17's taxes of a POS line at closing: computed on the opposite sign of the
        line (so that a sale gives credits), refunds through the refund distribution."""
        key = (tuple(taxes.ids), product_id, price_unit, discount, qty)
        if key not in self._computed:
            sign = -1 if qty >= 0 else 1
            price = sign * price_unit * (1 - discount / 100.0)
            product = self.env["product.product"].browse(product_id)
            if taxes:
                result = taxes.compute_all(price, currency=self.currency, quantity=abs(qty), product=product,
                                           is_refund=qty * price_unit < 0, fixed_multiplicator=sign)
            else:
                result = {"taxes": [], "base_tags": []}
            self._computed[key] = {"taxes": result["taxes"], "base_tags": list(result["base_tags"])}
        return self._computed[key]
