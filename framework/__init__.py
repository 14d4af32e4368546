"""An Odoo-compatible addon server. Importing this package has no side effects."""
