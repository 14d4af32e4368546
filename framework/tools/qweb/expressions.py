"""Evaluating template expressions: Python through the sandbox, and format strings.

Values live in a :class:`Scope`, a dict whose unknown names read as ``None`` (a template
may test ``t-if="foo"`` for a value its caller did not give), and which is handed to
:func:`~framework.tools.safe_eval.safe_eval` as the evaluation's globals, so names inside
comprehensions and lambdas resolve like the others.
"""
from __future__ import annotations

import re

from ..safe_eval import safe_eval

#: ``#{expr}`` or ``{{expr}}`` inside a format string (``t-attf-*``, ``t-valuef``, ``t-call``).
FORMAT_PATTERN = re.compile(r"#\{(.+?)\}|\{\{(.+?)\}\}")


class Scope(dict):
    """Rendering values; a name that is not set reads as ``None`` (builtins excepted)."""

    __slots__ = ()

    def __missing__(self, key):
        # the interpreter looks names up in the globals mapping before the builtins
        builtins = dict.get(self, "__builtins__")
        if builtins and key in builtins:
            return builtins[key]
        return None

    def child(self) -> Scope:
        """A copy for a called template: its ``t-set`` stay inside it."""
        return Scope(self)


def evaluate(expr: str, scope: Scope):
    """The value of the Python expression ``expr`` over ``scope``."""
    return safe_eval(expr, scope, nocopy=True)


def to_text(value) -> str:
    """How a value reads inside an attribute or a format string (False and None: empty)."""
    if value is None or value is False:
        return ""
    if isinstance(value, bytes):
        return value.decode()
    return str(value)


def format_string(template: str, scope: Scope) -> str:
    """``template`` with each ``{{expr}}`` / ``#{expr}`` replaced by its value's text."""
    if "{" not in template:
        return template
    return FORMAT_PATTERN.sub(
        lambda match: to_text(evaluate(match.group(1) or match.group(2), scope)), template)
