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
catalogue's CRC is combined with the prefix's by multiplying it by ``x`` to the power of
the catalogue's length in bits, modulo CRC-32's polynomial (one 32-bit factor, made once
per entry), so no byte of the catalogue is read again either.

A catalogue is encoded (:class:`Encoding`) member by member: each member is serialised in
the caller's thread, and pieces of the text are compressed in threads as soon as they are
serialised, so the first pieces compress while the last members are serialised and while
the caller frees the rows.

Entries live in the process (``STORE``), keyed by the caller; the caller checks that the
entry's version is the catalogue's current one.
"""
from __future__ import annotations

import struct
import threading
import zlib
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

#: entries kept per process (one per till, user, company and language opened recently)
MAX_ENTRIES = 16
#: compression of the catalogue (once per build) and of the small prefix/suffix (per answer);
#: on 22 MB of catalogue (20,000 products and customers) level 1 takes two thirds of the time
#: of level 3 and a third of level 6 (0.15 s, 0.23 s, 0.49 s on a loaded machine) for 12% and
#: 30% more bytes (2.2 MB, 1.9 MB, 1.7 MB): the build is what a cold opening waits for
CATALOGUE_LEVEL = 1
SPLICE_LEVEL = 1
#: a catalogue's text is compressed as pieces of about this many bytes (a bigger member is cut
#: in pieces of its own), each in a thread of the encoding (zlib lets go of the GIL while it
#: compresses, as does its CRC-32) as soon as it is serialised; each piece ends on a sync flush,
#: as the segments of an answer do
PIECE_SIZE = 4 << 20
#: threads compressing the pieces of one catalogue (and one for its CRC)
THREADS = 2
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"     # deflate, no name, no mtime, OS unknown
_CRC_POLYNOMIAL = 0xEDB88320        # CRC-32's, bit-reflected: the top bit is x^0


def _multiply(a: int, b: int) -> int:
    """``a * b`` modulo CRC-32's polynomial (reflected representation)."""
    product, bit = 0, 1 << 31
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _CRC_POLYNOMIAL if b & 1 else b >> 1
    return product


#: x^(2^n) modulo the polynomial, n = 0..31 (x^1 is bit 30, x^0 bit 31)
_SQUARES = [1 << 30]
for _n in range(31):
    _SQUARES.append(_multiply(_SQUARES[-1], _SQUARES[-1]))


def crc_shift(length: int) -> int:
    """``x^(8 * length)`` modulo the polynomial: the factor taking CRC(a) to the CRC-32
    state after ``a`` followed by ``length`` zero bytes (``combine`` uses it)."""
    factor, n = 1 << 31, 3              # x^0; one byte is 2^3 bits
    while length:
        if length & 1:
            factor = _multiply(_SQUARES[n & 31], factor)
        length >>= 1
        n += 1
    return factor


def combine(crc_first: int, crc_second: int, shift: int) -> int:
    """CRC-32 of ``first + second`` from both CRCs and ``crc_shift(len(second))``."""
    return _multiply(shift, crc_first) ^ crc_second


def _deflate_segment(data, level: int, final: bool) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


