"""Helpers shared by the test suite; the fixtures in the conftest.py files call them.

``paths`` (repository, test data and addons directories), ``db`` (the session's PostgreSQL
server, databases, configs, installed registries), ``orm`` (query counts, raw rows),
``http`` (raw POSTs, a JSON-RPC client), ``ports`` (free ports, waiting for a server),
``cli`` (odoo-bin in a subprocess), ``data`` (throwaway addons, published addons).
Test modules import from here, never from another test module or a conftest.
"""
