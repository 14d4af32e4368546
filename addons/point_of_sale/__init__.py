"""Point of Sale: tills (pos.config), sessions, orders synchronised from the browser app."""
from __future__ import annotations

from . import controllers, models, populate, report
