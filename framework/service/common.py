"""The ``common`` service: ``version``, ``login``, ``authenticate``, ``about``."""
from __future__ import annotations

from .. import release
from ..exceptions import AccessDenied
from . import registries, security
from .unit_of_work import UnitOfWork, run


def dispatch(method: str, params: list, *, config=None, address: str | None = None) -> object:
    if method == "version":
        return version()
    if method == "login":
        return login(*params, config=config, address=address)
    if method == "authenticate":
        return authenticate(*params, config=config, address=address)
    if method == "about":
        return about(*params)
    if method == "set_loglevel":
        return True
    raise Exception(f"Method not found: {method}")


def version() -> dict:
    """Exactly Odoo's four keys, in Odoo's order."""
    return {
        "server_version": release.version,
        "server_version_info": list(release.version_info),
        "server_serie": release.serie,
        "protocol_version": 1,
    }


def about(extended: bool = False) -> object:
    info = "See http://openerp.com"
    return [info, release.version] if extended else info


def login(db: str, login_name: str, password: str, *, config=None, address=None) -> int | bool:
    return authenticate(db, login_name, password, {}, config=config, address=address)


def authenticate(db: str, login_name: str, password: str, user_agent_env: dict | None = None,
                 *, config=None, address=None) -> int | bool:
    """The uid, or False for bad credentials (never a fault, as in Odoo)."""
    registry = registries.registry(db, config)
    env = {**(user_agent_env or {}), "interactive": False}
    with UnitOfWork(registry) as work:
        try:
            return run(lambda: security.login(work.cr, login_name, password, user_agent_env=env,
                                              address=address), work)
        except AccessDenied:
            return False
