"""A contact's address and commercial fields follow its company (``_fields_sync``).

What a company says about itself for business (Tax ID, company registry, industry: the
*commercial fields*) is copied onto every person under it, and a contact of type
"contact" takes its company's address. Both happen when a contact is created or moved
under a company, and again when the company changes them, as in Odoo. The copies are
written with ``_partners_skip_fields_sync`` in the context so that they do not start
another round of syncing.
"""
from odoo import api, models

from .res_partner import ADDRESS_FIELDS

_SKIP = "_partners_skip_fields_sync"


class PartnerSync(models.Model):
    _inherit = "res.partner"

    @api.model
    def _address_fields(self):
        """The fields a contact takes from its company's address."""
        return list(ADDRESS_FIELDS)

    @api.model
    def _commercial_fields(self):
        """The fields that belong to the commercial entity, copied onto its people."""
        return ["vat", "company_registry", "industry_id"]

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if self.env.context.get(_SKIP):
            return partners
        for partner, vals in zip(partners, vals_list):
            partner._fields_sync(vals, created=True)
            if vals.get("parent_id"):
                partner._handle_first_contact_creation()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get(_SKIP):
            for partner in self:
                partner._fields_sync(vals)
        return result

    @api.onchange("parent_id")
    def onchange_parent_id(self):
        """A contact put under a company takes the company's address (when it has one)."""
        parent = self.parent_id
        if parent and self.type == "contact":
            values = parent._values_of(self._address_fields())
            if any(values.values()):
                return {"value": values}
        return {}

    def _values_of(self, fnames):
        """``{name: value}`` of this record as ``write()`` takes them (many2one as ids)."""
        return {name: self._fields[name].convert_to_write(self[name], self) for name in fnames}

    def _sync_write(self, vals):
        if self and vals:
            self.with_context(**{_SKIP: True}).write(vals)

    def _fields_sync(self, vals, created=False):
        """After ``vals`` were written: take from the parent, then give to the children (a
        partner just created has none unless ``vals`` gave them)."""
        if vals.get("parent_id") or vals.get("type") == "contact":
            if vals.get("parent_id"):
                self.sudo()._commercial_sync_from_company()
            if self.parent_id and self.type == "contact":
                address = self.onchange_parent_id().get("value", {})
                self._sync_write({name: value for name, value in address.items()
                                  if name in self._address_fields()})
        if not created or vals.get("child_ids"):
            self._children_sync(vals)

    def _children_sync(self, vals):
        # only what the children take from their company, or what decides which company
        # that is, can leave them out of step: other writes (a note, an email) need no look
        synced = {*self._commercial_fields(), *self._address_fields(), "parent_id", "is_company", "child_ids"}
        if not synced & set(vals):
            return
        children = self.child_ids
        if not children:
            return
        commercial = self.commercial_partner_id
        if commercial == self and any(name in vals for name in self._commercial_fields()):
            self.sudo()._commercial_sync_to_children()
        elif any(child.commercial_partner_id != commercial
                 for child in children.filtered(lambda c: not c.is_company)):
            self.sudo()._commercial_sync_to_children()
        changed_address = {name: vals[name] for name in self._address_fields() if name in vals}
        if changed_address:
            children.filtered(lambda c: c.type == "contact")._sync_write(changed_address)

    def _commercial_sync_from_company(self):
        commercial = self.commercial_partner_id
        if commercial != self:
            self._sync_write(commercial._values_of(self._commercial_fields()))
            self._commercial_sync_to_children()

    def _commercial_sync_to_children(self):
        values = self.commercial_partner_id._values_of(self._commercial_fields())
        people = self.child_ids.filtered(lambda c: not c.is_company)
        for child in people:
            child._commercial_sync_to_children()
        people._sync_write(values)

    def _handle_first_contact_creation(self):
        """The first contact of a company without address, created with one, gives the
        company its address (the user most likely typed the company's address there)."""
        parent = self.parent_id
        fnames = self._address_fields()
        if (parent.is_company or not parent.parent_id) and len(parent.child_ids) == 1 \
                and any(self[name] for name in fnames) and not any(parent[name] for name in fnames):
            parent._sync_write(self._values_of(fnames))
