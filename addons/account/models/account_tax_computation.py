"""The steps of ``account.tax.compute_all`` (Odoo 17's algorithm), bound once per set of taxes.

First the price-included taxes are taken out of the price, walking the taxes backwards, to
find the amount without taxes; then the taxes are computed forwards from it, each one split
over its distribution lines. Where the included taxes fix the total, the last included tax
of each run gets "the total to reach minus what is there" so that the rounded parts add up
to the price exactly (the checkpoints).

A ``CompiledTaxes`` is a plan (account_tax_plan.py) bound to a currency and to the rounding
in force: everything that does not depend on the line (rounding steps, rates, the static
part of each tax line's dict) is worked out once, so that a line costs its arithmetic and
its result. That work, plain values only, is a ``TaxShape`` kept next to the plans in the
registry's shared cache (per plan and rounding); the ``CompiledTaxes`` binds it and the
plan's ids to records of its environment, so it lives in the transaction's memo. All of
them go whenever the plans are forgotten.

For percent, fixed and division taxes computed the standard way, ``compute`` is replaced by
the same walk written out for the set of taxes (account_tax_line_code.py).
"""
from __future__ import annotations

import math

from .account_tax_line_code import bind_line_code, line_code
from .account_tax_plan import COMPILED_KEY, SIMPLE_TYPES, get_plan, plan_key, plans_memo, shared_memo

EPSILON_52 = 2.0 ** -52
SHAPES_KEY = "account.tax.compute_all shape"


def rounder(step: float):
    """``float_round(value, precision_rounding=step)`` (HALF-UP, Odoo's ulp nudge) as a
    function of the value alone: the same figures, without the per-call argument checks."""
    if not step:
        return lambda value: 0.0
    floor = math.floor

    def round_value(value: float) -> float:
        if not value:
            return 0.0
        normalized = value / step
        if normalized > 0:
            normalized += normalized * EPSILON_52
            rounded = floor(normalized)
            if normalized - rounded >= 0.5:
                rounded += 1
            return rounded * step
        normalized = -normalized
        normalized += normalized * EPSILON_52
        rounded = floor(normalized)
        if normalized - rounded >= 0.5:
            rounded += 1
        return -(rounded * step)

    return round_value


def product_tag_ids(product) -> list[int]:
    """The account tags of a line's product (the tax lines and the base carry them)."""
    if "account_tag_ids" not in product._fields:
        return []
    return product.sudo().account_tag_ids.ids


def compiled_taxes(taxes, currency, is_refund: bool, include_caba_tags: bool) -> CompiledTaxes:
    """The ``CompiledTaxes`` of ``taxes`` in their environment (its context, user and
    company decide the rounding, the names and the tags), made on first use."""
    env = taxes.env
    key = (env, taxes._ids, is_refund, include_caba_tags, None if currency is None else currency._ids)
    try:
        return env.transaction.memo[COMPILED_KEY][key]
    except KeyError:
        compiled = CompiledTaxes(taxes, currency, is_refund, include_caba_tags)
        plans_memo(env, COMPILED_KEY)[key] = compiled
        return compiled


