"""Generated orders, paid, in the open sessions: built as Odoo 17's browser sends them and
stored through ``create_from_ui`` (the same checks and recomputation as real selling).

``order_payloads`` is also what ``bench/pos.py`` sends over HTTP.
"""
import uuid
from random import Random

from odoo import models

#: orders sent per create_from_ui call while populating
ORDER_BATCH = 50


def order_payloads(env, session, count: int, lines_per_order: int = 5, seed: str = "pos.order",
                   start: int = 1) -> list:
    """``count`` paid orders of the session as the browser sends them: ``lines_per_order`` lines
    of products sold at the till, totals from the tax engine, cash or card payments (one or two
    of them) for the total."""
    random = Random(seed)
    products = env["product.product"].search([("available_in_pos", "=", True), ("sale_ok", "=", True)],
                                             limit=500, order="id")
    if not products:
        raise ValueError("no product is available in the Point of Sale: populate product.product first")
    methods = session.config_id.payment_method_ids.filtered(lambda m: m.type != "pay_later") or \
        session.config_id.payment_method_ids
    currency = session.currency_id or session.company_id.currency_id
    taxes_of = {product.id: product.taxes_id for product in products}
    payloads = []
    for number in range(start, start + count):
        reference = f"{session.id:05d}-{session.login_number or 1:03d}-{number:04d}"
        lines, total, tax = [], 0.0, 0.0
        for index in range(lines_per_order):
            product = products[random.randrange(len(products))]
            qty = float(random.randint(1, 4))
            result = taxes_of[product.id].compute_all(product.lst_price, currency, qty, product=product)
            total += result["total_included"]
            tax += result["total_included"] - result["total_excluded"]
            lines.append([0, 0, {"product_id": product.id, "full_product_name": product.display_name,
                                 "qty": qty, "price_unit": product.lst_price,
                                 "discount": 0, "price_subtotal": result["total_excluded"],
                                 "price_subtotal_incl": result["total_included"],
                                 "tax_ids": [[6, False, taxes_of[product.id].ids]], "pack_lot_ids": [],
                                 "id": index + 1}])
        total, tax = currency.round(total), currency.round(tax)
        if len(methods) > 1 and random.random() < 0.2:        # some orders are paid with two methods
            first = currency.round(total / 2)
            payments = [(methods[0], first), (methods[1], currency.round(total - first))]
        else:
            payments = [(methods[random.randrange(len(methods))], total)]
        date = f"2026-01-{1 + number % 28:02d} {8 + number % 10:02d}:{number % 60:02d}:00"
        data = {
            "name": f"Order {reference}", "uid": reference, "uuid": str(uuid.UUID(int=random.getrandbits(128))),
            "sequence_number": number, "pos_session_id": session.id, "user_id": session.user_id.id,
            "partner_id": False, "pricelist_id": False, "fiscal_position_id": False, "date_order": date,
            "amount_paid": total, "amount_total": total, "amount_tax": tax, "amount_return": 0.0,
            "to_invoice": False, "server_id": False, "lines": lines,
            "statement_ids": [[0, 0, {"name": date, "payment_method_id": method.id, "amount": amount}]
                              for method, amount in payments],
        }
        payloads.append({"id": reference, "to_invoice": False, "data": data})
    return payloads


class PosOrder(models.Model):
    _inherit = "pos.order"
    _populate_sizes = {"small": 20, "medium": 2000, "large": 10000}
    _populate_dependencies = ["pos.session", "product.product", "res.partner"]

    def _populate(self, size):
        """Paid orders spread over the open sessions, stored by ``create_from_ui``."""
        wanted = size if isinstance(size, int) else self._populate_sizes[size]
        sessions = self.env["pos.session"].search([("state", "=", "opened"), ("rescue", "=", False)])
        if not sessions:
            return self.browse()
        partners = self.env["res.partner"].search([("type", "=", "contact")], limit=200).ids
        orders = self.browse()
        for position, session in enumerate(sessions):
            share = wanted // len(sessions) + (1 if position < wanted % len(sessions) else 0)
            start = session.sequence_number + self.search_count([("session_id", "=", session.id)])
            payloads = order_payloads(self.env, session, share, seed=f"pos.order+{session.id}+{start}",
                                      start=start)
            for index, payload in enumerate(payloads):
                if partners and index % 4 == 0:
                    payload["data"]["partner_id"] = partners[index % len(partners)]
            for first in range(0, len(payloads), ORDER_BATCH):
                answers = self.create_from_ui(payloads[first:first + ORDER_BATCH])
                refused = [answer["reason"] for answer in answers if answer["status"] == "refused"]
                if refused:
                    raise ValueError(f"populate: orders refused: {refused[:3]}")
                orders |= self.browse([answer["id"] for answer in answers])
                self.env.cr.commit()
        return orders
