"""The POS catalogue's compression (``addons/point_of_sale/tools/payload_cache.py``): a big
catalogue compressed in pieces at once still makes, spliced between a prefix and a suffix,
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


def test_a_big_catalogue_is_compressed_in_pieces(payload_cache):
    body = catalogue(3_000_000)
    assert len(body) >= payload_cache.PARALLEL_MIN
    deflated, crc = payload_cache.deflate_and_crc(body)
    # each piece ends on a sync flush (an empty stored block: 00 00 ff ff)
    assert deflated.count(b"\x00\x00\xff\xff") >= payload_cache.PIECES
    assert zlib.decompressobj(-zlib.MAX_WBITS).decompress(deflated) == body
    assert crc == zlib.crc32(body)
