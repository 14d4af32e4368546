"""``odoo-bin help``: the list of commands, as Odoo's ``odoo-bin help`` prints it."""
from __future__ import annotations

from collections.abc import Sequence

from .options import COMMANDS, PROG


def run(args: Sequence[str]) -> int:
    """Print the commands and what each does; 0."""
    width = max(map(len, COMMANDS))
    print(f"usage: {PROG} [--addons-path=PATH,...] <command> [...]\n")
    print("Available commands:")
    for name, summary in COMMANDS.items():
        print(f"    {name:<{width}}  {summary}")
    print(f"\nUse '{PROG} <command> --help' for the options of a command.")
    return 0
