"""Errors raised while finding, reading and ordering addons.

Each message is one line a person can act on: it names the addon, the file or the
addons path involved, and says what to change. Callers (the CLI, the loader) print
``str(error)`` as is; the attributes carry the same facts for code.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


class ModuleError(Exception):
    """Base class: an addon cannot be found, read or loaded."""


class ManifestError(ModuleError):
    """An addon's manifest cannot be read or has a wrong value."""

    def __init__(self, addon: str, path: str, problem: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line else path
        super().__init__(f"addon {addon!r}: {problem} in {where}; fix the manifest")
        self.addon = addon
        self.path = path
        self.line = line


class DependencyError(ModuleError):
    """An addon cannot be loaded because of its ``depends``.

    Build it with one of the class methods; each fills the attributes it knows.
    """

    def __init__(self, message: str, *, addon: str | None = None,
                 dependency: str | None = None, cycle: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.addon = addon
        self.dependency = dependency
        self.cycle = tuple(cycle)

    @classmethod
    def missing(cls, addon: str, dependency: str, paths: Iterable[str]) -> DependencyError:
        return cls(f"addon {addon!r} depends on {dependency!r}, which is not found on the "
                   f"addons path ({_join(paths)}); add the folder holding {dependency!r} to "
                   f"--addons-path or remove it from the depends of {addon!r}",
                   addon=addon, dependency=dependency)

    @classmethod
    def circular(cls, cycle: Sequence[str]) -> DependencyError:
        """``cycle`` starts and ends with the same addon: ``('a', 'b', 'a')``."""
        return cls(f"circular dependency between addons: {' -> '.join(cycle)}; "
                   f"remove one of these depends", addon=cycle[0], cycle=cycle)

    @classmethod
    def not_installable(cls, addon: str, manifest_file: str,
                        required_by: str | None = None) -> DependencyError:
        if required_by is None:
            return cls(f"addon {addon!r} is not installable (installable=False in "
                       f"{manifest_file}); do not ask for it, or make it installable",
                       addon=addon)
        return cls(f"addon {required_by!r} depends on {addon!r}, which is not installable "
                   f"(installable=False in {manifest_file}); make {addon!r} installable "
                   f"or remove it from the depends of {required_by!r}",
                   addon=required_by, dependency=addon)


class AddonNotFound(ModuleError):
    """An addon asked for by name (``-i``/``-u``) is on no addons path."""

    def __init__(self, name: str, known: Iterable[str], paths: Iterable[str]) -> None:
        self.name = name
        self.suggestions = tuple(difflib.get_close_matches(name, sorted(known), n=3))
        hint = ""
        if self.suggestions:
            hint = f"did you mean {' or '.join(map(repr, self.suggestions))}? If not, "
        super().__init__(f"addon {name!r} is not on the addons path ({_join(paths)}); {hint}"
                         f"check the name, or add the folder that holds it to --addons-path")


def _join(paths: Iterable[str]) -> str:
    return ", ".join(paths) or "empty"
