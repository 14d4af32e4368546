"""The error every command raises for a failure the user can fix (one line, exit code 1)."""
from __future__ import annotations


class CommandError(Exception):
    """An expected failure of a command: reported as one line, exit code 1, no traceback."""
