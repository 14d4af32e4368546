from . import test_order_sync, test_session_states  # noqa: F401
