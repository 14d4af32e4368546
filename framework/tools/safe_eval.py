"""``odoo.tools.safe_eval``: evaluate Python expressions and small scripts written in data.

Data files, record rules, action contexts and domains and server actions all hold Python
text that the server must evaluate without handing out the interpreter. The check is an
AST whitelist, done once per distinct text (cached) before ``compile``:

* only the node types listed in ``_ALLOWED_NODES`` may appear: literals, operators,
  comprehensions, calls, subscripts, attribute reads and, in ``exec`` mode, assignments to
  names and items, ``if``/``for``/``while``/``try``, ``raise``, ``def`` and ``return``;
* no ``import``, no ``class``, no ``with``, no ``global``, no ``del``, no attribute
  assignment (``record.x = 1``: write with ``record.write()``, as in Odoo);
* no name or attribute containing a double underscore, nor the frame, code and generator
  attributes of ``_UNSAFE_ATTRIBUTES`` (the classic sandbox escapes);
* names resolve to the given context and a small set of builtins only: nothing else can
  be called. Modules may enter a context only wrapped (``wrap_module``).

``str.format`` and ``str.format_map`` read attributes through the format string, which the
AST cannot see; calls to them go through ``_format_guard``, which applies the same name
rules to each replacement field.

A refused text raises :class:`UnsafeExpressionError` (a ``ValueError``) that names the
construct and quotes the text. Errors raised while evaluating are re-raised as
``ValueError`` too, except business errors (``odoo.exceptions.UserError`` and its
subclasses, ``RedirectWarning``) and ``ZeroDivisionError``, which keep their type, as Odoo
does.

This module knows nothing of models; callers put ``env``, ``ref``, ``user``... in the
context themselves.
"""
from __future__ import annotations

import ast
import datetime as _datetime
import functools
import json as _json
import logging
import string
import time as _time
import types
from collections.abc import Mapping

import dateutil.parser
import dateutil.relativedelta
import dateutil.rrule
import dateutil.tz

from ..exceptions import RedirectWarning, UserError
from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

__all__ = ["safe_eval", "test_python_expr", "const_eval", "expr_eval", "wrap_module",
           "check_values", "UnsafeExpressionError", "datetime", "time", "dateutil", "json",
           "relativedelta"]


class UnsafeExpressionError(ValueError):
    """The text uses a construct or a name the sandbox refuses."""


#: Attributes that lead from an ordinary object to frames, code or globals.
_UNSAFE_ATTRIBUTES = frozenset({
    # frames, tracebacks, code objects
    "f_builtins", "f_globals", "f_locals", "f_back", "f_code", "f_trace", "tb_frame",
    "tb_next", "co_code", "co_consts", "co_names", "co_varnames",
    # generators, coroutines, async generators
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_frame",
    "ag_code", "ag_await",
    # functions and classes (python 2 names too: some texts are that old)
    "func_globals", "func_code", "mro",
})

_ALLOWED_NODES: tuple[type, ...] = (
    # structure
    ast.Expression, ast.Module, ast.Expr, ast.Interactive,
    # literals and containers
    ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.JoinedStr, ast.FormattedValue,
    ast.Starred,
    # names and access
    ast.Name, ast.Load, ast.Store, ast.Attribute, ast.Subscript, ast.Slice,
    # operators
    ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd, ast.Invert,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow,
    ast.LShift, ast.RShift, ast.BitOr, ast.BitXor, ast.BitAnd, ast.MatMult,
    ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot,
    ast.In, ast.NotIn, ast.IfExp, ast.NamedExpr,
    # calls and functions
    ast.Call, ast.keyword, ast.Lambda, ast.arguments, ast.arg, ast.FunctionDef, ast.Return,
    # comprehensions
    ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.comprehension,
    # statements (exec mode)
    ast.Assign, ast.AugAssign, ast.AnnAssign, ast.If, ast.For, ast.While, ast.Break,
    ast.Continue, ast.Pass, ast.Try, ast.ExceptHandler, ast.Raise,
)

#: The modules C code may import while evaluated text runs: ``date.today()`` and
#: ``strftime`` import ``time``, ``strptime`` imports ``_strptime``. The text itself cannot
#: name ``__import__`` (double underscores are refused), so only such internal imports reach it.
_INTERNAL_IMPORTS = frozenset({"time", "_strptime", "math"})


def _internal_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level or name not in _INTERNAL_IMPORTS:
        raise ImportError(f"module {name!r} cannot be imported from a safe_eval context; "
                          f"put a wrapped module (wrap_module) in its evaluation context instead")
    return __import__(name, globals, locals, fromlist, level)


#: Builtins available to evaluated text (Odoo's list).
_BUILTINS = {
    "__import__": _internal_import,
    "True": True, "False": False, "None": None,
    "bytes": bytes, "str": str, "unicode": str, "bool": bool, "int": int, "float": float,
    "enumerate": enumerate, "dict": dict, "list": list, "tuple": tuple, "map": map,
    "abs": abs, "min": min, "max": max, "sum": sum, "reduce": functools.reduce,
    "filter": filter, "sorted": sorted, "round": round, "len": len, "repr": repr,
    "set": set, "all": all, "any": any, "ord": ord, "chr": chr, "divmod": divmod,
    "isinstance": isinstance, "range": range, "xrange": range, "zip": zip,
    "Exception": Exception,
}

