"""The POS payload kept as JSON bytes, plain and compressed, and answers spliced around it.

The catalogue part of the payload (products, partners, taxes...) is the same for every
opening of a till until the catalogue changes; the session part (the session, the till,
the cashier, the open orders) is built for each request. An :class:`Entry` holds the
catalogue part once as JSON text without its braces, and once compressed as raw deflate
ending on a byte boundary (a sync flush). An answer is ``prefix + catalogue + suffix``;
compressed, it is a gzip member whose deflate data is the prefix compressed on its own,
the stored catalogue, and the suffix compressed last. Deflate segments that end with a
sync flush can follow each other (no back-reference crosses them), so nothing of the
catalogue is compressed again. The gzip trailer needs the CRC-32 of the whole text: the
catalogue's CRC is combined with the prefix's by the operator "append ``len(catalogue)``
zero bytes" (a 32x32 matrix over GF(2), made once per entry), so no byte of the catalogue
is read again either.

Entries live in the process (``STORE``), keyed by the caller; the caller checks that the
entry's version is the catalogue's current one.
"""
from __future__ import annotations

import struct
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field

#: entries kept per process (one per till, user, company and language opened recently)
MAX_ENTRIES = 16
#: compression of the catalogue (once per build) and of the small prefix/suffix (per answer);
#: on 22 MB of catalogue (20,000 products and customers) level 1 takes two thirds of the time
#: of level 3 and a third of level 6 (0.15 s, 0.23 s, 0.49 s on a loaded machine) for 12% and
#: 30% more bytes (2.2 MB, 1.9 MB, 1.7 MB): the build is what a cold opening waits for
CATALOGUE_LEVEL = 1
SPLICE_LEVEL = 1
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"     # deflate, no name, no mtime, OS unknown
_CRC_POLYNOMIAL = 0xEDB88320


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_compose(first: list[int], second: list[int]) -> list[int]:
    """The operator ``first`` applied after ``second``."""
    return [_gf2_times(first, column) for column in second]


def crc_shift_operator(length: int) -> list[int]:
    """The operator taking CRC(a) to the CRC-32 state after ``a`` followed by ``length`` zero
    bytes (zlib's ``crc32_combine`` works the same way); ``combine`` uses it."""
    one_bit = [_CRC_POLYNOMIAL] + [1 << n for n in range(31)]
    power = one_bit
    for _ in range(3):                       # 1 -> 2 -> 4 -> 8 zero bits: one zero byte
        power = _gf2_compose(power, power)
    result = [1 << n for n in range(32)]     # identity
    while length:
        if length & 1:
            result = _gf2_compose(power, result)
        length >>= 1
        if length:
            power = _gf2_compose(power, power)
    return result


def combine(crc_first: int, crc_second: int, shift: list[int]) -> int:
    """CRC-32 of ``first + second`` from both CRCs and ``second``'s shift operator."""
    return _gf2_times(shift, crc_first) ^ crc_second


def _deflate_segment(data: bytes, level: int, final: bool) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


@dataclass
class Entry:
    """One catalogue: its version, its JSON text (no braces) and that text compressed."""

    version: tuple
    body: bytes
    deflated: bytes = b""
    crc: int = 0
    shift: list = field(default_factory=list)

    @classmethod
    def build(cls, version: tuple, body: bytes) -> Entry:
        return cls(version, body, _deflate_segment(body, CATALOGUE_LEVEL, final=False),
                   zlib.crc32(body), crc_shift_operator(len(body)))

    def plain(self, prefix: bytes, suffix: bytes) -> bytes:
        return b"".join((prefix, self.body, suffix))

    def gzipped(self, prefix: bytes, suffix: bytes) -> bytes:
        """``prefix + body + suffix`` as one gzip member, the body not compressed again."""
        crc = zlib.crc32(suffix, combine(zlib.crc32(prefix), self.crc, self.shift))
        size = (len(prefix) + len(self.body) + len(suffix)) & 0xFFFFFFFF
        return b"".join((_GZIP_HEADER, _deflate_segment(prefix, SPLICE_LEVEL, final=False), self.deflated,
                         _deflate_segment(suffix, SPLICE_LEVEL, final=True), struct.pack("<II", crc, size)))


class Store:
    """The entries of this process, least recently used dropped first."""

    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, version: tuple) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry.version != version:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


STORE = Store()


def dumps(value) -> bytes:
    """JSON bytes as the JSON-RPC answers write them (Odoo's ``json_default``)."""
    from odoo.tools.date_utils import json_default
    try:
        import orjson
        return orjson.dumps(value, default=json_default,
                            option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS)
    except (ImportError, TypeError):
        import json
        return json.dumps(value, default=json_default).encode()


def object_inside(value: dict) -> bytes:
    """The members of a JSON object, without its braces (b'' for an empty one)."""
    return dumps(value)[1:-1]
