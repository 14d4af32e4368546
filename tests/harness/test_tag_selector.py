"""``--test-tags`` selection (no database)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from framework.testing.tag_selector import TagsSelector


def a_test(tags=("standard", "at_install"), module="sale", cls="TestSale", method="test_x"):
    return SimpleNamespace(test_tags=set(tags), test_module=module, test_class=cls,
                           _testMethodName=method, __module__=f"odoo.addons.{module}.tests.test_a")


def test_default_spec_selects_standard_tests():
    assert TagsSelector("+standard").check(a_test())
    assert not TagsSelector("+standard").check(a_test(tags=("slow",)))


def test_module_class_and_method_filters():
    assert TagsSelector("/sale").check(a_test())
    assert not TagsSelector("/stock").check(a_test())
    assert TagsSelector("/sale:TestSale.test_x").check(a_test())
    assert not TagsSelector(":TestSale.test_y").check(a_test())


def test_exclusion_wins_and_alone_implies_standard():
    assert not TagsSelector("/sale,-/sale:TestSale").check(a_test())
    assert TagsSelector("-slow").check(a_test())
    assert not TagsSelector("-slow").check(a_test(tags=("standard", "slow")))


def test_star_selects_any_tag_and_module_name_is_a_tag():
    assert TagsSelector("*/sale").check(a_test(tags=("slow",)))
    assert TagsSelector("sale").check(a_test(tags=()))


def test_bad_filter_says_the_syntax():
    with pytest.raises(ValueError, match=r"\[-\]\[tag\]\[/module\]"):
        TagsSelector("no spaces?allowed")
