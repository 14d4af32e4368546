"""Multi-company consistency (``_check_company``): a record may only point, through fields
declared ``check_company=True``, to records its company may use.

A model that sets ``_check_company_auto = True`` is checked at every create and at every
write of such a field or of ``company_id``; what "may use" means is the target model's
``_check_company_domain`` (by default: records of the same company or of no company).
"""
from __future__ import annotations

from ..exceptions import UserError
from ..tools.misc import unquote


def to_company_ids(companies) -> list:
    """Company ids from records, a list or tuple of ids, or one id."""
    if hasattr(companies, "_ids"):
        return list(companies.ids)
    if isinstance(companies, (list, tuple)):
        return list(companies)
    return [companies]


def check_company_domain_parent_of(self, companies) -> list:
    """A ``_check_company_domain`` for models whose records a branch shares with its
    parent companies: records of no company, of the companies, or of their ancestors."""
    if isinstance(companies, unquote):
        return ["|", ("company_id", "=", False), ("company_id", "parent_of", companies)]
    ids = [company_id for company_id in to_company_ids(companies) if company_id]
    if not ids:
        return [("company_id", "=", False)]
    return [("company_id", "in", self.env["res.company"]._hierarchy_ids(ids, "parent_of") + [False])]


class CompanyMixin:
    __slots__ = ()

    def _check_company_domain(self, companies) -> list:
        """The records of this model that records of ``companies`` may point to (a domain);
        ``companies`` may also be an ``unquote`` expression, for a domain sent to the client."""
        if not companies:
            return [("company_id", "=", False)]
        if isinstance(companies, unquote):
            return [("company_id", "in", unquote(f"{companies} + [False]"))]
        return [("company_id", "in", to_company_ids(companies) + [False])]

    def _check_company(self, fnames=None) -> None:
        """Raise a UserError when a ``check_company`` field of these records holds records
        their company may not use (``fnames``: the fields to check; None or a list holding
        ``company_id`` checks them all)."""
        if fnames is None or "company_id" in fnames:
            fnames = list(self._fields)
        regular, per_company = [], []
        for name in fnames:
            field = self._fields.get(name)
            if field is None or not getattr(field, "check_company", False) \
                    or "company_id" not in self.env[field.comodel_name]._fields:
                continue
            (per_company if field.company_dependent else regular).append(name)
        if not (regular or per_company):
            return
        problems = []
        for record in self:
            if regular:
                companies = _companies_of(record)
                if companies is not None:
                    problems += [(record, name) for name in regular
                                 if not _compatible(record.sudo()[name], companies)]
            # a company-dependent value belongs to the company it is set for
            problems += [(record, name) for name in per_company
                         if not _compatible(record.sudo()[name], self.env.company)]
        if problems:
            raise UserError(_inconsistency_message(problems))


def _companies_of(record):
    """The companies a record's links must suit, or None when the model has no company."""
    if record._name == "res.company":
        return record
    if "company_id" in record._fields:
        return record.company_id
    if "company_ids" in record._fields:
        return record.company_ids
    return None


def _compatible(corecords, companies) -> bool:
    if not corecords:
        return True
    domain = corecords._check_company_domain(companies)
    return not domain or corecords.with_context(active_test=False).filtered_domain(domain) == corecords


def _inconsistency_message(problems: list) -> str:
    lines = ["Incompatible companies on records:"]
    for record, name in problems[:5]:
        corecords = record.sudo()[name]
        field = record._fields[name]
        values = ", ".join(repr(corecord.display_name) for corecord in corecords)
        if record._name == "res.company":
            lines.append(f"- Record is company “{record.display_name}” and “{field.string}” "
                         f"({name}: {values}) belongs to another company.")
        else:
            lines.append(f"- “{record.display_name}” belongs to company “{record.company_id.display_name}” "
                         f"and “{field.string}” ({name}: {values}) belongs to another company.")
    return "\n".join(lines)
