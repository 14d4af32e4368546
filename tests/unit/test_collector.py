"""The garbage collector's configuration of a server process (framework.service.collector):
applied by ``odoo-bin`` once the registry is loaded, kept at CPython's defaults with
``--collector default``, inherited by gunicorn workers; ``paused()`` across threads."""
from __future__ import annotations

import gc
import threading

import pytest

from framework.cli import i18n, options, server
from framework.config import Config
from framework.http import serving
from framework.service import collector


class RecordingGC:
    """Stands for the ``gc`` module in ``collector``: records what is asked of it."""

    def __init__(self, events: list) -> None:
        self.events = events
        self.threshold = (700, 10, 10)

    def set_threshold(self, *values: int) -> None:
        self.threshold = values
        self.events.append(("set_threshold", values))

    def get_threshold(self) -> tuple:
        return self.threshold

    def collect(self) -> int:
        self.events.append("collect")
        return 0

    def freeze(self) -> None:
        self.events.append("freeze")

    def get_freeze_count(self) -> int:
        return 1

    def enable(self) -> None:
        self.events.append("enable")


@pytest.fixture
def events(monkeypatch) -> list:
    """The server command with its loading and serving replaced by records of their calls."""
    events: list = []
    monkeypatch.setattr(collector, "gc", RecordingGC(events))
    monkeypatch.setattr(server, "report_configuration", lambda config, address: None)
    monkeypatch.setattr(server.pool, "server_address", lambda config: None)
    monkeypatch.setattr(server, "load_database", lambda *args, **kwargs: events.append("load") or False)
    monkeypatch.setattr(i18n, "after_load", lambda config, new_database: None)
    monkeypatch.setattr(server, "serve", lambda config, address: events.append("serve") or 0)
    return events


def server_config(**values) -> Config:
    config = Config()
    config["db_name"] = "shop"
    config.update(values)
    return config


def test_the_server_sets_the_thresholds_and_freezes_after_loading_before_serving(events):
    assert server.run(server_config()) == 0
    assert events == ["load", ("set_threshold", collector.SERVER_THRESHOLDS), "collect", "freeze", "serve"]


def test_collector_default_keeps_cpythons_configuration(events):
    assert server.run(server_config(collector="default")) == 0
    assert events == ["load", "serve"]


def test_nothing_is_frozen_when_the_command_stops_after_loading(events):
    assert server.run(server_config(stop_after_init=True)) == 0
    assert events == ["load"]


def test_the_flag_and_its_default():
    assert Config()["collector"] == "server"
    assert options.parse(["--collector", "default"]).values == {"collector": "default"}
    with pytest.raises(SystemExit):
        options.parse(["--collector", "off"])
    with pytest.raises(ValueError, match="one of server, default, got 'off'"):
        collector.configure("off")


@pytest.mark.parametrize("mode, expected", [
    ("server", [("set_threshold", collector.SERVER_THRESHOLDS), "enable"]),
    ("default", ["enable"]),
])
def test_a_gunicorn_worker_keeps_the_configuration_after_fork(events, mode, expected):
    config = Config()
    config.update(workers=2, collector=mode)
    serving.gunicorn_options(config)["post_fork"](None, None)
    assert events == expected


def test_configure_freezes_the_objects_alive_for_real():
    before = gc.get_threshold()
    loaded = {"a long-lived object": [1, 2, 3]}
    try:
        collector.configure("server")
        assert gc.get_threshold() == collector.SERVER_THRESHOLDS
        assert gc.get_freeze_count() > 0
        assert not any(obj is loaded for obj in gc.get_objects())     # no collection sees it
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    assert any(obj is loaded for obj in gc.get_objects())


def test_paused_is_back_on_when_the_last_thread_ends_its_block():
    first_in, first_may_end = threading.Event(), threading.Event()
    seen = {}

    def first() -> None:
        with collector.paused():
            first_in.set()
            first_may_end.wait(5)
        seen["after first"] = gc.isenabled()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector.paused():
        seen["inside both"] = gc.isenabled()
    seen["second ended, first running"] = gc.isenabled()
    first_may_end.set()
    thread.join(5)
    assert seen == {"inside both": False, "second ended, first running": False, "after first": True}
    assert gc.isenabled()


def test_paused_leaves_a_collector_turned_off_by_its_caller_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class CountingGC(RecordingGC):
    def __init__(self, events: list, counts: tuple) -> None:
        super().__init__(events)
        self.counts = counts

    def isenabled(self) -> bool:
        return True

    def get_count(self) -> tuple:
        return self.counts


@pytest.mark.parametrize("counts, expected", [((5, 3, 1), ["collect"]), ((5, 3, 0), [])])
def test_a_full_collection_follows_a_request_that_reached_the_old_generation(monkeypatch, counts, expected):
    events: list = []
    monkeypatch.setattr(collector, "gc", CountingGC(events, counts))
    config = Config()
    config.update(workers=2)
    serving.gunicorn_options(config)["post_request"](None, None, {}, None)
    assert events == expected


def test_no_collection_after_a_request_with_collector_default(monkeypatch):
    events: list = []
    monkeypatch.setattr(collector, "gc", CountingGC(events, (5, 3, 1)))
    config = Config()
    config.update(workers=2, collector="default", limit_memory_soft=0)
    assert serving.gunicorn_options(config)["post_request"](None, None, {}, None) is None
    assert events == []


def test_the_threaded_server_collects_once_the_answer_is_sent(monkeypatch):
    done = []
    tracked = serving.InFlightRequests(lambda environ, start_response: [b"ok"], lambda: done.append(1))
    body = tracked({}, None)
    assert (list(body), done) == ([b"ok"], [])
    body.close()
    assert done == [1]
