"""How errors are named on the wire: by the class a client knows (Odoo's names), never by a
class internal to this server.

An error raised as, say, ``framework.orm.domains.DomainError`` is a ``ValueError`` to a
client: ``data.name`` of a JSON-RPC error and the last line of a traceback sent in an
XML-RPC fault say ``builtins.ValueError`` / ``ValueError``, as Odoo's would.
"""
from __future__ import annotations

import traceback

#: where this server's public classes live, and the module Odoo names them by
_PUBLIC_MODULES = {"framework.exceptions": "odoo.exceptions", "odoo.exceptions": "odoo.exceptions",
                   "framework.http": "odoo.http", "framework.http.request": "odoo.http",
                   "odoo.http": "odoo.http"}


def public_class(cls: type) -> tuple[type, str]:
    """``(class, module name)`` of the first class of ``cls``'s MRO a client may know."""
    for klass in cls.__mro__:
        module = klass.__module__
        if module in _PUBLIC_MODULES:
            return klass, _PUBLIC_MODULES[module]
        if module == "builtins" or not module.startswith("framework."):
            return klass, module           # builtins, werkzeug, psycopg, addons' own classes
    return BaseException, "builtins"


def public_name(cls: type) -> str:
    klass, module = public_class(cls)
    return f"{module}.{klass.__qualname__}"


def format_traceback(error: BaseException) -> str:
    """The traceback of ``error``, its last line naming the public class."""
    lines = list(traceback.TracebackException.from_exception(error).format())
    printed = _as_printed(type(error).__module__, type(error).__qualname__)
    klass, module = public_class(type(error))
    shown = _as_printed(module, klass.__qualname__)
    if lines and printed != shown and lines[-1].startswith(printed):
        lines[-1] = shown + lines[-1][len(printed):]
    return "".join(lines)


def _as_printed(module: str, qualname: str) -> str:
    # how a traceback's last line names a class (builtins go without their module)
    return qualname if module in ("builtins", "__main__") else f"{module}.{qualname}"
