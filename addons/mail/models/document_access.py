"""Access through the document a message or an activity is attached to (model, res_id)."""
from odoo import _
from odoo.exceptions import AccessError


def documents_allowed(env, model, res_ids, operation):
    """The ids among ``res_ids`` of ``model`` the user of ``env`` may ``operation`` (read
    through a search, which applies the record rules; the others record by record)."""
    if model not in env:
        return set()
    documents = env[model].with_context(active_test=False)
    if not documents.check_access_rights(operation, raise_exception=False):
        return set()
    existing = documents.browse(res_ids).exists()
    if operation == "read":
        return set(documents.search([("id", "in", existing.ids)]).ids)
    allowed = set()
    for document in existing:
        try:
            document.check_access_rule(operation)
        except AccessError:
            continue
        allowed.add(document.id)
    return allowed


def access_error(records, operation, refused):
    """Odoo's message for records refused by a document rule."""
    return AccessError(_(
        "The requested operation cannot be completed due to security restrictions. "
        "Please contact your system administrator.\n\n(Document type: %(type)s, "
        "Operation: %(operation)s)\n\nRecords: %(records)s, User: %(user)s",
        type=records._description, operation=operation,
        records=", ".join(str(i) for i in sorted(refused))[:200], user=records.env.uid))
