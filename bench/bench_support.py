"""What the in-process benchmarks share: a scratch database on the bench's PostgreSQL
(PGHOST when set, else the embedded server under .data/bench) and how a series of timings
is printed. Imported by the scripts of this folder, which run as ``python bench/x.py``."""
from __future__ import annotations

import secrets
import statistics
import sys
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / ".data" / "bench"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from framework import sql_db  # noqa: E402
from framework.config import Config  # noqa: E402


def bench_config() -> Config:
    """The server configuration of a benchmark: its data (and embedded PostgreSQL) in .data/bench."""
    config = Config()
    config["data_dir"] = str(DATA_DIR)
    return config


@contextmanager
def scratch_database(prefix: str):
    """A new database named ``prefix`` + random hex, dropped afterwards; yields (config, name)."""
    config = bench_config()
    address = sql_db.server_address(config)
    db = f"{prefix}{secrets.token_hex(4)}"
    sql_db.create_database(address, db)
    try:
        yield config, db
    finally:
        sql_db.close_db(db, address)
        sql_db.drop_database(address, db)


def fmt_times(times: list[float], unit: str = "") -> str:
    """``median (min-max)`` of a series of timings, in seconds."""
    return f"{statistics.median(times):.3f}{unit} ({min(times):.3f}-{max(times):.3f})"
