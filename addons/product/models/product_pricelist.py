"""Pricelists (``product.pricelist``): the price of a product for a quantity, unit and date.

A pricelist holds rules (``product.pricelist.item``); the first rule that applies to the
product gives the price, in the order of ``product.pricelist.item._order`` (variant rules,
then product, then category, then global; higher minimum quantities first). Without an
applicable rule the price is the product's sales price.
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ProductPricelist(models.Model):
    _name = "product.pricelist"
    _description = "Pricelist"
    _rec_names_search = ["name", "currency_id"]
    _order = "sequence asc, id asc"

    def _default_currency_id(self):
        return self.env.company.currency_id.id

    name = fields.Char("Pricelist Name", required=True, translate=True)
    active = fields.Boolean("Active", default=True,
                            help="Archive the pricelist to hide it without deleting it.")
    sequence = fields.Integer(default=16)
    currency_id = fields.Many2one("res.currency", default=_default_currency_id, required=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    country_group_ids = fields.Many2many("res.country.group", "res_country_group_pricelist_rel",
                                         "pricelist_id", "res_country_group_id",
                                         string="Country Groups")
    discount_policy = fields.Selection([
        ("with_discount", "Discount included in the price"),
        ("without_discount", "Show public price & discount to the customer"),
    ], default="with_discount", required=True)
    item_ids = fields.One2many("product.pricelist.item", "pricelist_id", "Pricelist Rules",
                               copy=True)

    @api.depends("currency_id")
    def _compute_display_name(self):
        for pricelist in self:
            pricelist.display_name = f"{pricelist.name} ({pricelist.currency_id.name})"

    def copy_data(self, default=None):
        default = dict(default or {})
        vals_list = super().copy_data(default=default)
        if not default.get("name"):
            for pricelist, vals in zip(self, vals_list):
                vals["name"] = _("%s (copy)", pricelist.name)
        return vals_list

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_as_rule_base(self):
        items = self.env["product.pricelist.item"].sudo().with_context(active_test=False).search([
            ("base", "=", "pricelist"), ("base_pricelist_id", "in", self.ids),
            ("pricelist_id", "not in", self.ids)])
        if items:
            raise UserError(_(
                "You cannot delete those pricelist(s):\n(%s)\n, they are used in other "
                "pricelist(s):\n%s", "\n".join(items.mapped("base_pricelist_id.display_name")),
                "\n".join(items.mapped("pricelist_id.display_name"))))

    # -- prices ------------------------------------------------------------------------------

    def _get_products_price(self, products, *args, **kwargs):
        """``{product id: price}`` for ``products`` (variants or templates).

        Takes ``quantity`` and optionally ``currency``, ``uom`` (prices per that unit; the
        products' own units otherwise) and ``date``.
        """
        self and self.ensure_one()
        return {product_id: price for product_id, (price, _rule)
                in self._compute_price_rule(products, *args, **kwargs).items()}

    def _get_product_price(self, product, *args, **kwargs):
        """The unit price of ``product`` (arguments as ``_get_products_price``)."""
        self and self.ensure_one()
        return self._compute_price_rule(product, *args, **kwargs)[product.id][0]

    def _get_product_price_rule(self, product, *args, **kwargs):
        """``(price, rule id)`` for ``product``; the rule id is False when none applies."""
        self and self.ensure_one()
        return self._compute_price_rule(product, *args, **kwargs)[product.id]

    def _get_product_rule(self, product, *args, **kwargs):
        """The id of the rule that applies to ``product`` (False when none does)."""
        self and self.ensure_one()
        return self._compute_price_rule(product, *args, compute_price=False,
                                        **kwargs)[product.id][1]

    def _compute_price_rule(self, products, quantity, currency=None, uom=None, date=False,
                            compute_price=True, **kwargs):
        """``{product id: (price, rule id)}`` on this pricelist (or none: the sales price).

        ``quantity`` is in ``uom`` (the product's unit when not given); rules compare their
        minimum quantity in the product's unit.
        """
        self and self.ensure_one()
        currency = currency or self.currency_id or self.env.company.currency_id
        currency.ensure_one()
        if not products:
            return {}
        date = date or fields.Datetime.now()
        rules = self._get_applicable_rules(products, date, **kwargs)
        results = {}
        for product in products:
            product_uom = product.uom_id
            target_uom = uom or product_uom
            qty_in_product_uom = quantity
            if target_uom != product_uom:
                qty_in_product_uom = target_uom._compute_quantity(quantity, product_uom,
                                                                  raise_if_failure=False)
            rule = next((rule for rule in rules
                         if rule._is_applicable_for(product, qty_in_product_uom)),
                        self.env["product.pricelist.item"])
            price = rule._compute_price(product, quantity, target_uom, date=date,
                                        currency=currency) if compute_price else 0.0
            results[product.id] = (price, rule.id)
        return results

    def _get_applicable_rules(self, products, date, **kwargs):
        """The rules that may apply to ``products`` on ``date``, best first."""
        self and self.ensure_one()
        if not self:
            return self.env["product.pricelist.item"]
        # archived rules count: they belong to an archived pricelist still asked for prices
        return self.env["product.pricelist.item"].with_context(active_test=False).search(
            self._get_applicable_rules_domain(products=products, date=date, **kwargs)
        ).with_context(self.env.context)

    def _get_applicable_rules_domain(self, products, date, **kwargs):
        self and self.ensure_one()
        if products._name == "product.template":
            templates_domain = ("product_tmpl_id", "in", products.ids)
            products_domain = ("product_id.product_tmpl_id", "in", products.ids)
        else:
            templates_domain = ("product_tmpl_id", "in", products.mapped("product_tmpl_id").ids)
            products_domain = ("product_id", "in", products.ids)
        return [
            ("pricelist_id", "=", self.id),
            "|", ("categ_id", "=", False), ("categ_id", "parent_of", products.mapped("categ_id").ids),
            "|", ("product_tmpl_id", "=", False), templates_domain,
            "|", ("product_id", "=", False), products_domain,
            "|", ("date_start", "=", False), ("date_start", "<=", date),
            "|", ("date_end", "=", False), ("date_end", ">=", date),
        ]

    def _price_get(self, product, quantity, **kwargs):
        """``{pricelist id: price}`` of one product on each pricelist of ``self``."""
        return {pricelist_id: price for pricelist_id, (price, _rule)
                in self._compute_price_rule_multi(product, quantity, **kwargs)[product.id].items()}

    def _compute_price_rule_multi(self, products, quantity, uom=None, date=False, **kwargs):
        """``{product id: {pricelist id: (price, rule id)}}`` (all pricelists when empty)."""
        pricelists = self if self.ids else self.search([])
        results = {}
        for pricelist in pricelists:
            prices = pricelist._compute_price_rule(products, quantity, uom=uom, date=date,
                                                   **kwargs)
            for product_id, price in prices.items():
                results.setdefault(product_id, {})[pricelist.id] = price
        return results

    # -- the pricelist of a partner ----------------------------------------------------------

    @api.model
    def _get_partner_pricelist_multi(self, partner_ids):
        """``{partner id: pricelist}``: the partner's own, else the first for the partner's
        country (through its country groups), else the first without country groups, else
        the first of the company.

        """
        partners = self.env["res.partner"].with_context(active_test=False).browse(partner_ids)
        company_id = self.env.company.id
        domain = self._get_partner_pricelist_multi_search_domain_hook(company_id)
        result = {}
        # the hook filters records one by one: run it once on every partner's own pricelist
        valid = set(partners.mapped("specific_property_product_pricelist")
                    ._get_partner_pricelist_multi_filter_hook().ids)
        remaining_ids = []
        for partner in partners:
            own = partner.specific_property_product_pricelist
            if own and own.id in valid:
                result[partner.id] = own
            else:
                remaining_ids.append(partner.id)
        remaining = partners.browse(remaining_ids)
        if remaining:
            fallback = self.search(domain + [("country_group_ids", "=", False)], limit=1) or \
                self.search(domain, limit=1)
            # the first pricelist (in their order) whose country groups hold the country: one
            # search for all of them, not one per country
            by_country: dict = {}
            for pricelist in self.search(domain + [("country_group_ids", "!=", False)]):
                for country_id in pricelist.country_group_ids.country_ids.ids:
                    by_country.setdefault(country_id, pricelist)
            for country, group in remaining.grouped("country_id").items():
                found = by_country.get(country.id, self) if country else self
                for partner in group:
                    result[partner.id] = found or fallback
        return result

    def _get_partner_pricelist_multi_search_domain_hook(self, company_id):
        return [("active", "=", True), ("company_id", "in", [company_id, False])]

    def _get_partner_pricelist_multi_filter_hook(self):
        return self.filtered("active")
