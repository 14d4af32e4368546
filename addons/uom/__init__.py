"""Units of measure: categories of units and the conversions between units of one category."""
from __future__ import annotations

from . import models
