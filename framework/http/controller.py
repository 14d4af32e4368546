"""Controllers and ``@route``: declaring endpoints, and merging them along the controller MRO.

An addon declares ``class Main(http.Controller)`` with ``@http.route('/path', type='json',
auth='user')`` methods. Another addon extends it by subclassing and re-decorating with
``@http.route()`` (arguments it gives override the parent's), calling ``super()``.

``routing_rules(modules)`` yields what is live for a set of installed addons: for each
top-level controller (a direct subclass of ``Controller``) of those addons, the leaf
subclasses that belong to installed addons are combined into one class, and the routing of
every decorated method is merged from the most basic definition to the most derived one.
Controllers of addons that are not installed never take part.
"""
from __future__ import annotations

import functools
import inspect
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))

ROUTE_TYPES = {"http": "http", "json": "json", "jsonrpc": "json"}
AUTH_TYPES = ("user", "public", "none", "bearer")


class Controller:
    """Base class of HTTP controllers; subclasses are indexed by the addon that defines them."""

    #: addon name -> the direct subclasses of Controller it defines
    children_classes: dict[str, list[type]] = defaultdict(list)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if Controller in cls.__bases__:
            Controller.children_classes[addon_of(cls)].append(cls)


def addon_of(cls: type) -> str:
    """``odoo.addons.<addon>...`` -> ``<addon>``; '' for classes outside addons."""
    path = cls.__module__.split(".")
    return path[2] if path[:2] == ["odoo", "addons"] and len(path) > 2 else ""


def route(route: str | list[str] | None = None, **routing) -> Callable:
    """Declare (or, on an override, re-declare) an endpoint.

    :param route: a path or a list of paths (werkzeug rule syntax); omitted on overrides.
    :param type: ``'http'`` (default), ``'json'`` (JSON-RPC 2.0; ``'jsonrpc'`` is an alias).
    :param auth: ``'user'`` (default), ``'public'`` or ``'none'``.
    :param methods: allowed HTTP methods (default: any).
    :param csrf: check the CSRF token on unsafe ``http`` requests (default True).
    :param cors: value of ``Access-Control-Allow-Origin`` to send.
    :param save_session: store the session after the request (default True).
    Other keys (``website``, ``sitemap``, ``multilang``...) are accepted and kept.
    """
    if "method" in routing:
        _logger.warning("route %s: 'method' is not a routing parameter; assuming 'methods'", route)
        routing["methods"] = routing.pop("method")
    if "type" in routing:
        if routing["type"] not in ROUTE_TYPES:
            raise ValueError(f"route {route!r}: type must be one of {sorted(ROUTE_TYPES)}, "
                             f"got {routing['type']!r}")
        routing["type"] = ROUTE_TYPES[routing["type"]]
    if "auth" in routing and routing["auth"] not in AUTH_TYPES:
        raise ValueError(f"route {route!r}: auth must be one of {AUTH_TYPES}, got {routing['auth']!r}")
    if route:
        routing["routes"] = list(route) if isinstance(route, (list, tuple)) else [route]

    def decorator(endpoint: Callable) -> Callable:
        accepts = _accepted_params(endpoint)

        @functools.wraps(endpoint)
        def route_wrapper(self, *args, **params):
            if accepts is not None:
                ignored = set(params) - accepts
                if ignored:
                    _logger.debug("%s.%s called ignoring args %s", endpoint.__module__,
                                  endpoint.__qualname__, sorted(ignored))
                    params = {key: value for key, value in params.items() if key in accepts}
            return endpoint(self, *args, **params)

        route_wrapper.original_routing = routing
        route_wrapper.original_endpoint = endpoint
        return route_wrapper

    return decorator


def missing_params(endpoint: Callable, params: dict) -> list[str]:
    """The parameters ``endpoint`` requires (no default) that ``params`` lacks."""
    function = getattr(endpoint, "original_endpoint", None)
    if function is None:
        return []
    parameters = list(inspect.signature(function).parameters.values())[1:]       # after self
    return [param.name for param in parameters
            if param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)
            and param.default is param.empty and param.name not in params]


def _accepted_params(function: Callable) -> set[str] | None:
    """Keyword names ``function`` takes; None when it takes ``**kwargs`` (anything goes)."""
    names = set()
    for param in inspect.signature(function).parameters.values():
        if param.kind is param.VAR_KEYWORD:
            return None
        if param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
            names.add(param.name)
    return names


DEFAULT_ROUTING = {"type": "http", "auth": "user", "methods": None, "routes": [],
                   "csrf": True, "cors": None, "save_session": True}


class Endpoint:
    """A live endpoint: the bound method of the merged controller and its merged routing."""

    __slots__ = ("func", "routing", "name")

    def __init__(self, func: Callable, routing: dict, name: str) -> None:
        self.func, self.routing, self.name = func, routing, name

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Endpoint {self.name} {self.routing['type']}/{self.routing['auth']}>"


def routing_rules(modules: Iterable[str], nodb_only: bool = False) -> Iterator[tuple[str, Endpoint]]:
    """(url, endpoint) pairs live for the installed ``modules``, in module order.

    With ``nodb_only``, only ``auth='none'`` endpoints (served without a database).
    """
    modules = list(modules)
    live = set(modules)

    def is_valid(cls: type) -> bool:
        return addon_of(cls) in live

    def leaves(cls: type) -> list[type]:
        found = [leaf for sub in cls.__subclasses__() if is_valid(sub) for leaf in leaves(sub)]
        if not found and is_valid(cls):
            found.append(cls)
        return found

    for module in modules:
        for top in Controller.children_classes.get(module, ()):
            leaf_classes = list(dict.fromkeys(leaves(top)))
            if not leaf_classes:
                continue
            merged_class = type(f"{top.__name__}Merged", tuple(reversed(leaf_classes)), {})
            controller = merged_class()
            yield from _controller_rules(controller, merged_class, nodb_only)


def _controller_rules(controller: Controller, merged_class: type,
                      nodb_only: bool) -> Iterator[tuple[str, Endpoint]]:
    mro = [cls for cls in merged_class.__mro__ if cls not in (merged_class, Controller, object)]
    for name, method in inspect.getmembers(controller, inspect.ismethod):
        if not any(getattr(getattr(cls, name, None), "original_routing", None) is not None
                   for cls in mro):
            continue
        routing = dict(DEFAULT_ROUTING)
        for cls in reversed(mro):                       # most basic definition first
            if name not in cls.__dict__:
                continue
            submethod = cls.__dict__[name]
            original = getattr(submethod, "original_routing", None)
            if original is None:
                _logger.warning("%s.%s overrides a route without @http.route(); its routing is "
                                "inherited, but add @http.route() to be explicit",
                                cls.__module__, cls.__qualname__ + "." + name)
                continue
            routing.update(original)
        if routing["type"] == "json":
            routing["csrf"] = False
        if not routing["routes"]:
            _logger.warning("%s.%s: @route() without a path; not served", merged_class.__name__, name)
            continue
        if nodb_only and routing["auth"] != "none":
            continue
        endpoint = Endpoint(method, routing, f"{type(controller).__mro__[1].__module__}.{name}")
        for url in routing["routes"]:
            yield url, endpoint
