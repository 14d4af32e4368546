"""Points earned by synced orders: on the server, from the order's lines and customer, once.

An order earns when it is stored paid (not as a draft) with a customer: in each program of
its till, the points of the rules go to the customer's card (made on the first order). A
replay of the order is ``known`` and earns nothing more; a draft earns when it is paid. The
order may name the redemptions made for it (``loyalty_redemption_uuids``): they are linked
to it, and can no longer be cancelled. A redemption made for the order (its till ``uid``) that
the order does not name was dropped by the cashier: its points go back to the card, even if
the till's own cancel call never arrived. A paid order's reward lines may take off no more
than its redemptions gave (``_check_reward_discounts``); otherwise the order is refused and kept.
"""
from __future__ import annotations

from odoo import _, fields, models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    _inherit = "pos.order"

    loyalty_history_ids = fields.One2many("loyalty.history", "order_id", "Loyalty Points", readonly=True)

    def _orders_stored_from_ui(self, datas: list) -> None:
        super()._orders_stored_from_ui(datas)
        kept = {}
        for order, data in zip(self, datas):
            named = [value for value in data.get("loyalty_redemption_uuids") or [] if isinstance(value, str)]
            order._link_loyalty_redemptions(named)
            till_uid = data.get("uid")
            if order.state != "draft" and isinstance(till_uid, str) and till_uid:
                kept[till_uid] = set(named)
        self._release_dropped_redemptions(kept)
        self.filtered(lambda order: order.state != "draft")._check_reward_discounts()
        self.filtered(lambda order: order.state != "draft" and not order.sudo().loyalty_history_ids.filtered(
            lambda history: not history.reward_id))._earn_loyalty_points()

    def _link_loyalty_redemptions(self, uuids: list) -> None:
        self.ensure_one()
        uuids = [value for value in uuids if isinstance(value, str)]
        if uuids:
            self.env["loyalty.history"].sudo().search(
                [("uuid", "in", uuids), ("order_id", "=", False), ("state", "=", "done")]
            ).write({"order_id": self.id})

    def _check_reward_discounts(self) -> None:
        """Refuse a paid order whose reward lines take off more than its redemptions gave.

        The till writes the reward lines (lines of a reward's product, one per set of taxes)
        from the discount the server answered when it spent the points; the server holds
        what each redemption gave (``discount_amount``). An order may take off less (the
        cashier removed goods after redeeming), never more: a reward line nobody paid
        points for would be a free discount. A cent per reward line is allowed for the
        till's split of the discount over the taxes."""
        if not any(line.price_subtotal_incl < 0 for line in self.lines):
            return                          # a reward line takes off: none here (no query)
        reward_products = self.env["loyalty.program"]._reward_products()
        if not reward_products:
            return
        for order in self:
            reward_lines = order.lines.filtered(lambda line: line.product_id in reward_products)
            taken = -sum(reward_lines.mapped("price_subtotal_incl"))
            if not reward_lines or taken <= 0:
                continue
            given = sum(order.sudo().loyalty_history_ids.filtered(
                lambda history: history.reward_id and history.state == "done").mapped("discount_amount"))
            currency = order.currency_id or order.company_id.currency_id
            if currency.compare_amounts(taken, given + currency.rounding * len(reward_lines)) > 0:
                raise UserError(_(
                    "Order %(order)s takes %(taken)s off with reward lines, but its loyalty "
                    "redemptions (loyalty_redemption_uuids) gave %(given)s: redeem the reward "
                    "at the till first, or take the reward lines off.",
                    order=order.pos_reference or order.name, taken=currency.round(taken),
                    given=currency.round(given)))

    def _release_dropped_redemptions(self, kept: dict) -> None:
        """Give back the points of the redemptions made for the tills' paid orders that the
        orders do not carry (the cashier took the reward off): ``kept`` maps each order's
        till ``uid`` to the redemption uuids it names. One search for all the orders."""
        if not kept:
            return
        made = self.env["loyalty.history"].sudo().search(
            [("order_uuid", "in", list(kept)), ("reward_id", "!=", False), ("order_id", "=", False),
             ("state", "=", "done")])
        for history in made:
            if history.uuid not in kept[history.order_uuid]:
                history.card_id._cancel_redemption(history)

    def _earn_loyalty_points(self) -> None:
        """The points these paid orders earn, added to their customers' cards (made when
        missing), one history line per order and program. The tills' programs, the reward
        products and the cards are looked up once for all the orders."""
        orders = self.filtered("partner_id")
        if not orders:
            return
        programs = self.env["loyalty.program"].sudo()
        by_config = {config: programs.search(programs._pos_program_domain(config))
                     for config in orders.mapped("config_id")}
        if not any(by_config.values()):
            return
        reward_products = programs._reward_products()
        earned = []                     # (order, program, points), in the orders' order
        for order in orders:
            for program in by_config[order.config_id]:
                points = program._points_for_order(order.sudo(), reward_products)
                if points:
                    earned.append((order, program, points))
        if not earned:
            return
        cards = self.env["loyalty.card"].sudo()
        found = cards.search([("program_id", "in", list({program.id for _o, program, _p in earned})),
                              ("partner_id", "in", list({order.partner_id.id for order, _p, _n in earned}))])
        card_of = {(card.program_id.id, card.partner_id.id): card for card in found}
        entries = []
        for order, program, points in earned:
            key = (program.id, order.partner_id.id)
            if key not in card_of:
                card_of[key] = cards._card_of(program, order.partner_id)
            entries.append((card_of[key], points, _("Order %s", order.pos_reference or order.name), order))
        cards._add_points_many(entries)
