"""The inline_template engine of mail templates and the address helpers, without a database."""
from __future__ import annotations

import pytest

from framework.tools.mail import email_split_and_format_normalize, formataddr
from framework.tools.rendering_tools import (
    convert_inline_template_to_qweb,
    parse_inline_template,
    render_inline_template,
)


def test_parse_cuts_literals_expressions_and_defaults():
    assert parse_inline_template("Hi {{ object.name }}, {{ x ||| there}}!") == [
        ("Hi ", "object.name", ""), (", ", "x", "there"), ("!", "", "")]


def test_render_evaluates_safely_with_the_given_names():
    parts = parse_inline_template("{{ a + 1 }} {{ b ||| none}} {{ c }}")
    assert render_inline_template(parts, {"a": 1, "b": False, "c": 0}) == "2 none "


def test_render_refuses_private_attributes():
    with pytest.raises(Exception, match="__class__"):
        render_inline_template(parse_inline_template("{{ a.__class__ }}"), {"a": 1})


def test_inline_template_as_qweb():
    assert str(convert_inline_template_to_qweb("Hi {{ o.name ||| you}}")) == \
        'Hi <t t-out="o.name">you</t>'


def test_formataddr_quotes_names_and_encodes_for_smtp():
    assert formataddr(('Ann "A"', "ann@example.com")) == '"Ann \\"A\\"" <ann@example.com>'
    assert formataddr(("", "ann@example.com")) == "ann@example.com"
    assert formataddr(("Zoé", "z@bücher.example"), charset="ascii") == \
        "=?utf-8?q?Zo=C3=A9?= <z@xn--bcher-kva.example>"
    assert email_split_and_format_normalize("Ann <ANN@Example.com>, bob@x.org") == \
        ['"Ann" <ann@example.com>', "bob@x.org"]
