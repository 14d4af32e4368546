"""A fault-injecting HTTP proxy on loopback, for the tests of orders under faults.

``FaultProxy(target_port, faults, seed).start()`` listens on a free loopback port and
forwards each connection's one request (the clients send ``Connection: close``) to the
server on ``target_port``, unless a fault picked at random for that connection says
otherwise:

* ``drop``: the connection is closed before anything reaches the server;
* ``cut_request``: half the request reaches the server, then both sides are closed;
* ``lost_ack``: the request reaches the server, which answers (and has committed), but the
  client gets nothing: the connection is closed (an acknowledgement lost on the way back);
* ``cut_response``: the client gets the first bytes of the answer only;
* ``delay``: the request waits 0.1-1.5 s before it is forwarded;
* ``hold``: the request waits until a later request has been forwarded (at most 3 s): the
  server sees them in the other order (with a client that times out and replays, a replay
  overtakes its original).

A server that is down answers ``502 Bad Gateway`` (what a real reverse proxy says). The
proxy runs an asyncio loop in a daemon thread; ``stats`` counts the faults injected and the
requests forwarded.

Tests run it as a process of its own (``ProxyProcess``, ``python -m
tests.support.fault_proxy TARGET_PORT SEED STATS_FILE``): it prints its port, writes its
counters to ``STATS_FILE`` twice a second, turns the faults off on SIGUSR1 and stops on SIGTERM.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

BAD_GATEWAY = (b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
               b"Connection: close\r\n\r\nBad Gateway")
MAX_HEADER = 64 * 1024


@dataclass
class Faults:
    """The probability of each fault, per connection (the rest are forwarded untouched)."""
    drop: float = 0.04
    cut_request: float = 0.03
    lost_ack: float = 0.08
    cut_response: float = 0.03
    delay: float = 0.08
    hold: float = 0.06

    def pick(self, rng: random.Random) -> str | None:
        draw = rng.random()
        for field in fields(self):
            draw -= getattr(self, field.name)
            if draw < 0:
                return field.name
        return None


class FaultProxy:
    """See the module docstring."""

    def __init__(self, target_port: int, faults: Faults | None = None, seed: int = 0) -> None:
        self.target_port = target_port
        self.faults = faults or Faults()
        self.enabled = True             # False: forward everything untouched
        self.stats: Counter = Counter()
        self.port = 0
        self._rng = random.Random(seed)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._forwarded: asyncio.Condition | None = None
        self._forward_count = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)

    def start(self) -> FaultProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the fault proxy did not start")
        return self

    def stop(self) -> None:
        """Stop listening, end the connections in progress, and the loop."""
        if self._loop is not None and self._loop.is_running():
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    async def _shutdown(self) -> None:
        self._server.close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- the loop ----------------------------------------------------------------------------------

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._forwarded = asyncio.Condition()
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=256))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_request(reader)
            if request is None:
                return
            fault = self.faults.pick(self._rng) if self.enabled else None
            self.stats[fault or "forwarded"] += 1
            if fault == "drop":
                return
            if fault == "delay":
                await asyncio.sleep(self._rng.uniform(0.1, 1.5))
            elif fault == "hold":
                await self._wait_for_a_later_request()
            if fault == "cut_request":
                await self._forward(request[: len(request) // 2], expect_answer=False)
                return
            answer = await self._forward(request)
            if answer is None:
                self.stats["server_down"] += 1
                writer.write(BAD_GATEWAY)
            elif fault == "lost_ack":
                return
            elif fault == "cut_response":
                writer.write(answer[: max(1, len(answer) // 3)])
            else:
                writer.write(answer)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            self.stats["client_gone"] += 1
        finally:
            writer.close()

    async def _wait_for_a_later_request(self) -> None:
        seen = self._forward_count
        async with self._forwarded:
            try:
                await asyncio.wait_for(self._forwarded.wait_for(lambda: self._forward_count > seen), 3)
            except TimeoutError:
                self.stats["hold_timeout"] += 1

    async def _forward(self, request: bytes, expect_answer: bool = True) -> bytes | None:
        """Send ``request`` to the server; its whole answer (it closes the connection), or None
        when it is down."""
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            return None
        try:
            writer.write(request)
            await writer.drain()
            async with self._forwarded:
                self._forward_count += 1
                self._forwarded.notify_all()
            if not expect_answer:
                return b""
            return await reader.read() or None      # EOF: the server closed (or died)
        except OSError:
            return None
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    """One HTTP request (headers and Content-Length body), or None at an early EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    if len(head) > MAX_HEADER:
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return head + body


class ProxyProcess:
    """The proxy in a child process (its sockets and tasks never reach the test's process)."""

    def __init__(self, target_port: int, seed: int, stats_file: Path) -> None:
        from .paths import REPO_DIR
        self.stats_file = stats_file
        with open(stats_file.with_suffix(".log"), "ab") as log:      # asyncio's complaints
            self.process = subprocess.Popen([sys.executable, "-m", "tests.support.fault_proxy", str(target_port),
                                             str(seed), str(stats_file)], stdout=subprocess.PIPE, stderr=log,
                                            text=True, cwd=REPO_DIR)
        self.port = int(self.process.stdout.readline())
        self.process.stdout.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def disable_faults(self) -> None:
        self.process.send_signal(signal.SIGUSR1)

    def stop(self) -> dict:
        """Stop it; the counters of what it did."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return json.loads(self.stats_file.read_text()) if self.stats_file.exists() else {}


def main(argv: list[str]) -> None:
    target_port, seed, stats_file = int(argv[0]), int(argv[1]), Path(argv[2])
    proxy = FaultProxy(target_port, seed=seed).start()
    stopped = threading.Event()
    signal.signal(signal.SIGUSR1, lambda *_args: setattr(proxy, "enabled", False))
    signal.signal(signal.SIGTERM, lambda *_args: stopped.set())
    print(proxy.port, flush=True)
    while not stopped.wait(0.5):
        stats_file.write_text(json.dumps(dict(proxy.stats)))
    stats_file.write_text(json.dumps(dict(proxy.stats)))
    os._exit(0)         # the connections still open die with the process


if __name__ == "__main__":
    main(sys.argv[1:])
