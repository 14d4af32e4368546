"""The ``db`` service: list, create, duplicate, drop databases; master password checks.

Methods other than ``db_exist``, ``list``, ``list_lang`` and ``server_version`` take the
master password (``admin_passwd``) first; database management is refused altogether when
``list_db`` is off, as in Odoo.
"""
from __future__ import annotations

import hmac
import logging
import time

from passlib.context import CryptContext

from .. import release, sql_db
from ..exceptions import AccessDenied
from ..orm.environment import Environment
from . import registries

_logger = logging.getLogger(__name__)

_ADMIN_PASSWD_CONTEXT = CryptContext(["pbkdf2_sha512", "plaintext"], deprecated=["plaintext"])

#: Languages ``list_lang`` offers (code, name); the server only ships English data.
LANGUAGES = [
    ("en_US", "English (US)"), ("en_GB", "English (UK)"), ("fr_FR", "French / Français"),
    ("fr_BE", "French (BE) / Français (BE)"), ("nl_NL", "Dutch / Nederlands"),
    ("nl_BE", "Dutch (BE) / Nederlands (BE)"), ("de_DE", "German / Deutsch"),
    ("es_ES", "Spanish / Español"), ("it_IT", "Italian / Italiano"),
    ("pt_BR", "Portuguese (BR) / Português (BR)"),
]

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
    address = sql_db.server_address(config)
    now = time.monotonic()
    cached = _list_cache.get(address)
    if cached and now - cached[0] < LIST_CACHE_SECONDS:
        return list(cached[1])
    names = sql_db.list_databases(address)
    _list_cache[address] = (now, names)
    return list(names)


def forget_list_cache() -> None:
    _list_cache.clear()


def exp_list(config, document: bool = False) -> list[str]:
    if not config.get("list_db", True):
        raise AccessDenied()
    return list_dbs(config)


def exp_db_exist(config, db_name: str) -> bool:
    return sql_db.database_exists(sql_db.server_address(config), db_name)


def exp_list_lang(config) -> list[list[str]]:
    return [list(pair) for pair in LANGUAGES]


def exp_server_version(config) -> str:
    return release.version


# -- master password --------------------------------------------------------------------------

def exp_create_database(config, db_name: str, demo: bool = False, lang: str = "en_US",
                        user_password: str = "admin", login: str = "admin",
                        country_code: str | None = None, phone: str | None = None) -> bool:
    _check_management_enabled(config)
    from ..modules.loader import load_registry
    address = sql_db.server_address(config)
    sql_db.create_database(address, db_name, template=str(config.get("db_template") or "template0"))
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
        sql_db.drop_database(address, db_name)
        raise
    _logger.info("created database %s (login %s)", db_name, login)
    return True


def exp_duplicate_database(config, db_original_name: str, db_name: str,
                           neutralize_database: bool = False) -> bool:
    _check_management_enabled(config)
    address = sql_db.server_address(config)
    _disconnect_others(config, db_original_name)
    sql_db.create_database(address, db_name, template=db_original_name)
    forget_list_cache()
    with sql_db.db_connect(db_name, address).cursor() as cr:
        cr.execute("DELETE FROM ir_config_parameter WHERE key IN ('database.uuid', 'database.secret')")
        if neutralize_database:
            cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('database.is_neutralized', 'True') "
                       "ON CONFLICT (key) DO UPDATE SET value = 'True'")
    return True


def exp_drop(config, db_name: str) -> bool:
    _check_management_enabled(config)
    if db_name not in list_dbs(config, force=True):
        return False
    registries.forget(db_name)
    sql_db.drop_database(sql_db.server_address(config), db_name)
    forget_list_cache()
    return True


def exp_change_admin_password(config, new_password: str) -> bool:
    config["admin_passwd"] = new_password
    if config.get("config"):
        config.save()
    return True


def exp_migrate_databases(config, databases: list[str]) -> bool:
    _check_management_enabled(config)
    from ..modules.loader import load_registry
    for name in databases:
        registries.forget(name)
        load_registry(name, update=["base"], config=config)
    return True


def _unsupported(name: str):
    def method(config, *args):
        raise NotImplementedError(f"db.{name} is not supported by this server; use pg_dump/pg_restore "
                                  "and the filestore directly")
    return method


def _disconnect_others(config, db_name: str) -> None:
    """Close our pools on ``db_name`` and end other sessions (CREATE ... TEMPLATE needs that)."""
    address = sql_db.server_address(config)
    registries.forget(db_name)
    database = sql_db.db_connect(db_name, address)
    with database.cursor() as cr:
        cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE datname = %s AND pid <> pg_backend_pid()", (db_name,))
    sql_db.close_db(db_name, address)


_METHODS = {
    "list": exp_list, "db_exist": exp_db_exist, "list_lang": exp_list_lang,
    "server_version": exp_server_version, "create_database": exp_create_database,
    "duplicate_database": exp_duplicate_database, "drop": exp_drop, "rename": _unsupported("rename"),
    "change_admin_password": exp_change_admin_password,
    "migrate_databases": exp_migrate_databases,
    "dump": _unsupported("dump"), "restore": _unsupported("restore"),
    "list_countries": _unsupported("list_countries"),
}
