"""The README's odoo-bin flag table: one table (no blank line cuts it), every flag real."""
from __future__ import annotations

import re
from pathlib import Path

from framework.cli import options

README = Path(__file__).resolve().parents[2] / "README.md"


def flag_table() -> tuple[list[str], list[str]]:
    """The table's rows, and the lines after it up to the next paragraph's end."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| Flag | Meaning |")
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return lines[start + 2:end], lines[end:end + 3]


def test_the_flag_table_is_not_cut_by_a_blank_line():
    _rows, after = flag_table()
    assert not any(line.startswith("| `-") for line in after), after


def test_every_flag_of_the_table_is_one_odoo_bin_takes():
    rows, _after = flag_table()
    flags = {flag for row in rows for flag in re.findall(r"`(-{1,2}[a-zA-Z][\w-]*)", row.split("|")[1])}
    known = set(options.build_parser("server")._option_string_actions)
    assert (len(flags) > 30, sorted(flags - known)) == (True, [])
