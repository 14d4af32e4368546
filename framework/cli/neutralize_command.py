"""``odoo-bin neutralize -d NAME``: make a copy of a production database safe to play with.

Runs the ``data/neutralize.sql`` script of each installed addon (Odoo 17's mechanism; see
``framework.service.neutralize``) in one transaction. ``--stdout`` prints the scripts instead,
to review them or to run them with psql.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence

from framework.config import config
from framework.db import DatabaseConnectError, admin, pool
from framework.service import neutralize

from .db_command import add_connection_flags, parse_with_connection
from .errors import CommandError
from .options import PROG


def run(args: Sequence[str]) -> int:
    """The ``neutralize`` command; returns the exit code."""
    parser = argparse.ArgumentParser(prog=f"{PROG} neutralize",
                                     description="Neutralize a database (a copy of production).")
    add_connection_flags(parser)
    parser.add_argument("-d", "--database", dest="db_name", required=True, metavar="NAME")
    parser.add_argument("--stdout", action="store_true",
                        help="print the SQL of the addons' neutralize scripts instead of running it")
    options = parse_with_connection(parser, args, "neutralize")
    if isinstance(options, int):
        return options
    try:
        address = pool.server_address(config)
        if not admin.database_exists(address, options.db_name):
            raise CommandError(f"database {options.db_name!r} does not exist at "
                               f"{address.describe()}")
        with pool.db_connect(options.db_name, address).cursor() as cr:
            if options.stdout:
                print("BEGIN;")
                for addon, query in neutralize.neutralization_queries(
                        neutralize.installed_addons(cr), config.addons_paths()):
                    print(f"-- {addon}\n{query.strip()}")
                print("COMMIT;")
                return 0
            done = neutralize.neutralize_database(cr, config.addons_paths())
            cr.commit()
    except DatabaseConnectError as exc:
        raise CommandError(str(exc)) from exc
    print(f"neutralized database {options.db_name} ({', '.join(done) or 'no script'})")
    return 0
