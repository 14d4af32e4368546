from . import (
    test_config_rules,
    test_dashboard,
    test_order_invoice,
    test_order_invoice_after_closing,
    test_order_sync,
    test_payload,
    test_session_closing,
    test_session_closing_http,
    test_session_foreign_currency,
    test_session_opening_count,
    test_session_states,
)
