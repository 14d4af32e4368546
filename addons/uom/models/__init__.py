"""The models of the uom addon, one per file."""
from __future__ import annotations

from . import uom_category, uom_uom
