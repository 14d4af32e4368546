"""``psycopg2.extras``: ``Json``, a parameter wrapper sent as JSON (psycopg 3's)."""
from __future__ import annotations

from psycopg.types.json import Json as Json
