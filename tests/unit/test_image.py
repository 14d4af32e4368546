"""framework.tools.image: resizing within a box, what is left alone."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from framework.tools.image import image_process


def raw(width: int, height: int, mode: str = "RGB", fmt: str = "PNG") -> bytes:
    stream = io.BytesIO()
    Image.new(mode, (width, height)).save(stream, format=fmt)
    return stream.getvalue()


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_one_free_side_keeps_the_proportions():
    assert opened(image_process(raw(400, 100), size=(0, 50))).size == (200, 50)
    assert opened(image_process(raw(400, 100), size=(100, 0))).size == (100, 25)


def test_nothing_to_do_gives_the_same_bytes():
    source = raw(40, 40, fmt="JPEG")
    assert image_process(source, size=(128, 128)) is source
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="10"/>'
    assert image_process(svg, size=(128, 128)) is svg


def test_format_conversion_and_unsupported_operations():
    converted = opened(image_process(raw(10, 10, mode="RGBA"), output_format="jpeg"))
    assert (converted.format, converted.mode) == ("JPEG", "RGB")
    with pytest.raises(NotImplementedError):
        image_process(raw(10, 10), size=(5, 5), crop=True)
