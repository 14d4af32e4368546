"""``odoo.osv.expression``: domain helpers under their Odoo names (the logic is in ``orm.domains``)."""
from __future__ import annotations

from ..orm.domains import AND_ as AND
from ..orm.domains import (
    FALSE_DOMAIN,
    FALSE_LEAF,
    TERM_OPERATORS,
    TRUE_DOMAIN,
    TRUE_LEAF,
    distribute_not,
    is_leaf,
    is_operator,
    normalize_domain,
    normalize_leaf,
)
from ..orm.domains import NEGATIVE_OPERATORS as NEGATIVE_TERM_OPERATORS
from ..orm.domains import OR_ as OR

#: the names Odoo code imports from odoo.osv.expression (re-exported from orm.domains)
__all__ = ["AND", "OR", "FALSE_DOMAIN", "FALSE_LEAF", "TRUE_DOMAIN", "TRUE_LEAF", "TERM_OPERATORS",
           "NEGATIVE_TERM_OPERATORS", "DOMAIN_OPERATORS", "is_leaf", "is_operator", "normalize_domain",
           "normalize_leaf", "is_false", "distribute_not"]

DOMAIN_OPERATORS = ("!", "|", "&")


def is_false(model, domain) -> bool:
    """True when ``domain`` is trivially false (a lone FALSE leaf)."""
    return normalize_domain(domain) == [FALSE_LEAF]
