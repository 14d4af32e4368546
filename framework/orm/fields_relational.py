"""Relational fields: Many2one, One2many, Many2many (and Reference).

Cache formats: a many2one keeps an id or None, an x2many a tuple of ids. Writing x2many
values goes through ``Command`` triples, applied by ``models_write`` with SQL from
``x2many_sql``; this module only converts and validates.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..exceptions import MissingError
from ..tools.misc import unquote
from .commands import Command
from .fields_base import Field


class _LazyIds:
    """Prefetch ids of a relational value: the targets of every record in the prefetch set.

    Built lazily, because it is only iterated on a cache miss of the target model.
    """

    __slots__ = ("records", "field")

    def __init__(self, records, field: Field) -> None:
        self.records, self.field = records, field

    def __iter__(self):
        values = self.records.env.transaction.cached_values(self.field, self.records.env)
        seen = set()
        for record_id in self.records._prefetch_ids:
            value = values.get(record_id)
            if value is None:
                continue
            for target in (value if isinstance(value, tuple) else (value,)):
                if target not in seen:
                    seen.add(target)
                    yield target


class _Relational(Field):
    relational = True
    comodel_name: str | None = None
    domain: list | str = []
    context: dict = {}
    check_company = False
    auto_join = False

    def __init__(self, comodel_name=None, string=None, **kwargs) -> None:
        if comodel_name is not None:
            kwargs["comodel_name"] = comodel_name
        if string is not None:
            kwargs["string"] = string
        super().__init__(**kwargs)

    def __get__(self, records, owner=None):
        """A relational field of several records is the union of their values, in order
        (as Odoo 17: ``orders.partner_id`` is ``orders.mapped('partner_id')``); of one or
        none, the field's value."""
        if records is None or len(records._ids) <= 1:
            return super().__get__(records, owner)
        return records._mapped_field(self.name)

    def get_domain_list(self, model) -> list:
        """The field's domain as a list; a callable one is called on the model that holds
        the field (as Odoo: ``lambda self: [('owner_model', '=', self._name)]`` names the
        owner), whichever model of the relation ``model`` is."""
        domain = self.domain
        if callable(domain):
            domain = domain(model.env[self.model_name])
        return list(domain) if isinstance(domain, (list, tuple)) else []

    def get_description(self, env):
        desc = super().get_description(env)
        desc["relation"] = self.comodel_name
        desc["domain"] = self.domain if isinstance(self.domain, (str, list)) else []
        if self.check_company and not self.domain:
            desc["domain"] = self._check_company_client_domain(env)
        desc["context"] = dict(self.context) if isinstance(self.context, dict) else self.context
        return desc


    def _check_company_client_domain(self, env) -> str:
        """The domain the web client offers values from, for a ``check_company`` field without
        a domain of its own: the target model's ``_check_company_domain`` of the record's
        company, as an expression the client evaluates on the record."""
        model = env[self.model_name]
        if self.company_dependent:
            companies = "[user.company_id.id]" if self.comodel_name == "res.users" else "[allowed_company_ids[0]]"
        elif self.model_name == "res.company":
            companies = "[id]"
        elif "company_id" in model._fields:
            companies = "[company_id]"
        elif "company_ids" in model._fields:
            companies = "company_ids"
        else:
            companies = "[allowed_company_ids[0]]"
        return repr(env[self.comodel_name]._check_company_domain(unquote(companies)))


class Many2one(_Relational):
    type, column_type = "many2one", "int4"
    ondelete = None
    delegate = False
    group_operator = None

    def setup_attrs(self, args):
        super().setup_attrs(args)
        if self.ondelete is None:
            self.ondelete = "set null"
        # any case, as PostgreSQL takes it (database_cleanup writes ondelete="CASCADE")
        self.ondelete = self.ondelete.lower()
        if self.ondelete not in ("set null", "restrict", "cascade"):
            raise ValueError(f"{self}: ondelete must be 'set null', 'restrict' or 'cascade', "
                             f"got {self.ondelete!r}")
        if self.ondelete == "set null" and self.required:
            self.ondelete = "restrict"

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if hasattr(value, "_ids") and hasattr(value, "_name"):
            if validate and value._name != self.comodel_name:
                raise self.bad_value(value, f"a record of {self.comodel_name}")
            if len(value._ids) > 1:
                raise self.bad_value(value, "a single record")
            return value._ids[0] if value._ids else None
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], int):
            return value[0]           # (id, display_name) pairs from read() round-trips
        if isinstance(value, str) and value.isdigit():
            return int(value)
        if isinstance(value, dict) and isinstance(value.get("id"), int):
            return value["id"]
        raise self.bad_value(value, f"an id of {self.comodel_name}")

    def cache_converter(self, record):
        convert = super().cache_converter(record)
        if type(self).convert_to_cache is not Many2one.convert_to_cache:
            return convert
        return lambda value: value if type(value) is int else convert(value)

    def convert_to_record(self, value, record):
        comodel = record.env[self.comodel_name]
        if value is None:
            return comodel
        return comodel._browse(record.env, (value,), _LazyIds(record, self))

    def convert_to_read(self, value, record, use_display_name=True):
        if hasattr(value, "_ids"):
            # a record value, as Odoo's signature has it (addons pass record[name]); the
            # framework passes the cached id
            value = value._ids[0] if value._ids else None
        if value is None:
            return False
        if not use_display_name:
            return value
        # as superuser: whoever may read the record may see its value's name; sudo() keeps
        # the prefetch ids, so the names of all records' values come in one go
        try:
            return (value, self.convert_to_record(value, record).sudo().display_name or False)
        except MissingError:            # a dangling id (no foreign key): show nothing
            return False

    def convert_to_write(self, value, record):
        if hasattr(value, "_ids"):
            return value.id
        return self.convert_to_cache(value, record, validate=False) or False


