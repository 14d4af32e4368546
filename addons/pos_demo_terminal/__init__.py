"""A demo payment terminal for the POS: payment requests sent, polled and cancelled online."""
from __future__ import annotations

from . import controllers, models
