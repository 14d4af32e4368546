"""The ``inline_template`` engine of mail templates: text with ``{{ expression }}`` holes.

A subject such as ``{{ object.name }} is done`` is cut once into ``(literal, expression,
default)`` triples (``parse_inline_template``), then rendered per record by evaluating each
expression with ``safe_eval`` (``render_inline_template``): only the names the caller gives
(``object``, ``user``, ``ctx``, the formatting helpers, ``template_env_globals``) are
reachable. ``{{ expr ||| fallback }}`` prints ``fallback`` when ``expr`` is falsy.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import quote, urlencode

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from . import safe_eval

#: ``{{ expression }}`` or ``{{ expression ||| default }}``, non-greedy so that holes don't merge
INLINE_TEMPLATE_REGEX = re.compile(r"\{\{(.+?)(\|\|\|\s*(.*?))?\}\}")

#: Helpers every inline template may call, besides its context (the names Odoo gives).
template_env_globals = {
    "str": str,
    "quote": lambda text, safe="/:": quote(str(text), safe=safe),
    "urlencode": urlencode,
    "datetime": safe_eval.datetime,
    "len": len,
    "abs": abs,
    "min": min,
    "max": max,
    "sum": sum,
    "filter": filter,
    "reduce": functools.reduce,
    "map": map,
    "relativedelta": relativedelta,
    "round": round,
    "hasattr": hasattr,
}


def parse_inline_template(text: str) -> list[tuple[str, str, str]]:
    """``[(literal, expression, default)]``: the text before each hole, what the hole
    evaluates and its fallback; the tail after the last hole comes with no expression."""
    parts = []
    position = 0
    for match in INLINE_TEMPLATE_REGEX.finditer(text):
        parts.append((text[position:match.start()], match.group(1).strip(), match.group(3) or ""))
        position = match.end()
    if text[position:]:
        parts.append((text[position:], "", ""))
    return parts


def render_inline_template(template_instructions, variables) -> str:
    """The text of parsed instructions, each expression evaluated with ``variables``; a falsy
    value prints its default (or nothing)."""
    out = []
    for literal, expression, default in template_instructions:
        out.append(literal)
        if expression:
            value = safe_eval.safe_eval(expression, variables) or default
            if value:
                out.append(str(value))
    return "".join(out)


def convert_inline_template_to_qweb(template: str) -> Markup:
    """The same text as QWeb (``<t t-out="expression">default</t>``), for editors."""
    pieces = []
    for literal, expression, default in parse_inline_template(template or ""):
        if expression:
            pieces.append(Markup('{}<t t-out="{}">{}</t>').format(literal, expression, default))
        else:
            pieces.append(literal)
    return Markup("").join(pieces)
