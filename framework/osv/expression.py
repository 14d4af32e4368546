"""``odoo.osv.expression``: domain helpers under their Odoo names (the logic is in ``orm.domains``)."""
from __future__ import annotations

from ..orm.domains import (  # noqa: F401  (re-exported names)
    AND_ as AND,
)
from ..orm.domains import (
    FALSE_LEAF,
    normalize_domain,
)

DOMAIN_OPERATORS = ("!", "|", "&")


def is_false(model, domain) -> bool:
    """True when ``domain`` is trivially false (a lone FALSE leaf)."""
    return normalize_domain(domain) == [FALSE_LEAF]
