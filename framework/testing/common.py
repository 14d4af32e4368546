"""``odoo.tests.common``: the names addon tests import (``TransactionCase``, ``Form``...)."""
from __future__ import annotations

from .case import BaseCase as BaseCase
from .case import RecordCapturer as RecordCapturer
from .case import SingleTransactionCase as SingleTransactionCase
from .case import TransactionCase as TransactionCase
from .case import get_db_name as get_db_name
from .case import new_test_user as new_test_user
from .case import tagged as tagged
from .case import users as users
from .case import warmup as warmup
from .form import Form as Form
from .http_case import HttpCase as HttpCase
from .tag_selector import TagsSelector as TagsSelector

HOST = "127.0.0.1"
#: Odoo's name for the user its test cases run as: the superuser (uid 1), whatever "admin"
#: suggests (addon tests import it: database_cleanup)
ADMIN_USER_ID = 1
