"""The steps of ``account.tax.compute_all`` (Odoo 17's algorithm), one object per call.

First the price-included taxes are taken out of the price, walking the taxes backwards, to
find the amount without taxes; then the taxes are computed forwards from it, each one split
over its distribution lines. Where the included taxes fix the total, the last included tax
of each run gets "the total to reach minus what is there" so that the rounded parts add up
to the price exactly (the checkpoints).
"""
from __future__ import annotations

import math

from odoo.tools import float_round

from .account_tax_plan import get_plan

SIMPLE_TYPES = ("percent", "division", "fixed")


class TaxComputation:
    """One ``compute_all`` call: the flattened taxes, the rounding and the running amounts."""

    def __init__(self, taxes, price_unit, currency=None, quantity=1.0, product=None, partner=None,
                 is_refund=False, include_caba_tags=False, fixed_multiplicator=1) -> None:
        env = taxes.env
        self.env = env
        # the flattened taxes as plain values (see account_tax_plan.py); the company of the
        # first tax decides the rounding method (its first accessible branch in Odoo 17,
        # which is the same company when there are no branches)
        self.taxes, self.groups_map, self.specs, self.base_tag_ids, self.company = get_plan(
            taxes, is_refund, include_caba_tags)
        self.currency = currency or self.company.currency_id
        self.currency_rounding = self.currency.rounding
        self.price_unit, self.quantity = price_unit, quantity
        self.product, self.partner = product, partner
        self.is_refund, self.include_caba_tags = is_refund, include_caba_tags
        self.fixed_multiplicator = fixed_multiplicator
        context = env.context
        round_tax = self.company.tax_calculation_rounding_method != "round_globally"
        if "round" in context:
            round_tax = bool(context["round"])
        # rounding globally keeps 5 more digits per line: rounding happens on the sums
        self.prec = self.currency_rounding * (1 if round_tax else 1e-5)
        self.round_base = context.get("round_base", True)
        self.factors = [spec.factor for spec in self.specs]
        # filled while removing the included taxes, read while computing forwards
        self.checkpoints: dict[int, float] = {}
        self.cached_tax_amounts: dict[int, float] = {}
        self.cached_base_amounts: dict[int, float] = {}
        self._reset_included()

    def _round(self, amount: float) -> float:
        return float_round(amount, precision_rounding=self.prec)

    def _forward_amount(self, tax, base: float, sign: int) -> float:
        """The amount of ``tax`` (a TaxSpec) computed forwards, as its ``_compute_amount``
        does without price-included handling; plain arithmetic for the simple types."""
        if not tax.inline:
            return tax.record.with_context(force_price_include=False)._compute_amount(
                base, sign * self.price_unit, self.quantity, self.product, self.partner, self.fixed_multiplicator)
        if tax.amount_type == "fixed":
            multiplicator = abs(self.fixed_multiplicator)
            if base:
                return math.copysign(self.quantity, base) * tax.amount * multiplicator
            return self.quantity * tax.amount * multiplicator
        rate = tax.amount / 100
        if tax.amount_type == "percent":
            return base * rate
        return base / (1 - rate) - base if (1 - rate) else 0.0

    def _reset_included(self) -> None:
        self.incl_percent: list[tuple[int, float, float]] = []   # (index, rate, factor)
        self.incl_division: list[tuple[int, float]] = []         # (index, rate x factor)
        self.incl_fixed = 0.0

    # -- backwards: from the price to the amount without taxes ----------------------------

    def _recompute_base(self, base: float) -> float:
        """The base before the included taxes gathered since the last reset."""
        fixed = self.incl_fixed
        division = sum(rate for _i, rate in self.incl_division)
        percent = sum(rate * factor for _i, rate, factor in self.incl_percent)
        if self.company.country_code == "IN":
            # India: several included percentages of the same rate must give the same
            # amounts, so each is computed on the whole price right away
            total = 0.0
            for i, rate, factor in self.incl_percent:
                gross = self._round(base * rate / (100 + percent))
                factored = self._round(gross * factor)
                total += factored
                fixed += factored
                self.cached_tax_amounts[i] = gross
            for i, _rate, _factor in self.incl_percent:
                self.cached_base_amounts[i] = base - total
            percent = 0.0
        self._reset_included()
        return (base - fixed) / (1.0 + percent / 100.0) * (100 - division) / 100

    def _remove_included_taxes(self, base: float, sign: int) -> float:
        store_checkpoint = True
        custom_fixed_after = 0.0
        next_base_affected = True
        for i in reversed(range(len(self.taxes))):
            tax, factor = self.specs[i], self.factors[i]
            if tax.include_base_amount and next_base_affected:
                base = self._recompute_base(base)
                store_checkpoint = True
            if tax.price_include:
                if tax.amount_type == "percent":
                    self.incl_percent.append((i, tax.amount, factor))
                elif tax.amount_type == "division":
                    self.incl_division.append((i, tax.amount * factor))
                elif tax.amount_type == "fixed":
                    # Odoo 17's Python overwrites here where its POS JavaScript (and 16.0)
                    # adds up; adding up is what several included fixed taxes need
                    self.incl_fixed += abs(self.quantity) * tax.amount * factor * abs(self.fixed_multiplicator)
                else:
                    amount = self._round(tax._compute_amount(
                        base, sign * self.price_unit, self.quantity, self.product, self.partner,
                        self.fixed_multiplicator))
                    self.incl_fixed += amount
                    self.cached_tax_amounts[i] = amount
                    custom_fixed_after += amount
                # a zero tax has no amount to pin down, so it does not make a checkpoint
                if (store_checkpoint and (tax.amount or tax.amount_type not in SIMPLE_TYPES)
                        and i not in self.cached_tax_amounts):
                    self.checkpoints[i] = base - custom_fixed_after
                    store_checkpoint = False
                    custom_fixed_after = 0.0
            next_base_affected = tax.is_base_affected
        return self._recompute_base(base)

    # -- forwards: each tax from the amount without taxes ----------------------------------

    def run(self, handle_price_include: bool = True) -> dict:
        rounding = self.currency_rounding
        base = self.price_unit * self.quantity
        if self.round_base:
            base = float_round(base, precision_rounding=rounding)
        # computed on the absolute value, the sign put back at the end
        sign = 1
        if float_round(base, precision_rounding=rounding) == 0.0:
            sign = -1 if self.fixed_multiplicator < 0 else 1
        elif base < 0:
            sign, base = -1, -base

        total_excluded = self._remove_included_taxes(base, sign) if handle_price_include else base
        if self.round_base:
            total_excluded = float_round(total_excluded, precision_rounding=rounding)

        base = total_included = total_void = total_excluded
        skip_checkpoint = False
        cumulated_included = 0.0
        product_tag_ids = self._product_tag_ids()
        taxes_vals = []
        for i, tax in enumerate(self.specs):
            price_include = tax.price_include
            lines, factor = tax.lines, tax.factor
            if price_include and i in self.cached_base_amounts:
                tax_base = self.cached_base_amounts[i]
            elif price_include or tax.is_base_affected:
                tax_base = base
            else:
                tax_base = total_excluded

            checkpoint = self.checkpoints.get(i)
            if price_include and i in self.cached_tax_amounts:
                tax_amount = self.cached_tax_amounts[i]
            elif not skip_checkpoint and price_include and checkpoint is not None and factor != 0:
                tax_amount = checkpoint - (base + cumulated_included)
                cumulated_included = 0.0
            else:
                tax_amount = self._forward_amount(tax, tax_base, sign)
            tax_amount = self._round(tax_amount)
            factorized = self._round(tax_amount * factor)
            if price_include and checkpoint is None:
                cumulated_included += factorized

            # the tax lines of a tax that grows the base of later taxes carry the base tags
            # of those taxes (tax.subsequent_tag_ids, worked out with the plan)
            name = tax.record.with_context(lang=self.partner.lang).name if self.partner else tax.name
            tax_line_base = self._round(sign * tax_base)
            for line, line_amount in zip(lines, self._split_over_lines(tax_amount, factorized, lines)):
                taxes_vals.append({
                    "id": tax.id,
                    "name": name,
                    "amount": sign * line_amount,
                    "base": tax_line_base,
                    "sequence": tax.sequence,
                    "account_id": line.account_id,
                    "analytic": tax.analytic,
                    "use_in_tax_closing": line.use_in_tax_closing,
                    "price_include": price_include,
                    "tax_exigibility": tax.tax_exigibility,
                    "tax_repartition_line_id": line.id,
                    "group": tax.group,
                    "tag_ids": line.tag_ids + tax.subsequent_tag_ids + product_tag_ids,
                    "tax_ids": list(tax.subsequent_ids),
                })
                if not line.has_account:
                    total_void += line_amount

            if tax.include_base_amount:
                base += factorized
                if not price_include:
                    # mixing excluded and included base-affecting taxes moves the totals the
                    # checkpoints were taken on
                    skip_checkpoint = True
            total_included += factorized

        if self.round_base:
            total_included = float_round(total_included, precision_rounding=rounding)
        return {
            "base_tags": self.base_tag_ids + product_tag_ids,
            "taxes": taxes_vals,
            "total_excluded": sign * total_excluded,
            "total_included": sign * total_included,
            "total_void": sign * total_void,
        }

    def _split_over_lines(self, tax_amount: float, factorized: float, lines) -> list[float]:
        """The tax amount shared over the distribution lines, each share rounded, the rounding
        difference spread one currency unit at a time over the first lines (4 x 50% of 0.03
        is 0.06: 0.02, 0.02, 0.01, 0.01)."""
        amounts = [self._round(tax_amount * line.factor) for line in lines]
        error = self._round(factorized - sum(amounts))
        steps = int(abs(error / self.currency_rounding))
        step = self._round(error / steps) if steps else 0.0
        for index in range(min(steps, len(amounts))):
            amounts[index] += step
        return amounts

    def _product_tag_ids(self) -> list[int]:
        product = self.product
        if not product or "account_tag_ids" not in product._fields:
            return []
        return product.sudo().account_tag_ids.ids