class TaxShape:
    """What a ``CompiledTaxes`` works out from its plan and its rounding alone: the rounding
    functions, the backward program, the static part of the tax lines' dicts, the code of
    its line function and the plain values it names. No record: one shape serves every
    transaction of the process (kept with the plans, so dropped with them, and tied to the
    plan it was made from), the ``CompiledTaxes`` of each environment binding it."""

    def __init__(self, plan: tuple, currency_rounding: float, prec: float, round_base: bool, india: bool) -> None:
        self.plan = plan
        self.specs, self.base_tag_ids, _company_id = plan
        self.currency_rounding, self.prec, self.round_base, self.india = currency_rounding, prec, round_base, india
        self.round = rounder(prec)
        self.round_currency = rounder(currency_rounding)
        self.has_included = any(spec.price_include for spec in self.specs)
        # the backward walk, worked out once when it does not depend on the line
        self.backward = None if india or not all(spec.inline for spec in self.specs) else \
            _backward_program(self.specs)
        # an amount rounded to the currency rounds to itself: with the base rounded and the
        # per-line rounding at the currency's, a tax line's base that is the amount without
        # taxes needs no second rounding
        self.exact_base = round_base and prec == currency_rounding
        self.names = [spec.name for spec in self.specs]
        # the tax lines' dicts hold the group of their tax as a record: set when bound
        self.steps = [_forward_step(spec, None) for spec in self.specs]
        self.grouped = any(spec.group_id is not None for spec in self.specs)
        # the walk below written out for these taxes, when they are all simple (the same
        # figures, without the questions whose answers are known now)
        self.line_code = line_code(self)

    _product_tag_ids = staticmethod(product_tag_ids)

    def bound_steps(self, Tax) -> list:
        """The steps with the group of each tax as a record of ``Tax``'s environment."""
        if not self.grouped:
            return self.steps
        steps = []
        for spec, step in zip(self.specs, self.steps):
            if spec.group_id is None:
                steps.append(step)
                continue
            group = Tax.browse((spec.group_id,))
            templates = [(dict(template, group=group), *rest) for template, *rest in step[8]]
            steps.append((*step[:8], templates, *step[9:]))
        return steps


def tax_shape(taxes, plan: tuple, key: tuple, currency_rounding: float, prec: float, round_base: bool,
              india: bool) -> TaxShape:
    """The shape of ``plan`` (of ``plan_key`` ``key``) at this rounding, made on first use."""
    return shared_memo(taxes, (SHAPES_KEY, key, currency_rounding, prec, round_base, india),
                       lambda: TaxShape(plan, currency_rounding, prec, round_base, india),
                       fresh=lambda shape: shape.plan is plan)


def _forward_step(spec, group) -> tuple:
    """What the forward walk reads of one tax, the static part of its tax lines' dicts
    made once (``name``, ``amount``, ``base`` and the lists are set per line)."""
    templates = []
    for line in spec.lines:
        templates.append(({
            "id": spec.id, "name": spec.name, "amount": 0.0, "base": 0.0, "sequence": spec.sequence,
            "account_id": line.account_id, "analytic": spec.analytic,
            "use_in_tax_closing": line.use_in_tax_closing, "price_include": spec.price_include,
            "tax_exigibility": spec.tax_exigibility, "tax_repartition_line_id": line.id,
            "group": group, "tag_ids": None, "tax_ids": None,
        }, line.tag_ids + spec.subsequent_tag_ids, line.factor, line.has_account))
    kind = spec.amount_type if spec.inline else None
    single = len(templates) == 1 and templates[0][2] == spec.factor
    return (spec.id, kind, spec.amount, spec.amount / 100, spec.price_include, spec.is_base_affected,
            spec.include_base_amount, spec.factor, templates, single, list(spec.subsequent_ids))


def _backward_program(specs) -> list[tuple]:
    """The backward walk of simple taxes as runs, last tax first: each run (the taxes
    between two that grow later bases) as ``(indexes of its checkpoints, its included
    fixed taxes as (amount, factor), 1 + its included percentages / 100, 100 - its
    included divisions)``. The base before a run is ``(base - fixed) / that * that / 100``,
    the checkpoints of a run taken on the base it starts from. The sums are added up in
    the walk's order, for the same figures as walking tax by tax."""
    runs, checkpoints, fixed, percents, divisions = [], [], [], [], []

    def close_run():
        percent = sum(percents)
        division = sum(divisions)
        runs.append((tuple(checkpoints), tuple(fixed), 1.0 + percent / 100.0, 100 - division))
        checkpoints.clear(), fixed.clear(), percents.clear(), divisions.clear()

    store_checkpoint, next_base_affected = True, True
    for i in range(len(specs) - 1, -1, -1):
        tax = specs[i]
        if tax.include_base_amount and next_base_affected:
            close_run()
            store_checkpoint = True
        if tax.price_include:
            if tax.amount_type == "percent":
                percents.append(tax.amount * tax.factor)
            elif tax.amount_type == "division":
                divisions.append(tax.amount * tax.factor)
            else:
                fixed.append((tax.amount, tax.factor))
            # a zero tax has no amount to pin down, so it does not make a checkpoint
            if store_checkpoint and tax.amount:
                checkpoints.append(i)
                store_checkpoint = False
        next_base_affected = tax.is_base_affected
    close_run()
    return runs


