"""``odoo.addons.base.tests``: the base test helpers other addons' tests import (``common``)."""
