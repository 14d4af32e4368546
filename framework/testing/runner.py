"""Run addon tests the way ``odoo-bin --test-enable`` does, logging Odoo-style results.

The loader calls :class:`TestRunner` at the two points Odoo runs tests: ``at_install``
after each addon is installed or updated (its ``at_install`` tests), and ``post_install``
once every addon is loaded (the ``post_install`` tests of the addons installed or updated).
An addon's tests are the ``test_*`` submodules its ``tests`` package imports; the
``--test-tags`` spec (default ``+standard``) and the phase tag choose among them.
"""
from __future__ import annotations

import importlib
import inspect
import logging
import os
import sys
import time
import traceback
import unittest
from collections.abc import Iterable

from ..logging_setup import odoo_logger_name
from .case import use_database
from .tag_selector import TagsSelector

_logger = logging.getLogger(odoo_logger_name(__name__))


def test_modules(addon: str) -> list:
    """The ``test_*`` modules of ``odoo.addons.<addon>.tests``, by name (none without tests)."""
    name = f"odoo.addons.{addon}.tests"
    try:
        package = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return []
        raise
    return [module for member, module in inspect.getmembers(package, inspect.ismodule)
            if member.startswith("test_")]


def make_suite(addons: Iterable[str], position: str, tags: str | None = None) -> unittest.TestSuite:
    """The selected tests of ``addons`` for ``position`` (``at_install``/``post_install``)."""
    config_selector, position_selector = TagsSelector(tags or "+standard"), TagsSelector(position)
    loader = unittest.TestLoader()
    tests = [test for addon in addons for module in test_modules(addon)
             for test in _flatten(loader.loadTestsFromModule(module))
             if config_selector.check(test) and position_selector.check(test)]
    return unittest.TestSuite(sorted(tests, key=lambda test: getattr(test, "test_sequence", 0)))


def _flatten(suite) -> Iterable[unittest.TestCase]:
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _flatten(test)
        else:
            yield test


class OdooTestResult(unittest.TestResult):
    """Logs each test as Odoo does: ``Starting ...``, then ``FAIL:``/``ERROR:`` with the traceback."""

    def __init__(self) -> None:
        super().__init__()
        self.time_taken = 0.0

    def __str__(self) -> str:
        return f"{len(self.failures)} failed, {len(self.errors)} error(s) of {self.testsRun} tests"

    def update(self, other: OdooTestResult) -> None:
        self.failures.extend(other.failures)
        self.errors.extend(other.errors)
        self.skipped.extend(other.skipped)
        self.expectedFailures.extend(other.expectedFailures)
        self.unexpectedSuccesses.extend(other.unexpectedSuccesses)
        self.testsRun += other.testsRun
        self.time_taken += other.time_taken

    @staticmethod
    def description(test) -> str:
        method = getattr(test, "_testMethodName", None)
        if method is None:                       # a class or module fixture that failed
            return str(test)
        return f"{type(test).__qualname__}.{method}"

    @staticmethod
    def _logger_of(test) -> logging.Logger:
        return logging.getLogger(getattr(test, "__module__", None) or __name__)

    def startTest(self, test) -> None:
        super().startTest(test)
        self._logger_of(test).info("Starting %s ...", self.description(test))

    def addFailure(self, test, err) -> None:
        super().addFailure(test, err)
        self._log_error("FAIL", test, err)

    def addError(self, test, err) -> None:
        super().addError(test, err)
        self._log_error("ERROR", test, err)

    def addSubTest(self, test, subtest, err) -> None:
        super().addSubTest(test, subtest, err)
        if err is not None:
            flavour = "FAIL" if issubclass(err[0], test.failureException) else "ERROR"
            self._log_error(flavour, subtest, err)

    def addSkip(self, test, reason) -> None:
        super().addSkip(test, reason)
        self._logger_of(test).info("skipped %s: %s", self.description(test), reason)

    def addUnexpectedSuccess(self, test) -> None:
        super().addUnexpectedSuccess(test)
        self._logger_of(test).error("unexpected success for %s", self.description(test))

    def _log_error(self, flavour: str, test, err) -> None:
        logger = self._logger_of(test)
        description = self.description(test) if hasattr(test, "_testMethodName") else str(test)
        logger.info("=" * 70)
        logger.error("%s: %s\n%s", flavour, description, self._exc_info_to_string(err, test))

    def add_import_error(self, addon: str, exc_info) -> None:
        """An addon's ``tests`` package that cannot be imported counts as one error."""
        holder = unittest.FunctionTestCase(lambda: None, description=f"odoo.addons.{addon}.tests")
        self.errors.append((holder, "".join(traceback.format_exception(*exc_info))))
        _logger.error("cannot import the tests of %s:\n%s", addon, self.errors[-1][1])


