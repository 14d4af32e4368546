"""``odoo.osv.expression``: domain helpers under their Odoo names (the logic is in ``orm.domains``)."""
from __future__ import annotations

from ..orm.domains import (  # noqa: F401  (re-exported names)
    AND_ as AND,
    FALSE_DOMAIN,
    FALSE_LEAF,
    NEGATIVE_OPERATORS as NEGATIVE_TERM_OPERATORS,
    OR_ as OR,
    TERM_OPERATORS,
    TRUE_DOMAIN,
    TRUE_LEAF,
    is_leaf,
    is_operator,
    normalize_domain,
    normalize_leaf,
)

DOMAIN_OPERATORS = ("!", "|", "&")


def is_false(model, domain) -> bool:
    """True when ``domain`` is trivially false (a lone FALSE leaf)."""
    return normalize_domain(domain) == [FALSE_LEAF]
