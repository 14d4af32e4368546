from . import (
    test_account_models,
    test_bulk,
    test_chart_template,
    test_move_entries,
    test_move_invoices,
    test_move_security,
    test_payments_reconcile,
    test_security,
    test_tax_compute_all,
    test_tax_localisations,
    test_tax_plans,
    test_tax_rounding,
)
