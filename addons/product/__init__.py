"""Products and pricelists: templates, variants from attributes, categories and price rules."""
from __future__ import annotations

from . import models, populate
