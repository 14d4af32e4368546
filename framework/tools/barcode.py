"""Barcodes (``odoo.tools.barcode``): check digits, and PNG images for reports.

``check_barcode_encoding`` and ``get_barcode_check_digit`` are Odoo's helpers for GS1
numbers. ``barcode_png`` draws the image ``/report/barcode`` serves: python-barcode
encodes the linear symbologies into bars and segno encodes QR codes into modules; Pillow
draws either, stretched to the asked size as Odoo's reportlab drawings are (so a report
laying out ``width`` x ``height`` pixels gets exactly that).
"""
from __future__ import annotations

import io
import re

from PIL import Image, ImageDraw, ImageFont

#: the GS1 numbers ``check_barcode_encoding`` knows, and their length
GS1_LENGTHS = {"ean8": 8, "ean13": 13, "gtin14": 14, "upca": 12, "sscc": 18}
#: the symbologies ``barcode_png`` draws (``auto`` and ``UPCA`` are mapped onto them)
SYMBOLOGIES = ("Code128", "EAN13", "EAN8", "QR")
#: what a request may ask at most: no side over 10000 pixels, no more than 1.2 Mpx
MAX_SIDE, MAX_PIXELS = 10000, 1_200_000
#: blank modules on each side of a linear barcode when ``quiet`` is asked
QUIET_MODULES = 10
_DIGITS = re.compile(r"^\d+$")


def get_barcode_check_digit(numeric_barcode: str) -> int:
    """The GS1 check digit of ``numeric_barcode`` (its last digit is the one replaced):
    from the right, digits are weighted 3, 1, 3... whatever the length."""
    total = 0
    for position, digit in enumerate(reversed(numeric_barcode[:-1])):
        total += int(digit) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def check_barcode_encoding(barcode: str, encoding: str) -> bool:
    """Whether ``barcode`` is a valid ``encoding`` number (length, digits, check digit);
    ``any`` accepts everything. As Odoo, an EAN-13 starting with 0 is refused: it is a
    UPC-A, to be encoded as such."""
    encoding = encoding.lower()
    if encoding == "any":
        return True
    if encoding not in GS1_LENGTHS:
        raise ValueError(f"Unknown barcode encoding {encoding!r}: use one of "
                         f"{', '.join(GS1_LENGTHS)} or 'any'")
    return _valid_gs1(barcode, GS1_LENGTHS[encoding]) and not (
        encoding == "ean13" and barcode[0] == "0")


def _valid_gs1(number: str, length: int) -> bool:
    return bool(len(number) == length and _DIGITS.match(number)
                and get_barcode_check_digit(number) == int(number[-1]))


def resolve_symbology(barcode_type: str, value: str) -> tuple[str, str]:
    """``(symbology, value)`` to draw, Odoo's way: ``UPCA`` of 11 to 13 digits and ``auto``
    of 8 or 13 characters become EAN, and an EAN that is not a valid number (length,
    check digit) is drawn as Code128, so the bars always say what the value says. (A UPC-A
    is an EAN-13 starting with 0: drawn as such, unlike what ``check_barcode_encoding``
    says of an EAN-13 typed by a user.)"""
    if barcode_type == "UPCA" and len(value) in (11, 12, 13):
        barcode_type, value = "EAN13", value.zfill(13)
    elif barcode_type == "auto":
        barcode_type = {8: "EAN8", 13: "EAN13"}.get(len(value), "Code128")
    if barcode_type in ("EAN8", "EAN13") and not _valid_gs1(value, int(barcode_type[3:])):
        barcode_type = "Code128"
    if barcode_type not in SYMBOLOGIES:
        raise ValueError(f"Unknown barcode type {barcode_type!r}: use one of "
                         f"{', '.join(SYMBOLOGIES)}, UPCA or auto")
    return barcode_type, value


def barcode_png(barcode_type: str, value: str, width: int = 600, height: int = 100,
                humanreadable: bool = False, quiet: bool = True, bar_border: int = 4,
                bar_level: str = "L") -> bytes:
    """A PNG of ``value`` as ``barcode_type`` (see ``resolve_symbology``), ``width`` x
    ``height`` pixels. ``humanreadable`` prints the value under linear bars; ``quiet``
    leaves margins (a QR code then has none: ``bar_border`` modules otherwise);
    ``bar_level`` is the QR error correction (L, M, Q or H). ValueError says what is wrong."""
    if width <= 0 or height <= 0:
        raise ValueError(f"Barcode size must be positive, got {width}x{height}")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise ValueError("Barcode too large")
    symbology, value = resolve_symbology(barcode_type, value)
    if symbology == "QR":
        image = _qr_image(value, width, height, 0 if quiet else bar_border,
                          bar_level if bar_level in ("L", "M", "Q", "H") else "L")
    else:
        bars, text = _linear_bars(symbology, value)
        image = _linear_image(bars, text if humanreadable else None, width, height, quiet)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _linear_bars(symbology: str, value: str) -> tuple[str, str]:
    """The modules (``'1'`` a bar, ``'0'`` a space) of a linear barcode, and its text."""
    import barcode as python_barcode
    from barcode.errors import BarcodeError
    kind = {"Code128": "code128", "EAN13": "ean13", "EAN8": "ean8"}[symbology]
    try:
        code = python_barcode.get(kind, value)
        return "".join(code.build()), code.get_fullcode()
    except (BarcodeError, ValueError, KeyError) as error:
        raise ValueError(f"Cannot convert into barcode: {value!r} is not valid "
                         f"{symbology} ({error})") from error


def _linear_image(bars: str, text: str | None, width: int, height: int, quiet: bool):
    margin = QUIET_MODULES if quiet else 0
    modules = len(bars) + 2 * margin
    image = Image.new("1", (width, height), 1)
    draw = ImageDraw.Draw(image)
    bar_height = height
    if text:
        font = ImageFont.load_default(size=max(8, min(height // 5, width // max(len(text), 1))))
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        bar_height = max(1, height - (bottom - top) - 2)
        draw.text(((width - (right - left)) / 2 - left, bar_height + 1 - top), text, font=font,
                  fill=0)
    scale = width / modules
    for index, module in enumerate(bars):
        if module == "1":
            x0, x1 = round((index + margin) * scale), round((index + margin + 1) * scale)
            draw.rectangle((x0, 0, max(x0, x1 - 1), bar_height - 1), fill=0)
    return image


def _qr_image(value: str, width: int, height: int, border: int, level: str):
    import segno
    try:
        code = segno.make(value, error=level, micro=False, boost_error=False)
    except (ValueError, segno.DataOverflowError) as error:
        raise ValueError(f"Cannot convert into QR code: {error}") from error
    rows = list(code.matrix_iter(border=border))
    image = Image.new("1", (width, height), 1)
    draw = ImageDraw.Draw(image)
    x_scale, y_scale = width / len(rows[0]), height / len(rows)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                x0, y0 = round(x * x_scale), round(y * y_scale)
                x1, y1 = round((x + 1) * x_scale), round((y + 1) * y_scale)
                draw.rectangle((x0, y0, max(x0, x1 - 1), max(y0, y1 - 1)), fill=0)
    return image
