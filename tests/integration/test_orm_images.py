"""Image fields: values fit within max_width x max_height, image.mixin keeps resized copies."""
from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from framework import exceptions
from tests.support.orm import db_rows


def png(width: int, height: int, color=(200, 30, 30)) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (width, height), color).save(stream, format="PNG")
    return base64.b64encode(stream.getvalue())


def size_of(value) -> tuple[int, int]:
    return Image.open(io.BytesIO(base64.b64decode(value))).size


def test_image_mixin_keeps_each_size(env):
    record = env["test.pictured"].create({"name": "big", "image_1920": png(3000, 1500)})
    assert size_of(record.image_1920) == (1920, 960)
    assert [size_of(record[f"image_{n}"]) for n in (1024, 512, 256, 128)] == \
        [(1024, 512), (512, 256), (256, 128), (128, 64)]
    env.flush_all()
    record.invalidate_recordset()
    assert size_of(record.image_128) == (128, 64)          # stored, read back


def test_a_small_image_is_kept_as_given_and_follows_its_original(env):
    small = png(100, 40)
    record = env["test.pictured"].create({"image_1920": small})
    assert record.image_1920 == small and record.image_128 == small
    record.image_1920 = png(600, 600, color=(0, 0, 255))
    assert (size_of(record.image_1920), size_of(record.image_256)) == ((600, 600), (256, 256))
    record.image_1920 = False
    assert not record.image_1024 and not record.image_128
    # kept in attachments (Odoo's default for images): cleared, they are gone
    assert db_rows(env, "SELECT res_field FROM ir_attachment WHERE res_model = 'test.pictured' "
                        "AND res_id = %s", record.id) == []


def test_what_is_not_an_image_is_refused(env):
    with pytest.raises(exceptions.UserError, match="could not be decoded as an image"):
        env["test.pictured"].create({"image_1920": base64.b64encode(b"not an image at all")})
