"""Test case classes for addon tests: ``TransactionCase``, ``SingleTransactionCase``, helpers.

An addon's tests subclass these in ``<addon>/tests/test_*.py``. The class takes its addon
(``test_module``), name (``test_class``) and default tags (``standard``, ``at_install``)
from where it is defined; ``@tagged`` changes the tags. Every class opens one cursor on the
registry of the database under test (:func:`get_db_name`) and builds ``cls.env`` (superuser)
on it in ``setUpClass``. ``TransactionCase`` runs each test in a savepoint rolled back after
it; ``SingleTransactionCase`` lets the tests of a class see each other's changes. Either way
the class's cursor is rolled back at the end: tests never commit.
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import re
import threading
import unittest
import unittest.mock
from collections.abc import Iterator

from ..logging_setup import odoo_logger_name
from ..orm.commands import Command
from ..orm.environment import SUPERUSER_ID, Environment
from ..orm.registry import Registry
from ..tools.float_utils import float_compare

_logger = logging.getLogger(odoo_logger_name(__name__))

DEFAULT_TAGS = frozenset({"standard", "at_install"})
_savepoint_ids = itertools.count(1)
_database: dict[str, str | None] = {"name": None}


def use_database(name: str | None) -> None:
    """Make ``name`` the database the test classes open their cursor on (the runner calls it)."""
    _database["name"] = name


def get_db_name() -> str:
    """The database under test: set by the runner or the pytest plugin, else ``-d``."""
    name = _database["name"]
    if not name:
        from ..config import config
        name = config.get("db_name") or None
    if not name:
        raise RuntimeError("no database to run the tests on; run them with "
                           "odoo-bin -d DB -i ADDON --test-enable, or with pytest (the plugin "
                           "creates one), or call framework.testing.use_database(name)")
    return str(name)


def tagged(*tags: str):
    """Class decorator: add tags, and remove those spelled ``-tag`` (e.g. ``-at_install``)."""
    include = {tag for tag in tags if not tag.startswith("-")}
    exclude = {tag[1:] for tag in tags if tag.startswith("-")}

    def decorate(cls):
        cls.test_tags = (set(getattr(cls, "test_tags", None) or ()) | include) - exclude
        if ("at_install" in cls.test_tags) == ("post_install" in cls.test_tags):
            _logger.warning("a test class should be either at_install or post_install, "
                            "which %s is not (tags: %s)", cls.__qualname__, sorted(cls.test_tags))
        return cls
    return decorate


def users(*logins: str):
    """Method decorator: run the test once per login, as that user (``self.uid``/``self.env``)."""
    def decorate(method):
        @functools.wraps(method)
        def run_as_each_user(self, *args, **kwargs):
            previous = self.env
            found = self.env["res.users"].with_context(active_test=False).search(
                [("login", "in", list(logins))])
            by_login = {user.login: user.id for user in found}
            missing = [login for login in logins if login not in by_login]
            if missing:
                raise ValueError(f"@users: no user with login {', '.join(missing)}; create it in "
                                 "setUpClass (framework.testing.new_test_user)")
            try:
                for login in logins:
                    with self.subTest(login=login):
                        self.uid = by_login[login]
                        method(self, *args, **kwargs)
                    self.env.invalidate_all()
            finally:
                self.env = previous
        return run_as_each_user
    return decorate


class _WarmupDone(Exception):
    """Ends the warm-up run of a ``@warmup`` test (its savepoint is rolled back)."""


def warmup(method):
    """Run a test method twice: first to warm the caches up (``self.warm`` False, query
    counts not checked, what it changed rolled back), then for real (``self.warm`` True)."""
    @functools.wraps(method)
    def run_twice(self, *args, **kwargs):
        self.env.flush_all()
        self.env.invalidate_all()
        self.warm = False
        try:
            with self.env.cr.savepoint():
                method(self, *args, **kwargs)
                self.env.flush_all()
                raise _WarmupDone
        except _WarmupDone:
            pass
        finally:
            self.warm = True
        self.env.invalidate_all(flush=False)
        return method(self, *args, **kwargs)
    return run_twice


class RecordCapturer:
    """``with RecordCapturer(env['res.partner'], domain) as capture: ...``: then
    ``capture.records`` are the records matching ``domain`` made inside the block."""

    def __init__(self, model, domain) -> None:
        self._model = model
        self._domain = domain
        self._before: set = set()
        self.records = model.browse()

    def __enter__(self) -> RecordCapturer:
        self._before = set(self._model.search(self._domain).ids)
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        if exc_type is None:
            found = self._model.search(self._domain, order="id")
            self.records = found.browse([i for i in found.ids if i not in self._before])


def new_test_user(env, login: str = "", groups: str = "base.group_user", context=None, **values):
    """Create a user for a test: password ``login`` padded with ``x`` to 8 characters.

    ``groups`` is a comma-separated list of group external ids. The name defaults to
    ``"login (groups)"`` and the email to the login when it looks like one.
    """
    if not login:
        raise ValueError("new_test_user() needs a login, e.g. new_test_user(env, login='bob')")
    if not groups:
        raise ValueError("new_test_user() needs groups, e.g. groups='base.group_user'")
    group_ids = [env.ref(xml_id.strip()).id for xml_id in groups.split(",") if xml_id.strip()]
    values = {**values, "login": login, "groups_id": [Command.set(group_ids)]}
    values.setdefault("name", f"{login} ({groups})")
    if not values.get("password"):
        values["password"] = login + "x" * (8 - len(login))
    if "email" not in values:
        values["email"] = login if re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", login) \
            else f"{login[0]}.{login[0]}@example.com"
    if "company_id" in values and "company_ids" not in values:
        values["company_ids"] = [Command.link(values["company_id"])]
    return env["res.users"].with_context(**(context or {})).create(values)


class BaseCase(unittest.TestCase):
    """What every addon test class has: tags, ``env`` helpers and Odoo's assertions."""

    test_tags: set[str] | None = None
    test_module: str | None = None
    test_class: str | None = None
    test_sequence = 0
    registry: Registry
    env: Environment

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        parts = cls.__module__.split(".")
        if parts[:2] == ["odoo", "addons"] and len(parts) > 2:
            if cls.test_tags is None:
                cls.test_tags = set(DEFAULT_TAGS)
            cls.test_module = parts[2]
            cls.test_class = cls.__name__

    # -- the environment ------------------------------------------------------------------

    @property
    def uid(self) -> int:
        return self.env.uid

    @uid.setter
    def uid(self, user) -> None:
        self.env = self.env(user=user)

    def ref(self, xml_id: str) -> int:
        """The database id of ``xml_id`` (``module.name``, or ``name`` in the test's addon)."""
        return self.browse_ref(xml_id).id

    def browse_ref(self, xml_id: str):
        if "." not in xml_id and self.test_module:
            xml_id = f"{self.test_module}.{xml_id}"
        return self.env.ref(xml_id)

    def patch(self, target, name: str, value) -> None:
        """Replace ``target.name`` by ``value`` for the duration of the test."""
        patcher = unittest.mock.patch.object(target, name, value)
        patcher.start()
        self.addCleanup(patcher.stop)

    # -- assertions -----------------------------------------------------------------------

    def assertRaises(self, exception, func=None, *args, **kwargs):
        """``unittest``'s, but the block runs in a savepoint so a failed query leaves the test
        cursor usable; pending changes are flushed at the end of the block."""
        if func is not None:
            with self._raises_in_savepoint(exception):
                func(*args, **kwargs)
            return None
        return self._raises_in_savepoint(exception, kwargs.get("msg"))

    @contextlib.contextmanager
    def _raises_in_savepoint(self, exception, msg=None) -> Iterator:
        env = getattr(self, "env", None)
        with super().assertRaises(exception, msg=msg) as context:
            if env is None:
                yield context
                return
            with env.cr.savepoint():
                yield context
                env.flush_all()

    #: False during the first run of a ``@warmup`` test (its query counts are not checked)
    warm = True

    @contextlib.contextmanager
    def assertQueryCount(self, default: int = 0, flush: bool = True, **counters) -> Iterator[None]:
        """Fail when the block runs more queries than expected (per login in ``counters``);
        not checked while a ``@warmup`` test warms up."""
        if not self.warm:
            yield
            return
        login = self.env.user.login
        expected = counters.get(login, default)
        if flush:
            self.env.flush_all()
        cr = self.env.cr
        start = cr.sql_log_count
        yield
        if flush:
            self.env.flush_all()
        count = cr.sql_log_count - start
        if count > expected:
            self.fail(f"Query count more than expected for user {login}: {count} > {expected}")
        if count < expected:
            _logger.info("Query count less than expected for user %s: %d < %d", login, count, expected)

    def assertRecordValues(self, records, expected_values: list[dict]) -> None:
        """Compare ``records`` one by one with ``expected_values`` (ids for relational fields)."""
        if not records and not expected_values:
            return
        if len(records) != len(expected_values):
            self.fail(f"Wrong number of records to compare: {len(records)} records versus "
                      f"{len(expected_values)} expected values.")
        errors = []
        for index, (record, expected) in enumerate(zip(records, expected_values)):
            differences = [f"{name}: {self._comparable(record, name)!r} != {value!r}"
                           for name, value in expected.items()
                           if not self._same(record, name, value)]
            if differences:
                errors.append(f"\n==== Differences at index {index} ====\n" + "\n".join(differences))
        if errors:
            self.fail("\n".join(errors))

    @staticmethod
    def _comparable(record, name: str):
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return value.id
        if field.type in ("one2many", "many2many"):
            return value.ids
        return value

    def _same(self, record, name: str, expected) -> bool:
        field = record._fields[name]
        actual = self._comparable(record, name)
        if field.type in ("one2many", "many2many"):
            return sorted(actual) == sorted(expected or [])
        if field.type == "many2one":
            return actual == (getattr(expected, "id", expected) or False)
        if field.type in ("float", "monetary") and isinstance(expected, (int, float)):
            digits = getattr(field, "digits", None)
            precision = digits[1] if isinstance(digits, tuple) else 6
            return float_compare(actual or 0.0, expected, precision_digits=precision) == 0
        return actual == expected

    def assertItemsEqual(self, first, second, msg=None) -> None:
        self.assertCountEqual(first, second, msg)


