from __future__ import annotations

from . import pos_payment_method, pos_terminal_transaction
