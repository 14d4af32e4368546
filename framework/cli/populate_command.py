"""``odoo-bin populate -d NAME --models M1,M2 --size medium``: Odoo 17's data generation.

Each model named (and, first, the models it depends on: ``_populate_dependencies``) makes
at least ``_populate_sizes[size]`` records from its ``_populate_factories`` (see
``odoo.tools.populate``); base generates partner tags, partners (companies and their
contacts) and users. Everything is committed; the benchmarks use it to fill a database.
"""
from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Sequence

from framework.config import config
from framework.db import DatabaseConnectError
from framework.logging_setup import odoo_logger_name

from .db_command import add_connection_flags, parse_with_connection
from .errors import CommandError
from .options import PROG

_logger = logging.getLogger(odoo_logger_name(__name__))

DEFAULT_MODELS = "res.partner.category,res.partner,res.users"


def run(args: Sequence[str]) -> int:
    """The ``populate`` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog=f"{PROG} populate", description=(
        "Fill a database with generated records, as Odoo 17's populate."))
    add_connection_flags(parser)
    parser.add_argument("-d", "--database", dest="db_name", required=True, metavar="NAME")
    parser.add_argument("--models", default=DEFAULT_MODELS, metavar="MODELS",
                        help=f"comma-separated models to populate (default: {DEFAULT_MODELS})")
    parser.add_argument("--size", choices=("small", "medium", "large"), default="small",
                        help="how many records: each model's _populate_sizes (default: small)")
    options = parse_with_connection(parser, args, "populate")
    if isinstance(options, int):
        return options
    from framework.modules.registry_loader import load_registry
    from framework.orm.environment import SUPERUSER_ID, Environment
    try:
        registry = load_registry(options.db_name, config=config)
    except DatabaseConnectError as exc:
        raise CommandError(str(exc)) from exc
    names = [name.strip() for name in options.models.split(",") if name.strip()]
    unknown = [name for name in names if name not in registry.models]
    if unknown:
        raise CommandError(f"populate: no model {', '.join(unknown)} in {options.db_name}; "
                           "check --models, or install the addon that defines it")
    counts = {}
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {"active_test": False})
        for name in _ordered(env, names):
            started = time.monotonic()
            records = env[name]._populate(options.size)
            cr.commit()
            counts[name] = len(records)
            _logger.info("populated %s: %d records in %.2fs", name, len(records),
                         time.monotonic() - started)
    for name, count in counts.items():
        print(f"{name}: {count} records")
    return 0


def _ordered(env, names: list[str]) -> list[str]:
    """``names`` with their ``_populate_dependencies`` first (named or not), each once."""
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return
        for dependency in getattr(env[name], "_populate_dependencies", ()):
            if dependency in env.registry.models:
                visit(dependency, (*path, name))
        ordered.append(name)

    for name in names:
        visit(name, ())
    return ordered
