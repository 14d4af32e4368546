"""Extends ``account.report_invoice_document`` the way addons do (no Python)."""
