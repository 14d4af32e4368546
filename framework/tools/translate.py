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

from ..logging_setup import odoo_logger_name

_logger = logging.getLogger(odoo_logger_name(__name__))
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
    except Exception as exc:
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


# -- terms of addons: .pot export and loading .po translations into records ---------------------

def code_terms(addon_dir: str) -> list[tuple[str, str]]:
    """``(source, "path:line")`` of the ``_("...")``/``_lt("...")`` calls in an addon's Python files."""
    import ast
    terms = []
    for root, _dirs, files in sorted(os.walk(addon_dir)):
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            try:
                tree = ast.parse(open(path, encoding="utf-8").read(), path)
            except (SyntaxError, UnicodeDecodeError) as exc:
                _logger.warning("terms of %s not exported: %s", path, exc)
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "_lt") \
                        and node.args and isinstance(node.args[0], ast.Constant) \
                        and isinstance(node.args[0].value, str):
                    relative = os.path.relpath(path, os.path.dirname(addon_dir))
                    terms.append((node.args[0].value, f"code:addons/{relative}:{node.lineno}"))
    return terms


def addon_terms(env, addon: str) -> list[tuple[str, str]]:
    """``(source, location)`` of an addon: code strings, model and field labels, translated values."""
    terms = list(code_terms(_addon_dir(addon) or ""))
    data = env["ir.model.data"].sudo().search([("module", "=", addon)])
    for entry in data:
        if entry.model not in env:
            continue
        record = env[entry.model].sudo().browse(entry.res_id).exists()
        if not record:
            continue
        for name, field in record._fields.items():
            if field.translate and field.store:
                value = record.with_context(lang="en_US")[name]
                if value:
                    terms.append((value, f"model:{entry.model},{name}:{addon}.{entry.name}"))
        if entry.model == "ir.model.fields":
            terms.append((record.field_description, f"model:ir.model.fields,field_description:"
                                                    f"{addon}.{entry.name}"))
        elif entry.model == "ir.model":
            terms.append((record.name, f"model:ir.model,name:{addon}.{entry.name}"))
    return [(source, location) for source, location in terms if source]


def export_terms(env, addons, lang: str | None = None) -> bytes:
    """The terms of ``addons`` as a ``.pot`` (``lang`` None) or a ``.po`` of ``lang``, Odoo's layout."""
    from babel.messages.pofile import normalize
    by_source: dict[tuple[str, str], list[str]] = {}
    for addon in addons:
        for source, location in addon_terms(env, addon):
            by_source.setdefault((source, addon), []).append(location)
    lines = ["# Translation of Odoo Server.",
             "# This file contains the translation of the following modules:",
             *[f"#\t* {addon}" for addon in addons], "#", 'msgid ""', 'msgstr ""',
             '"Project-Id-Version: Odoo Server 17.0\\n"', '"Report-Msgid-Bugs-To: \\n"',
             '"Last-Translator: \\n"', '"Language-Team: \\n"', '"MIME-Version: 1.0\\n"',
             '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Content-Transfer-Encoding: \\n"', '"Plural-Forms: \\n"', ""]
    for (source, addon), locations in sorted(by_source.items(), key=lambda item: item[0][0]):
        lines.append(f"#. module: {addon}")
        lines += [f"#: {location.rsplit(':', 1)[0] + ':0' if location.startswith('code:') else location}"
                  for location in sorted(set(locations))]
        if any(location.startswith("code:") for location in locations) and "%" in source:
            lines.append("#, python-format")
        translated = translate(source, addon, lang) if lang else ""
        lines.append("msgid " + normalize(source, width=76))
        lines.append("msgstr " + normalize(translated if translated != source else "", width=76))
        lines.append("")
    return "\n".join(lines).encode()


def import_po_file(env, path: str, lang: str, overwrite: bool = False) -> int:
    """Write the translations of ``path`` for ``model:`` locations into the records; the count."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"translation file {path} does not exist")
    count = 0
    for locations, _source, value in po_entries(path):
        for location in locations:
            if value and location.startswith("model:") \
                    and _write_term(env, location, value, lang, overwrite):
                count += 1
    return count


def po_entries(path: str) -> list[tuple[list[str], str, str]]:
    """``(locations, msgid, msgstr)`` of a ``.po`` file, Odoo's ``model:a,b:c`` locations kept
    (babel's reader drops locations without a line number)."""
    from babel.messages.pofile import denormalize
    entries, locations, parts, key = [], [], {"msgid": [], "msgstr": []}, None

    def close() -> None:
        if parts["msgid"]:
            entries.append((list(locations), denormalize("\n".join(parts["msgid"])),
                            denormalize("\n".join(parts["msgstr"]))))
        locations.clear()
        parts["msgid"], parts["msgstr"] = [], []

    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("#:"):
                if parts["msgstr"]:
                    close()
                locations.extend(line[2:].split())
            elif line.startswith("msgid "):
                if parts["msgstr"]:
                    close()
                key = "msgid"
                parts[key] = [line[6:]]
            elif line.startswith("msgstr "):
                key = "msgstr"
                parts[key] = [line[7:]]
            elif line.startswith('"') and key:
                parts[key].append(line)
            elif not line and parts["msgstr"]:
                close()
                key = None
    close()
    return entries


def load_addon_translations(env, addons, lang: str, overwrite: bool = False) -> int:
    """``--load-language``: each addon's ``i18n/<lang>.po`` (base language first) into records."""
    count = 0
    for addon in addons:
        folder = _addon_dir(addon)
        for name in dict.fromkeys((lang.split("_")[0], lang)):
            path = os.path.join(folder or "", "i18n", f"{name}.po")
            if folder and os.path.isfile(path):
                count += import_po_file(env, path, lang, overwrite=overwrite or name == lang)
    return count


def _write_term(env, location: str, value: str, lang: str, overwrite: bool) -> bool:
    """Set one ``model:<model>,<field>:<xmlid>`` translation; False when it does not apply."""
    try:
        model_field, xml_id = location[len("model:"):].split(":", 1)
        model_name, field_name = model_field.split(",", 1)
    except ValueError:
        return False
    record = env.ref(xml_id, raise_if_not_found=False)
    if record is None or record._name != model_name or field_name not in record._fields:
        return False
    field = record._fields[field_name]
    if not (field.translate and field.store):
        return False
    from .sql import SQL
    env.cr.execute(SQL("SELECT %s ->> %s FROM %s WHERE id = %s", SQL.identifier(field_name), lang,
                       SQL.identifier(record._table), record.id))
    row = env.cr.fetchone()
    if row and row[0] and not overwrite:
        return False
    record.sudo().with_context(lang=lang).write({field_name: value})
    return True
