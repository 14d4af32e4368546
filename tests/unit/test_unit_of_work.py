"""The unit of work and its one retry loop (``service.unit_of_work``), on stand-in cursors."""
from __future__ import annotations

import psycopg
import psycopg.errors
import pytest

from framework.exceptions import ValidationError
from framework.orm.shared_cache import CacheSignaled
from framework.service import unit_of_work
from framework.service.unit_of_work import RunAgain, UnitOfWork, run


class FakeCursor:
    def __init__(self, log: list) -> None:
        self.log, self.closed = log, False
        self.number = log.count("open") - 1      # 0 for the first cursor opened

    def end_after(self, defer) -> None:
        self.log.append("end_after")

    def commit(self) -> None:
        self.log.append(f"commit {self.number}")

    def rollback(self) -> None:
        self.log.append(f"rollback {self.number}")

    def close(self) -> None:
        self.closed = True
        self.log.append(f"close {self.number}")


class FakeRegistry:
    ready = False             # the ORM transaction skips the cache signaling check
    models: dict = {}

    def __init__(self) -> None:
        self.log: list = []

    def cursor(self) -> FakeCursor:
        self.log.append("open")
        return FakeCursor(self.log)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch) -> list:
    """The back-offs the loop asked for (none is slept)."""
    asked: list = []
    monkeypatch.setattr(unit_of_work.time, "sleep", asked.append)
    return asked


def failing(times: int, error: BaseException, work: UnitOfWork):
    calls = []

    def func():
        work.cr.log.append("work")
        calls.append(1)
        if len(calls) <= times:
            raise error
        return "done"
    return func


def test_a_unit_that_never_touches_the_database_opens_no_cursor():
    registry = FakeRegistry()
    with UnitOfWork(registry) as work:
        assert run(lambda: 42, work) == 42
    assert registry.log == []


def test_success_commits_once_then_closes():
    registry = FakeRegistry()
    with UnitOfWork(registry) as work:
        run(lambda: work.cr.log.append("work"), work)
    assert registry.log == ["open", "work", "commit 0", "commit 0", "close 0"]


def test_a_serialization_failure_runs_the_unit_again_on_a_fresh_cursor():
    registry = FakeRegistry()
    with UnitOfWork(registry) as work:
        result = run(failing(2, psycopg.errors.SerializationFailure("concurrent update"), work), work)
    assert result == "done"
    assert registry.log[:8] == ["open", "work", "rollback 0", "close 0",
                                "open", "work", "rollback 1", "close 1"]
    assert registry.log[8:11] == ["open", "work", "commit 2"]


def test_concurrency_failures_stop_after_five_tries():
    registry = FakeRegistry()
    work = UnitOfWork(registry)
    with pytest.raises(psycopg.errors.DeadlockDetected):
        run(failing(99, psycopg.errors.DeadlockDetected("deadlock"), work), work)
    assert registry.log.count("work") == unit_of_work.MAX_TRIES_ON_CONCURRENCY_FAILURE


def test_a_shared_cache_change_runs_the_unit_again_at_once():
    registry = FakeRegistry()
    work = UnitOfWork(registry)
    assert run(failing(1, CacheSignaled("changed"), work), work) == "done"
    assert registry.log.count("work") == 2
    assert registry.log.count("open") == 2


def test_a_unit_asking_to_run_again_runs_again_at_once_on_a_fresh_cursor(sleeps):
    registry = FakeRegistry()
    work = UnitOfWork(registry)
    assert run(failing(1, RunAgain("moved the session"), work), work) == "done"
    assert registry.log == ["open", "work", "rollback 0", "close 0", "open", "work", "commit 1"]
    assert sleeps == []


def test_a_unit_that_keeps_asking_to_run_again_stops_after_five_tries(sleeps):
    registry = FakeRegistry()
    work = UnitOfWork(registry)
    with pytest.raises(RunAgain, match="moved the session"):
        run(failing(99, RunAgain("moved the session"), work), work)
    assert registry.log.count("work") == unit_of_work.MAX_TRIES_ON_CONCURRENCY_FAILURE
    assert sleeps == []


def test_a_concurrency_failure_backs_off_before_its_new_try(sleeps):
    registry = FakeRegistry()
    work = UnitOfWork(registry)
    run(failing(1, psycopg.errors.SerializationFailure("concurrent update"), work), work)
    assert len(sleeps) == 1 and 0.0 <= sleeps[0] <= 2.0


def test_an_integrity_error_is_a_validation_error_and_is_not_retried():
    registry = FakeRegistry()
    work = UnitOfWork(registry)
    with pytest.raises(ValidationError, match="The operation cannot be completed"):
        run(failing(1, psycopg.errors.UniqueViolation("duplicate key"), work), work)
    assert registry.log == ["open", "work", "rollback 0", "close 0"]


def test_any_other_error_rolls_back_and_propagates():
    registry = FakeRegistry()
    work = UnitOfWork(registry)
    with pytest.raises(ZeroDivisionError):
        run(failing(1, ZeroDivisionError(), work), work)
    assert registry.log == ["open", "work", "rollback 0"]


def test_on_a_cursor_the_caller_owns_a_new_try_reuses_it_and_never_closes_it():
    registry = FakeRegistry()
    cr = registry.cursor()
    work = UnitOfWork.on_cursor(cr, registry)
    assert run(failing(1, psycopg.errors.LockNotAvailable("locked"), work), work) == "done"
    work.close(commit=True)
    assert registry.log == ["open", "work", "rollback 0", "work", "commit 0", "commit 0"]
    assert not cr.closed


def test_a_new_try_tells_its_owner():
    registry, resets = FakeRegistry(), []
    work = UnitOfWork(registry, on_reset=lambda: resets.append(1))
    run(failing(1, psycopg.errors.SerializationFailure("again"), work), work)
    assert resets == [1]


def test_the_registry_may_be_given_by_a_function_called_on_first_use():
    registry, asked = FakeRegistry(), []
    work = UnitOfWork(lambda: asked.append(1) or registry)
    assert asked == []
    work.cr
    assert asked == [1] and work.registry is registry
