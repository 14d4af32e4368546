"""``export_data`` and ``load``: records as a table of cells and back (Odoo's import/export API).

A column is a field path: ``name``, ``country_id`` (the display name), ``country_id/id``
(the external id), ``country_id/.id`` (the database id), ``child_ids/name`` (one row per
line after the record's own row); ``id`` is the record's external id, ``.id`` its id.
``export_data`` answers ``{'datas': rows}``. ``load`` takes rows of strings, creates or
updates one record per group of rows, and answers ``{'ids': ids or False, 'messages':
[...], 'nextrow': 0}``: on any error nothing is kept and ``ids`` is ``False``.
"""
from __future__ import annotations

import datetime
import json
import re
import uuid

from .. import exceptions
from . import api
from .commands import Command

_RELATIONAL = ("many2one", "one2many", "many2many")
_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no", "", "none"}


def split_path(path: str) -> list[str]:
    """``"a/b:id"`` and ``"a/b.id"`` into ``["a", "b", "id"]`` and ``["a", "b", ".id"]``."""
    path = re.sub(r"([^/]):id", r"\1/id", path)
    path = re.sub(r"([^/])\.id", r"\1/.id", path)
    return path.split("/")


class CellError(ValueError):
    """A cell that cannot be imported; becomes one message of ``load``'s answer."""

    def __init__(self, message: str, moreinfo: dict | None = None) -> None:
        super().__init__(message)
        self.moreinfo = moreinfo
        self.field: str | None = None           # the column's field, set where it is known


