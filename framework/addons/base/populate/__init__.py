"""``odoo-bin populate`` factories of base's models (Odoo keeps them in ``base/populate``)."""
from . import res_partner
from . import res_users
