from . import test_order_sync, test_payload, test_session_states
