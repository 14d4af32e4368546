"""``odoo-bin db``: Odoo 17's database commands, plus ``list``.

``init NAME`` creates a database with ``base`` (``--with-demo``, ``--language``,
``--username``, ``--password``, ``--country``), ``dump NAME [FILE]`` writes a backup (Odoo's
zip with the filestore, or ``--format dump``; standard output without a file), ``load
[NAME] FILE`` restores one (named after the file by default), ``duplicate SOURCE TARGET``
copies one, ``rename SOURCE TARGET``, ``drop NAME`` and ``list``. ``--force`` lets init,
load, duplicate and rename replace an existing target; ``-n/--neutralize`` neutralizes the
database that load or duplicate makes. The connection flags are the server's (``-c``,
``-D``, ``--db_host``...), read before the subcommand.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from framework.config import config, default_rcfile
from framework.db import DatabaseConnectError, admin, pool
from framework.service import db as db_service

from .errors import CommandError
from .options import PROG

#: The server flags that say where the databases are (config names).
CONNECTION = ("data_dir", "addons_path", "db_user", "db_password", "pg_path", "db_host",
              "db_port", "db_sslmode")


def add_connection_flags(parser: argparse.ArgumentParser) -> None:
    """``-c``, ``-D``, ``--addons-path`` and the ``--db_*`` flags, as the server spells them."""
    connection = parser.add_argument_group("Connection (as for the server)")
    connection.add_argument("-c", "--config", dest="config", metavar="FILE")
    connection.add_argument("-D", "--data-dir", dest="data_dir", metavar="DIR")
    connection.add_argument("--addons-path", dest="addons_path", metavar="DIRS")
    connection.add_argument("-r", "--db_user", dest="db_user", metavar="USER")
    connection.add_argument("-w", "--db_password", dest="db_password", metavar="PASSWORD")
    connection.add_argument("--pg_path", dest="pg_path", metavar="DIR")
    connection.add_argument("--db_host", dest="db_host", metavar="HOST")
    connection.add_argument("--db_port", dest="db_port", type=int, metavar="PORT")
    connection.add_argument("--db_sslmode", dest="db_sslmode", metavar="MODE")


def load_connection_config(options: argparse.Namespace) -> None:
    """Fill ``config`` from ``-c`` (or ~/.odoorc) and the connection flags; ValueError if bad."""
    flags = {key: getattr(options, key) for key in CONNECTION
             if getattr(options, key, None) is not None}
    rcfile = options.config or None
    if rcfile and not os.path.exists(rcfile):
        raise ValueError(f"config file {rcfile} does not exist; fix -c")
    if not rcfile and os.path.exists(default_rcfile()):
        rcfile = default_rcfile()
    config.load(flags, rcfile)
    config.addons_paths()               # ValueError naming a missing directory


def parse_with_connection(parser: argparse.ArgumentParser, args: Sequence[str],
                          command: str) -> argparse.Namespace | int:
    """Parse ``args`` and load the connection flags into ``config``; the exit code (2) of a
    usage error instead, its message printed."""
    try:
        options = parser.parse_args(list(args))
        load_connection_config(options)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    except ValueError as exc:
        print(f"{PROG} {command}: error: {exc}", file=sys.stderr)
        return 2
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{PROG} db", description=(
        "Create, dump, load, duplicate, rename, drop or list databases."))
    add_connection_flags(parser)
    commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create a database with base installed")
    init.add_argument("database")
    init.add_argument("--with-demo", action="store_true", help="install the demo data")
    init.add_argument("--force", action="store_true", help="drop the database first if it exists")
    init.add_argument("--language", default="en_US", help="language of the admin (default en_US)")
    init.add_argument("--username", default="admin", help="login of the admin (default admin)")
    init.add_argument("--password", default="admin", help="password of the admin (default admin)")
    init.add_argument("--country", help="country code of the main company")

    dump = commands.add_parser("dump", help="write a backup of a database")
    dump.add_argument("database")
    dump.add_argument("dump_path", nargs="?", help="file to write (default: standard output)")
    dump.add_argument("--format", choices=("zip", "dump"), default="zip",
                      help="zip: Odoo's backup with the filestore (default); dump: pg_dump's "
                           "custom format, without the filestore")

    load = commands.add_parser("load", help="restore a backup into a new database")
    load.add_argument("database", nargs="?", help="default: the file name without extension")
    load.add_argument("dump_file")
    load.add_argument("-f", "--force", action="store_true", help="drop the database first if it exists")
    load.add_argument("-n", "--neutralize", action="store_true", help="neutralize the database")

    duplicate = commands.add_parser("duplicate", help="copy a database (and its filestore)")
    duplicate.add_argument("source")
    duplicate.add_argument("target")
    duplicate.add_argument("-f", "--force", action="store_true", help="drop the target first if it exists")
    duplicate.add_argument("-n", "--neutralize", action="store_true", help="neutralize the copy")

    rename = commands.add_parser("rename", help="rename a database (and its filestore)")
    rename.add_argument("source")
    rename.add_argument("target")
    rename.add_argument("-f", "--force", action="store_true", help="drop the target first if it exists")

    drop = commands.add_parser("drop", help="delete a database and its filestore")
    drop.add_argument("database")

    commands.add_parser("list", help="list the databases of the server")
    return parser


def run(args: Sequence[str]) -> int:
    """The ``db`` command; returns the exit code."""
    options = parse_with_connection(build_parser(), args, "db")
    if isinstance(options, int):
        return options
    config["list_db"] = True            # the command line manages databases whatever HTTP shows
    try:
        return ACTIONS[options.subcommand](options)
    except (ValueError, RuntimeError, NotImplementedError, DatabaseConnectError) as exc:
        raise CommandError(f"db {options.subcommand}: {exc}") from exc


def _address():
    return pool.server_address(config)


def _exists(name: str) -> bool:
    return admin.database_exists(_address(), name)


def _make_room(name: str, force: bool) -> None:
    """Refuse an existing ``name``, or drop it with ``--force``."""
    if not _exists(name):
        return
    if not force:
        raise ValueError(f"database {name!r} already exists; add --force to replace it")
    db_service.drop_database(config, name)


def _init(options) -> int:
    _make_room(options.database, options.force)
    db_service.exp_create_database(config, options.database, demo=options.with_demo,
                                   lang=options.language, user_password=options.password,
                                   login=options.username, country_code=options.country)
    print(f"created database {options.database}")
    return 0


def _dump(options) -> int:
    if not _exists(options.database):
        raise ValueError(f"database {options.database!r} does not exist")
    if options.dump_path:
        with open(options.dump_path, "wb") as stream:
            db_service.dump_db(config, options.database, stream, options.format)
        print(f"wrote {options.dump_path}", file=sys.stderr)
    else:
        db_service.dump_db(config, options.database, sys.stdout.buffer, options.format)
    return 0


def _load(options) -> int:
    name = options.database or os.path.splitext(os.path.basename(options.dump_file))[0]
    if not os.path.isfile(options.dump_file):
        raise ValueError(f"no backup file {options.dump_file}")
    _make_room(name, options.force)
    db_service.restore_db(config, name, options.dump_file, copy=True)
    if options.neutralize:
        db_service.neutralize(config, name)
    print(f"loaded {options.dump_file} into database {name}")
    return 0


def _duplicate(options) -> int:
    if not _exists(options.source):
        raise ValueError(f"database {options.source!r} does not exist")
    _make_room(options.target, options.force)
    db_service.exp_duplicate_database(config, options.source, options.target,
                                      neutralize_database=options.neutralize)
    print(f"copied database {options.source} to {options.target}")
    return 0


def _rename(options) -> int:
    if not _exists(options.source):
        raise ValueError(f"database {options.source!r} does not exist")
    _make_room(options.target, options.force)
    db_service.exp_rename(config, options.source, options.target)
    print(f"renamed database {options.source} to {options.target}")
    return 0


def _drop(options) -> int:
    if not _exists(options.database):
        raise ValueError(f"database {options.database!r} does not exist")
    db_service.drop_database(config, options.database)
    print(f"dropped database {options.database}")
    return 0


def _list(options) -> int:
    for name in admin.list_databases(_address()):
        print(name)
    return 0


ACTIONS = {"init": _init, "dump": _dump, "load": _load, "duplicate": _duplicate,
           "rename": _rename, "drop": _drop, "list": _list}
