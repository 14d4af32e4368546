from __future__ import annotations

from . import pos_config, pos_order, pos_order_note_template, pos_session
