"""The ``db`` service: list, create, duplicate, drop, dump and restore databases; master password checks.

``dump``/``restore`` run PostgreSQL's own programs (``pg_dump``, ``psql``, ``pg_restore``:
the embedded server's copies, else those on PATH) and use Odoo's zip layout.

Methods other than ``db_exist``, ``list``, ``list_lang`` and ``server_version`` take the
master password (``admin_passwd``) first; database management is refused altogether when
``list_db`` is off, as in Odoo.
"""
from __future__ import annotations

import base64
import csv
import hmac
import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
import uuid
import zipfile

from passlib.context import CryptContext

from .. import release
from ..db import admin as db_admin
from ..db import pool
from ..exceptions import AccessDenied
from ..logging_setup import odoo_logger_name
from ..orm.environment import Environment
from . import registries

_logger = logging.getLogger(odoo_logger_name(__name__))

_ADMIN_PASSWD_CONTEXT = CryptContext(["pbkdf2_sha512", "plaintext"], deprecated=["plaintext"])

#: The base addon's data files: the languages and countries a new database can start with.
_BASE_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "addons", "base", "data")


def _data_pairs(filename: str, key: str, transform=lambda value: value) -> list[list[str]]:
    """``[[transform(key), name]]`` of a base data CSV file, by name (Odoo's lists)."""
    with open(os.path.join(_BASE_DATA, filename), encoding="utf-8", newline="") as handle:
        rows = [[transform(row[key]), row["name"]] for row in csv.DictReader(handle)]
    return sorted(rows, key=lambda pair: pair[1])


_NO_MASTER = ("db_exist", "list", "list_lang", "server_version")


def dispatch(method: str, params: list, *, config) -> object:
    if method in _NO_MASTER:
        return _METHODS[method](config, *params)
    if method not in _METHODS:
        raise KeyError(f"Method not found: {method}")
    if not params:
        raise AccessDenied()
    check_super(config, params[0])
    return _METHODS[method](config, *params[1:])


def check_super(config, password: str) -> bool:
    """Raise AccessDenied unless ``password`` is the master password (plain or hashed)."""
    stored = str(config.get("admin_passwd") or "")
    if password and stored and isinstance(password, str):
        if stored.startswith("$pbkdf2"):
            if _ADMIN_PASSWD_CONTEXT.verify(password, stored):
                return True
        elif hmac.compare_digest(stored.encode(), password.encode()):
            return True
    raise AccessDenied()


def _check_management_enabled(config) -> None:
    if not config.get("list_db", True):
        _logger.error("database management functions blocked, admin disabled database listing")
        raise AccessDenied()


# -- no master password -----------------------------------------------------------------------

_list_cache: dict[tuple, tuple[float, list[str]]] = {}
LIST_CACHE_SECONDS = 5.0


def list_dbs(config, force: bool = False) -> list[str]:
    """The databases this server exposes (``-d`` names, else every database on the server)."""
    if not config.get("list_db", True) and not force:
        raise AccessDenied()
    if not config.get("dbfilter") and config.get("db_name"):
        return sorted(name.strip() for name in str(config["db_name"]).split(",") if name.strip())
    address = registries.server_address(config)
    now = time.monotonic()
    cached = _list_cache.get(address)
    if cached and now - cached[0] < LIST_CACHE_SECONDS:
        return list(cached[1])
    names = db_admin.list_databases(address)
    _list_cache[address] = (now, names)
    return list(names)


def forget_list_cache() -> None:
    _list_cache.clear()


def exp_list(config, document: bool = False) -> list[str]:
    if not config.get("list_db", True):
        raise AccessDenied()
    return list_dbs(config)


def exp_db_exist(config, db_name: str) -> bool:
    if not isinstance(db_name, str) or not db_name:
        return False                    # not a name: no such database (never sent to SQL)
    return db_admin.database_exists(pool.server_address(config), db_name)


def exp_list_lang(config) -> list[list[str]]:
    """Every language a database can be created in, ``[[code, name]]`` sorted by name."""
    return _data_pairs("res.lang.csv", "code")


def exp_list_countries(config) -> list[list[str]]:
    """Every country, ``[[code in lower case, name]]`` sorted by name (master password first)."""
    return _data_pairs("res.country.csv", "code", str.lower)


def exp_server_version(config) -> str:
    return release.version


# -- master password --------------------------------------------------------------------------

