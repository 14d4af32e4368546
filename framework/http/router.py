"""Werkzeug URL maps built from the live controllers, one per set of installed addons."""
from __future__ import annotations

import logging
import threading

from werkzeug.routing import Map, Rule

from ..logging_setup import odoo_logger_name
from .controller import routing_rules

_logger = logging.getLogger(odoo_logger_name(__name__))

_maps: dict[tuple, Map] = {}
_maps_lock = threading.Lock()


def routing_map(modules: tuple[str, ...], nodb_only: bool = False) -> Map:
    """The (cached) map for addons ``modules`` in load order."""
    key = (modules, nodb_only)
    found = _maps.get(key)
    if found is not None:
        return found
    with _maps_lock:
        found = _maps.get(key)
        if found is None:
            found = _maps[key] = build_map(modules, nodb_only)
    return found


def build_map(modules, nodb_only: bool = False) -> Map:
    url_map = Map(strict_slashes=False, merge_slashes=False)
    seen: set[tuple] = set()
    for url, endpoint in routing_rules(modules, nodb_only):
        methods = endpoint.routing.get("methods")
        key = (url, tuple(methods or ()))
        if key in seen:
            _logger.debug("route %s defined twice; the first definition wins", url)
            continue
        seen.add(key)
        url_map.add(Rule(url, endpoint=endpoint, methods=methods, merge_slashes=False))
    return url_map


def clear_cache() -> None:
    """Forget every map (after addons were installed or removed)."""
    with _maps_lock:
        _maps.clear()