class _RelationalMulti(_Relational):
    """One2many and Many2many: cache value is a tuple of ids."""

    group_operator = None

    def empty_cache_value(self):
        return ()

    def convert_to_cache(self, value, record, validate=True):
        """Accept a recordset, a list of ids, or a list of commands (applied to the cache)."""
        if value is None or value is False:
            return ()
        if hasattr(value, "_ids") and hasattr(value, "_name"):
            return tuple(value._ids)
        if isinstance(value, (list, tuple)):
            if all((isinstance(v, int) and not isinstance(v, bool)) or hasattr(v, "origin") for v in value):
                return tuple(value)
            return tuple(apply_commands_to_ids(self, (), value, record))
        raise self.bad_value(value, "a list of ids or of commands")

    def convert_to_record(self, value, record):
        comodel = record.env[self.comodel_name]
        if not value:
            return comodel
        records = comodel._browse(record.env, tuple(value), _LazyIds(record, self))
        active = comodel._active_name
        context = self.context if isinstance(self.context, dict) else {}
        if active and context.get("active_test", record.env.context.get("active_test", True)):
            # the cache holds archived records too (it serves every context): hide them here
            records = records.filtered(lambda r: not isinstance(r._ids[0], int) or r[active])
        return records

    def convert_to_read(self, value, record, use_display_name=True):
        if hasattr(value, "_ids"):          # a record value (Odoo's signature), not cached ids
            return list(value._ids)
        return list(self.convert_to_record(value, record)._ids) if value else []

    def convert_to_write(self, value, record):
        """Commands making the field hold ``value``: a SET of the records' ids, and for new
        records (``model.new``) a CREATE of their values, or an UPDATE of their origin."""
        ids = value._ids if hasattr(value, "_ids") else tuple(value or ())
        if all(isinstance(i, int) for i in ids):
            return [(Command.SET, 0, list(ids))]
        lines = record.env[self.comodel_name].browse(ids)
        skip = {self.inverse_name} if self.type == "one2many" and self.inverse_name else set()
        kept: list = []
        commands: list = [(Command.SET, 0, kept)]
        for line in lines:
            line_id = line._ids[0]
            if isinstance(line_id, int):
                kept.append(line_id)
            elif line_id.origin:
                kept.append(line_id.origin)
                values = _new_record_values(line, skip)
                if values:
                    commands.append((Command.UPDATE, line_id.origin, values))
            else:
                commands.append((Command.CREATE, 0, _new_record_values(line, skip)))
        return commands

    def convert_from_column(self, value):
        return tuple(value or ())


class One2many(_RelationalMulti):
    type = "one2many"
    inverse_name: str | None = None
    store = True
    copy = False                  # lines belong to their record; many2many links are copied

    def __init__(self, comodel_name=None, inverse_name=None, string=None, **kwargs) -> None:
        if inverse_name is not None:
            kwargs["inverse_name"] = inverse_name
        super().__init__(comodel_name, string, **kwargs)

    @property
    def column(self) -> bool:
        return False

    def get_domain_list(self, model) -> list:
        """The field's domain on ``model`` (its comodel), plus, when the inverse is a
        many2one_reference (``res_id`` with ``model_field='model'``), the condition that the
        line's model is this field's model, as Odoo adds it."""
        domain = super().get_domain_list(model)
        model_field = self.reference_model_field(model)
        return domain + [(model_field, "=", self.model_name)] if model_field else domain

    def reference_model_field(self, comodel) -> str | None:
        """The model field of the inverse when it is a many2one_reference, else None."""
        inverse = comodel._fields.get(self.inverse_name)
        if inverse is not None and inverse.type == "many2one_reference":
            return inverse.model_field
        return None

    def get_description(self, env):
        desc = super().get_description(env)
        if not self.inherited:          # Odoo names no inverse for a field taken through _inherits
            desc["relation_field"] = self.inverse_name
        desc["sortable"] = False
        return desc


