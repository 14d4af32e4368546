"""A customer's card in a program (``loyalty.card``) and the two operations on its points.

Points change only through ``_add_points`` (``_add_points_many``) and ``_redeem``, both in SQL on the card's row:
earning adds in one ``UPDATE``; redeeming locks the row (``SELECT ... FOR UPDATE``), checks
the balance and takes the points. Transactions run in REPEATABLE READ: when two tills redeem
from one card at once, the second waits for the lock, then fails to serialize and is run
again by the unit of work, on a snapshot that sees the first one's spending.
"""
from __future__ import annotations

import secrets

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

UNIQUE_VIOLATION = "23505"


def _retry_as_serialization_failure(cr) -> None:
    """Make the unit of work run the call again (it then sees the other transaction's row)."""
    cr.execute(SQL("DO $$ BEGIN RAISE EXCEPTION 'loyalty card made twice at once' "
                   "USING ERRCODE = 'serialization_failure'; END $$"), log_exceptions=False)


def _sqlstate(error: BaseException) -> str | None:
    return getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)


class LoyaltyCard(models.Model):
    _name = "loyalty.card"
    _description = "Loyalty Coupon"
    _rec_name = "code"

    program_id = fields.Many2one("loyalty.program", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", "Customer", index=True, ondelete="restrict")
    points = fields.Float("Balance", readonly=True, default=0.0)
    point_name = fields.Char(related="program_id.portal_point_name")
    code = fields.Char(required=True, readonly=True, copy=False,
                       default=lambda self: "044" + secrets.token_hex(6))
    expiration_date = fields.Date()
    history_ids = fields.One2many("loyalty.history", "card_id", "History")

    _sql_constraints = [("card_code_unique", "UNIQUE(code)", "A coupon/loyalty card must have a unique code.")]

    def init(self):
        # one card per customer and program: earning finds it, two first orders meet here
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS loyalty_card_program_partner ON %s (program_id, partner_id) "
            "WHERE partner_id IS NOT NULL", SQL.identifier(self._table)))

    @api.model
    def _card_of(self, program, partner, create: bool = True):
        """The card of the customer in the program, made when ``create`` and missing."""
        card = self.search([("program_id", "=", program.id), ("partner_id", "=", partner.id)], limit=1)
        if card or not create:
            return card
        try:
            with self.env.cr.savepoint():
                return self.create({"program_id": program.id, "partner_id": partner.id})
        except Exception as error:
            if _sqlstate(error) != UNIQUE_VIOLATION:
                raise
            _retry_as_serialization_failure(self.env.cr)
            raise

    def _add_points(self, points: float, description: str, order=None) -> None:
        self.ensure_one()
        self._add_points_many([(self, points, description, order)])

    @api.model
    def _add_points_many(self, entries: list) -> None:
        """Add points to cards: ``entries`` are ``(card, points, description, order or None)``,
        each also written in the card's history. A card that only earns is updated once with
        the sum; one that also loses points step by step (a balance never goes below 0)."""
        if not entries:
            return
        cards = self.browse(list({card.id for card, _points, _text, _order in entries}))
        cards.flush_recordset(["points"])
        by_card: dict = {}
        for card, points, _text, _order in entries:
            by_card.setdefault(card.id, []).append(points)
        for card_id, steps in by_card.items():
            if min(steps) >= 0:
                steps = [sum(steps)]
            for points in steps:
                self.env.cr.execute(SQL("UPDATE %s SET points = GREATEST(COALESCE(points, 0) + %s, 0) WHERE id = %s",
                                        SQL.identifier(self._table), points, card_id))
        cards.invalidate_recordset(["points"])
        self.env["loyalty.history"].create([{
            "card_id": card.id, "description": description, "order_id": order.id if order else False,
            "order_uuid": order.uuid if order else False,
            "issued": max(points, 0.0), "used": max(-points, 0.0)} for card, points, description, order in entries])

    def _redeem(self, reward, redemption_uuid: str, order_uuid: str | None, order_amount: float | None) -> dict:
        """Spend the reward's points on this card once per ``redemption_uuid``."""
        self.ensure_one()
        known = self.env["loyalty.history"].search([("uuid", "=", redemption_uuid)], limit=1)
        if known:
            if known.card_id != self or known.reward_id != reward:
                raise UserError(_("Redemption %s was made for another card or reward.", redemption_uuid))
            return self._redemption_answer(known, "known")
        self.flush_recordset(["points"])
        self.env.cr.execute(SQL("SELECT COALESCE(points, 0) FROM %s WHERE id = %s FOR UPDATE",
                                SQL.identifier(self._table), self.id))
        [(balance,)] = self.env.cr.fetchall()
        if balance + 1e-9 < reward.required_points:
            raise UserError(_("Not enough points: %(reward)s needs %(needed)s, card %(card)s has %(balance)s.",
                              reward=reward.description, needed=reward.required_points, card=self.code,
                              balance=balance))
        self.env.cr.execute(SQL("UPDATE %s SET points = COALESCE(points, 0) - %s WHERE id = %s",
                                SQL.identifier(self._table), reward.required_points, self.id))
        self.invalidate_recordset(["points"])
        history = self.env["loyalty.history"].create({
            "card_id": self.id, "reward_id": reward.id, "uuid": redemption_uuid,
            "order_uuid": order_uuid or False, "used": reward.required_points,
            "discount_amount": reward._discount_amount(order_amount),
            "description": _("Reward: %s", reward.description)})
        return self._redemption_answer(history, "redeemed")

    def _cancel_redemption(self, history) -> dict:
        """Give back the points of a redemption the till dropped (its order not stored)."""
        self.ensure_one()
        if history.state == "cancelled":
            return self._redemption_answer(history, "cancelled")
        if history.order_id:
            raise UserError(_("Redemption %s belongs to stored order %s: refund the order instead.",
                              history.uuid, history.order_id.pos_reference or history.order_id.name))
        self.flush_recordset(["points"])
        self.env.cr.execute(SQL("UPDATE %s SET points = COALESCE(points, 0) + %s WHERE id = %s",
                                SQL.identifier(self._table), history.used, self.id))
        self.invalidate_recordset(["points"])
        history.write({"state": "cancelled"})
        return self._redemption_answer(history, "cancelled")

    def _redemption_answer(self, history, status: str) -> dict:
        return {"status": status, "redemption_uuid": history.uuid, "card_id": self.id,
                "reward_id": history.reward_id.id, "points_used": history.used,
                "discount_amount": history.discount_amount, "points": self.points}

    def _balance_answer(self) -> dict:
        self.ensure_one()
        return {"card_id": self.id, "code": self.code, "program_id": self.program_id.id,
                "points": self.points, "point_name": self.point_name or ""}

    # -- the till's online calls (routes of controllers/main.py, or call_kw) -----------------------

    @api.model
    def pos_balance(self, config_id: int, partner_id: int) -> list:
        """The customer's balance in each program of the till (0 without a card yet)."""
        config, partner = self._pos_check(config_id, partner_id)
        programs = self.env["loyalty.program"].sudo().search(
            self.env["loyalty.program"]._pos_program_domain(config))
        answers = []
        for program in programs:
            card = self.sudo()._card_of(program, partner, create=False)
            answers.append(card._balance_answer() if card else
                           {"card_id": False, "code": False, "program_id": program.id, "points": 0.0,
                            "point_name": program.portal_point_name or ""})
        return answers

    @api.model
    def pos_redeem(self, config_id: int, partner_id: int, reward_id: int, redemption_uuid: str,
                   order_uuid: str | None = None, order_amount: float | None = None) -> dict:
        """Spend the points of a reward on the customer's card, once per ``redemption_uuid``;
        answers the discount to put on the order and the new balance."""
        config, partner = self._pos_check(config_id, partner_id)
        if not isinstance(redemption_uuid, str) or not redemption_uuid:
            raise UserError(_("Give the redemption an identifier (redemption_uuid) so a retry spends nothing more."))
        reward = self.env["loyalty.reward"].sudo().browse(int(reward_id)).exists()
        programs = self.env["loyalty.program"].sudo().search(
            self.env["loyalty.program"]._pos_program_domain(config))
        if not reward or not reward.active or reward.program_id not in programs:
            raise UserError(_("Reward %(reward)s is not offered by %(config)s.", reward=reward_id, config=config.name))
        card = self.sudo()._card_of(reward.program_id, partner, create=False)
        if not card:
            raise UserError(_("%(partner)s has no points in %(program)s yet.", partner=partner.name,
                              program=reward.program_id.name))
        try:
            amount = None if order_amount is None else float(order_amount)
        except (TypeError, ValueError):
            raise UserError(_("order_amount must be the order's total (a number), not %r.", order_amount)) from None
        return card._redeem(reward, redemption_uuid, order_uuid, amount)

    @api.model
    def pos_cancel_redemption(self, config_id: int, redemption_uuid: str) -> dict:
        """Give back the points of a redemption whose reward the till took off the order."""
        self._pos_check(config_id, None)
        history = self.env["loyalty.history"].sudo().search([("uuid", "=", redemption_uuid)], limit=1)
        if not history:
            raise UserError(_("No redemption %s.", redemption_uuid))
        return history.card_id._cancel_redemption(history)

    @api.model
    def _pos_check(self, config_id, partner_id) -> tuple:
        """The till (readable by the user) and the customer; only POS users call these."""
        if not (self.env.su or self.env.user.has_group("point_of_sale.group_pos_user")):
            raise AccessError(_("Only Point of Sale users may use loyalty cards."))
        config = self.env["pos.config"].search([("id", "=", int(config_id))], limit=1)
        if not config:
            raise UserError(_("Point of Sale %s does not exist or is not yours.", config_id))
        partner = self.env["res.partner"]
        if partner_id is not None:
            partner = partner.search([("id", "=", int(partner_id))], limit=1)
            if not partner:
                raise UserError(_("Customer %s does not exist.", partner_id))
        return config, partner.sudo()
