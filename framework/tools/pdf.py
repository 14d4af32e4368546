"""PDF documents (``odoo.tools.pdf``): putting several into one, with pypdf.

A PDF report of several records is made of one document per record when each is stored
as an attachment (``ir.actions.report.attachment``): printing them together merges them.
"""
from __future__ import annotations

import io


class PdfMergeError(ValueError):
    """One of the documents to merge is not a readable PDF; ``index`` says which."""

    def __init__(self, index: int, cause: Exception) -> None:
        super().__init__(f"document #{index + 1} is not a readable PDF: {cause}")
        self.index = index


def merge_pdf(documents: list[bytes]) -> bytes:
    """The pages of ``documents`` (PDF bytes), in order, as one PDF."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter()
    for index, document in enumerate(documents):
        try:
            writer.append(PdfReader(io.BytesIO(document)))
        except (PyPdfError, ValueError, TypeError, KeyError) as error:
            raise PdfMergeError(index, error) from error
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
