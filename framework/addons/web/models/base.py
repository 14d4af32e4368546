"""The web client's API on every model (``_inherit = 'base'``): ``web_read``,
``web_search_read``, ``web_save`` and ``web_read_group``.

A *specification* says which fields to return and, for relational fields, what of the
related records: ``{"name": {}, "partner_id": {"fields": {"display_name": {}}},
"line_ids": {"fields": {"qty": {}}, "limit": 40, "order": "id"}}``.
"""
from odoo import api, models


class Base(models.AbstractModel):
    _inherit = "base"

    def web_save(self, vals, specification, next_id=None):
        """Write ``vals`` on the records (create one when there are none), then answer
        ``web_read(specification)`` of them, or of record ``next_id`` when given."""
        records = self
        if records:
            records.write(vals)
        else:
            records = records.create(vals)
        if next_id:
            records = records.browse(next_id)
        return records.with_context(bin_size=True).web_read(specification)

    def web_read(self, specification):
        """One dict per record: the fields of ``specification``, related records nested."""
        names = [name for name in specification if name in self._fields]
        unknown = sorted(set(specification) - set(names))
        if unknown:
            raise ValueError(f"Invalid field(s) {unknown} on model {self._name!r}")
        rows = self.read(names, load=None) if names else [{"id": record.id} for record in self]
        by_id = {row["id"]: row for row in rows}
        for name in names:
            field = self._fields[name]
            spec = specification[name] or {}
            if field.type == "many2one":
                self._web_read_many2one(name, field, spec, by_id)
            elif field.type in ("one2many", "many2many") and spec.get("fields"):
                self._web_read_x2many(name, field, spec, by_id)
        return rows

    def _web_read_many2one(self, name, field, spec, by_id):
        sub_spec = spec.get("fields")
        if not sub_spec:
            return
        targets = self.env[field.comodel_name].browse(
            {row[name] for row in by_id.values() if row[name]})
        if spec.get("context"):
            targets = targets.with_context(**spec["context"])
        values = {row["id"]: row for row in targets.sudo().web_read(sub_spec)} if targets else {}
        for row in by_id.values():
            row[name] = values.get(row[name], {"id": row[name]}) if row[name] else False

    def _web_read_x2many(self, name, field, spec, by_id):
        comodel = self.env[field.comodel_name]
        if spec.get("context"):
            comodel = comodel.with_context(**spec["context"])
        all_ids = list(dict.fromkeys(i for row in by_id.values() for i in row[name]))
        if spec.get("order") and all_ids:
            all_ids = comodel.search([("id", "in", all_ids)], order=spec["order"]).ids
        limit = spec.get("limit")
        wanted = set()
        for row in by_id.values():
            ids = [i for i in all_ids if i in set(row[name])]
            row[name] = ids
            wanted.update(ids[:limit] if limit else ids)
        values = {r["id"]: r for r in comodel.browse([i for i in all_ids if i in wanted]).web_read(spec["fields"])}
        for row in by_id.values():
            row[name] = [values.get(i, {"id": i}) for i in row[name]][: limit or None] \
                if limit else [values.get(i, {"id": i}) for i in row[name]]

    @api.model
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        """``{'length': total, 'records': [...]}``: a page of records and how many match."""
        records = self.search(domain or [], offset=offset or 0, limit=limit or None, order=order)
        values = records.web_read(specification) if records else []
        length = len(values) + (offset or 0)
        if limit and len(values) == limit:
            length = self.search_count(domain or [], limit=count_limit)
        return {"length": length, "records": values}

    @api.model
    def web_read_group(self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True):
        """``{'groups': read_group(...), 'length': number of groups}``; the count of all
        groups is looked up only when the page is full."""
        groups = self.read_group(domain, fields, groupby, offset=offset, limit=limit,
                                 orderby=orderby, lazy=lazy)
        if not groups:
            length = 0
        elif limit and len(groups) == limit:
            groupby = [groupby] if isinstance(groupby, str) else list(groupby)
            rest = self._read_group(domain, groupby=groupby[:1] if lazy else groupby, offset=limit)
            length = limit + len(rest)
        else:
            length = len(groups) + (offset or 0)
        return {"groups": groups, "length": length}
