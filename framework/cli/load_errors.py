"""Turn a failure while loading addons into one line that names the addon and the file.

The loader raises what it raises (``ModuleError`` for manifests and dependencies,
``RegistryError`` for model definitions, ``SyntaxError`` from importing an addon's code);
``describe`` adds what the message lacks for the person at the terminal to act: the addon
and its file (the manifests of a dependency problem, the file of a syntax error).
Errors it does not recognise get ``None``: they are bugs, and keep their traceback.
"""
from __future__ import annotations

import os
from collections.abc import Sequence

from framework.modules.errors import DependencyError, ModuleError
from framework.modules.manifest import manifest_file
from framework.orm.registry import RegistryError


def describe(error: BaseException, addons_paths: Sequence[str]) -> str | None:
    """One line for a known kind of loading failure, or None to let it propagate."""
    if isinstance(error, DependencyError):
        return _dependency(error, addons_paths)
    if isinstance(error, (ModuleError, RegistryError)):     # these name addon and file
        return str(error)
    if isinstance(error, SyntaxError) and error.filename:
        addon = _addon_of_file(error.filename, addons_paths)
        if addon is not None:
            return (f"addon {addon!r}: syntax error ({error.msg}) in {error.filename}, "
                    f"line {error.lineno}; fix the file")
    return None


def _dependency(error: DependencyError, addons_paths: Sequence[str]) -> str:
    addons = list(dict.fromkeys(error.cycle)) or ([error.addon] if error.addon else [])
    files = [path for path in (_manifest_of(addon, addons_paths) for addon in addons) if path]
    message = str(error)
    if files and not any(path in message for path in files):
        message += f" (see {', '.join(files)})"
    return message


def _manifest_of(addon: str, addons_paths: Sequence[str]) -> str | None:
    for path in addons_paths:
        found = manifest_file(os.path.join(path, addon))
        if found:
            return found
    return None


def _addon_of_file(filename: str, addons_paths: Sequence[str]) -> str | None:
    filename = os.path.abspath(filename)
    for path in map(os.path.abspath, addons_paths):
        if filename.startswith(path + os.sep):
            return filename[len(path) + 1:].split(os.sep, 1)[0]
    return None
