"""What ``compute_all`` needs of a set of taxes, read once and kept as plain values.

A till computes the taxes of every order line with the same few taxes: flattening the
groups, finding the distribution lines, their accounts and tags is the same work each
time, and the same in every request. A plan holds the outcome per (taxes, document type,
context) as ids and numbers only, in the registry's shared cache (``registry.cached``):
kept for every later transaction of the process, dropped by any write on taxes,
distribution lines or tags, a company's tax settings or a currency's rounding
(``forget_plans``, which is ``registry.shared_cache_changed``: other processes learn it
from the signaling sequence at commit, and a transaction that changed them keeps its
plans to itself). Odoo keeps no such cache; its computation reads the records each time,
with the same results.
"""
from __future__ import annotations

PLANS_KEY = "account.tax.compute_all plan"
COMPILED_KEY = "account.tax.compute_all compiled"
SIMPLE_TYPES = ("percent", "division", "fixed")


class TaxSpec:
    """One tax of a plan: its settings and its distribution lines (no record: a plan
    outlives the transaction it was read in)."""

    __slots__ = ("id", "amount_type", "amount", "price_include", "include_base_amount",
                 "is_base_affected", "tax_exigibility", "sequence", "name", "analytic", "inline",
                 "lines", "factor", "subsequent_ids", "subsequent_tag_ids", "group_id")


class LineSpec:
    """One distribution line of a plan's tax."""

    __slots__ = ("id", "factor", "account_id", "has_account", "use_in_tax_closing", "tag_ids")


def plans_memo(env, key: str = COMPILED_KEY) -> dict:
    return env.transaction.memo.setdefault(key, {})


def forget_plans(env) -> None:
    """Drop every plan and compiled plan (the taxes, their distribution or tags, the
    company's tax settings or a currency's rounding changed): in this process now, in the
    others once the transaction commits."""
    env.registry.shared_cache_changed(env.transaction)


def plan_key(taxes, is_refund: bool, include_caba_tags: bool) -> tuple:
    """What a plan of ``taxes`` depends on besides the records: its environment's user,
    language and context keys that change what is read."""
    env = taxes.env
    context = env.context
    return (PLANS_KEY, taxes._ids, bool(is_refund), bool(include_caba_tags), env.uid, env.su,
            context.get("lang"), tuple(context.get("allowed_company_ids") or ()),
            context.get("active_test", True),
            "force_price_include" in context, context.get("force_price_include"),
            bool(context.get("caba_no_transition_account")),
            # no tax: the current company decides (reading it costs, so only then)
            None if taxes._ids else env.company.id)


def shared_memo(taxes, key, compute, fresh=None):
    """``compute()`` kept under ``key`` for the process (``registry.cached``: dropped with
    the plans), or for the transaction alone when ``taxes`` holds new records (a form being
    edited: what they hold lives in this transaction only). ``fresh(value)``, when given,
    says whether a kept value may still be used."""
    env = taxes.env
    if not all(type(tax_id) is int for tax_id in taxes._ids):
        memo = plans_memo(env, PLANS_KEY)
        if key not in memo or (fresh is not None and not fresh(memo[key])):
            memo[key] = compute()
        return memo[key]
    return env.registry.cached(env.transaction, key, compute, fresh)


def get_plan(taxes, is_refund: bool, include_caba_tags: bool, key: tuple | None = None) -> tuple:
    """([TaxSpec], base tag ids, company id) of ``taxes`` read in their environment (its
    user, language and context decide what is read); ``key``: its ``plan_key`` when known."""
    if key is None:
        key = plan_key(taxes, is_refund, include_caba_tags)
    return shared_memo(taxes, key, lambda: _build_plan(taxes, is_refund, include_caba_tags))


def _build_plan(taxes, is_refund: bool, include_caba_tags: bool) -> tuple:
    env = taxes.env
    context = env.context
    flattened, groups_map = taxes.flatten_taxes_hierarchy(create_map=True)
    company = taxes[:1].company_id or env.company
    base_method = type(env["account.tax"])._compute_amount
    specs = []
    for index, tax in enumerate(flattened):
        spec = TaxSpec()
        spec.id = tax.id
        spec.amount_type = tax.amount_type
        spec.amount = tax.amount
        spec.price_include = context.get("force_price_include", tax.price_include)
        spec.include_base_amount = tax.include_base_amount
        spec.is_base_affected = tax.is_base_affected
        spec.tax_exigibility = tax.tax_exigibility
        spec.sequence = tax.sequence
        spec.name = tax.name
        spec.analytic = tax.analytic
        # plain arithmetic inline, unless an addon computes this tax its own way
        spec.inline = tax.amount_type in SIMPLE_TYPES and \
            getattr(type(tax)._compute_amount, "__code__", None) is getattr(base_method, "__code__", None)
        repartition = tax.refund_repartition_line_ids if is_refund else tax.invoice_repartition_line_ids
        caba_hidden = not include_caba_tags and tax.tax_exigibility == "on_payment"
        spec.lines = []
        for line in repartition.filtered(lambda line: line.repartition_type == "tax"):
            line_spec = LineSpec()
            line_spec.id = line.id
            line_spec.factor = line.factor
            line_spec.account_id = line._get_aml_target_tax_account(force_caba_exigibility=include_caba_tags).id
            line_spec.has_account = bool(line.account_id)
            line_spec.use_in_tax_closing = line.use_in_tax_closing
            line_spec.tag_ids = [] if caba_hidden else line.tag_ids.ids
            spec.lines.append(line_spec)
        spec.factor = sum(line.factor for line in spec.lines)
        spec.subsequent_ids, spec.subsequent_tag_ids = [], []
        if tax.include_base_amount:
            subsequent = flattened[index + 1:].filtered("is_base_affected")
            tagged = subsequent if include_caba_tags else subsequent.filtered(
                lambda t: t.tax_exigibility != "on_payment")
            spec.subsequent_ids = subsequent.ids
            spec.subsequent_tag_ids = tagged.get_tax_tags(is_refund, "base").ids
        spec.group_id = groups_map[tax].id if tax in groups_map else None
        specs.append(spec)
    tagged = flattened if include_caba_tags else flattened.filtered(lambda t: t.tax_exigibility != "on_payment")
    field = "refund_repartition_line_ids" if is_refund else "invoice_repartition_line_ids"
    base_tag_ids = tagged.mapped(field).filtered(lambda line: line.repartition_type == "base").mapped("tag_ids").ids
    return specs, base_tag_ids, company.id
