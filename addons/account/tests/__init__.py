from . import test_chart_template, test_tax_compute_all, test_tax_rounding, test_account_models, test_security, test_tax_localisations, test_move_entries, test_move_invoices  # noqa: F401
