"""``--load-language``, ``--i18n-export`` and ``--i18n-import``: run once the database is loaded.

``--load-language fr_FR,nl_NL`` activates the languages and loads the installed addons'
``i18n/<lang>.po`` translations of their records' translatable fields. ``--i18n-export FILE``
writes the terms of ``--modules`` (a ``.pot`` template, or a ``.po`` of ``-l LANG``).
``--i18n-import FILE -l LANG`` loads the translations of one ``.po`` file.
"""
from __future__ import annotations

import logging

from framework.config import Config
from framework.logging_setup import odoo_logger_name
from framework.tools import translate

from .errors import CommandError

_logger = logging.getLogger(odoo_logger_name(__name__))


def after_load(config: Config, new_database: bool = False) -> None:
    """Do what the i18n flags ask on the loaded database ``-d``.

    On a database this run created, the first language of ``--load-language`` becomes the
    language of its users and partners, as Odoo's ``res.lang.install_lang`` makes it the
    default at the creation of a database (new records then take their creator's).
    """
    languages = [code.strip() for code in str(config.get("load_language") or "").split(",")
                 if code.strip()]
    export_file, import_file = config.get("translate_out"), config.get("translate_in")
    if not (languages or export_file or import_file):
        return
    from framework.orm.environment import SUPERUSER_ID, Environment
    from framework.orm.registry import Registry
    registry = Registry.get(str(config["db_name"]))
    overwrite = bool(config.get("overwrite_existing_translations"))
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        installed = env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        for lang in languages:
            env["res.lang"]._activate_lang(lang)
            count = translate.load_addon_translations(env, installed, lang, overwrite=overwrite)
            _logger.info("language %s loaded (%d translated values)", lang, count)
        if new_database and languages:
            partners = env["res.partner"].with_context(active_test=False).search(
                ["|", ("lang", "=", False), ("lang", "=", "en_US")])
            partners.write({"lang": languages[0]})
            _logger.info("%s is the language of the %d users and partners of the new database",
                         languages[0], len(partners))
        if import_file:
            lang = _language(config, "--i18n-import")
            env["res.lang"]._activate_lang(lang)
            count = translate.import_po_file(env, str(import_file), lang, overwrite=overwrite)
            _logger.info("%s imported into %s: %d translated values", import_file, lang, count)
        if export_file:
            modules = [name for name in config.get("translate_modules") or ["all"]]
            if "all" in modules:
                modules = installed
            missing = sorted(set(modules) - set(installed))
            if missing:
                raise CommandError(f"--i18n-export: {', '.join(missing)} not installed in "
                                   f"{config['db_name']}; install them with -i first")
            lang = config.get("language") or None
            with open(str(export_file), "wb") as handle:
                handle.write(translate.export_terms(env, modules, lang))
            _logger.info("terms of %s written to %s", ", ".join(modules), export_file)


def _language(config: Config, flag: str) -> str:
    lang = config.get("language")
    if not lang:
        raise CommandError(f"{flag} needs the language of the file: add -l LANG (e.g. -l fr_FR)")
    return str(lang)
