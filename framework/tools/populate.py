"""Odoo 17's data generators for ``odoo-bin populate`` (``odoo.tools.populate``).

A model lists ``(field name, factory)`` pairs in ``_populate_factories``; each factory is a
function ``(iterator, field_name, model_name) -> iterator`` of value dicts, and
``chain_factories`` threads them into one stream of record values. Every dict carries
``__complete``: False while some factory still has values of its own list to hand out
(``iterate``, ``cartesian``), so that the records made cover every listed value at least
once. Random choices are seeded by model and field: the same data on every run.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from random import Random

from dateutil.relativedelta import relativedelta

Values = dict
Factory = Callable[[Iterator[Values], str, str], Iterator[Values]]


def format_str(value, counter: int, values: Values):
    """Fill ``{counter}`` and ``{values[...]}`` in a text value; other values as they are."""
    return value.format(counter=counter, values=values) if isinstance(value, str) else value


def root_factory() -> Iterator[Values]:
    """The start of every chain: one incomplete dict, then complete ones for ever."""
    yield {"__complete": False}
    while True:
        yield {"__complete": True}


def chain_factories(field_factories: Sequence[tuple[str, Factory]], model_name: str) -> Iterator[Values]:
    generator = root_factory()
    for field_name, factory in field_factories:
        generator = factory(generator, field_name, model_name)
    return generator


def _random(model_name: str, field_name: str, seed=None) -> Random:
    return Random(f"{model_name}+field+{seed or field_name}")


def randomize(values: Sequence, weights=None, seed=None, formatter=format_str,
              counter_offset: int = 0) -> Factory:
    """A random (weighted) choice among ``values`` for each record."""
    def generate(iterator, field_name, model_name):
        chooser = _random(model_name, field_name, seed)
        for counter, record in enumerate(iterator):
            record[field_name] = formatter(chooser.choices(values, weights)[0],
                                           counter + counter_offset, record)
            yield record
    return generate


def cartesian(values: Sequence, weights=None, seed=None, formatter=format_str,
              then: Factory | None = None) -> Factory:
    """Each incoming incomplete record once per value (a cartesian product), then ``then``
    (default: ``randomize`` over the same values)."""
    def generate(iterator, field_name, model_name):
        counter = 0
        for record in iterator:
            if record["__complete"]:
                break
            for value in values:
                yield {**record, field_name: formatter(value, counter, record)}
            counter += 1
        rest = then or randomize(values, weights, seed, formatter, counter)
        yield from rest(iterator, field_name, model_name)
    return generate


def iterate(values: Sequence, weights=None, seed=None, formatter=format_str,
            then: Factory | None = None) -> Factory:
    """``values`` in order, one per record (records stay incomplete until all were used),
    then ``then`` (default: ``randomize`` over the same values)."""
    def generate(iterator, field_name, model_name):
        counter = 0
        for value in values:
            record = next(iterator)
            record[field_name] = formatter(value, counter, record)
            record["__complete"] = False
            yield record
            counter += 1
        rest = then or randomize(values, weights, seed, formatter, counter)
        yield from rest(iterator, field_name, model_name)
    return generate


def constant(value, formatter=format_str) -> Factory:
    """The same value (formatted: ``"Partner {counter}"``) for every record."""
    def generate(iterator, field_name, _model_name):
        for counter, record in enumerate(iterator):
            record[field_name] = formatter(value, counter, record)
            yield record
    return generate


def compute(function: Callable, seed=None) -> Factory:
    """``function(values=..., counter=..., random=...)`` for each record."""
    def generate(iterator, field_name, model_name):
        chooser = _random(model_name, field_name, seed)
        for counter, record in enumerate(iterator):
            record[field_name] = function(values=record, counter=counter, random=chooser)
            yield record
    return generate


def randint(low: int, high: int, seed=None) -> Factory:
    return compute(lambda random, **_kw: random.randint(low, high), seed=seed)


def randfloat(low: float, high: float, seed=None) -> Factory:
    return compute(lambda random, **_kw: random.uniform(low, high), seed=seed)


def randdatetime(*, base_date: datetime.datetime | None = None,
                 relative_before: relativedelta | None = None,
                 relative_after: relativedelta | None = None, seed=None) -> Factory:
    """A random moment between ``base_date + relative_before`` and ``base_date + relative_after``
    (default: the last and next year around now)."""
    base = base_date or datetime.datetime.now().replace(microsecond=0)
    start = base + (relative_before if relative_before is not None else relativedelta(years=-1))
    end = base + (relative_after if relative_after is not None else relativedelta(years=1))
    span = int((end - start).total_seconds())

    def moment(random, **_kw):
        return start + datetime.timedelta(seconds=random.randint(0, max(span, 0)))
    return compute(moment, seed=seed)
