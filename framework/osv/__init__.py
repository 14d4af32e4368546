"""``odoo.osv``: the old home of domain helpers, still imported by addons."""
