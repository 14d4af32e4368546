"""A stand-in wkhtmltopdf for report tests, and reading back what it made.

The machines running the tests may have no wkhtmltopdf. The stand-in is an executable
with the real one's command line (``[options] body.html report.pdf``): it writes a real
PDF (pypdf) of one blank page per document in the page (``data-oe-id`` of the layout's
articles), whose subject lists those ids, and logs the ids of each run to a file, so a
test sees what was rendered, how often, and what went into which PDF.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

_SCRIPT = '''#!{python}
import re
import sys

from pypdf import PdfWriter

source, target = sys.argv[-2], sys.argv[-1]
with open(source, encoding="utf-8") as handle:
    ids = list(dict.fromkeys(re.findall(r'data-oe-id="(\\d+)"', handle.read())))
with open({log!r}, "a") as log:
    log.write(",".join(ids) + "\\n")
writer = PdfWriter()
for _id in ids or [None]:
    writer.add_blank_page(612, 792)
writer.add_metadata({{"/Subject": ",".join(ids)}})
with open(target, "wb") as handle:
    writer.write(handle)
'''


class FakeWkhtmltopdf:
    """The stand-in's ``path`` and the ``runs`` it made (one list of ids per run)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "wkhtmltopdf"
        self.log = folder / "wkhtmltopdf.log"
        self.path.write_text(_SCRIPT.format(python=sys.executable, log=str(self.log)))
        self.path.chmod(0o755)

    @property
    def runs(self) -> list[list[int]]:
        if not self.log.exists():
            return []
        return [[int(i) for i in line.split(",") if i] for line in self.log.read_text().splitlines()]


def pdf_pages_and_subject(content: bytes) -> tuple[int, str]:
    """How many pages ``content`` has, and its subject (the ids the stand-in rendered)."""
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), (reader.metadata or {}).get("/Subject", "")
