"""Translations of code strings: ``_()`` and ``_lt()`` backed by each addon's ``i18n/<lang>.po``.

``_("Order %s is paid", name)`` finds the addon from the caller's module name
(``odoo.addons.<addon>...``) and the language from the caller's ``self.env`` (or ``env``,
``context``), as Odoo does, then formats with ``%``. Catalogues are read once with babel.
"""
from __future__ import annotations

import logging
import os
import sys
import threading

from babel.messages.pofile import read_po

_logger = logging.getLogger(__name__)
_catalogs: dict[tuple[str, str], dict[str, str]] = {}
_lock = threading.Lock()


def _addon_dir(addon: str) -> str | None:
    module = sys.modules.get(f"odoo.addons.{addon}")
    path = getattr(module, "__file__", None)
    return os.path.dirname(path) if path else None


def catalog(addon: str, lang: str) -> dict[str, str]:
    """``{source: translation}`` of ``addon`` for ``lang`` (``fr_BE`` falls back to ``fr``)."""
    key = (addon, lang)
    if key in _catalogs:
        return _catalogs[key]
    with _lock:
        if key in _catalogs:
            return _catalogs[key]
        messages: dict[str, str] = {}
        folder = _addon_dir(addon)
        if folder:
            for name in (lang.split("_")[0], lang):          # the specific file wins
                messages.update(read_po_file(os.path.join(folder, "i18n", f"{name}.po")))
        _catalogs[key] = messages
        return messages


def read_po_file(path: str) -> dict[str, str]:
    """The non-empty translations of a ``.po`` file (nothing when it does not exist)."""
    if not os.path.isfile(path):
        return {}
    try:
        with open(path, "rb") as handle:
            po = read_po(handle)
    except Exception as exc:  # noqa: BLE001 - babel raises various errors on a broken file
        _logger.warning("cannot read translation file %s: %s", path, exc)
        return {}
    return {message.id: message.string for message in po
            if message.id and isinstance(message.id, str) and message.string}


def clear_cache() -> None:
    with _lock:
        _catalogs.clear()


def translate(source: str, addon: str | None, lang: str | None) -> str:
    if not lang or lang == "en_US" or not addon:
        return source
    return catalog(addon, lang).get(source) or source


def _caller_context(depth: int = 2) -> tuple[str | None, str | None]:
    """(addon, lang) of the code that called ``_``."""
    frame = sys._getframe(depth)
    module = frame.f_globals.get("__name__", "")
    addon = module.split(".")[2] if module.startswith("odoo.addons.") and module.count(".") >= 2 else None
    lang = None
    local = frame.f_locals
    candidate = local.get("self")
    env = getattr(candidate, "env", None) or local.get("env")
    if env is not None and hasattr(env, "context"):
        lang = env.context.get("lang")
    elif isinstance(local.get("context"), dict):
        lang = local["context"].get("lang")
    return addon, lang


def _(source: str, *args, **kwargs) -> str:
    """The translation of ``source`` in the caller's language, formatted with ``args``/``kwargs``."""
    addon, lang = _caller_context()
    text = translate(source, addon, lang)
    if args or kwargs:
        try:
            return text % (args[0] if len(args) == 1 and isinstance(args[0], dict) else args or kwargs)
        except (TypeError, ValueError, KeyError):
            return source % (args or kwargs)
    return text


class LazyTranslate:
    """``_lt("...")``: translated when turned into text, in the language in force then."""

    __slots__ = ("source", "args", "addon")

    def __init__(self, source: str, *args, addon: str | None = None) -> None:
        self.source, self.args, self.addon = source, args, addon

    def translated(self, lang: str | None) -> str:
        text = translate(self.source, self.addon, lang)
        return text % self.args if self.args else text

    def __str__(self) -> str:
        return self.translated(None)

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.source)

    def __add__(self, other) -> str:
        return str(self) + str(other)

    def __radd__(self, other) -> str:
        return str(other) + str(self)

    def __repr__(self) -> str:
        return f"LazyTranslate({self.source!r})"


def _lt(source: str, *args) -> LazyTranslate:
    frame = sys._getframe(1)
    module = frame.f_globals.get("__name__", "")
    addon = module.split(".")[2] if module.startswith("odoo.addons.") and module.count(".") >= 2 else None
    return LazyTranslate(source, *args, addon=addon)
