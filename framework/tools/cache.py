"""``odoo.tools.ormcache``: a model method's results kept for every cursor of the process.

    @api.model
    @tools.ormcache("self.env.uid", "code")
    def _rate_for(self, code): ...

The strings are Python expressions over the method's parameters; their values key the
cache, with the model and the method. ``ormcache_context(..., keys=("lang",))`` adds those
context keys. The values live in the registry's shared cache (``orm/shared_cache.py``):
``self.env.registry.clear_cache()`` (Odoo 17; ``clear_caches()`` in 16, and the model's
``clear_caches()``) drops them here and, once the transaction commits, in the other
processes. A transaction that changed what the cache holds keeps its own values until it
commits, and while a clear is waiting for its commit nothing new is kept for the others.
A cached method must return plain values (ids, tuples, dicts), never records.
"""
from __future__ import annotations

import builtins
import functools
import inspect

_MISSING = object()


class ormcache:
    """Cache a model method's results; ``args`` are the key's expressions (none: one
    value per model)."""

    def __init__(self, *args: str, skiparg: int | None = None, cache: str = "default") -> None:
        self.args = args
        self.skiparg = skiparg
        self.cache_name = cache

    def __call__(self, method):
        key_of = self._key_function(method)
        name = method.__qualname__
        cache_name = self.cache_name

        @functools.wraps(method)
        def lookup(model, *args, **kwargs):
            env = getattr(model, "env", None)
            if env is None:
                raise TypeError(f"ormcache: {name} is not a method of a model (it needs self.env)")
            registry = env.registry
            key = ("ormcache", cache_name, model._name, name, key_of(model, *args, **kwargs))
            store = registry.shared_store(env.transaction)
            value = store.get(key, _MISSING)
            if value is _MISSING:
                value = method(model, *args, **kwargs)
                # the call may have flushed a change that makes the transaction keep its own
                store = registry.shared_store(env.transaction)
                if not (registry.cache_clear_pending and store is registry.shared_cache):
                    store[key] = value
            return value

        lookup.__cache__ = self
        return lookup

    def _key_function(self, method):
        if self.skiparg is not None:
            skip = self.skiparg
            return lambda *args, **kwargs: args[skip:]
        if not self.args:
            return lambda *args, **kwargs: ()
        parameters = ", ".join(str(parameter.replace(annotation=inspect.Parameter.empty,
                                                     default=inspect.Parameter.empty))
                               for parameter in inspect.signature(method).parameters.values())
        code = f"lambda {parameters}: ({', '.join(self.args)},)"
        try:
            return eval(code, {"__builtins__": builtins})
        except SyntaxError as error:
            raise SyntaxError(f"ormcache on {method.__qualname__}: a key expression of {self.args!r} "
                              f"is not valid Python: {error}") from None


class ormcache_context(ormcache):
    """``ormcache`` whose key also holds the values of the context's ``keys``."""

    def __init__(self, *args: str, keys=(), skiparg: int | None = None, cache: str = "default") -> None:
        super().__init__(*args, skiparg=skiparg, cache=cache)
        self.keys = tuple(keys)

    def _key_function(self, method):
        base = super()._key_function(method)
        keys = self.keys
        has_context = "context" in inspect.signature(method).parameters
        signature = inspect.signature(method)

        def key_of(model, *args, **kwargs):
            context = None
            if has_context:
                context = signature.bind(model, *args, **kwargs).arguments.get("context")
            context = context if context is not None else model.env.context
            return (*base(model, *args, **kwargs), tuple(context.get(key) for key in keys))

        return key_of


__all__ = ["ormcache", "ormcache_context"]
