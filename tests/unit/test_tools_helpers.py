"""Helpers addons import from ``odoo.tools``: dates (periods, fiscal years, ranges), HTML and
plain text, e-mail addresses, and the small ones of ``misc``."""
from __future__ import annotations

import logging
from datetime import date, datetime

import pytest
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from framework import tools
from framework.tools import date_utils

# -- dates --------------------------------------------------------------------------------------

def test_start_and_end_of_keep_the_type_given():
    day = date(2024, 5, 15)                       # a Wednesday
    assert date_utils.start_of(day, "year") == date(2024, 1, 1)
    assert date_utils.start_of(day, "quarter") == date(2024, 4, 1)
    assert date_utils.start_of(day, "month") == date(2024, 5, 1)
    assert date_utils.start_of(day, "week") == date(2024, 5, 13)
    assert date_utils.end_of(day, "quarter") == date(2024, 6, 30)
    assert date_utils.end_of(date(2024, 2, 10), "month") == date(2024, 2, 29)
    assert date_utils.end_of(day, "week") == date(2024, 5, 19)
    moment = datetime(2024, 5, 15, 13, 45, 12)
    assert date_utils.start_of(moment, "month") == datetime(2024, 5, 1)
    assert date_utils.start_of(moment, "hour") == datetime(2024, 5, 15, 13)
    assert date_utils.end_of(moment, "day") == datetime(2024, 5, 15, 23, 59, 59, 999999)
    with pytest.raises(ValueError, match="granularity"):
        date_utils.start_of(day, "decade")
    with pytest.raises(ValueError, match="datetime"):
        date_utils.end_of(day, "hour")


def test_months_quarters_and_fiscal_years():
    assert date_utils.get_month(date(2023, 2, 14)) == (date(2023, 2, 1), date(2023, 2, 28))
    assert date_utils.get_quarter_number(date(2023, 11, 2)) == 4
    assert date_utils.get_quarter(date(2023, 11, 2)) == (date(2023, 10, 1), date(2023, 12, 31))
    assert date_utils.get_fiscal_year(date(2023, 7, 1)) == (date(2023, 1, 1), date(2023, 12, 31))
    # a fiscal year ending on 31 March
    assert date_utils.get_fiscal_year(date(2023, 2, 1), day=31, month=3) == (date(2022, 4, 1), date(2023, 3, 31))
    assert date_utils.get_fiscal_year(date(2023, 4, 1), day=31, month=3) == (date(2023, 4, 1), date(2024, 3, 31))
    # ending on 28 February: the 29th in a leap year
    assert date_utils.get_fiscal_year(date(2024, 1, 10), day=28, month=2) == (date(2023, 3, 1), date(2024, 2, 29))


