"""Guess a file's MIME type from its first bytes (``odoo.tools.mimetypes.guess_mimetype``).

Only the signatures of the formats an ERP meets every day are known; anything else is
``application/octet-stream`` (or ``text/plain`` for what decodes as UTF-8 text).
"""
from __future__ import annotations

import re

#: (leading bytes, type) pairs, checked in order
_SIGNATURES = (
    (b"%PDF", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"\x1f\x8b", "application/gzip"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)
_SVG = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]",
                  re.DOTALL | re.IGNORECASE)
_XML = re.compile(rb"^\s*<\?xml", re.IGNORECASE)
_HTML = re.compile(rb"^\s*(<!DOCTYPE html|<html)", re.IGNORECASE)


def guess_mimetype(data: bytes, default: str = "application/octet-stream") -> str:
    """The MIME type ``data`` looks like, ``default`` when nothing matches."""
    if not data:
        return default
    head = bytes(data[:1024])
    for signature, mimetype in _SIGNATURES:
        if head.startswith(signature):
            return mimetype
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if _SVG.match(head):
        return "image/svg+xml"
    if _HTML.match(head):
        return "text/html"
    if _XML.match(head):
        return "application/xml"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character cut at the 1024th byte is still text
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return default
    if b"\x00" in head:
        return default
    return "text/plain"