class ImportExportMixin:
    __slots__ = ()

    # -- export ----------------------------------------------------------------------------

    def export_data(self, fields_to_export) -> dict:
        """``{'datas': rows}``: one row per record, more for the lines of x2many columns."""
        if not (self.env.is_admin() or self.env.user.has_group("base.group_allow_export")):
            raise exceptions.UserError("Exporting data needs the group 'Access to export feature' "
                                       "(or administrator rights): ask an administrator.")
        paths = [split_path(name) for name in fields_to_export]
        for path in paths:
            if path[0] not in (".id", "id") and path[0] not in self._fields:
                raise ValueError(f"Invalid field {path[0]!r} on model {self._name!r}")
        rows = self._export_rows(paths)
        self._export_fill_xmlids(rows)
        return {"datas": rows}

    def _export_rows(self, paths: list[list[str]]) -> list[list]:
        rows = []
        import_compat = self.env.context.get("import_compat", True)
        for record in self:
            row = [""] * len(paths)
            rows.append(row)
            done = set()                   # relational columns exported with their sub-paths
            for column, path in enumerate(paths):
                if not path or path[0] in done:
                    continue
                name = path[0]
                if name == ".id":
                    row[column] = str(record.id)
                    continue
                if name == "id":
                    row[column] = (record._name, record.id)      # external id, filled in at the end
                    continue
                field = record._fields[name]
                value = record[name]
                if field.type not in _RELATIONAL:
                    row[column] = _export_value(field, value, record)
                    continue
                done.add(name)
                sub_paths = [(p[1:] or ["display_name"]) if p and p[0] == name else [] for p in paths]
                if field.type == "many2many" and import_compat and len(path) <= 2:
                    # one cell: the linked records' external ids or names, comma-separated
                    if path[1:] == ["id"]:
                        row[column] = [(value._name, line.id) for line in value]
                    else:
                        row[column] = ",".join(value.mapped("display_name"))
                    continue
                lines = value._export_rows(sub_paths)
                if not lines:
                    continue
                for index, cell in enumerate(lines[0]):
                    if cell or isinstance(cell, (int, float)):
                        row[index] = cell
                rows.extend(lines[1:])
        return rows

    def _export_fill_xmlids(self, rows: list[list]) -> None:
        """Put the external ids in the cells that wait for them, making ``__export__`` ones
        for records that have none (so that the file can be imported back)."""
        wanted: dict[str, set] = {}
        for row in rows:
            for cell in row:
                for model, record_id in _xmlid_cells(cell):
                    wanted.setdefault(model, set()).add(record_id)
        names = {}
        for model, ids in wanted.items():
            for record_id, xmlid in self.env[model].browse(sorted(ids))._ensure_xml_ids().items():
                names[(model, record_id)] = xmlid
        for row in rows:
            for index, cell in enumerate(row):
                if isinstance(cell, tuple):
                    row[index] = names[cell]
                elif isinstance(cell, list):
                    row[index] = ",".join(names[item] for item in cell)

    def _ensure_xml_ids(self) -> dict[int, str]:
        existing = self._get_external_ids()
        result = {}
        data = self.env["ir.model.data"].sudo()
        for record in self:
            if existing.get(record.id):
                result[record.id] = existing[record.id][0]
                continue
            name = f"{self._table}_{record.id}_{uuid.uuid4().hex[:8]}"
            data.create({"module": "__export__", "name": name, "model": self._name,
                         "res_id": record.id})
            result[record.id] = f"__export__.{name}"
        return result

    # -- import ----------------------------------------------------------------------------

    @api.model
    def load(self, fields, data) -> dict:
        """Create or update records from ``data`` (rows of strings) laid out as ``fields``."""
        self.env.flush_all()
        paths = [split_path(name) for name in fields]
        for path in paths:
            if path[0] not in (".id", "id") and path[0] not in self._fields:
                raise ValueError(f"Invalid field {path[0]!r} on model {self._name!r}")
        module = self.env.context.get("module", "__import__")
        ids, messages = [], []
        try:
            with self.env.cr.savepoint():
                for start, stop in self._load_blocks(paths, data):
                    try:
                        vals, xmlid, record_id = self._load_record(paths, data[start:stop])
                    except CellError as error:
                        messages.append(_message(error, start, stop, self, error.field))
                        continue
                    record = self._load_save(vals, xmlid, record_id, module)
                    ids.append(record.id)
                if any(message["type"] == "error" for message in messages):
                    raise _Rollback()
        except _Rollback:
            ids = False
        except (exceptions.ValidationError, exceptions.UserError, ValueError) as error:
            ids = False
            messages.append({"type": "error", "message": str(error), "record": False,
                             "rows": {"from": 0, "to": max(len(data) - 1, 0)}})
        return {"ids": ids, "messages": messages, "nextrow": 0}

    def _load_blocks(self, paths, data):
        """``(start, stop)`` of each record's rows: a row whose own cells (not those of an
        x2many's lines) are all empty continues the record above it."""
        own = [index for index, path in enumerate(paths) if not self._load_is_lines(path)]
        start = None
        for index, row in enumerate(data):
            if start is None or any(row[i] for i in own if i < len(row)):
                if start is not None:
                    yield start, index
                start = index
        if start is not None:
            yield start, len(data)

    def _load_is_lines(self, path) -> bool:
        field = self._fields.get(path[0])
        return bool(field and field.type in ("one2many", "many2many") and len(path) > 1
                    and path[1] not in ("id", ".id"))

    def _load_record(self, paths, rows) -> tuple[dict, str | None, int | None]:
        first = rows[0]
        vals, xmlid, record_id = {}, None, None
        lines: dict[str, list] = {}
        for column, path in enumerate(paths):
            cell = first[column] if column < len(first) else ""
            name = path[0]
            if name == "id":
                xmlid = cell or None
                continue
            if name == ".id":
                record_id = int(cell) if cell else None
                continue
            field = self._fields[name]
            if self._load_is_lines(path):
                lines.setdefault(name, [])
                continue
            try:
                vals[name] = self._import_cell(field, path[1:], cell)
            except CellError as error:
                error.field = name
                raise
        for name in lines:
            field = self._fields[name]
            comodel = self.env[field.comodel_name]
            sub_paths = [path[1:] if path[0] == name else ["__skip__"] for path in paths]
            commands = []
            for row in rows:
                sub_vals = {}
                for column, sub_path in enumerate(sub_paths):
                    if sub_path == ["__skip__"] or column >= len(row):
                        continue
                    try:
                        sub_vals[sub_path[0]] = comodel._import_cell(
                            comodel._fields[sub_path[0]], sub_path[1:], row[column])
                    except CellError as error:
                        error.field = name
                        raise
                if any(value not in (False, "") for value in sub_vals.values()):
                    commands.append(Command.create(sub_vals))
            vals[name] = commands
        return vals, xmlid, record_id

    def _load_save(self, vals, xmlid, record_id, module):
        if xmlid and "." not in xmlid:
            xmlid = f"{module}.{xmlid}"
        record = self.browse()
        if record_id:
            record = self.browse(record_id).exists()
            if not record:
                raise CellError(f"No record found for id {record_id}")
        elif xmlid:
            record = self.env.ref(xmlid, raise_if_not_found=False) or self.browse()
            if record and record._name != self._name:
                record = self.browse()
        if record:
            record.write(vals)
            return record
        record = self.create(vals)
        if xmlid:
            module_name, name = xmlid.split(".", 1)
            self.env["ir.model.data"].sudo().create({
                "module": module_name, "name": name, "model": self._name, "res_id": record.id})
        return record

    @api.model
    def _import_cell(self, field, sub_path, cell):
        """The value ``write()`` takes for ``cell`` (a string) in ``field`` (through ``sub_path``)."""
        cell = cell.strip() if isinstance(cell, str) else cell
        label = field.string or field.name
        if field.type == "many2one":
            return self._import_record_ref(field, sub_path, cell)
        if field.type in ("one2many", "many2many"):
            if not cell:
                return [Command.set([])]
            ids = [self._import_record_ref(field, sub_path, part.strip())
                   for part in cell.split(",") if part.strip()]
            return [Command.set(ids)]
        if cell in ("", None, False):
            return False
        if field.type == "boolean":
            text = str(cell).lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise CellError(f"Unknown value '{cell}' for boolean field '{label}'")
        if field.type == "integer":
            try:
                return int(cell)
            except ValueError:
                raise CellError(f"'{cell}' does not seem to be an integer for field '{label}'") from None
        if field.type in ("float", "monetary"):
            try:
                return float(cell)
            except ValueError:
                raise CellError(f"'{cell}' does not seem to be a number for field '{label}'") from None
        if field.type == "selection":
            pairs = field._selection_pairs(self)
            for value, name in pairs:
                if cell == value or str(cell).lower() == str(name).lower():
                    return value
            raise CellError(f"Value '{cell}' not found in selection field '{label}'")
        if field.type == "date":
            try:
                return datetime.date.fromisoformat(cell).isoformat()
            except ValueError:
                raise CellError(f"'{cell}' does not seem to be a valid date for field '{label}'") from None
        if field.type == "datetime":
            try:
                moment = datetime.datetime.fromisoformat(cell)
            except ValueError:
                raise CellError(f"'{cell}' does not seem to be a valid datetime for field '{label}'") from None
            return _to_utc(moment, self.env.context.get("tz")).strftime("%Y-%m-%d %H:%M:%S")
        return cell

    @api.model
    def _import_record_ref(self, field, sub_path, cell):
        """The id a relational cell designates: by external id, database id or name."""
        if not cell:
            return False
        comodel = self.env[field.comodel_name]
        label = field.string or field.name
        kind = sub_path[0] if sub_path else None
        if kind == "id":
            xmlid = cell if "." in cell else f"{self.env.context.get('module', '__import__')}.{cell}"
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if not record or record._name != comodel._name:
                raise CellError(f"No matching record found for external id '{cell}' in field '{label}'",
                                   _possible_values(comodel))
            return record.id
        if kind == ".id":
            try:
                record = comodel.browse(int(cell)).exists()
            except ValueError:
                record = comodel.browse()
            if not record:
                raise CellError(f"No matching record found for database id '{cell}' in field '{label}'",
                                   _possible_values(comodel))
            return record.id
        found = comodel.name_search(cell, operator="=", limit=2)
        if not found:
            raise CellError(f"No matching record found for name '{cell}' in field '{label}'",
                               _possible_values(comodel))
        return found[0][0]


