"""Extends the POS payload both ways: the seed's ``_get_pos_ui_data`` and Odoo 17's hooks."""
from . import models
