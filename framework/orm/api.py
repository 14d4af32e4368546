"""Method decorators addons use (``odoo.api``); each only tags the function for the registry."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

SUPERUSER_ID = 1


def _tag(name: str, value) -> Callable:
    def decorate(method):
        setattr(method, name, value)
        return method
    return decorate


def model(method: Callable) -> Callable:
    """The method works on the model, not on records: RPC passes it no ids.

    A ``create`` so decorated is the old one-dict form, as in Odoo: ``model_create_single``.
    """
    if method.__name__ == "create":
        return model_create_single(method)
    method._api = "model"
    return method


def model_create_multi(method: Callable) -> Callable:
    """``create`` taking a list of dicts; a single dict given by a caller is wrapped."""
    @functools.wraps(method)
    def create(self, vals_list, *args, **kwargs):
        if isinstance(vals_list, Mapping):
            vals_list = [vals_list]
        return method(self, vals_list, *args, **kwargs)

    create._api = "model_create"
    return create


def model_create_single(method: Callable) -> Callable:
    """Deprecated in Odoo: ``create`` written for one dict; called once per dict of a list."""
    @functools.wraps(method)
    def create(self, vals_list, *args, **kwargs):
        if isinstance(vals_list, Mapping):
            return method(self, vals_list, *args, **kwargs)
        records = self.browse()
        for vals in vals_list:
            records |= method(self, vals, *args, **kwargs)
        return records

    create._api = "model_create"
    return create


def propagate(overridden: Callable, method: Callable) -> Callable:
    """Give an undecorated override the API kind and return spec of the method it overrides."""
    for attr in ("_api", "_returns"):
        if hasattr(overridden, attr) and not hasattr(method, attr):
            setattr(method, attr, getattr(overridden, attr))
    return method


def depends(*paths) -> Callable:
    """Field paths a compute method reads; a callable returning them is accepted too."""
    if len(paths) == 1 and callable(paths[0]):
        return _tag("_depends", paths[0])
    return _tag("_depends", tuple(paths))


def depends_context(*keys: str) -> Callable:
    """Context keys a non-stored compute depends on."""
    return _tag("_depends_context", tuple(keys))


def constrains(*fields) -> Callable:
    """Check method run after create/write when one of ``fields`` was set."""
    if len(fields) == 1 and callable(fields[0]):
        return _tag("_constrains", fields[0])
    return _tag("_constrains", tuple(fields))


def onchange(*fields: str) -> Callable:
    """Form helper run by ``onchange()`` when one of ``fields`` changes in the client."""
    return _tag("_onchange", tuple(fields))


def ondelete(*, at_uninstall: bool) -> Callable:
    """Guard run by ``unlink()``; ``at_uninstall=False`` skips it while an addon uninstalls."""
    return _tag("_ondelete", at_uninstall)


def returns(model_name: str | None, downgrade: Callable | None = None, upgrade: Callable | None = None) -> Callable:
    """Declare that the method returns records of ``model_name`` ('self' for the same model).

    Over RPC such a result is sent as ids (or one id), as Odoo does.
    """
    return _tag("_returns", (model_name, downgrade, upgrade))


def autovacuum(method: Callable) -> Callable:
    """Mark a method for the daily vacuum job; its name must start with an underscore."""
    if not method.__name__.startswith("_"):
        raise TypeError(f"{method.__name__}: autovacuum methods must be private (start with '_')")
    method._autovacuum = True
    return method


def private(method: Callable) -> Callable:
    """Refuse calls of this method over RPC even though its name is public."""
    method._api_private = True
    return method


def readonly(method: Callable) -> Callable:
    """The method does not write (Odoo 18 uses it to route to a read replica); a tag only."""
    method._readonly = True
    return method


def __getattr__(name: str):
    # `api.Environment` is part of Odoo's public surface; imported lazily to keep layers apart.
    if name == "Environment":
        from .environment import Environment
        return Environment
    if name == "NewId":                 # `isinstance(record.id, api.NewId)`, Odoo 17's home of it
        from .new_records import NewId
        return NewId
    raise AttributeError(f"module 'odoo.api' has no attribute {name!r}")
