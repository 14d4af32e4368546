from __future__ import annotations

from . import test_note_templates
