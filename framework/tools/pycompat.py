"""``odoo.tools.pycompat``: the text and CSV helpers older addons still import."""
from __future__ import annotations

import codecs
import csv

__all__ = ["csv_reader", "csv_writer", "to_text"]


def to_text(source) -> str:
    """``source`` as text: ``''`` for None or False, bytes decoded as UTF-8, else ``str()``."""
    if source is None or source is False:
        return ""
    if isinstance(source, bytes):
        return source.decode("utf-8")
    return str(source)


def csv_reader(stream, **params):
    """A ``csv.reader`` over a binary stream (read as UTF-8)."""
    return csv.reader(codecs.getreader("utf-8")(stream), **params)


def csv_writer(stream, **params):
    """A ``csv.writer`` onto a binary stream (written as UTF-8)."""
    return csv.writer(codecs.getwriter("utf-8")(stream), **params)
