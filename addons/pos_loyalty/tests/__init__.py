from __future__ import annotations

from . import test_pos_loyalty
