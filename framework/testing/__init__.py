"""The addon test harness: ``odoo.tests`` (and ``odoo.tests.common``) for addon tests.

Addon tests live in ``<addon>/tests/``: its ``__init__.py`` imports ``test_*.py`` modules
whose classes subclass :class:`TransactionCase`, :class:`SingleTransactionCase` or
:class:`HttpCase`. They run

* from the server: ``odoo-bin -d DB -i addon --test-enable [--test-tags SPEC] --stop-after-init``
  (``runner.TestRunner``, called by the module loader; exit code 1 when a test fails);
* from pytest: ``pytest -p framework.testing.pytest_plugin path/to/addon`` (``pytest_plugin``).

Modules: ``case`` (test classes, ``tagged``, ``users``, ``new_test_user``), ``form``
(``Form``), ``http_case`` (``HttpCase``), ``tag_selector`` (``--test-tags``), ``runner``.
"""
from __future__ import annotations

from . import common as common
from .case import BaseCase as BaseCase
from .case import RecordCapturer as RecordCapturer
from .case import SingleTransactionCase as SingleTransactionCase
from .case import TransactionCase as TransactionCase
from .case import get_db_name as get_db_name
from .case import new_test_user as new_test_user
from .case import tagged as tagged
from .case import use_database as use_database
from .case import users as users
from .case import warmup as warmup
from .form import Form as Form
from .http_case import HttpCase as HttpCase
from .runner import TestRunner as TestRunner
from .tag_selector import TagsSelector as TagsSelector
