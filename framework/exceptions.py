"""Odoo's public exception classes, under Odoo's names.

Each class states ``__module__ = "odoo.exceptions"`` so that RPC error payloads and
tracebacks name them as Odoo does (``odoo.exceptions.UserError``).
"""
from __future__ import annotations


class UserError(Exception):
    """A business rule refused the operation; the message is meant for the user."""

    __module__ = "odoo.exceptions"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)

    @property
    def name(self) -> str:
        return self.args[0] if self.args else ""


class RedirectWarning(Exception):
    """A warning that offers the user an action to fix the problem."""

    __module__ = "odoo.exceptions"

    def __init__(self, message: str, action, button_text: str, additional_context=None) -> None:
        super().__init__(message, action, button_text, additional_context)

    @property
    def name(self) -> str:
        return self.args[0]


class AccessDenied(UserError):
    """Login or password incorrect (or a master password check failed)."""

    __module__ = "odoo.exceptions"

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)
        self.with_traceback(None)
        self.__cause__ = None
        self.traceback = ("", "", "")


class AccessError(UserError):
    """The user may not do this operation on these records."""

    __module__ = "odoo.exceptions"


class CacheMiss(KeyError):
    """A value is missing from the record cache (internal)."""

    __module__ = "odoo.exceptions"

    def __init__(self, record, field) -> None:
        super().__init__(f"{record}.{field.name}")


class MissingError(UserError):
    """The records were deleted (or never existed)."""

    __module__ = "odoo.exceptions"


class ValidationError(UserError):
    """A constraint on the data was violated."""

    __module__ = "odoo.exceptions"


class LockError(UserError):
    """A record is locked by another transaction."""

    __module__ = "odoo.exceptions"
