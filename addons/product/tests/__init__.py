"""Tests of the product addon."""
from __future__ import annotations

from . import test_demo_data
