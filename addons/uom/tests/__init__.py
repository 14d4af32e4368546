"""Tests of the uom addon."""
from __future__ import annotations

from . import test_uom, test_uom_views
