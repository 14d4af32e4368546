"""Contexts are frozendicts; their hash keys the transaction's environments."""
from framework.tools.misc import frozendict


class _Untouchable(dict):
    """A dict that fails the test if hashing the context walks into it."""

    def items(self):
        raise AssertionError("the context's hash walked into a dict value")

    def values(self):
        raise AssertionError("the context's hash walked into a dict value")


def test_equal_contexts_hash_alike():
    assert hash(frozendict(lang="fr_FR", allowed_company_ids=[1, 2], tz=None)) == \
        hash(frozendict(tz=None, allowed_company_ids=[1, 2], lang="fr_FR"))
    assert frozendict(ids={3, 1, 2}) == frozendict(ids={1, 2, 3})
    assert hash(frozendict(ids={3, 1, 2})) == hash(frozendict(ids={1, 2, 3}))


def test_a_dict_value_is_not_walked_and_may_grow():
    payload = _Untouchable()
    context = frozendict(loaded_data=payload)
    before = hash(context)
    dict.__setitem__(payload, "product.product", [{"id": 1}])
    assert hash(context) == before


def test_contexts_differing_in_a_dict_value_are_not_equal():
    assert frozendict(options={"a": 1}) != frozendict(options={"a": 2})
    assert frozendict(options={"a": 1}) == frozendict(options={"a": 1})

