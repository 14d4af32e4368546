"""Load a database's registry: import addons in order, assemble models, sync schema, install.

The work is a few named steps, run once per addon in load order:

1. ``import odoo.addons.<addon>`` (definitions register themselves with ``MetaModel``);
2. ``registry.load`` (``build_model`` for each of its classes), then ``registry.setup_models``;
3. for an addon being installed or upgraded: ``registry.init_models`` (schema sync,
   reflection into ``ir.model``...), data, hooks, then its ``ir.module.module`` state,
   committed.

A run that installed or updated addons bumps the registry signaling at its end, so that
other processes serving the database load the new models.
"""
from __future__ import annotations

import importlib
import logging
import time

from .. import compat
from ..db import pool
from ..logging_setup import odoo_logger_name
from ..orm.environment import SUPERUSER_ID, Environment
from ..orm.registry import Registry
from ..orm.shared_cache import create_signaling_sequence, read_registry_sequence
from . import access_check, data_files, demo, missing, reflection
from .graph import dependents, install_closure, load_order
from .manifest import find_addons

_logger = logging.getLogger(odoo_logger_name(__name__))


def load_registry(db_name: str, *, install=(), update=(), without_demo=None, config=None,
                  tests=None) -> Registry:
    """The registry of ``db_name``, after installing ``install`` and upgrading ``update``.

    ``update`` may contain ``"all"``. ``without_demo`` is True, ``"all"`` or a list of addons
    (default: the config's ``without_demo``).
    ``tests`` (``framework.testing.TestRunner`` for ``--test-enable``) is called after each
    addon is installed/updated (``at_install``) and once all are loaded (``post_install``).
    """
    if config is None:
        from ..config import config
    paths = config.addons_paths()
    if without_demo is None:
        without_demo = config.get("without_demo") or False
    compat.install(paths)
    manifests = find_addons(paths)
    database = pool.db_connect(db_name, pool.server_address(config))
    registry = Registry(db_name, database)
    registry.config = config
    registry.manifests = manifests
    with Registry._lock:
        previous = Registry.registries.get(db_name)
        Registry.registries[db_name] = registry
        try:
            with database.cursor() as cr:
                loading = _Loading(cr, registry, manifests, without_demo, tests)
                loading.run(set(install), set(update))
            if tests is not None and loading.changed:          # -- test hook: post_install
                tests.post_install(registry, loading.changed)
        except BaseException:
            if previous is None:
                Registry.registries.pop(db_name, None)
            else:
                Registry.registries[db_name] = previous
            raise
    return registry


class _Loading:
    """One run of the loader on one cursor."""

    def __init__(self, cr, registry: Registry, manifests: dict, without_demo, tests=None) -> None:
        self.cr, self.registry, self.manifests = cr, registry, manifests
        self.without_demo = without_demo
        self.tests = tests                      # the test runner of --test-enable, or None
        self.changed: set[str] = set()          # addons installed or updated by this run
        self.total = 0                          # addons to load, for the log's progress

    def env(self) -> Environment:
        return Environment(self.cr, SUPERUSER_ID, {})

    def run(self, install: set, update: set) -> None:
        started = time.monotonic()
        create_signaling_sequence(self.cr)
        self.registry.registry_sequence = read_registry_sequence(self.cr)
        installed = reflection.installed_modules(self.cr)
        fresh = installed is None
        installed = missing.loadable(set(installed or ()), self.manifests)
        requested = set(install) | ({"base"} if fresh else set())
        to_install = install_closure(self.manifests, requested, installed) if requested else set()
        if "all" in update:
            update = set(installed)
        to_update = (dependents(self.manifests, update & set(self.manifests), installed) & installed) \
            if update else set()
        order = load_order(self.manifests, installed | to_install)
        self.changed = to_install | to_update
        self.total = len(order)
        for addon in order:
            self.load_addon(addon, install=addon in to_install, update=addon in to_update)
        if to_install or to_update:     # delete records the addons' data no longer defines
            data_files.process_end(self.env(), to_install | to_update)
            access_check.warn_models_without_access(self.env())
        env = self.env()
        for model_name in list(self.registry.models):       # once, every addon loaded (as Odoo)
            env[model_name]._register_hook()
        self.registry.ready = True
        self.registry.shared_cache_enabled = True
        env = self.env()
        env.flush_all()
        # the other processes load the models this run changed
        self.registry.registry_invalidated = bool(to_install or to_update)
        self.registry.signal_changes()
        if to_install or to_update:
            _logger.info("%d modules loaded in %.2fs (installed: %s; updated: %s)", len(order),
                         time.monotonic() - started, ", ".join(sorted(to_install)) or "-",
                         ", ".join(sorted(to_update)) or "-")
        else:
            _logger.info("%d modules loaded in %.2fs", len(order), time.monotonic() - started)

    def load_addon(self, addon: str, install: bool, update: bool) -> None:
        manifest = self.manifests[addon]
        module = importlib.import_module(f"odoo.addons.{addon}")
        if install and manifest.pre_init_hook:
            self._hook(module, manifest.pre_init_hook)
        env = self.env()
        env.flush_all()
        self.registry.load(self.cr, addon)
        self.registry.setup_models(self.cr)
        # the loader tells its changes once, at the end of the run (signal_changes); tests
        # run at install must not set the models up again for them (reset_changes)
        self.registry.registry_invalidated = False
        self.registry.loaded_modules.append(addon)
        env.transaction.clear()
        if not (install or update):
            return
        _logger.info("%s module %s (%d/%d)", "installing" if install else "updating", addon,
                     len(self.registry.loaded_modules), self.total)
        self.registry.init_models(self.cr, list(self.registry.models), {"module": addon})
        env = self.env()
        if addon == "base" and install:
            reflection.bootstrap_module_list(env, self.manifests)
        with_demo = demo.wanted(self.cr, addon, manifest.depends, install=install,
                                without_demo=self.without_demo)
        self._load_data(env, addon, manifest, install, with_demo)
        if install and manifest.post_init_hook:
            self._hook(module, manifest.post_init_hook)
        env.flush_all()
        reflection.mark_installed(env, addon, manifest, with_demo)
        self.cr.commit()
        if self.tests is not None:                              # -- test hook: at_install
            self.tests.at_install(self.registry, addon)

    def _load_data(self, env, addon: str, manifest, install: bool, with_demo: bool) -> None:
        init = getattr(importlib.import_module(f"odoo.addons.{addon}"), "_init_data", None)
        if install and callable(init):
            init(env)
        files = list(manifest.data)
        if with_demo:
            files += list(manifest.demo)
        if not files:
            return
        data_files.load_files(env, addon, manifest, files, install)

    def _hook(self, module, name: str) -> None:
        hook = getattr(module, name, None)
        if not callable(hook):
            raise AttributeError(f"{module.__name__}: hook {name!r} named in the manifest is not "
                                 f"a function of the addon's package")
        hook(self.env())
