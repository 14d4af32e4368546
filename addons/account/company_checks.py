"""Cross-company checks: a record may only point to records of its own company.

Odoo does this for fields declared with ``check_company=True`` (``_check_company``); the ORM
here has no such check yet, so the account models call this from their constraints.
"""
from __future__ import annotations

from odoo.exceptions import UserError


def check_company(records, field_names: tuple[str, ...]) -> None:
    """Raise when a record's ``field_names`` point to records of another company (records
    without a company may be used anywhere)."""
    problems = []
    for record in records:
        company = record.company_id
        if not company:
            continue
        for fname in field_names:
            for target in record[fname]:
                if target.company_id and target.company_id != company:
                    problems.append(f"- '{record.display_name}' belongs to company "
                                    f"'{company.name}' and '{record._fields[fname].string}' "
                                    f"({fname}) belongs to another company.")
    if problems:
        raise UserError("Incompatible companies on records:\n" + "\n".join(problems)
                        + "\nPick records of the same company.")