class _Rollback(Exception):
    """Leaves ``load``'s savepoint when a row had an error: nothing of the load is kept."""


def _xmlid_cells(cell):
    if isinstance(cell, tuple):
        yield cell
    elif isinstance(cell, list):
        yield from cell


def _export_value(field, value, record):
    """A non-relational value as an export cell (Odoo's types: bools and numbers stay)."""
    kind = field.type
    if kind == "boolean":
        return bool(value)
    if kind in ("integer", "float", "monetary"):
        return value if value or value == 0 else ""
    if not value:
        return ""
    if kind == "selection":
        # labels for fixed lists; a selection computed by a method exports its value
        if isinstance(field.selection, (list, tuple)):
            return dict(field._selection_pairs(record)).get(value, "")
        return value
    if kind == "datetime":
        return field.context_timestamp(record, value).replace(tzinfo=None)
    if kind == "reference":
        return value.display_name
    if kind == "json":
        return json.dumps(value)
    return value


def _to_utc(moment: datetime.datetime, tz_name: str | None) -> datetime.datetime:
    """A time typed in the user's time zone, in UTC (as the database keeps it)."""
    import zoneinfo
    if moment.tzinfo is None and tz_name:
        try:
            moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(tz_name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return moment
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)


def _possible_values(comodel) -> dict:
    return {"name": "Possible Values", "type": "ir.actions.act_window", "target": "new",
            "view_mode": "tree,form", "views": [[False, "list"], [False, "form"]],
            "context": {"create": False}, "help": "See all possible values",
            "res_model": comodel._name}


def _message(error: CellError, start: int, stop: int, model, fname) -> dict:
    message = {"rows": {"from": start, "to": stop - 1}, "type": "error", "record": start,
               "field": fname, "message": str(error)}
    if error.moreinfo:
        message["moreinfo"] = error.moreinfo
    if fname and fname in model._fields:
        message["field_name"] = model._fields[fname].string or fname
    return message
