from __future__ import annotations

from . import loyalty_card, loyalty_history, loyalty_program, pos_order, pos_session
