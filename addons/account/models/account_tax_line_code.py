"""One set of simple taxes' ``compute_all`` for a line, written out as its own Python function.

``CompiledTaxes.compute`` (account_tax_computation.py) walks the taxes in a loop and asks at
each tax what kind it is, whether it is included, whether a checkpoint was taken on it,
whether the base grew before it: for a given set of taxes the answers are always the same.
Here they are asked once, when the set is compiled: the function written for it holds only
the arithmetic, the roundings (written in place, the same operations as ``rounder``) and the
answer's dicts. It gives the same figures as ``compute``, operation for operation, and is
made only for sets of percent, fixed and division taxes computed the standard way, outside
India's rules; it hands the other calls (``handle_price_include=False``) to ``compute``.

No value is written into the source: the taxes' figures, names and dicts reach the function
through its namespace, the source only names them. The code and the plain values of that
namespace are made once per set of taxes and rounding (``TaxShape``, kept with the plans for
the process); each transaction runs the code in a copy of the namespace completed with what
belongs to its environment (``bind_line_code``).
"""
from __future__ import annotations

import math

EPSILON_52 = 2.0 ** -52

#: the compiled code of each source written: a source names values and holds none, so its
#: code serves every set of taxes of the same shape, in every transaction (bounded)
_CODE: dict = {}
_CODE_LIMIT = 512


def _round(target: str, expr: str, step_name: str, step: float) -> list[str]:
    """Lines setting ``target`` to ``rounder(step)(expr)``, with the same operations."""
    if not step:
        return [f"{target} = 0.0"]
    return [
        f"_v = {expr}",
        "if not _v:",
        f"    {target} = 0.0",
        "else:",
        f"    _n = _v / {step_name}",
        "    if _n > 0:",
        "        _n += _n * EPS",
        "        _r = floor(_n)",
        "        if _n - _r >= 0.5:",
        "            _r += 1",
        f"        {target} = _r * {step_name}",
        "    else:",
        "        _n = -_n",
        "        _n += _n * EPS",
        "        _r = floor(_n)",
        "        if _n - _r >= 0.5:",
        "            _r += 1",
        f"        {target} = -(_r * {step_name})",
    ]


def bind_line_code(code, namespace: dict, compiled):
    """The function ``code`` defines (``line_code``), run in a copy of ``namespace`` with
    what belongs to ``compiled`` (its environment's names, its walk for the calls the code
    hands over, its tax lines' dicts when they hold records of its environment)."""
    namespace = dict(namespace, names_of=compiled._names, split=compiled._split_over_lines,
                     generic=type(compiled).compute.__get__(compiled))
    for i, step in enumerate(compiled.steps):
        templates = step[8]
        if namespace[f"TEMPLATES{i}"] is not templates:
            namespace[f"TEMPLATES{i}"] = templates
            for j, template in enumerate(templates):
                namespace[f"T{i}_{j}"] = template[0]
    exec(code, namespace)
    return namespace["compute"]