class _ClassCursorCase(BaseCase):
    """One cursor per class on the registry of the database under test, never committed."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        _mark_thread_testing(cls)
        cls.registry = Registry.get(get_db_name())
        # after the class (cleanups run last first): models a test added or changed
        # (odoo_test_helper's FakeModelLoader, custom fields) are set up again from their
        # classes, and what the class cached is dropped
        cls.addClassCleanup(cls.registry.reset_changes)
        cls.addClassCleanup(cls.registry.clear_all_caches)
        cls.cr = cls.registry.cursor()
        cls.cr.commit = _refuse_commit
        cls.addClassCleanup(cls.cr.close)            # rolls back what the class did
        cls.env = Environment(cls.cr, SUPERUSER_ID, {})

    def setUp(self) -> None:
        super().setUp()
        self.addCleanup(self.__dict__.pop, "env", None)      # undo self.env = ... of a test


class TransactionCase(_ClassCursorCase):
    """Each test runs in a savepoint, rolled back after it; ``setUpClass`` data is shared."""

    def setUp(self) -> None:
        super().setUp()
        env = self.env
        env.flush_all()
        name = f"test_{next(_savepoint_ids)}"
        self.cr.execute(f'SAVEPOINT "{name}"')
        self.addCleanup(self._forget_test, env)
        self.addCleanup(self.cr.execute, f'ROLLBACK TO SAVEPOINT "{name}"')

    def _forget_test(self, env) -> None:
        self.cr.precommit.clear()
        env.transaction.clear()          # cache, pending computes and writes of the test


class SingleTransactionCase(_ClassCursorCase):
    """All tests of the class share one transaction, rolled back after the last test."""


def _mark_thread_testing(cls) -> None:
    """Flag the thread running the class as Odoo's runner does (``thread.testing``): code
    that would reach the outside world (``ir.mail_server``) holds back while it is set."""
    thread = threading.current_thread()
    previous = getattr(thread, "testing", False)
    thread.testing = True
    cls.addClassCleanup(setattr, thread, "testing", previous)


def _refuse_commit() -> None:
    raise RuntimeError("cannot commit the cursor of a test: it is rolled back after the test; "
                       "use a savepoint (with self.env.cr.savepoint():) or open another cursor "
                       "(self.registry.cursor()) if you really need to commit")
