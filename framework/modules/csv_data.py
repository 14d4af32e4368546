"""Load one CSV data file: the file name is the model (``res.partner.csv``,
``ir.model.access.csv``, ``res.partner-extra.csv``), the first row names the columns.

Columns:

* ``id``: the record's external id (a bare name is in the current addon);
* ``field``: a plain value, converted for the field's type (a many2one takes the name of
  the target record, found with ``name_search``);
* ``field:id`` or ``field/id``: external id(s) of the target record(s); comma-separated
  for many2many fields;
* ``field:.id`` or ``field/.id``: database id(s) of the target record(s);
* ``field@lang``: translations, read with the ``.po`` files, skipped here.

Rows go through :func:`framework.modules.external_ids.load_records` like XML records.
"""
from __future__ import annotations

import csv
import io
import logging
import os

from ..logging_setup import odoo_logger_name
from ..orm.commands import Command
from . import external_ids

_logger = logging.getLogger(odoo_logger_name(__name__))

_TRUE = {"1", "true", "yes", "y", "t", "on"}
_FALSE = {"", "0", "false", "no", "n", "f", "off"}


class CsvImportError(ValueError):
    """A CSV data file cannot be imported; the message names the file, the row and the column."""


def load_csv(env, module: str, path: str, *, mode: str, noupdate: bool) -> None:
    model_name = os.path.splitext(os.path.basename(path))[0].split("-")[0]
    if model_name not in env.registry:
        if model_name == "ir.model.access":
            _logger.warning("%s: skipped: this server has no ir.model.access model yet (access "
                            "rights are not enforced)", path)
            return
        raise CsvImportError(f"{path}: the file name names the model, and there is no model "
                             f"{model_name!r} (is the addon that defines it in 'depends'?)")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), quotechar='"', delimiter=","))
    if not rows:
        return
    header, body = rows[0], rows[1:]
    kept = [index for index, column in enumerate(header) if "@" not in column]
    header = [header[index].strip() for index in kept]
    if mode != "init" and "id" not in header:
        _logger.error("%s: no 'id' column: the file can only be loaded at install, not at an "
                      "update", path)
        return
    model = env[model_name].with_context(install_mode=True, install_module=module,
                                         install_filename=path, noupdate=noupdate)
    columns = [_Column(model, name, path) for name in header]
    pending: list[dict] = []

    def flush():
        if pending:
            external_ids.load_records(model, pending, mode == "update")
            pending.clear()

    for line_no, row in enumerate(body, start=2):
        cells = [row[index] if index < len(row) else "" for index in kept]
        if not any(cell.strip() for cell in cells):
            continue
        try:
            data = _convert_row(columns, cells, module, noupdate)
        except LookupError:
            if not pending:
                data = None
            else:                   # it may name a row of this file not written yet
                flush()
                data = None
        try:
            if data is None:
                data = _convert_row(columns, cells, module, noupdate)
        except (ValueError, LookupError) as exc:
            raise CsvImportError(f"{path}, line {line_no}, {exc}") from exc
        pending.append(data)
    flush()


def _convert_row(columns, cells, module: str, noupdate: bool) -> dict:
    xml_id, values = "", {}
    for column, cell in zip(columns, cells):
        try:
            if column.name == "id":
                xml_id = _full_xmlid(module, cell.strip())
            else:
                values[column.field_name] = column.convert(cell, module)
        except (ValueError, LookupError) as exc:
            raise type(exc)(f"column {column.name!r}: {exc}") from exc
    return {"xml_id": xml_id, "values": values, "noupdate": noupdate}


class _Column:
    """One CSV column: which field it fills and how its cells are read."""

    def __init__(self, model, name: str, path: str) -> None:
        self.model, self.name = model, name
        if name == "id":
            return
        for suffix, kind in ((":id", "xmlid"), ("/id", "xmlid"), (":.id", "dbid"), ("/.id", "dbid")):
            if name.endswith(suffix):
                self.field_name, self.kind = name[:-len(suffix)], kind
                break
        else:
            self.field_name, self.kind = name, "value"
        if "/" in self.field_name or self.field_name not in model._fields:
            raise CsvImportError(f"{path}: column {name!r}: {model._name} has no field "
                                 f"{self.field_name!r}")
        self.field = model._fields[self.field_name]

    def convert(self, cell: str, module: str):
        raw, cell = cell, cell.strip()
        field = self.field
        if self.kind in ("xmlid", "dbid"):
            refs = [part.strip() for part in cell.split(",") if part.strip()]
            if self.kind == "xmlid":
                ids = [self._resolve(ref, module) for ref in refs]
            else:
                ids = [int(ref) for ref in refs]
            if field.type in ("many2many", "one2many"):
                return [Command.set(ids)]
            if len(ids) > 1:
                raise ValueError(f"{field.type} field takes one reference, got {cell!r}")
            if field.type == "reference" and ids:
                return f"{self._ref_model},{ids[0]}"
            return ids[0] if ids else False
        if field.type == "boolean":
            lowered = cell.lower()
            if lowered not in _TRUE | _FALSE:
                raise ValueError(f"{cell!r} is not a boolean (use 1/0, true/false, yes/no)")
            return lowered in _TRUE
        if not cell:
            # a text that is only blanks is a value (a thousands separator, say), not nothing
            return raw if raw and field.type == "char" else False
        if field.type == "integer":
            return int(cell)
        if field.type in ("float", "monetary"):
            return float(cell)
        if field.type == "selection":
            return _selection_value(self.model, field, cell)
        if field.type == "many2one":
            found = self.model.env[field.comodel_name].name_search(cell, operator="=", limit=2)
            if not found:
                raise LookupError(f"no {field.comodel_name} record named {cell!r}")
            return found[0][0]
        if field.type == "many2many":
            comodel = self.model.env[field.comodel_name]
            ids = []
            for name in (part.strip() for part in cell.split(",")):
                found = comodel.name_search(name, operator="=", limit=1)
                if not found:
                    raise LookupError(f"no {field.comodel_name} record named {name!r}")
                ids.append(found[0][0])
            return [Command.set(ids)]
        return cell

    def _resolve(self, ref: str, module: str) -> int:
        row = external_ids.lookup(self.model.env, _full_xmlid(module, ref))
        if row is None:
            raise LookupError(f"External ID not found in the system: {_full_xmlid(module, ref)}")
        self._ref_model = row[1]
        return row[2]


def _full_xmlid(module: str, xml_id: str) -> str:
    if not xml_id or "." in xml_id:
        return xml_id
    return f"{module}.{xml_id}"


def _selection_value(model, field, cell: str):
    selection = field.selection
    if callable(selection) or isinstance(selection, str):
        return cell
    for value, _label in selection or ():
        if cell == value:
            return value
    for value, label in selection or ():
        if cell.lower() == str(label).lower():
            return value
    raise ValueError(f"{cell!r} is not a value of {field.model_name}.{field.name}")