def test_arithmetic_and_ranges():
    assert date_utils.add(date(2024, 1, 31), months=1) == date(2024, 2, 29)
    assert date_utils.subtract(date(2024, 3, 1), days=1) == date(2024, 2, 29)
    assert date_utils.get_timedelta(2, "week") == relativedelta(weeks=2)
    assert list(date_utils.date_range(date(2024, 1, 1), date(2024, 3, 1))) == \
        [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    with pytest.raises(ValueError):
        list(date_utils.date_range(date(2024, 3, 1), date(2024, 1, 1)))
    assert tools.start_of is date_utils.start_of          # also at the package's top


# -- HTML, text, addresses ------------------------------------------------------------------------

def test_html2plaintext():
    assert tools.html2plaintext("<p>Hi <b>there</b></p><p>Second <i>line</i><br/>next</p>") == \
        "Hi *there*\n\nSecond /line/\nnext"
    text = tools.html2plaintext('<p>See <a href="https://example.com">our site</a></p><ul><li>a</li><li>b</li></ul>')
    assert text == "See our site [1]\n\n* a\n* b\n\n[1] https://example.com"
    assert tools.html2plaintext('<p>See <a href="https://example.com">it</a></p>', include_references=False) == "See it"
    assert tools.html2plaintext("<h1>Title</h1><p>Tom &amp; Jerry</p>") == "**TITLE**\n\nTom & Jerry"
    assert tools.html2plaintext("") == ""


def test_plaintext2html_and_empty_html():
    html = tools.plaintext2html("Hello <you>\nsecond line\n\nhttps://example.com")
    assert str(html) == ('<p>Hello &lt;you&gt;<br/>second line</p><p><a href="https://example.com" '
                         'target="_blank" rel="noreferrer noopener">https://example.com</a></p>')
    assert str(tools.plaintext2html("x", container_tag="div")) == "<div><p>x</p></div>"
    assert tools.is_html_empty('<p style="margin: 0"><br></p>')
    assert tools.is_html_empty(False)
    assert not tools.is_html_empty("<p>x</p>")
    assert not tools.is_html_empty('<p><i class="fa fa-check"></i></p>')


def test_email_addresses():
    text = '"Ann Smith" <Ann@Example.com>, bob@example.org'
    assert tools.email_split(text) == ["Ann@Example.com", "bob@example.org"]
    assert tools.email_split_and_format(text) == ['"Ann Smith" <Ann@Example.com>', "bob@example.org"]
    assert tools.email_normalize("Ann <Ann@Example.COM>") == "ann@example.com"
    assert tools.email_normalize(text) is False                  # two addresses
    assert tools.email_normalize(text, strict=False) == "ann@example.com"
    assert tools.email_normalize("not an address") is False
    assert tools.email_domain_extract("ann@Example.com") == "example.com"


# -- misc -------------------------------------------------------------------------------------------

def test_small_helpers():
    assert tools.str2bool("Yes") is True and tools.str2bool("off") is False
    assert tools.str2bool("maybe", default=False) is False
    with pytest.raises(ValueError, match="not a boolean"):
        tools.str2bool("maybe")
    assert tools.human_size(1536) == "1.50 Kb"
    assert tools.consteq("abc", "abc") and not tools.consteq("abc", "abd")
    assert tools.remove_accents("Élan café") == "Elan cafe"
    assert tools.partition(lambda n: n % 2, [1, 2, 3, 4]) == ([1, 3], [2, 4])
    assert tools.topological_sort({"c": ["b"], "b": ["a"], "a": []}) == ["a", "b", "c"]
    assert list(tools.split_every(2, [1, 2, 3])) == [(1, 2), (3,)]
    assert dict(tools.groupby([1, 2, 3], key=lambda n: n % 2)) == {1: [1, 3], 0: [2]}


def test_lazy_property_is_computed_once_and_can_be_reset():
    class Thing:
        runs = 0

        @tools.lazy_property
        def value(self):
            Thing.runs += 1
            return Thing.runs

    thing = Thing()
    assert (thing.value, thing.value, Thing.runs) == (1, 1, 1)
    tools.lazy_property.reset_all(thing)
    assert thing.value == 2


def test_mute_logger_as_block_and_decorator(caplog):
    logger = logging.getLogger("odoo.tests.muted")
    with tools.mute_logger("odoo.tests.muted"):
        logger.error("not shown")

    @tools.mute_logger("odoo.tests.muted")
    def noisy():
        logger.error("not shown either")

    noisy()
    logger.error("shown")
    assert [record.getMessage() for record in caplog.records if record.name == "odoo.tests.muted"] == ["shown"]


# -- html_sanitize ------------------------------------------------------------------------------

@pytest.mark.parametrize(("dirty", "clean"), [
    ("<p>hi</p><script>alert(1)</script>", "<p>hi</p>"),
    ('<a href="javascript:alert(1)" onclick="x()" title="t">l</a>', '<a title="t">l</a>'),
    ('<a href=" jav\tascript:x">l</a><a href="https://odoo.com">o</a>', '<a>l</a><a href="https://odoo.com">o</a>'),
    ('<img src="data:image/png;base64,AA"><img src="data:text/html,x">', '<img src="data:image/png;base64,AA"><img>'),
    ("<iframe src='x'></iframe><style>p {}</style><object></object>text", "text"),
    ("<form><input name='a'>in form</form><my-widget>b</my-widget>", "in formb"),
    ("<!--[if IE]><script>x</script><![endif]--><!-- kept -->", "<!-- kept -->"),
    ('<p style="color: red" class="c" data-x="1">a &amp; b</p>',
     '<p style="color: red" class="c" data-x="1">a &amp; b</p>'),
    ("plain <b>text</b> &lt;script&gt;", "plain <b>text</b> &lt;script&gt;"),
])
def test_html_sanitize_removes_what_runs_code(dirty, clean):
    result = tools.html_sanitize(dirty)
    assert result == clean and isinstance(result, Markup)


def test_html_sanitize_options():
    dirty = '<p style="color: red" class="c" foo="1">a</p>'
    assert tools.html_sanitize(dirty, sanitize_attributes=True) == '<p style="color: red" class="c">a</p>'
    assert tools.html_sanitize(dirty, strip_style=True, strip_classes=True) == '<p foo="1">a</p>'
    assert tools.html_sanitize(False) is False and tools.html_sanitize("") == ""
    from framework.tools.mail import html_sanitize
    assert html_sanitize is tools.html_sanitize


# -- small helpers of misc, image and pycompat ---------------------------------------------------

def test_format_duration_shows_hours_and_minutes():
    assert [tools.format_duration(v) for v in (1.5, -0.25, 2.999, 0)] == ["01:30", "-00:15", "03:00", "00:00"]


def test_exception_to_unicode_gives_the_arguments():
    assert tools.exception_to_unicode(ValueError("a", "b")) == "a\nb"
    assert tools.exception_to_unicode(ValueError()) == ""


def test_image_data_uri_names_the_format_from_the_base64_text():
    assert tools.image_data_uri(b"iVBORw0K") == "data:image/png;base64,iVBORw0K"
    assert tools.image_data_uri(b"/9j/4AAQ") == "data:image/jpg;base64,/9j/4AAQ"


def test_pycompat_text_and_csv_over_bytes():
    import io
    assert (tools.pycompat.to_text(b"\xc3\xa9"), tools.pycompat.to_text(False), tools.pycompat.to_text(3)) == \
        ("é", "", "3")
    stream = io.BytesIO()
    tools.pycompat.csv_writer(stream).writerow(["a", "é"])
    assert stream.getvalue() == "a,é\r\n".encode()
    assert list(tools.pycompat.csv_reader(io.BytesIO(stream.getvalue()))) == [["a", "é"]]
