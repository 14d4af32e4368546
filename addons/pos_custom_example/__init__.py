"""POS Custom Example: note templates a cashier adds to an order, from the till to the server."""
from __future__ import annotations

from . import models