def exp_create_database(config, db_name: str, demo: bool = False, lang: str = "en_US",
                        user_password: str = "admin", login: str = "admin",
                        country_code: str | None = None, phone: str | None = None) -> bool:
    _check_management_enabled(config)
    from ..modules.registry_loader import load_registry
    address = pool.server_address(config)
    db_admin.create_database(address, db_name, template=str(config.get("db_template") or "template0"))
    forget_list_cache()
    try:
        registry = load_registry(db_name, install=["base"], without_demo=not demo, config=config)
        with registry.cursor() as cr:
            env = Environment(cr, 1, {})
            admin = env["res.users"].browse(2)
            values = {"password": user_password, "login": login or "admin"}
            if lang and lang != "en_US" and "res.lang" in env:
                lang_record = env["res.lang"].with_context(active_test=False).search(
                    [("code", "=", lang)], limit=1)
                if lang_record:
                    lang_record.active = True
                    values["lang"] = lang
            if "@" in (login or ""):
                values["email"] = login
            admin.write(values)
            if country_code:
                country = env["res.country"].search([("code", "ilike", country_code)], limit=1)
                if country:
                    env["res.company"].browse(1).partner_id.country_id = country.id
            if phone:
                env["res.company"].browse(1).partner_id.phone = phone
    except BaseException:
        registries.forget(db_name)
        db_admin.drop_database(address, db_name)
        raise
    _logger.info("created database %s (login %s)", db_name, login)
    return True


def exp_duplicate_database(config, db_original_name: str, db_name: str,
                           neutralize_database: bool = False) -> bool:
    _check_management_enabled(config)
    address = pool.server_address(config)
    _disconnect_others(config, db_original_name)
    db_admin.create_database(address, db_name, template=db_original_name)
    forget_list_cache()
    with pool.db_connect(db_name, address).cursor() as cr:
        _renew_identity(cr)
    if os.path.isdir(_filestore(config, db_original_name)):
        shutil.copytree(_filestore(config, db_original_name), _filestore(config, db_name))
    if neutralize_database:
        neutralize(config, db_name)
    return True


def exp_drop(config, db_name: str) -> bool:
    _check_management_enabled(config)
    if db_name not in list_dbs(config, force=True):
        return False
    drop_database(config, db_name)
    return True


def drop_database(config, db_name: str) -> None:
    """Drop ``db_name`` and its filestore (as Odoo's ``db.drop``)."""
    registries.forget(db_name)
    db_admin.drop_database(pool.server_address(config), db_name)
    shutil.rmtree(_filestore(config, db_name), ignore_errors=True)
    forget_list_cache()


def exp_rename(config, old_name: str, new_name: str) -> bool:
    """Rename a database and its filestore."""
    _check_management_enabled(config)
    registries.forget(old_name)
    db_admin.rename_database(pool.server_address(config), old_name, new_name)
    if os.path.isdir(_filestore(config, old_name)):
        shutil.move(_filestore(config, old_name), _filestore(config, new_name))
    forget_list_cache()
    return True


def neutralize(config, db_name: str) -> list[str]:
    """Run the installed addons' neutralize scripts on ``db_name``; the addons that had one."""
    from .neutralize import neutralize_database as run_scripts
    with pool.db_connect(db_name, pool.server_address(config)).cursor() as cr:
        done = run_scripts(cr, config.addons_paths())
        cr.commit()
    return done


def exp_change_admin_password(config, new_password: str) -> bool:
    config["admin_passwd"] = new_password
    if config.get("config"):
        config.save()
    return True


def exp_migrate_databases(config, databases: list[str]) -> bool:
    _check_management_enabled(config)
    from ..modules.registry_loader import load_registry
    for name in databases:
        registries.forget(name)
        load_registry(name, update=["base"], config=config)
    return True


# -- dump and restore (pg_dump / psql / pg_restore) --------------------------------------------

def pg_tool(name: str, config=None) -> str:
    """Path of a PostgreSQL client program: in ``--pg_path`` when set, else the embedded
    server's (the newest we ship), else on PATH."""
    pg_path = (config or {}).get("pg_path")
    if pg_path:
        path = os.path.join(os.path.expanduser(str(pg_path)), name)
        if not os.access(path, os.X_OK):
            raise NotImplementedError(f"--pg_path {pg_path}: no program {name} there")
        return path
    try:
        import pgserver
        bundled = os.path.join(os.path.dirname(pgserver.__file__), "pginstall", "bin", name)
        if os.access(bundled, os.X_OK):
            return bundled
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise NotImplementedError(f"db dump/restore needs the PostgreSQL program {name}, which is "
                                  "neither shipped with the embedded server nor on PATH")
    return found


def _pg_env(config) -> dict[str, str]:
    address = registries.server_address(config)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, value in (("PGHOST", address.host), ("PGPORT", address.port), ("PGUSER", address.user),
                       ("PGPASSWORD", address.password)):
        if value is not None:
            env[key] = str(value)
    return env


def _run(config, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=_pg_env(config), capture_output=True, **kwargs)
    if result.returncode:
        message = result.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"{os.path.basename(args[0])} failed ({result.returncode}): {message[-2000:]}")
    return result


def _filestore(config, db_name: str) -> str:
    return os.path.join(str(config.get("data_dir")), "filestore", db_name)


