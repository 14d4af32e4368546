"""Odoo 17's registry change API: ``clear_cache(*names)``, the per-thread flags
``cache_invalidated``/``registry_invalidated``, ``signal_changes`` (the other processes
learn of changed models through ``base_registry_signaling``), ``reset_changes``,
``manage_changes``, test mode and ``check_signaling()``."""
from __future__ import annotations

import threading

import pytest

from framework.modules.registry_loader import load_registry
from framework.orm.registry import Registry
from tests.support.db import install


@pytest.fixture(scope="module")
def registry(make_db):
    return install(make_db, "test_regchanges_", ["base"])


def registry_sequence(registry) -> int:
    with registry.cursor() as cr:
        cr.execute("SELECT last_value FROM base_registry_signaling")
        return cr.fetchone()[0]


def test_clear_cache_records_the_names_this_thread_cleared(registry):
    registry.clear_cache("routing", "templates")
    try:
        assert registry.cache_invalidated == {"routing", "templates"}
        seen = []
        thread = threading.Thread(target=lambda: seen.append(set(registry.cache_invalidated)))
        thread.start()
        thread.join()
        assert seen == [set()]
    finally:
        registry.reset_changes()


def test_clear_cache_refuses_an_unknown_cache_name(registry):
    with pytest.raises(ValueError, match="unknown cache name.*'nope'.*default, assets"):
        registry.clear_cache("nope")


def test_reset_changes_takes_back_the_pending_cache_signal(registry):
    registry.clear_all_caches()
    assert registry.cache_clear_pending
    registry.reset_changes()
    assert not registry.cache_clear_pending and registry.cache_invalidated == set()


def test_signal_changes_tells_other_processes_to_load_the_models_again(registry):
    other = load_registry(registry.db_name, config=registry.config)   # "another process"
    try:
        assert Registry.registries[registry.db_name] is other
        other.check_signaling()
        before = registry_sequence(registry)
        registry.registry_invalidated = True
        registry.signal_changes()
        assert registry_sequence(registry) == before + 1
        assert not registry.registry_invalidated
        assert other.check_signaling() is other
        assert registry.db_name not in Registry.registries     # the next call loads it anew
    finally:
        Registry.registries[registry.db_name] = registry


def test_signal_changes_in_test_mode_leaves_the_database_alone(registry):
    before = registry_sequence(registry)
    cr = registry.cursor()
    registry.enter_test_mode(cr)
    try:
        assert registry.in_test_mode()
        registry.registry_invalidated = True
        registry.signal_changes()
        assert not registry.registry_invalidated
    finally:
        registry.leave_test_mode()
        cr.close()
    assert registry_sequence(registry) == before and not registry.in_test_mode()


def test_manage_changes_resets_the_models_when_the_block_raises(registry):
    name_field = registry["res.partner"]._fields["name"]
    with pytest.raises(RuntimeError, match="on purpose"):
        with registry.manage_changes():
            with registry.cursor() as cr:
                registry.setup_models(cr)
            assert registry.registry_invalidated
            raise RuntimeError("on purpose")
    assert not registry.registry_invalidated
    assert registry["res.partner"]._fields["name"] is not name_field    # set up once more


def test_manage_changes_signals_when_the_block_succeeds(registry):
    before = registry_sequence(registry)
    with registry.manage_changes():
        registry.registry_invalidated = True
    assert registry_sequence(registry) == before + 1
    assert not registry.registry_invalidated


def test_setup_models_of_a_loaded_registry_needs_a_cursor(registry):
    with pytest.raises(TypeError, match=r"setup_models\(cr\)"):
        registry.setup_models()
