"""``odoo-bin populate`` factories of the Point of Sale: categories, products sold at the till,
payment methods, tills, their open sessions and paid orders (stored through the same
``create_from_ui`` the browser uses, so the data is what real selling leaves)."""
from . import pos_catalogue, pos_order, pos_till
