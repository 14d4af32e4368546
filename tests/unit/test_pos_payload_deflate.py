"""The POS catalogue's compression (``addons/point_of_sale/tools/payload_cache.py``): a big
catalogue compressed in pieces in threads still makes, spliced between a prefix and a suffix,
one gzip member of exactly ``prefix + catalogue + suffix`` with the right CRC and size."""
from __future__ import annotations

import gzip
import importlib.util
import sys
import zlib
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "addons" / "point_of_sale" / "tools" / "payload_cache.py"


@pytest.fixture(scope="module")
def payload_cache():
    spec = importlib.util.spec_from_file_location("pos_payload_cache_alone", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module         # its dataclass looks its module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def catalogue(size: int) -> bytes:
    rows = b",".join(b'{"id": %d, "name": "Product %d", "price": %d.5}' % (n, n * 7919 % 100003, n % 97)
                     for n in range(size // 40))
    return b'"product.product": [' + rows + b"]"


@pytest.mark.parametrize("size", [10_000, 3_000_000])
def test_a_spliced_answer_is_the_whole_text(payload_cache, size):
    body = catalogue(size)
    entry = payload_cache.Entry.build(("v", 1), body)
    prefix, suffix = b'{"jsonrpc": "2.0", "id": 7, "result": {"pos.session": [],', b"}}"
    assert gzip.decompress(entry.gzipped(prefix, suffix)) == prefix + body + suffix
    assert entry.crc == zlib.crc32(body)


def test_a_big_catalogue_is_compressed_in_pieces(payload_cache, monkeypatch):
    """Parts given one by one (small ones gathered, a big one cut) are compressed as pieces
    that each end on a sync flush; the entry is their text, whole, with its CRC."""
    monkeypatch.setattr(payload_cache, "PIECE_SIZE", 100_000)
    big = catalogue(450_000)
    parts = [b'"res.company":{"id":1}', b",", memoryview(b'x"uom.uom":[1,2,3]x')[1:-1], b",", big, b",",
             *[b'"k%d":%d,' % (n, n) for n in range(20_000)], b'"last":null']
    encoding = payload_cache.Encoding()
    for part in parts:
        encoding.add(part)
    entry = encoding.entry(("v", 2))
    body = b"".join(parts)
    assert (entry.size, entry.body) == (len(body), body)
    # each piece ends on a sync flush (an empty stored block: 00 00 ff ff): the big part alone
    # is 5 pieces, the small parts after it 2 more
    assert entry.deflated.count(b"\x00\x00\xff\xff") >= 7
    assert zlib.decompressobj(-zlib.MAX_WBITS).decompress(entry.deflated) == body
    assert entry.crc == zlib.crc32(body)
    prefix, suffix = b'{"result": {', b"}}"
    assert gzip.decompress(entry.gzipped(prefix, suffix)) == prefix + body + suffix
    assert entry.plain(prefix, suffix) == prefix + body + suffix


@pytest.mark.parametrize("length", [0, 1, 7, 4096, 123_457])
def test_crcs_combine(payload_cache, length):
    first, second = b"some prefix text", bytes(range(256)) * (length // 256) + b"z" * (length % 256)
    shift = payload_cache.crc_shift(len(second))
    assert payload_cache.combine(zlib.crc32(first), zlib.crc32(second), shift) == zlib.crc32(first + second)