_FORMAT_GUARD = "_safe_eval_format_guard"


def safe_eval(expr: str, globals_dict: Mapping | None = None, locals_dict: Mapping | None = None,
              mode: str = "eval", nocopy: bool = False, locals_builtins: bool = False,
              filename: str | None = None):
    """Evaluate ``expr`` with only the names of ``globals_dict``/``locals_dict`` and safe builtins.

    :param mode: ``"eval"`` for an expression (returns its value), ``"exec"`` for statements
        (returns None; assignments land in the dicts, see ``nocopy``).
    :param nocopy: use ``globals_dict`` itself rather than a copy, so that an ``exec``
        script's assignments (``action = ...``) can be read back by the caller.
    :param locals_builtins: also put the builtins in the locals.
    """
    if isinstance(expr, types.CodeType):
        raise TypeError("safe_eval does not evaluate code objects; give it the source text")
    if not isinstance(expr, str):
        raise TypeError(f"safe_eval expects the source text, got {type(expr).__name__}")
    if not nocopy:
        globals_dict = dict(globals_dict) if globals_dict is not None else None
        locals_dict = dict(locals_dict) if locals_dict is not None else None
    check_values(globals_dict)
    check_values(locals_dict)
    if globals_dict is None:
        globals_dict = {}
    globals_dict["__builtins__"] = dict(_BUILTINS)
    globals_dict[_FORMAT_GUARD] = _format_guard
    if locals_builtins:
        if locals_dict is None:
            locals_dict = {}
        locals_dict.update(_BUILTINS)
    code = _compile(expr, mode, filename or "<safe_eval>")
    try:
        return eval(code, globals_dict, locals_dict)
    except (UserError, RedirectWarning, ZeroDivisionError, UnsafeExpressionError):
        raise
    except Exception as exc:
        if _is_database_error(exc):
            raise                       # keep serialization failures retryable
        raise ValueError(f"{type(exc).__name__}: {exc!s} while evaluating\n{expr!r}") from exc
    finally:
        globals_dict.pop(_FORMAT_GUARD, None)


def test_python_expr(expr: str, mode: str = "eval") -> str | bool:
    """The message explaining why ``expr`` would be refused, or False when it is acceptable."""
    try:
        _compile(expr, mode, "<test>")
    except (SyntaxError, TypeError, ValueError) as exc:
        if isinstance(exc, SyntaxError) and exc.lineno is not None:
            return f'{exc.msg} : {exc.text!r} at line {exc.lineno}'.strip()
        return str(exc)
    return False


def const_eval(expr: str):
    """The value of a literal (numbers, strings, containers of them); anything else is refused."""
    try:
        return ast.literal_eval(expr)
    except (ValueError, SyntaxError, TypeError) as exc:
        raise UnsafeExpressionError(f"not a constant expression: {expr!r} ({exc})") from None


def expr_eval(expr: str):
    """An expression with no names at all (kept for old callers)."""
    return safe_eval(expr, {})


def check_values(values: Mapping | None) -> Mapping | None:
    """Refuse unwrapped modules in an evaluation context: they would give access to anything."""
    if values:
        for name, value in values.items():
            if isinstance(value, types.ModuleType):
                raise TypeError(f"module {value.__name__!r} cannot be put in a safe_eval "
                                f"context as {name!r}; wrap it with wrap_module() to expose "
                                f"only the attributes it needs")
    return values


def wrap_module(module: types.ModuleType, attributes) -> types.SimpleNamespace:
    """A read-only stand-in for ``module`` with only ``attributes`` (a list, or a dict of
    sub-module name -> its own attribute list)."""
    wrapper = _ModuleWrapper(module.__name__)
    names = attributes if not isinstance(attributes, Mapping) else list(attributes)
    for name in names:
        value = getattr(module, name)
        if isinstance(value, types.ModuleType):
            value = wrap_module(value, attributes[name] if isinstance(attributes, Mapping) else [])
        object.__setattr__(wrapper, name, value)
    return wrapper


class _ModuleWrapper(types.SimpleNamespace):
    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def __setattr__(self, name, value):
        raise TypeError(f"cannot change {self._name}.{name} from a safe_eval context")

    def __repr__(self) -> str:
        return f"<wrapped module {self._name!r}>"


# -- the modules evaluated text may use (same surface as Odoo's) -----------------------------

time = wrap_module(_time, ["time", "strptime", "strftime", "sleep", "gmtime", "localtime",
                           "mktime"])
datetime = wrap_module(_datetime, ["date", "datetime", "time", "timedelta", "timezone",
                                   "tzinfo", "MAXYEAR", "MINYEAR"])