class Many2many(_RelationalMulti):
    type = "many2many"
    relation: str | None = None
    column1: str | None = None
    column2: str | None = None
    store = True

    def __init__(self, comodel_name=None, relation=None, column1=None, column2=None,
                 string=None, **kwargs) -> None:
        for key, value in (("relation", relation), ("column1", column1), ("column2", column2)):
            if value is not None:
                kwargs[key] = value
        super().__init__(comodel_name, string, **kwargs)

    @property
    def column(self) -> bool:
        return False

    def setup_relation(self, model_table: str, comodel_table: str) -> None:
        """Default relation table and columns as Odoo names them."""
        if not self.store or self.compute and not self.store:
            return
        if not self.relation:
            if model_table == comodel_table and not (self.column1 and self.column2):
                raise TypeError(f"{self}: a many2many on its own model needs explicit "
                                f"relation, column1 and column2")
            tables = sorted([model_table, comodel_table])
            self.relation = f"{tables[0]}_{tables[1]}_rel"
        self.column1 = self.column1 or f"{model_table}_id"
        self.column2 = self.column2 or f"{comodel_table}_id"

    def get_description(self, env):
        desc = super().get_description(env)
        desc["sortable"] = False
        return desc


class Reference(Field):
    """A ``"model,id"`` string pointing at any model."""

    type, column_type = "reference", "varchar"
    selection = None

    def __init__(self, selection=None, string=None, **kwargs) -> None:
        if selection is not None:
            kwargs["selection"] = selection
        if string is not None:
            kwargs["string"] = string
        super().__init__(**kwargs)

    def convert_to_cache(self, value, record, validate=True):
        if not value:
            return None
        if hasattr(value, "_ids"):
            return f"{value._name},{value.id}" if value else None
        if isinstance(value, str) and "," in value:
            return value
        raise self.bad_value(value, "'model,id'")

    def convert_to_record(self, value, record):
        if not value:
            return False
        model_name, _, res_id = value.partition(",")
        if model_name not in record.env.registry:
            return False
        return record.env[model_name].browse(int(res_id))

    def convert_to_read(self, value, record, use_display_name=True):
        return value or False


class Many2oneReference(Field):
    """An integer id whose model is given by another field (``model_field``)."""

    type, column_type = "many2one_reference", "int4"
    model_field = None

    def __init__(self, string=None, model_field=None, **kwargs) -> None:
        if model_field is not None:
            kwargs["model_field"] = model_field
        if string is not None:
            kwargs["string"] = string
        super().__init__(**kwargs)

    def convert_to_cache(self, value, record, validate=True):
        if hasattr(value, "_ids"):
            return value.id or None
        return value or None

    def convert_to_record(self, value, record):
        return value or 0


def _new_record_values(line, skip: set) -> dict:
    """The values a new record holds in the cache, in ``write`` format: what it was given
    and what was assigned to it (computed fields only when they can be written)."""
    transaction = line.env.transaction
    origin = line.browse(line._ids[0].origin) if line._ids[0].origin else None
    values = {}
    for name, field in line._fields.items():
        if name == "id" or name in skip or (field.compute and field.readonly):
            continue
        if line._ids[0] in transaction.cached_values(field, line.env):
            value = field.convert_to_write(line[name], line)
            if origin is None or value != field.convert_to_write(origin[name], origin):
                values[name] = value
    return values


def apply_commands_to_ids(field: Field, ids: Iterable[int], commands, record) -> list[int]:
    """What the linked ids become after ``commands``, without touching the database.

    Used for cache values (onchange, ``new`` records); real writes go through the ORM.
    """
    result = list(ids)
    for command in commands:
        if isinstance(command, int) and not isinstance(command, bool):
            if command not in result:
                result.append(command)
            continue
        if not isinstance(command, (list, tuple)) or not command:
            raise field.bad_value(command, "an x2many command (code, id, value)")
        code = command[0]
        if code in (Command.DELETE, Command.UNLINK):
            result = [i for i in result if i != command[1]]
        elif code == Command.LINK:
            if command[1] not in result:
                result.append(command[1])
        elif code == Command.CLEAR:
            result = []
        elif code == Command.SET:
            result = list(command[2] or ())
        elif code in (Command.CREATE, Command.UPDATE):
            continue
        else:
            raise field.bad_value(command, "an x2many command code 0-6")
    return result


__all__ = ["Many2one", "One2many", "Many2many", "Reference", "Many2oneReference"]
