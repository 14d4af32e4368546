from __future__ import annotations

from . import test_demo_terminal
