from . import (
    pos_bill,
    pos_category,
    pos_close_session_wizard,
    pos_config,
    pos_config_demo,
    pos_config_payload,
    pos_dashboard,
    pos_order,
    pos_order_invoice,
    pos_order_line,
    pos_order_receipt_mail,
    pos_order_rejected,
    pos_order_sync,
    pos_order_sync_batch,  # extends pos_order_sync: after it
    pos_payment,
    pos_payment_move,
    pos_payment_method,
    pos_payment_terminal,  # extends pos.payment.method: after it
    pos_till_facts_signal,  # extends pos.config, pos.payment.method: after them
    pos_session,
    pos_session_actions,
    pos_session_closing,
    pos_session_closing_amounts,
    pos_session_accounting,
    pos_order_invoice_reversal,  # uses the closing's line accounting
    account_links,
    pos_session_payload,
    pos_session_delta,
    pos_session_locale,
    pos_session_payload_cache,
    pos_session_variants,
    product_template,
    pos_combo,  # extends product_template and pos_order_line: after them
    pos_pack_lot,
    pos_order_margin,
    pos_printer,
    res_company,
    res_config_settings,
    uom_uom,
)
from . import pos_catalogue_push  # after pos_category, which it extends
