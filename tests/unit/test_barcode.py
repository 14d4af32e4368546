"""odoo.tools.barcode: GS1 check digits, which symbology a value is drawn in, PNG images."""
import io

import pytest
from PIL import Image

from framework.tools.barcode import barcode_png, check_barcode_encoding, get_barcode_check_digit, resolve_symbology


def test_check_digits_and_encodings():
    assert get_barcode_check_digit("5901234123457") == 7
    assert get_barcode_check_digit("96385070") == 4
    assert check_barcode_encoding("5901234123457", "ean13")
    assert not check_barcode_encoding("5901234123458", "ean13")       # wrong check digit
    assert not check_barcode_encoding("0012345678905", "ean13")       # a UPC-A, as Odoo says
    assert check_barcode_encoding("012345678905", "upca")
    assert check_barcode_encoding("anything", "any")
    with pytest.raises(ValueError, match="Unknown barcode encoding 'ean5'"):
        check_barcode_encoding("12345", "ean5")


def test_which_symbology_draws_a_value():
    assert resolve_symbology("EAN13", "5901234123457") == ("EAN13", "5901234123457")
    # an EAN whose digits do not check out is drawn as Code128, so the bars say the value
    assert resolve_symbology("EAN13", "5901234123458") == ("Code128", "5901234123458")
    assert resolve_symbology("UPCA", "12345678905") == ("EAN13", "0012345678905")
    assert resolve_symbology("auto", "96385074") == ("EAN8", "96385074")
    assert resolve_symbology("auto", "ABC") == ("Code128", "ABC")


def test_linear_bars_fill_the_width_between_quiet_zones():
    image = Image.open(io.BytesIO(barcode_png("Code128", "abc", 400, 50))).convert("L")
    row = [image.getpixel((x, 10)) for x in range(400)]
    dark = [x for x, pixel in enumerate(row) if pixel == 0]
    assert 0 < dark[0] < 400 * 0.15 and 400 * 0.85 < dark[-1] < 400       # margins both sides
    flush = Image.open(io.BytesIO(barcode_png("Code128", "abc", 400, 50, quiet=False))).convert("L")
    assert flush.getpixel((0, 10)) == 0                                    # a bar starts it


def test_qr_is_square_modules_over_the_asked_size():
    image = Image.open(io.BytesIO(barcode_png("QR", "hello", 210, 210))).convert("L")
    assert image.size == (210, 210)
    assert image.getpixel((0, 0)) == 0                 # quiet: no border, the finder pattern
    bordered = Image.open(io.BytesIO(barcode_png("QR", "hello", 210, 210, quiet=False))).convert("L")
    assert bordered.getpixel((0, 0)) == 255            # bar_border modules of white