class TestRunner:
    """Runs the tests at the loader's two hooks and keeps the overall result."""

    def __init__(self, tags: str | None = None) -> None:
        TagsSelector(tags)                       # a bad --test-tags fails before loading
        self.tags = tags
        self.result = OdooTestResult()

    # -- the loader's hooks -----------------------------------------------------------------

    def at_install(self, registry, addon: str) -> None:
        """Run ``addon``'s at_install tests (it was just installed or updated)."""
        self._run(registry, [addon], "at_install", label=addon)

    def post_install(self, registry, addons: Iterable[str]) -> None:
        """Run the post_install tests of ``addons`` once every addon is loaded."""
        self._run(registry, sorted(addons), "post_install", label="post-tests")

    def run_file(self, registry, path: str, addons_paths: Iterable[str]) -> None:
        """``--test-file PATH``: every test of one test file of an installed addon, on
        ``registry``'s database, whatever its tags (as Odoo's ``--test-file``)."""
        path = os.path.abspath(path)
        module_name = None
        for root in map(os.path.abspath, addons_paths):
            if path.startswith(root + os.sep) and path.endswith(".py"):
                parts = path[len(root) + 1:-3].split(os.sep)
                module_name = ".".join(["odoo.addons", *parts])
                break
        if module_name is None:
            raise ValueError(f"--test-file {path}: not a Python file of an addon on the addons "
                             "path")
        if parts[0] not in registry.loaded_modules:
            raise ValueError(f"--test-file {path}: addon {parts[0]} is not installed in "
                             f"{registry.db_name}; install it with -i {parts[0]}")
        result = OdooTestResult()
        try:
            module = importlib.import_module(module_name)
        except Exception:
            result.add_import_error(parts[0], sys.exc_info())
        else:
            suite = unittest.TestLoader().loadTestsFromModule(module)
            _logger.info("running tests %s", module_name)
            use_database(registry.db_name)
            started = time.monotonic()
            try:
                suite.run(result)
            finally:
                use_database(None)
            result.time_taken = time.monotonic() - started
        self.result.update(result)

    # -- reporting ----------------------------------------------------------------------------

    @property
    def failed(self) -> bool:
        return not self.result.wasSuccessful()

    def report(self, db_name: str) -> None:
        """The closing lines: ``Ran N tests`` and ``N failed, M error(s) of T tests ...``."""
        _logger.info("Ran %d tests in %.3fs", self.result.testsRun, self.result.time_taken)
        log = _logger.error if self.failed else _logger.info
        log("%s when loading database %r", self.result, db_name)

    def _run(self, registry, addons: list[str], position: str, label: str) -> None:
        result = OdooTestResult()
        suites = []
        for addon in addons:
            try:
                suites.append(make_suite([addon], position, self.tags))
            except Exception:
                result.add_import_error(addon, sys.exc_info())
        suite = unittest.TestSuite(suites)
        if suite.countTestCases():
            use_database(registry.db_name)
            started = time.monotonic()
            try:
                suite.run(result)
            finally:
                use_database(None)
            result.time_taken = time.monotonic() - started
            _logger.info("%s tested in %.2fs (%d tests)", label, result.time_taken, result.testsRun)
        self.result.update(result)
