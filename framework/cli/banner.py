"""The start-up lines of ``odoo-bin``, as Odoo's: version, config file, addons paths, database.

Logged under the ``odoo`` logger, like Odoo's own (``odoo: Odoo version 17.0``), so that
log greps keep working; the embedded PostgreSQL, which Odoo does not have, gets a line of
its own naming the data dir it runs in. Then one warning per option set that has no
effect here (``options.no_effect_lines``).
"""
from __future__ import annotations

import logging

from framework import release
from framework.config import Config
from framework.db import ServerAddress
from framework.logging_setup import odoo_logger_name

from .options import no_effect_lines

_logger = logging.getLogger(odoo_logger_name(__name__))


def report_configuration(config: Config, address: ServerAddress | None) -> None:
    """Log the banner, then the options without effect."""
    _logger.info("Odoo version %s (%s)", release.version, release.description)
    if config.get("config"):
        _logger.info("Using configuration file at %s", config["config"])
    _logger.info("addons paths: %s", config.addons_paths())
    if address is not None:
        embedded = not config.get("db_host") and address.host and str(address.host).startswith("/")
        _logger.info("database: %s@%s:%s", address.user or "default", address.host or "default",
                     address.port or "default")
        if embedded:
            _logger.info("embedded PostgreSQL in data dir %s", config["data_dir"])
    if config.get("db_name"):
        _logger.info("database name: %s", config["db_name"])
    if config.get("dev_mode"):
        _logger.info("developer mode: %s", ",".join(map(str, config["dev_mode"])))
    for line in no_effect_lines(config):
        _logger.warning("%s", line)