dateutil = wrap_module(__import__("dateutil"), {
    "parser": ["isoparse", "parse"],
    "relativedelta": ["relativedelta", "MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    "rrule": ["rrule", "rruleset", "rrulestr", "YEARLY", "MONTHLY", "WEEKLY", "DAILY",
              "HOURLY", "MINUTELY", "SECONDLY", "MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    "tz": ["gettz", "tzutc", "tzoffset", "UTC"],
})
json = wrap_module(_json, ["loads", "dumps"])
relativedelta = dateutil.relativedelta.relativedelta


# -- checking and compiling ------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def _compile(expr: str, mode: str, filename: str):
    if mode not in ("eval", "exec"):
        raise ValueError(f"safe_eval mode must be 'eval' or 'exec', got {mode!r}")
    text = expr.strip() if mode == "eval" else expr
    tree = ast.parse(text, filename=filename, mode=mode)
    _Checker(expr).visit(tree)
    tree = _FormatRewriter().visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, filename, mode)


class _Checker(ast.NodeVisitor):
    """Walk the tree once; refuse the first construct or name outside the whitelist."""

    def __init__(self, expr: str) -> None:
        self.expr = expr

    def refuse(self, node: ast.AST, what: str):
        line = getattr(node, "lineno", None)
        where = f" (line {line})" if line and "\n" in self.expr.strip() else ""
        raise UnsafeExpressionError(f"safe_eval refuses {what}{where} in {self.expr.strip()!r}")

    def generic_visit(self, node: ast.AST) -> None:
        if not isinstance(node, _ALLOWED_NODES):
            self.refuse(node, _describe(node))
        super().generic_visit(node)

    def check_name(self, node: ast.AST, name: str, kind: str) -> None:
        if "__" in name or name in _UNSAFE_ATTRIBUTES or name == _FORMAT_GUARD:
            self.refuse(node, f"the {kind} {name!r} (dunder and frame/code names are "
                              f"off limits)")

    def visit_Name(self, node: ast.Name) -> None:
        self.check_name(node, node.id, "name")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.check_name(node, node.attr, "attribute")
        if isinstance(node.ctx, ast.Store):
            self.refuse(node, f"assigning the attribute {node.attr!r} (use write() on records)")
        self.generic_visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        self.check_name(node, node.arg, "argument")
        self.generic_visit(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        if node.arg is not None:
            self.check_name(node, node.arg, "keyword")
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.check_name(node, node.name, "function name")
        if node.decorator_list:
            self.refuse(node, "decorators")
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.check_name(node, node.name, "name")
        self.generic_visit(node)


class _FormatRewriter(ast.NodeTransformer):
    """``x.format(...)`` -> ``_safe_eval_format_guard(x, 'format')(...)``."""

    def visit_Attribute(self, node: ast.Attribute):
        self.generic_visit(node)
        if node.attr in ("format", "format_map") and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Call(
                func=ast.Name(id=_FORMAT_GUARD, ctx=ast.Load()),
                args=[node.value, ast.Constant(node.attr)], keywords=[]), node)
        return node


class _SafeFormatter(string.Formatter):
    def get_field(self, field_name, args, kwargs):
        first, rest = string._string.formatter_field_name_split(field_name)
        for is_attribute, name in rest:
            if is_attribute and ("__" in name or name in _UNSAFE_ATTRIBUTES or
                                 name.startswith("_")):
                raise UnsafeExpressionError(
                    f"safe_eval refuses the attribute {name!r} in the format field "
                    f"{{{field_name}}}")
        return super().get_field(field_name, args, kwargs)


def _format_guard(value, attribute: str):
    formatter = _SafeFormatter()
    if isinstance(value, type) and issubclass(value, str):
        # the unbound method, ``str.format(template, ...)``: the template is the first argument
        if attribute == "format":
            return lambda template, *args, **kwargs: formatter.vformat(_text(template), args, kwargs)
        return lambda template, mapping: formatter.vformat(_text(template), (), mapping)
    if not isinstance(value, str):
        return getattr(value, attribute)
    if attribute == "format":
        return lambda *args, **kwargs: formatter.vformat(value, args, kwargs)
    return lambda mapping: formatter.vformat(value, (), mapping)


def _text(template) -> str:
    if not isinstance(template, str):
        raise TypeError(f"str.format needs a string template, got {type(template).__name__}")
    return template


def _describe(node: ast.AST) -> str:
    names = {ast.Import: "import", ast.ImportFrom: "import", ast.ClassDef: "class definitions",
             ast.With: "'with' blocks", ast.AsyncWith: "'async with' blocks",
             ast.Global: "'global'", ast.Nonlocal: "'nonlocal'", ast.Delete: "'del'",
             ast.Assert: "'assert'", ast.Yield: "'yield'", ast.YieldFrom: "'yield from'",
             ast.Await: "'await'", ast.AsyncFunctionDef: "async functions",
             ast.Match: "'match' statements"}
    return names.get(type(node), f"the construct {type(node).__name__}")


def _is_database_error(exc: Exception) -> bool:
    module = type(exc).__module__ or ""
    return module.startswith("psycopg")