def line_code(compiled) -> tuple | None:
    """(code object, namespace of plain values) of the function written for ``compiled``'s
    taxes (anything with the attributes of a ``CompiledTaxes`` but its records), or None
    when they are not all simple. Neither holds a record: they serve every transaction."""
    if compiled.backward is None:
        return None
    namespace = {"floor": math.floor, "copysign": math.copysign, "EPS": EPSILON_52,
                 "PREC": compiled.prec, "CUR": compiled.currency_rounding, "NAMES": compiled.names,
                 "product_tags": compiled._product_tag_ids, "BASE_TAGS": compiled.base_tag_ids, "NO_TAGS": []}
    round_base = compiled.round_base
    body = ["if not handle_price_include:",
            "    return generic(price_unit, quantity, product, partner, fixed_multiplicator, False)",
            "base = price_unit * quantity"]
    if round_base:
        body += _round("base", "base", "CUR", compiled.currency_rounding)
        body.append("if base == 0.0:")
    else:
        body += _round("_zero", "base", "CUR", compiled.currency_rounding)
        body.append("if _zero == 0.0:")
    body += ["    sign = -1 if fixed_multiplicator < 0 else 1",
             "elif base < 0:",
             "    sign, base = -1, -base",
             "else:",
             "    sign = 1"]

    # backwards: the amount without taxes (and the checkpoints) by the program of runs
    checkpoint_indexes = set()
    if not compiled.has_included and round_base:
        body.append("total_excluded = base")
        with_checkpoints = False
    else:
        with_checkpoints = True
        body.append("_b = base")
        for run, (indexes, fixed_taxes, percent_divisor, division_factor) in enumerate(compiled.backward):
            for i in indexes:
                checkpoint_indexes.add(i)
                body.append(f"cp{i} = _b")
            body.append("_f = 0.0")
            for number, (amount, factor) in enumerate(fixed_taxes):
                namespace[f"FA{run}_{number}"], namespace[f"FF{run}_{number}"] = amount, factor
                body.append(f"_f += abs(quantity) * FA{run}_{number} * FF{run}_{number} * abs(fixed_multiplicator)")
            namespace[f"PD{run}"], namespace[f"DF{run}"] = percent_divisor, division_factor
            body.append(f"_b = (_b - _f) / PD{run} * DF{run} / 100")
        body.append("total_excluded = _b")
        if round_base:
            body += _round("total_excluded", "total_excluded", "CUR", compiled.currency_rounding)

    # forwards: each tax, its decisions taken here
    body += ["base = total_included = total_void = total_excluded",
             "cumulated_included = 0.0",
             # (NO_TAGS is only ever added to a list: no answer holds it)
             "ptags = product_tags(product) if product else NO_TAGS",
             "names = names_of(partner) if partner else NAMES"]
    line_names = []
    base_is_excluded, skip_checkpoint = True, False
    for i, (_tax_id, kind, amount, rate, price_include, base_affected, include_base_amount, factor, templates,
            single, subsequent_ids) in enumerate(compiled.steps):
        namespace[f"AMOUNT{i}"], namespace[f"RATE{i}"], namespace[f"FACTOR{i}"] = amount, rate, factor
        namespace[f"TEMPLATES{i}"], namespace[f"SUBSEQUENT{i}"] = templates, subsequent_ids
        on_base = price_include or base_affected
        tax_base = "base" if on_base else "total_excluded"
        has_checkpoint = with_checkpoints and i in checkpoint_indexes
        if not skip_checkpoint and price_include and has_checkpoint and factor != 0:
            body += [f"tax_amount = cp{i} - (base + cumulated_included)", "cumulated_included = 0.0"]
        elif kind == "percent":
            body.append(f"tax_amount = {tax_base} * RATE{i}")
        elif kind == "fixed":
            body += [f"if {tax_base}:",
                     f"    tax_amount = copysign(quantity, {tax_base}) * AMOUNT{i} * abs(fixed_multiplicator)",
                     "else:",
                     f"    tax_amount = quantity * AMOUNT{i} * abs(fixed_multiplicator)"]
        elif kind == "division":
            body.append(f"tax_amount = {tax_base} / (1 - RATE{i}) - {tax_base} if (1 - RATE{i}) else 0.0")
        else:
            return None
        body += _round("tax_amount", "tax_amount", "PREC", compiled.prec)
        if factor == 1.0:
            body.append("factorized = tax_amount or 0.0")
        else:
            body += _round("factorized", f"tax_amount * FACTOR{i}", "PREC", compiled.prec)
        if price_include and not has_checkpoint:
            body.append("cumulated_included += factorized")
        if (not on_base or base_is_excluded) and compiled.exact_base:
            body.append(f"line_base = sign * {tax_base} or 0.0")
        else:
            body += _round("line_base", f"sign * {tax_base}", "PREC", compiled.prec)
        if single:
            amounts = ["factorized"]
        else:
            body.append(f"_amounts = split(tax_amount, factorized, TEMPLATES{i})")
            amounts = [f"_amounts[{j}]" for j in range(len(templates))]
        for j, ((template, tag_ids, _factor, has_account), line_amount) in enumerate(zip(templates, amounts)):
            namespace[f"T{i}_{j}"], namespace[f"TAGS{i}_{j}"] = template, tag_ids
            vals = f"vals{i}_{j}"
            line_names.append(vals)
            body += [f"{vals} = T{i}_{j}.copy()",
                     f"{vals}['name'] = names[{i}]",
                     f"{vals}['amount'] = sign * {line_amount}",
                     f"{vals}['base'] = line_base",
                     f"{vals}['tag_ids'] = TAGS{i}_{j} + ptags",
                     f"{vals}['tax_ids'] = SUBSEQUENT{i}[:]"]
            if not has_account:
                body.append(f"total_void += {line_amount}")
        if include_base_amount:
            body.append("base += factorized")
            base_is_excluded = False
            if not price_include:
                skip_checkpoint = True
        body.append("total_included += factorized")
    if round_base:
        body += _round("total_included", "total_included", "CUR", compiled.currency_rounding)
    body.append("return {'base_tags': BASE_TAGS + ptags, 'taxes': [" + ", ".join(line_names) + "], "
                "'total_excluded': sign * total_excluded, 'total_included': sign * total_included, "
                "'total_void': sign * total_void}")
    source = ("def compute(price_unit, quantity=1.0, product=None, partner=None, fixed_multiplicator=1, "
              "handle_price_include=True):\n" + "\n".join("    " + line for line in body) + "\n")
    code = _CODE.get(source)
    if code is None:
        if len(_CODE) >= _CODE_LIMIT:
            _CODE.clear()
        code = _CODE[source] = compile(source, "<account.tax compute_all line>", "exec")
    return code, namespace
