from . import test_config_rules, test_dashboard, test_order_sync, test_payload, test_session_states