class CompiledTaxes:
    """One set of taxes ready to compute lines: ``compute(price_unit, quantity, ...)``."""

    def __init__(self, taxes, currency, is_refund: bool, include_caba_tags: bool) -> None:
        env = taxes.env
        context = env.context
        # the company of the first tax decides the rounding method (its first accessible
        # branch in Odoo 17, which is the same company when there are no branches)
        key = plan_key(taxes, is_refund, include_caba_tags)
        plan = get_plan(taxes, is_refund, include_caba_tags, key)
        self.specs, self.base_tag_ids, company_id = plan
        # the plan holds ids: its records are bound here, to this environment
        Tax = env["account.tax"]
        # (ids as tuples: a new record's id is falsy)
        self.records = [Tax.browse((spec.id,)) for spec in self.specs]
        self.company = env["res.company"].browse(company_id)
        self.currency = currency or self.company.currency_id
        self.currency_rounding = self.currency.rounding
        round_tax = self.company.tax_calculation_rounding_method != "round_globally"
        if "round" in context:
            round_tax = bool(context["round"])
        # rounding globally keeps 5 more digits per line: rounding happens on the sums
        self.prec = self.currency_rounding * (1 if round_tax else 1e-5)
        self.round_base = context.get("round_base", True)
        self.india = self.company.country_code == "IN"
        shape = tax_shape(taxes, plan, key, self.currency_rounding, self.prec, bool(self.round_base), self.india)
        self.round, self.round_currency = shape.round, shape.round_currency
        self.has_included, self.backward, self.exact_base = shape.has_included, shape.backward, shape.exact_base
        self.names_by_lang: dict = {}
        self.names = shape.names
        self.steps = shape.bound_steps(Tax)
        if shape.line_code is not None:
            self.compute = bind_line_code(*shape.line_code, self)

    def _run_backward_program(self, base: float, quantity: float, fixed_multiplicator) -> tuple:
        checkpoints = {}
        for indexes, fixed_taxes, percent_divisor, division_factor in self.backward:
            for i in indexes:
                checkpoints[i] = base
            fixed = 0.0
            for amount, factor in fixed_taxes:
                fixed += abs(quantity) * amount * factor * abs(fixed_multiplicator)
            base = (base - fixed) / percent_divisor * division_factor / 100
        return base, checkpoints

    def _names(self, partner) -> list:
        if not partner:
            return self.names
        lang = partner.lang
        names = self.names_by_lang.get(lang)
        if names is None:
            names = self.names_by_lang[lang] = [record.with_context(lang=lang).name for record in self.records]
        return names

    # -- backwards: from the price to the amount without taxes ----------------------------

    def _remove_included(self, base: float, sign: int, price_unit: float, quantity: float, product, partner,
                         fixed_multiplicator) -> tuple:
        """(amount without taxes, checkpoints, tax amounts and bases fixed on the way), each
        dict keyed by the tax's index."""
        specs, rnd = self.specs, self.round
        checkpoints: dict[int, float] = {}
        cached_tax: dict[int, float] = {}
        cached_base: dict[int, float] = {}
        incl_percent: list = []      # (index, rate, factor)
        incl_division = 0.0          # sum of rate x factor
        incl_fixed = 0.0
        has_division = False

        def recompute(base: float) -> float:
            """The base before the included taxes gathered since the last one."""
            nonlocal incl_percent, incl_division, incl_fixed, has_division
            fixed = incl_fixed
            percent = sum(rate * factor for _i, rate, factor in incl_percent)
            if self.india:
                # India: several included percentages of the same rate must give the same
                # amounts, so each is computed on the whole price right away
                total = 0.0
                for i, rate, factor in incl_percent:
                    gross = rnd(base * rate / (100 + percent))
                    factored = rnd(gross * factor)
                    total += factored
                    fixed += factored
                    cached_tax[i] = gross
                for i, _rate, _factor in incl_percent:
                    cached_base[i] = base - total
                percent = 0.0
            division = incl_division if has_division else 0
            incl_percent, incl_division, incl_fixed, has_division = [], 0.0, 0.0, False
            return (base - fixed) / (1.0 + percent / 100.0) * (100 - division) / 100

        store_checkpoint = True
        custom_fixed_after = 0.0
        next_base_affected = True
        abs_quantity, abs_multiplicator = abs(quantity), abs(fixed_multiplicator)
        for i in range(len(specs) - 1, -1, -1):
            tax = specs[i]
            if tax.include_base_amount and next_base_affected:
                base = recompute(base)
                store_checkpoint = True
            if tax.price_include:
                factor = tax.factor
                if tax.amount_type == "percent":
                    incl_percent.append((i, tax.amount, factor))
                elif tax.amount_type == "division":
                    incl_division += tax.amount * factor
                    has_division = True
                elif tax.amount_type == "fixed":
                    # Odoo 17's Python overwrites here where its POS JavaScript (and 16.0)
                    # adds up; adding up is what several included fixed taxes need
                    incl_fixed += abs_quantity * tax.amount * factor * abs_multiplicator
                else:
                    amount = rnd(self.records[i]._compute_amount(
                        base, sign * price_unit, quantity, product, partner, fixed_multiplicator))
                    incl_fixed += amount
                    cached_tax[i] = amount
                    custom_fixed_after += amount
                # a zero tax has no amount to pin down, so it does not make a checkpoint
                if (store_checkpoint and (tax.amount or tax.amount_type not in SIMPLE_TYPES)
                        and i not in cached_tax):
                    checkpoints[i] = base - custom_fixed_after
                    store_checkpoint = False
                    custom_fixed_after = 0.0
            next_base_affected = tax.is_base_affected
        return recompute(base), checkpoints, cached_tax, cached_base

    # -- forwards: each tax from the amount without taxes ----------------------------------

    def compute(self, price_unit, quantity=1.0, product=None, partner=None, fixed_multiplicator=1,
                handle_price_include=True) -> dict:
        """compute_all's answer for one line (see ``account.tax.compute_all``)."""
        rnd = self.round
        base = price_unit * quantity
        if self.round_base:
            base = self.round_currency(base)
        # computed on the absolute value, the sign put back at the end
        sign = 1
        # a rounded amount rounds to itself: no second rounding when the base already was
        if (base if self.round_base else self.round_currency(base)) == 0.0:
            sign = -1 if fixed_multiplicator < 0 else 1
        elif base < 0:
            sign, base = -1, -base

        checkpoints = cached_tax = cached_base = None
        if not handle_price_include:
            total_excluded = base
        elif not self.has_included and self.round_base:
            # the walk only divides by 1 and multiplies by 100/100: the rounding below would
            # give the base back
            total_excluded = base
        elif self.backward is not None:
            total_excluded, checkpoints = self._run_backward_program(base, quantity, fixed_multiplicator)
        else:
            total_excluded, checkpoints, cached_tax, cached_base = self._remove_included(
                base, sign, price_unit, quantity, product, partner, fixed_multiplicator)
        if self.round_base and checkpoints is not None:
            total_excluded = self.round_currency(total_excluded)

        base = total_included = total_void = total_excluded
        skip_checkpoint = False
        cumulated_included = 0.0
        product_tag_ids = self._product_tag_ids(product) if product else []
        names = self._names(partner)
        taxes_vals = []
        for i, (_tax_id, kind, amount, rate, price_include, base_affected, include_base_amount, factor, templates,
                single, subsequent_ids) in enumerate(self.steps):
            if price_include and cached_base and i in cached_base:
                tax_base = cached_base[i]
            elif price_include or base_affected:
                tax_base = base
            else:
                tax_base = total_excluded

            checkpoint = checkpoints.get(i) if checkpoints else None
            if price_include and cached_tax and i in cached_tax:
                tax_amount = cached_tax[i]
            elif not skip_checkpoint and price_include and checkpoint is not None and factor != 0:
                tax_amount = checkpoint - (base + cumulated_included)
                cumulated_included = 0.0
            elif kind == "percent":
                tax_amount = tax_base * rate
            elif kind == "fixed":
                multiplicator = abs(fixed_multiplicator)
                if tax_base:
                    tax_amount = math.copysign(quantity, tax_base) * amount * multiplicator
                else:
                    tax_amount = quantity * amount * multiplicator
            elif kind == "division":
                tax_amount = tax_base / (1 - rate) - tax_base if (1 - rate) else 0.0
            else:
                tax_amount = self.records[i].with_context(force_price_include=False)._compute_amount(
                    tax_base, sign * price_unit, quantity, product, partner, fixed_multiplicator)
            tax_amount = rnd(tax_amount)
            # times 1 (one distribution line at 100 %), the rounded amount is its own rounding
            # (and a zero is a plain zero, as rounding gives it)
            factorized = (tax_amount or 0.0) if factor == 1.0 else rnd(tax_amount * factor)
            if price_include and checkpoint is None:
                cumulated_included += factorized

            # the tax lines of a tax that grows the base of later taxes carry the base tags
            # of those taxes (tax.subsequent_tag_ids, worked out with the plan)
            if tax_base is total_excluded and self.exact_base:
                tax_line_base = sign * tax_base or 0.0
            else:
                tax_line_base = rnd(sign * tax_base)
            amounts = (factorized,) if single else self._split_over_lines(tax_amount, factorized, templates)
            name = names[i]
            for (template, tag_ids, _factor, has_account), line_amount in zip(templates, amounts):
                vals = template.copy()
                vals["name"] = name
                vals["amount"] = sign * line_amount
                vals["base"] = tax_line_base
                vals["tag_ids"] = tag_ids + product_tag_ids
                vals["tax_ids"] = subsequent_ids[:]
                taxes_vals.append(vals)
                if not has_account:
                    total_void += line_amount

            if include_base_amount:
                base += factorized
                if not price_include:
                    # mixing excluded and included base-affecting taxes moves the totals the
                    # checkpoints were taken on
                    skip_checkpoint = True
            total_included += factorized

        if self.round_base:
            total_included = self.round_currency(total_included)
        return {
            "base_tags": self.base_tag_ids + product_tag_ids,
            "taxes": taxes_vals,
            "total_excluded": sign * total_excluded,
            "total_included": sign * total_included,
            "total_void": sign * total_void,
        }

    def _split_over_lines(self, tax_amount: float, factorized: float, templates: list) -> list[float]:
        """The tax amount shared over the distribution lines, each share rounded, the rounding
        difference spread one currency unit at a time over the first lines (4 x 50% of 0.03
        is 0.06: 0.02, 0.02, 0.01, 0.01)."""
        rnd = self.round
        amounts = [rnd(tax_amount * factor) for _template, _tags, factor, _has_account in templates]
        error = rnd(factorized - sum(amounts))
        steps = int(abs(error / self.currency_rounding))
        step = rnd(error / steps) if steps else 0.0
        for index in range(min(steps, len(amounts))):
            amounts[index] += step
        return amounts

    _product_tag_ids = staticmethod(product_tag_ids)

