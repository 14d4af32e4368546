"""Loyalty cards in the POS: programs loaded by the till, points earned and redeemed on the server."""
from __future__ import annotations

from . import controllers, models
