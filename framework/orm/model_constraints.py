"""Constraints of the recordset API: ``@api.constrains`` methods and hierarchy recursion checks.

``Registry._setup_methods`` lists each model's constraint methods; a create or write calls
``_validate_fields`` with the fields it changed, which runs the methods watching any of them.
"""
from __future__ import annotations


class ConstraintMixin:
    __slots__ = ()

    def _validate_fields(self, field_names) -> None:
        """Run the constraint methods that watch any of ``field_names`` (pending writes first)."""
        field_names = set(field_names)
        methods = [m for m in type(self)._constraint_methods
                   if field_names.intersection(_constraint_names(m, self))]
        if not methods:
            return
        self.env.flush_all()
        for method in methods:
            method(self)

    def _check_recursion(self, parent: str | None = None) -> bool:
        """False when following ``parent`` (default ``_parent_name``) from a record loops."""
        parent = parent or self._parent_name
        for record in self:
            seen, current = set(), record
            while current:
                if current.id in seen:
                    return False
                seen.add(current.id)
                current = current[parent]
        return True

    _has_cycle = lambda self, field_name=None: not self._check_recursion(field_name)  # noqa: E731


def _constraint_names(method, model) -> tuple:
    names = method._constrains
    return names(model) if callable(names) else names
