"""The ``odoo.tools`` surface: helpers addons import from Odoo's tools package."""
from __future__ import annotations

from .sql import SQL as SQL
from framework.config import config as config  # `from odoo.tools import config`