def _deflate_piece(parts: list) -> bytes:
    """Consecutive parts of a text as one raw deflate segment ending on a sync flush."""
    compressor = zlib.compressobj(CATALOGUE_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    out = [compressor.compress(part) for part in parts]
    out.append(compressor.flush(zlib.Z_SYNC_FLUSH))
    return b"".join(out)


def _crc_of(parts: list) -> int:
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    return crc


class Encoding:
    """A text being compressed: its parts are given in order (``add``), pieces of about
    ``PIECE_SIZE`` bytes compressed in threads as soon as they are given; ``entry()`` waits
    for them. Only the parts are held: what they were made from may be freed meanwhile."""

    def __init__(self) -> None:
        self.parts: list = []
        self.size = 0
        self._pending: list = []
        self._pending_size = 0
        self._pieces: list = []
        self._crc = None
        self._pool = ThreadPoolExecutor(max_workers=THREADS + 1, thread_name_prefix="pos-payload-deflate")

    def add(self, part) -> None:
        """The next part of the text (bytes, or a memoryview of bytes)."""
        self.parts.append(part)
        self.size += len(part)
        if len(part) <= PIECE_SIZE:
            self._pending.append(part)
            self._pending_size += len(part)
            if self._pending_size >= PIECE_SIZE:
                self._flush()
            return
        self._flush()
        count = -(-len(part) // PIECE_SIZE)
        step, view = -(-len(part) // count), memoryview(part)
        for start in range(0, len(part), step):
            self._pieces.append(self._pool.submit(_deflate_piece, [view[start:start + step]]))

    def _flush(self) -> None:
        if self._pending:
            self._pieces.append(self._pool.submit(_deflate_piece, self._pending))
            self._pending, self._pending_size = [], 0

    def finish(self) -> None:
        """No more parts: the last piece and the CRC start."""
        if self._crc is None:
            self._flush()
            self._crc = self._pool.submit(_crc_of, self.parts)

    def entry(self, version: tuple) -> Entry:
        """The entry of the text (waits for its compression)."""
        try:
            self.finish()
            deflated = b"".join([piece.result() for piece in self._pieces])
            return Entry(version, tuple(self.parts), self.size, deflated, self._crc.result(), crc_shift(self.size))
        finally:
            self.close()

    def close(self) -> None:
        """Stop (what is not started yet is dropped)."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def encode_members(members: dict) -> Encoding:
    """The members of a JSON object (no braces), serialised here one by one, compressing."""
    encoding = Encoding()
    try:
        for key, value in members.items():
            if encoding.parts:
                encoding.add(b",")
            encoding.add(member_text(key, value))
        encoding.finish()
    except BaseException:
        encoding.close()
        raise
    return encoding


@dataclass
class Entry:
    """One catalogue: its version, its JSON text (no braces) as consecutive parts, and that
    text compressed."""

    version: tuple
    parts: tuple
    size: int
    deflated: bytes = b""
    crc: int = 0
    shift: int = 1 << 31

    @classmethod
    def build(cls, version: tuple, body: bytes) -> Entry:
        """The entry of a text made already."""
        encoding = Encoding()
        encoding.add(body)
        return encoding.entry(version)

    @property
    def body(self) -> bytes:
        """The text in one piece."""
        return self.parts[0] if len(self.parts) == 1 and type(self.parts[0]) is bytes else b"".join(self.parts)

    def plain(self, prefix: bytes, suffix: bytes) -> bytes:
        return b"".join((prefix, *self.parts, suffix))

    def gzipped(self, prefix: bytes, suffix: bytes) -> bytes:
        """``prefix + body + suffix`` as one gzip member, the body not compressed again."""
        crc = zlib.crc32(suffix, combine(zlib.crc32(prefix), self.crc, self.shift))
        size = (len(prefix) + self.size + len(suffix)) & 0xFFFFFFFF
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
    """JSON bytes as the JSON-RPC answers write them (Odoo's ``json_default``; keys that are
    not text, such as ids, written as text)."""
    from odoo.tools.date_utils import json_default
    try:
        import orjson
    except ImportError:
        orjson = None
    if orjson is not None:
        try:
            # without OPT_NON_STR_KEYS first: orjson takes nearly twice as long with it
            return orjson.dumps(value, default=json_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except TypeError:
            pass
        try:
            return orjson.dumps(value, default=json_default,
                                option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS)
        except TypeError:
            pass
    import json
    return json.dumps(value, default=json_default).encode()


def object_inside(value: dict) -> bytes:
    """The members of a JSON object, without its braces (b'' for an empty one)."""
    return dumps(value)[1:-1]


def member_text(key, value) -> memoryview:
    """``"key":value`` as the JSON text of an object holding it writes it (no copy)."""
    return memoryview(dumps({key: value}))[1:-1]
