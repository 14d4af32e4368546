from . import (
    test_catalogue_signal,
    test_config_rules,
    test_dashboard,
    test_order_invoice,
    test_order_sync,
    test_order_sync_batch,
    test_payload,
    test_session_closing,
    test_session_closing_http,
    test_session_states,
)
