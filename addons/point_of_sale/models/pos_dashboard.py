"""The figures of the managers' sales dashboard (``/pos/dashboard``), one ``_read_group`` per chart.

``pos.dashboard.get_sales_figures(date_from, date_to, company_id)`` answers the sales of the
paid orders of a company between two days (both included, in the user's time zone): by hour
of the day, by product (the ten best, the rest together), by POS category, by payment method,
per session and per cashier, plus the totals. Each chart is one grouped query whatever the
number of orders; the category chart reuses the product groups and reads their categories
in one go. Amounts are tax included, as the tills show them.
"""
from __future__ import annotations

import datetime
import zoneinfo

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

SOLD_STATES = ("paid", "done", "invoiced")
TOP_PRODUCTS = 10


class PosDashboard(models.AbstractModel):
    _name = "pos.dashboard"
    _description = "Point of Sale Sales Dashboard"

    @api.model
    def get_sales_figures(self, date_from, date_to, company_id=None) -> dict:
        """The dashboard's figures; see the module docstring. Managers only."""
        if not (self.env.su or self.env.user.has_group("point_of_sale.group_pos_manager")):
            raise AccessError(_("Only Point of Sale managers may see the sales dashboard."))
        company = self._dashboard_company(company_id)
        start, stop = self._dashboard_dates(date_from, date_to)
        tz = self._dashboard_tz()
        domain = [("state", "in", SOLD_STATES), ("company_id", "=", company.id),
                  ("date_order", ">=", self._utc(start, tz)),
                  ("date_order", "<", self._utc(stop + datetime.timedelta(days=1), tz))]
        orders = self.env["pos.order"]
        by_session = orders._read_group(domain, ["session_id"], ["amount_total:sum", "__count"],
                                        order="amount_total:sum desc")
        total = sum(amount for _session, amount, _count in by_session)
        count = sum(number for _session, _amount, number in by_session)
        by_product = self._by_product(domain)
        return {
            "company": {"id": company.id, "name": company.name},
            "currency": {"symbol": company.currency_id.symbol or "",
                         "position": company.currency_id.position or "after",
                         "decimal_places": company.currency_id.decimal_places},
            "date_from": fields.Date.to_string(start), "date_to": fields.Date.to_string(stop),
            "timezone": str(tz),
            "total": company.currency_id.round(total), "orders": count,
            "average": company.currency_id.round(total / count) if count else 0.0,
            "charts": {
                "hour": self._by_hour(domain, tz),
                "product": self._top(by_product),
                "category": self._by_category(by_product),
                "payment_method": self._bars(self.env["pos.payment"]._read_group(
                    [("pos_order_id", "any", domain)], ["payment_method_id"], ["amount:sum", "__count"],
                    order="amount:sum desc")),
                "session": self._bars(by_session),
                "cashier": self._bars(orders._read_group(domain, ["user_id"], ["amount_total:sum", "__count"],
                                                         order="amount_total:sum desc")),
            },
        }

    # -- the charts ---------------------------------------------------------------------------

    @api.model
    def _by_hour(self, domain, tz) -> list:
        """24 bars, one per hour of the day in the user's time zone (UTC hours folded)."""
        hours = [[f"{hour:02d}:00", 0.0, 0] for hour in range(24)]
        rows = self.env["pos.order"]._read_group(domain, ["date_order:hour"], ["amount_total:sum", "__count"])
        for stamp, amount, count in rows:
            local = stamp.replace(tzinfo=datetime.UTC).astimezone(tz)
            hours[local.hour][1] += amount
            hours[local.hour][2] += count
        return [{"label": label, "value": round(value, 2), "count": count} for label, value, count in hours]

    @api.model
    def _by_product(self, domain) -> list:
        """(product, amount, quantity) of the sold lines, best first."""
        return self.env["pos.order.line"]._read_group(
            [("order_id", "any", domain)], ["product_id"], ["price_subtotal_incl:sum", "qty:sum"],
            order="price_subtotal_incl:sum desc")

    @api.model
    def _top(self, by_product) -> list:
        names = self._names([product for product, _a, _q in by_product[:TOP_PRODUCTS]])
        bars = [{"id": product.id, "label": names[product.id], "value": round(amount, 2),
                 "count": quantity} for product, amount, quantity in by_product[:TOP_PRODUCTS]]
        rest = by_product[TOP_PRODUCTS:]
        if rest:
            bars.append({"id": False, "label": _("%s other products", len(rest)),
                         "value": round(sum(amount for _p, amount, _q in rest), 2),
                         "count": sum(quantity for _p, _a, quantity in rest)})
        return bars

    @api.model
    def _by_category(self, by_product) -> list:
        """A product counts in its first POS category (so the bars add up to the sales)."""
        products = self.env["product.product"].browse([product.id for product, _a, _q in by_product])
        first = {product.id: product.pos_categ_ids.sorted(lambda c: (c.sequence, c.id))[:1]
                 for product in products}          # one read of the categories for all the products
        names = self._names(list(first.values()))
        totals: dict = {}
        for product, amount, quantity in by_product:
            category = first[product.id]
            key = (category.id or False, names[category.id] if category else _("No category"))
            value = totals.setdefault(key, [0.0, 0.0])
            value[0] += amount
            value[1] += quantity
        bars = [{"id": key[0], "label": key[1], "value": round(amount, 2), "count": quantity}
                for key, (amount, quantity) in totals.items()]
        return sorted(bars, key=lambda bar: -bar["value"])

    @api.model
    def _bars(self, rows) -> list:
        names = self._names([record for record, _a, _c in rows])
        return [{"id": record.id or False, "label": names[record.id] if record else _("None"),
                 "value": round(amount, 2), "count": count} for record, amount, count in rows]

    @api.model
    def _names(self, records) -> dict:
        """{id: display name} of records of one model, read together (the groups come as
        separate records, each of which would read its own name)."""
        records = [record for record in records if record]
        if not records:
            return {}
        together = records[0].browse(list(dict.fromkeys(record.id for record in records)))
        return {record.id: record.display_name for record in together}

    # -- parameters ---------------------------------------------------------------------------

    @api.model
    def _dashboard_company(self, company_id):
        if not company_id:
            return self.env.company
        try:
            company_id = int(company_id)
        except (TypeError, ValueError):
            raise UserError(_("The company must be given by its id, not %r.", company_id)) from None
        if company_id not in self.env.user.company_ids.ids and not self.env.su:
            raise AccessError(_("You may not see the sales of company %s.", company_id))
        return self.env["res.company"].browse(company_id)

    @api.model
    def _dashboard_dates(self, date_from, date_to) -> tuple:
        try:
            start = fields.Date.to_date(date_from) if date_from else None
            stop = fields.Date.to_date(date_to) if date_to else None
        except ValueError:
            raise UserError(_("Dates must be given as YYYY-MM-DD (got %s and %s).", date_from, date_to)) from None
        today = fields.Date.context_today(self)
        stop = stop or today
        start = start or stop
        if start > stop:
            raise UserError(_("The first day (%s) comes after the last one (%s).", start, stop))
        return start, stop

    @api.model
    def _dashboard_tz(self):
        name = self.env.context.get("tz") or self.env.user.tz or "UTC"
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @staticmethod
    def _utc(day, tz) -> str:
        """Midnight of ``day`` in ``tz``, as the UTC datetime string the ORM stores."""
        local = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
        return fields.Datetime.to_string(local.astimezone(datetime.UTC).replace(tzinfo=None))
