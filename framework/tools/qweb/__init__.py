"""``odoo.tools.qweb``-style engine: render QWeb templates (lxml elements) with values.

The engine knows nothing of the database: the ``ir.qweb`` model plugs in how templates
are loaded (``t-call``), how record fields and widgets are rendered (``t-field``,
``t-options-widget``) and how groups are checked, by subclassing :class:`QWeb`.
"""
from __future__ import annotations

from .engine import QWeb as QWeb
from .engine import VOID_ELEMENTS as VOID_ELEMENTS
from .errors import QWebException as QWebException
from .expressions import Scope as Scope

__all__ = ["QWeb", "QWebException", "Scope", "VOID_ELEMENTS"]
