"""``--test-tags``: which tests run, in Odoo's ``[-][tag][/module][:class][.method]`` syntax.

A spec is a comma-separated list of filters. A filter without ``-`` includes the tests it
matches, one with ``-`` excludes them (exclusion wins). An include filter that names no tag
means ``standard``; ``*`` (or no tag on an exclude filter) means any tag. When only
exclusions are given, ``standard`` tests are included. A test's tags are its ``test_tags``
plus its addon's name, so ``--test-tags my_addon`` selects every standard test of
``my_addon``.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_FILTER = re.compile(r"^([+-]?)(\*|\w*)(?:/([\w/]*(?:\.py)?))?(?::(\w*))?(?:\.(\w*))?$")


class TestFilter(NamedTuple):
    """One parsed filter; ``None`` parts match anything."""

    tag: str | None
    module: str | None
    test_class: str | None
    method: str | None
    module_path: str | None      # "/addon/tests/test_x.py": the test file, Odoo 17's form


class TagsSelector:
    """Decides whether a test case is selected by a ``--test-tags`` spec."""

    def __init__(self, spec: str | None) -> None:
        self.include: set[TestFilter] = set()
        self.exclude: set[TestFilter] = set()
        for text in (spec or "").split(","):
            text = "".join(text.split())
            if text:
                self._add(text)
        if self.exclude and not self.include:
            self.include.add(TestFilter("standard", None, None, None, None))

    def _add(self, text: str) -> None:
        match = _FILTER.match(text)
        if match is None:
            raise ValueError(f"invalid test tags filter {text!r}; expected "
                             "[-][tag][/module][:class][.method], e.g. -standard,/sale:TestSale.test_x")
        sign, tag, module, test_class, method = match.groups()
        include = sign != "-"
        if not tag and include:
            tag = "standard"                     # /module:class.method means standard tests
        elif not tag or tag == "*":
            tag = None
        module_path = None
        if module and (module.endswith(".py") or "/" in module):
            module_path, module = module, None
        selected = TestFilter(tag, module or None, test_class or None, method or None, module_path)
        (self.include if include else self.exclude).add(selected)

    def check(self, test) -> bool:
        """True when ``test`` (a ``unittest.TestCase`` instance or class) is selected."""
        if not self.include:
            return False
        if any(self._matches(test, selected) for selected in self.exclude):
            return False
        return any(self._matches(test, selected) for selected in self.include)

    @staticmethod
    def _matches(test, selected: TestFilter) -> bool:
        module = getattr(test, "test_module", None)
        tags = set(getattr(test, "test_tags", ())) | ({module} if module else set())
        if selected.tag and selected.tag not in tags:
            return False
        if selected.module_path:
            path = selected.module_path.removesuffix(".py").strip("/").replace("/", ".")
            if not test.__module__.endswith(path):
                return False
        elif selected.module and selected.module != module:
            return False
        if selected.test_class and selected.test_class != getattr(test, "test_class", None):
            return False
        method = getattr(test, "_testMethodName", None)
        return not (selected.method and method and selected.method != method)
