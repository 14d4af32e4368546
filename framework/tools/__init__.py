"""The ``odoo.tools`` surface: helpers addons import from Odoo's tools package."""
from __future__ import annotations

from framework.config import config as config  # `from odoo.tools import config`

from .float_utils import float_compare as float_compare
from .float_utils import float_is_zero as float_is_zero
from .float_utils import float_repr as float_repr
from .float_utils import float_round as float_round
from .float_utils import float_split as float_split
from .float_utils import float_split_str as float_split_str
from .float_utils import json_float_round as json_float_round
from .sql import SQL as SQL
