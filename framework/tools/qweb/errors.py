"""The error a failed rendering raises: it names the template, the node and the directive."""
from __future__ import annotations


class QWebException(Exception):
    """Rendering or parsing a template failed; ``str()`` gives the cause, the template
    (``name``), the node's path in the template (``path``) and the node itself (``html``)."""

    __module__ = "odoo.addons.base.models.ir_qweb"

    def __init__(self, message: str, template=None, path: str | None = None,
                 html: str | None = None, directive: str | None = None) -> None:
        self.title = message
        self.name = template
        self.path = path
        self.html = html
        self.directive = directive
        super().__init__(message)

    def __str__(self) -> str:
        parts = [self.title]
        cause = self.__cause__ or self.__context__
        if cause is not None and str(cause):
            parts.append(f"{type(cause).__name__}: {cause}")
        if self.name is not None:
            parts.append(f"Template: {self.name}")
        if self.directive is not None:
            parts.append(f"Directive: {self.directive}")
        if self.path is not None:
            parts.append(f"Path: {self.path}")
        if self.html is not None:
            parts.append(f"Node: {self.html}")
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"QWebException({self.title!r})"
