"""``odoo-bin populate`` factories of the catalogue: categories and saleable products."""
from . import product
