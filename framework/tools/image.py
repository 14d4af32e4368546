"""Image processing for image fields and addons (``odoo.tools.image``): resizing with Pillow.

``image_process`` takes and returns raw image bytes (fields keep base64; ``fields.Image``
converts). An image already within the asked size comes back unchanged, byte for byte.
"""
from __future__ import annotations

import base64
import io

from PIL import Image, ImageOps, UnidentifiedImageError

from ..exceptions import UserError

#: images of more pixels are refused when the resolution is verified (Odoo's limit)
IMAGE_MAX_RESOLUTION = 50e6

#: formats written back as they are; any other is saved as PNG
_KEPT_FORMATS = ("PNG", "JPEG", "GIF", "ICO", "WEBP")


def image_process(source: bytes | None, size: tuple[int, int] = (0, 0),
                  verify_resolution: bool = False, quality: int = 0, expand: bool = False,
                  crop=None, colorize: bool = False, output_format: str = "") -> bytes | None:
    """``source`` fit within ``size`` (width, height; 0 leaves a side free), keeping its
    proportions; never enlarged. ``quality`` (1-100) re-encodes a JPEG; ``output_format``
    converts. ``expand``, ``crop`` and ``colorize`` (Odoo's padding, cropping and coloring
    of website thumbnails) are not done here: asking for them raises NotImplementedError."""
    if expand or crop or colorize:
        raise NotImplementedError("image_process: expand, crop and colorize are not supported; "
                                  "resize with size= only")
    width, height = size or (0, 0)
    if not source or not (width or height or verify_resolution or quality or output_format):
        return source
    if _is_svg(source):
        return source                      # vector images are not resized
    image = _open(source)
    if verify_resolution and image.width * image.height > IMAGE_MAX_RESOLUTION:
        raise UserError(f"Too large image (above {IMAGE_MAX_RESOLUTION / 1e6:.1f} Mpx), "
                        f"reduce the image size.")
    original_format = (image.format or "").upper()
    changed = False
    if (width and image.width > width) or (height and image.height > height):
        image = ImageOps.exif_transpose(image)
        image.thumbnail((width or image.width, height or image.height), Image.Resampling.LANCZOS)
        changed = True
    target = (output_format or original_format).upper()
    if target == "JPG":
        target = "JPEG"
    if target not in _KEPT_FORMATS:
        target = "PNG"
    if not changed and not quality and target == original_format:
        return source
    return _save(image, target, quality)


def image_size(source: bytes) -> tuple[int, int]:
    """(width, height) of raw image bytes, read from the header only (UserError when it is
    no image); (0, 0) for an SVG, which has no pixel size."""
    if _is_svg(source):
        return 0, 0
    try:
        with Image.open(io.BytesIO(source)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError):
        raise UserError("This file could not be decoded as an image file. "
                        "Please try with a different file.") from None


#: the first base64 character of each image format (its magic number, encoded)
_BASE64_FORMATS = {b"/": "jpg", b"R": "gif", b"i": "png", b"P": "svg+xml", b"U": "webp"}


def image_data_uri(base64_source: bytes) -> str:
    """A ``data:image/...;base64,...`` URI of a base64 image (an Image field's value), for
    ``<img src>`` in reports and mails."""
    if isinstance(base64_source, str):
        base64_source = base64_source.encode()
    kind = _BASE64_FORMATS.get(base64_source[:1], "png")
    return f"data:image/{kind};base64,{base64_source.decode()}"


def image_to_base64(image: Image.Image, output_format: str, **params) -> bytes:
    """A Pillow image as base64 bytes in ``output_format``."""
    stream = io.BytesIO()
    image.save(stream, format=output_format, **params)
    return base64.b64encode(stream.getvalue())


def base64_to_image(base64_source: bytes | str) -> Image.Image:
    """The Pillow image of base64 data (UserError when it is no image)."""
    return _open(base64.b64decode(base64_source))


def _is_svg(source: bytes) -> bool:
    head = source[:256].lstrip()
    return head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in source[:1024])


def _open(source: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(source))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        raise UserError("This file could not be decoded as an image file. "
                        "Please try with a different file.") from None
    return image


def _save(image: Image.Image, output_format: str, quality: int) -> bytes:
    params: dict = {}
    if output_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")       # JPEG has no transparency nor palette
        params["quality"] = quality or 95
        params["optimize"] = True
    elif output_format == "PNG":
        params["optimize"] = True
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
    elif output_format == "GIF" and image.mode not in ("P", "L"):
        image = image.convert("P")
    stream = io.BytesIO()
    image.save(stream, format=output_format, **params)
    return stream.getvalue()
