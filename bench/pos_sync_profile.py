#!/usr/bin/env python3
"""What one ``pos.order.create_from_ui`` call costs in this process, without HTTP: calls of
1 and of 50 generated paid orders (``bench.pos.order_sets``' payloads), each in its own
cursor and transaction and committed, as a request runs them. Prints the median wall time
and this process's CPU time per call (the CPU time leaves out PostgreSQL's own work), or,
with ``--profile 1|50``, a cProfile of those calls. For a database kept by
``bench/pos.py --keep``:

    .venv/bin/python bench/pos_sync_profile.py --db bench_pos_xxxx [--calls1 300] [--calls50 30]
    .venv/bin/python bench/pos_sync_profile.py --db bench_pos_xxxx --profile 1 [--top 40]
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def payloads(registry, session_id: int, count: int) -> list:
    from framework.orm.environment import Environment
    from odoo.addons.point_of_sale.populate.pos_order import order_payloads
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        return order_payloads(env, env["pos.session"].browse(session_id), count,
                              seed=f"sync profile {secrets.token_hex(4)}")


def timed_calls(registry, session_id: int, batch: int, calls: int, profile=None) -> tuple[list, list]:
    """(wall seconds, CPU seconds) of each of ``calls`` calls of ``batch`` new orders, after
    one call that warms the process's caches; ``profile`` (a cProfile) records the calls."""
    from framework.orm.environment import Environment
    orders = payloads(registry, session_id, batch * (calls + 1))
    with registry.cursor() as cr:
        Environment(cr, 2, {})["pos.order"].create_from_ui(orders[:batch])
        cr.commit()
    walls, cpus = [], []
    if profile is not None:
        profile.enable()
    for first in range(batch, len(orders), batch):
        wall, cpu = time.perf_counter(), time.process_time()
        with registry.cursor() as cr:
            answers = Environment(cr, 2, {})["pos.order"].create_from_ui(orders[first:first + batch])
            cr.commit()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        if any(answer["status"] != "stored" for answer in answers):
            raise RuntimeError(f"orders not stored: {answers[:2]}")
    if profile is not None:
        profile.disable()
    return walls, cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--calls1", type=int, default=300, help="calls of one order")
    parser.add_argument("--calls50", type=int, default=30, help="calls of 50 orders")
    parser.add_argument("--profile", choices=("1", "50"), help="cProfile the calls of this size only")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    options = parser.parse_args()
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    from bench.pos import reuse
    registry, _config_id, session_id = reuse(options.db)
    if options.profile:
        batch = int(options.profile)
        profile = cProfile.Profile()
        timed_calls(registry, session_id, batch, options.calls1 if batch == 1 else options.calls50, profile)
        pstats.Stats(profile).sort_stats(options.sort).print_stats(options.top)
        return 0
    for batch, calls in ((1, options.calls1), (50, options.calls50)):
        walls, cpus = timed_calls(registry, session_id, batch, calls)
        print(f"batch {batch:2d}: {calls} calls, median {statistics.median(walls) * 1000:.2f} ms wall, "
              f"{statistics.median(cpus) * 1000:.2f} ms CPU per call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