def dump_db(config, db_name: str, stream, backup_format: str = "zip") -> None:
    """Write a backup of ``db_name`` to ``stream``: Odoo's zip (``dump.sql``, ``manifest.json``,
    ``filestore/``) or, with ``backup_format='dump'``, pg_dump's custom format."""
    if backup_format == "dump":
        stream.write(_run(config, [pg_tool("pg_dump", config), "--no-owner", "--format=c", db_name]).stdout)
        return
    if backup_format != "zip":
        raise ValueError(f"unknown backup format {backup_format!r}; use 'zip' or 'dump'")
    sql = _run(config, [pg_tool("pg_dump", config), "--no-owner", db_name]).stdout
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr("dump.sql", sql)
        archive.writestr("manifest.json", json.dumps(_dump_manifest(config, db_name), indent=4))
        store = _filestore(config, db_name)
        for root, _dirs, files in os.walk(store):
            for name in files:
                path = os.path.join(root, name)
                archive.write(path, os.path.join("filestore", os.path.relpath(path, store)))


def _dump_manifest(config, db_name: str) -> dict:
    with pool.db_connect(db_name, registries.server_address(config)).cursor() as cr:
        cr.execute("SELECT name, latest_version FROM ir_module_module WHERE state = 'installed'")
        modules = dict(cr.fetchall())
        cr.execute("SHOW server_version_num")
        pg_version = int(cr.fetchone()[0])
    return {"odoo_dump": "1", "db_name": db_name, "version": release.version,
            "version_info": list(release.version_info), "major_version": release.serie,
            "pg_version": f"{pg_version // 10000}.{pg_version % 100}", "modules": modules}


def restore_db(config, db_name: str, dump_file: str, copy: bool = False) -> None:
    """Create ``db_name`` from a backup file (zip or pg_dump custom format)."""
    address = registries.server_address(config)
    if db_admin.database_exists(address, db_name):
        raise ValueError(f"database {db_name!r} already exists; drop it or pick another name")
    db_admin.create_database(address, db_name)
    forget_list_cache()
    try:
        if zipfile.is_zipfile(dump_file):
            with tempfile.TemporaryDirectory() as folder:
                with zipfile.ZipFile(dump_file) as archive:
                    members = [m for m in archive.namelist() if m == "dump.sql" or m.startswith("filestore/")]
                    archive.extractall(folder, members)
                _run(config, [pg_tool("psql", config), "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=0",
                              "-d", db_name, "-f", os.path.join(folder, "dump.sql")])
                store = os.path.join(folder, "filestore")
                if os.path.isdir(store):
                    shutil.copytree(store, _filestore(config, db_name), dirs_exist_ok=True)
        else:
            _run(config, [pg_tool("pg_restore", config), "--no-owner", "-d", db_name, dump_file])
        with pool.db_connect(db_name, address).cursor() as cr:
            cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
            if not cr.fetchone()[0]:
                raise ValueError("the backup holds no Odoo database (no ir_module_module table)")
            if copy:
                _renew_identity(cr)
    except BaseException:
        registries.forget(db_name)
        db_admin.drop_database(address, db_name)
        raise
    _logger.info("restored database %s", db_name)


def exp_dump(config, db_name: str, backup_format: str = "zip") -> str:
    """The backup of ``db_name``, base64-encoded (as Odoo answers over RPC)."""
    _check_management_enabled(config)
    if db_name not in list_dbs(config, force=True):
        raise ValueError(f"database {db_name!r} does not exist")
    buffer = io.BytesIO()
    dump_db(config, db_name, buffer, backup_format)
    _logger.info("dumped database %s (%s, %d bytes)", db_name, backup_format, buffer.tell())
    return base64.b64encode(buffer.getvalue()).decode()


def exp_restore(config, db_name: str, data: str, copy: bool = False) -> bool:
    _check_management_enabled(config)
    with tempfile.NamedTemporaryFile(suffix=".backup") as handle:
        handle.write(base64.b64decode(data))
        handle.flush()
        restore_db(config, db_name, handle.name, copy=copy)
    return True


def _unsupported(name: str):
    def method(config, *args):
        raise NotImplementedError(f"db.{name} is not supported by this server")
    return method


def _disconnect_others(config, db_name: str) -> None:
    """Close our pools on ``db_name`` and end other sessions (CREATE ... TEMPLATE needs that)."""
    address = pool.server_address(config)
    registries.forget(db_name)
    database = pool.db_connect(db_name, address)
    with database.cursor() as cr:
        cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE datname = %s AND pid <> pg_backend_pid()", (db_name,))
    pool.close_db(db_name, address)


_METHODS = {
    "list": exp_list, "db_exist": exp_db_exist, "list_lang": exp_list_lang,
    "server_version": exp_server_version, "create_database": exp_create_database,
    "duplicate_database": exp_duplicate_database, "drop": exp_drop, "rename": exp_rename,
    "change_admin_password": exp_change_admin_password,
    "migrate_databases": exp_migrate_databases,
    "dump": exp_dump, "restore": exp_restore,
    "list_countries": exp_list_countries,
}


def _renew_identity(cr) -> None:
    """A copy of a database gets its own ``database.secret`` and ``database.uuid`` (Odoo
    renews them too): sessions and tokens of the original are worth nothing in the copy."""
    for key, value in (("database.secret", str(uuid.uuid4())), ("database.uuid", str(uuid.uuid1()))):
        cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s) "
                   "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value))
