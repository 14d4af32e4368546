#!/usr/bin/env python3
"""Where a cold ``/pos/ui`` spends its time: the server side of one answer (the payload
built, its catalogue part encoded and compressed, the answer spliced), run in this process
under cProfile, with its query count. For a database kept by ``bench/pos.py --keep``:

    .venv/bin/python bench/pos_profile.py --db bench_pos_xxxx [--top 40] [--sort tottime]
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def cold_answer(env, config_id: int) -> bytes:
    """The gzip answer ``POST /pos/ui`` sends when the cached catalogue is out of date
    (``controllers/payload.py`` without the request around it)."""
    from odoo.addons.point_of_sale.controllers.payload import build_payload
    from odoo.addons.point_of_sale.tools import payload_cache
    session = env["pos.config"].browse(config_id).current_session_id
    session._check_can_load()
    session_part, entry = build_payload(session, session._pos_ui_catalogue_version())
    prefix = b'{"jsonrpc": "2.0", "id": 1, "result": {%s,' % payload_cache.object_inside(session_part)
    return entry.gzipped(prefix, b"}}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--runs", type=int, default=1, help="unprofiled timed runs after the profiled one")
    options = parser.parse_args()
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    from bench.pos import DATA_DIR
    from framework.config import Config
    from framework.modules.registry_loader import load_registry
    from framework.orm.environment import Environment
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    registry = load_registry(options.db, config=config)
    with registry.cursor() as cr:
        root = Environment(cr, 1, {})
        admin = root["res.users"].search([("login", "=", "admin")], limit=1)
        config_id = root.ref("point_of_sale.pos_config_main").id
        cold_answer(Environment(cr, admin.id, {"lang": admin.lang}), config_id)      # warm-up of the registry
        profile = cProfile.Profile()
        env = Environment(cr, admin.id, {"lang": admin.lang})
        env.invalidate_all()
        start_count, started = cr.sql_log_count, time.perf_counter()
        profile.enable()
        answer = cold_answer(env, config_id)
        profile.disable()
        print(f"profiled: {time.perf_counter() - started:.3f}s, {cr.sql_log_count - start_count} queries, "
              f"{len(answer) / 1e6:.2f} MB gzip")
        for _run in range(options.runs):
            env = Environment(cr, admin.id, {"lang": admin.lang})
            env.invalidate_all()
            started = time.perf_counter()
            cold_answer(env, config_id)
            print(f"unprofiled: {time.perf_counter() - started:.3f}s")
        profile.dump_stats("/tmp/pos_profile.prof")
        pstats.Stats(profile).sort_stats(options.sort).print_stats(options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
