"""Model base classes (``odoo.models``): the recordset API that needs no SQL.

A class written in an addon is a *definition*. The registry stacks all definitions of one
model name into one *registry class* per database (``registry.build_model``), so that
``super()`` runs through every addon that extended the model, newest first. CRUD, search,
triggers, constraints, company checks, grouping, onchange and import/export live in mixins
(``model_read``, ``model_write``, ``model_triggers``, ``model_constraints``, ``model_company``,
``model_group``, ``model_onchange``, ``model_import_export``); this module holds the metaclass,
the recordset operations and the class-level defaults.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter, itemgetter

from ..exceptions import AccessError, MissingError, UserError, ValidationError  # noqa: F401
from ..logging_setup import odoo_logger_name
from ..tools.sql import SQL
from . import api
from .fields import Field
from .fields_relational import Many2one, _Relational
from .model_company import CompanyMixin
from .model_company import check_company_domain_parent_of as check_company_domain_parent_of
from .model_company import to_company_ids as to_company_ids
from .model_constraints import ConstraintMixin
from .model_group import GroupMixin
from .model_import_export import ImportExportMixin
from .model_onchange import OnchangeMixin
from .model_read import ReadMixin
from .model_triggers import TriggerMixin
from .model_write import WriteMixin
from .new_records import NewId as NewId  # `models.NewId`, as Odoo exposes it

_logger = logging.getLogger(odoo_logger_name(__name__))

LOG_ACCESS_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")
MAGIC_COLUMNS = ("id", *LOG_ACCESS_COLUMNS)
READ_GROUP_TIME_GRANULARITY = ("day", "week", "month", "quarter", "year", "hour")


class MetaModel(type):
    """Remembers every definition class by addon so the loader can register them in order."""

    module_to_models: dict[str, list[type]] = defaultdict(list)

    def __init__(cls, name, bases, attrs) -> None:
        super().__init__(name, bases, attrs)
        if not attrs.get("_register", True):
            return
        module = attrs.get("__module__", "")
        if not module.startswith("odoo.addons."):
            if "_name" in attrs or "_inherit" in attrs:
                raise TypeError(f"{name}: model classes must live in an addon "
                                f"(module 'odoo.addons.<addon>...'), not in {module!r}")
            return
        cls._module = module.split(".")[2]
        inherit = attrs.get("_inherit", ())
        cls._inherit = [inherit] if isinstance(inherit, str) else list(inherit or ())
        if not attrs.get("_name"):
            if len(cls._inherit) != 1:
                raise TypeError(f"{module}.{name}: give _name, or exactly one _inherit "
                                f"(got {cls._inherit})")
            cls._name = cls._inherit[0]
        cls._local_fields = {key: value for key, value in attrs.items() if isinstance(value, Field)}
        MetaModel.module_to_models[cls._module].append(cls)


class BaseModel(ReadMixin, WriteMixin, TriggerMixin, ConstraintMixin, CompanyMixin, GroupMixin,
                OnchangeMixin, ImportExportMixin, metaclass=MetaModel):
    """A recordset: an environment plus an ordered tuple of ids of one model."""

    _register = False
    _auto = False
    _abstract = True
    _transient = False
    _name: str | None = None
    _description: str | None = None
    _inherit: list | str = ()
    _inherits: dict = {}
    _table: str | None = None
    #: SQL text (or an ``SQL``) whose rows are the records, for a model without a table
    #: (``_auto = False``): a report over other models' rows, read as ``(query) AS table``;
    #: may be a property (worked out per environment)
    _table_query: str | SQL | None = None
    _order = "id"
    _rec_name: str | None = None
    _rec_names_search: list | None = None
    _log_access: bool | None = None
    _sql_constraints: list = []
    _parent_name = "parent_id"
    _parent_store = False
    #: changes to this model's hierarchy bump the shared cache (see Registry.cached), so
    #: record rules may resolve ``child_of``/``parent_of`` on it once and remember the ids
    _hierarchy_cache_signaled = False
    _active_name: str | None = None
    _check_company_auto = False            #: check the check_company fields at create/write
    _fold_name = "fold"
    _translate = True
    _date_name = "date"
    _module: str | None = None
    _local_fields: dict = {}
    _custom = False                        #: a custom model (ir.model row 'manual'; custom_models)

    # set by the registry on registry classes
    _fields: dict = {}
    _original_module: str | None = None
    pool = None

    __slots__ = ("env", "_ids", "_prefetch_ids")

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def _browse(cls, env, ids: tuple, prefetch_ids):
        records = object.__new__(cls)
        records.env = env
        records._ids = ids
        records._prefetch_ids = prefetch_ids
        return records

    def browse(self, ids=None):
        """Records of this model with the given id(s); nothing is read yet."""
        if not ids:
            ids = ()
        elif isinstance(ids, int):
            ids = (ids,)
        elif isinstance(ids, str) and ids.isdigit():
            ids = (int(ids),)
        elif hasattr(ids, "_ids"):
            ids = ids._ids
        else:
            ids = tuple(ids)
            if not all(isinstance(i, int) or hasattr(i, "origin") for i in ids):
                raise TypeError(f"{self._name}.browse() expects ids, got {ids!r}")
        return self._browse(self.env, ids, ids)

    # -- identity ----------------------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        return [i for i in self._ids if isinstance(i, int)]

    @property
    def _origin(self):
        """The stored records behind these: a new record's origin (nothing when it has none),
        a stored record itself."""
        ids = tuple(i if isinstance(i, int) else i.origin for i in self._ids)
        ids = tuple(i for i in ids if i)
        return self._browse(self.env, ids, ids)

    @property
    def _cr(self):
        return self.env.cr

    @property
    def _uid(self):
        return self.env.uid

    @property
    def _context(self):
        return self.env.context

    @property
    def id(self):
        return self._fields["id"].__get__(self, type(self))

    def ensure_one(self):
        if len(self._ids) != 1:
            raise ValueError(f"Expected singleton: {self}")
        return self

    def __repr__(self) -> str:
        return f"{self._name}{self._ids!r}"

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    __nonzero__ = __bool__

    def __iter__(self):
        cls, env, prefetch = type(self), self.env, self._prefetch_ids
        if len(self._ids) > 1 and prefetch is self._ids:
            prefetch = self._ids
        for record_id in self._ids:
            yield cls._browse(env, (record_id,), prefetch)

    def __reversed__(self):
        cls, env, prefetch = type(self), self.env, self._prefetch_ids
        for record_id in reversed(self._ids):
            yield cls._browse(env, (record_id,), prefetch)

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._fields[key].__get__(self, type(self)) if key in self._fields else \
                self._missing_field(key)
        if isinstance(key, slice):
            return self._browse(self.env, self._ids[key], self._prefetch_ids)
        return self._browse(self.env, (self._ids[key],), self._prefetch_ids)

    def __setitem__(self, key: str, value) -> None:
        if key not in self._fields:
            self._missing_field(key)
        setattr(self, key, value)

    def _missing_field(self, name: str):
        raise KeyError(f"Invalid field {name!r} on model {self._name!r}")

    def _check_field_names(self, names) -> None:
        """Refuse (ValueError) the first of ``names`` that is not a field of this model."""
        for name in names:
            if name not in self._fields:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")

    def __contains__(self, item) -> bool:
        if isinstance(item, BaseModel) and item._name == self._name:
            return len(item._ids) == 1 and item._ids[0] in self._ids
        if isinstance(item, str):
            return item in self._fields
        if isinstance(item, BaseModel):
            raise TypeError(f"cannot test whether {item} is in {self._name} records")
        return False

    def _check_same(self, other, op: str) -> None:
        if not isinstance(other, BaseModel) or other._name != self._name:
            raise TypeError(f"unsupported operand: {self} {op} {other!r}")

    def __add__(self, other):
        self._check_same(other, "+")
        return self.browse(self._ids + other._ids)

    def concat(self, *args):
        ids = list(self._ids)
        for other in args:
            self._check_same(other, "+")
            ids.extend(other._ids)
        return self.browse(ids)

    def __sub__(self, other):
        self._check_same(other, "-")
        other_ids = set(other._ids)
        return self.browse([i for i in self._ids if i not in other_ids])

    def __and__(self, other):
        self._check_same(other, "&")
        other_ids = set(other._ids)
        return self.browse(dict.fromkeys(i for i in self._ids if i in other_ids))

    def __or__(self, other):
        self._check_same(other, "|")
        return self.browse(dict.fromkeys(self._ids + other._ids))

    def union(self, *args):
        ids = list(self._ids)
        for other in args:
            self._check_same(other, "|")
            ids.extend(other._ids)
        return self.browse(dict.fromkeys(ids))

    def __eq__(self, other) -> bool:
        if not isinstance(other, BaseModel):
            if other not in (None, False, ()):
                _logger.debug("comparing %s with %r", self, other)
            return False
        return self._name == other._name and set(self._ids) == set(other._ids)

    def __ne__(self, other) -> bool:
        return not self == other

    def __lt__(self, other):
        self._check_same(other, "<")
        return set(self._ids) < set(other._ids)

    def __le__(self, other):
        self._check_same(other, "<=")
        return set(self._ids) <= set(other._ids)

    def __gt__(self, other):
        self._check_same(other, ">")
        return set(self._ids) > set(other._ids)

    def __ge__(self, other):
        self._check_same(other, ">=")
        return set(self._ids) >= set(other._ids)

    def __hash__(self) -> int:
        return hash((self._name, frozenset(self._ids)))

    # -- environment switching ---------------------------------------------------------------

    def with_env(self, env):
        return self._browse(env, self._ids, self._prefetch_ids)

    def sudo(self, flag: bool = True):
        return self.with_env(self.env(su=flag))

    def with_user(self, user):
        if not user:
            return self
        return self.with_env(self.env(user=user, su=False))

    def with_company(self, company):
        if not company:
            return self
        company_id = company.id if hasattr(company, "_ids") else int(company)
        allowed = list(self.env.context.get("allowed_company_ids") or [])
        if allowed and allowed[0] == company_id:
            return self
        allowed = [company_id] + [c for c in allowed if c != company_id]
        return self.with_context(allowed_company_ids=allowed)

    def with_context(self, *args, **kwargs):
        if args and len(args) > 1:
            raise TypeError("with_context() takes at most one positional argument (a dict)")
        context = dict(args[0] if args else self.env.context, **kwargs)
        if "allowed_company_ids" not in context and "allowed_company_ids" in self.env.context:
            context["allowed_company_ids"] = self.env.context["allowed_company_ids"]
        return self.with_env(self.env(context=context))

    def with_prefetch(self, prefetch_ids=None):
        prefetch_ids = self._ids if prefetch_ids is None else tuple(prefetch_ids)
        return self._browse(self.env, self._ids, prefetch_ids)

    # -- functional helpers ------------------------------------------------------------------

    def mapped(self, func):
        """Apply ``func`` (a callable or a dotted field path) to every record.

        A path that ends on a relational field returns the union of records.
        """
        if not func:
            return self
        if isinstance(func, str):
            records = self
            for name in func.split("."):
                records = records._mapped_field(name)
            return records
        values = [func(record) for record in self]
        if values and isinstance(values[0], BaseModel):
            return values[0].union(*values[1:])
        return values

    def _mapped_field(self, name: str):
        if name not in self._fields:
            raise KeyError(f"Invalid field {name!r} on model {self._name!r}")
        field = self._fields[name]
        if field.type in ("many2one", "one2many", "many2many"):
            comodel = self.env[field.comodel_name]
            if _plain_many2one(field):
                # the cache values (ids) of all the records at once: what record[name] gives
                # one by one, without a recordset per record
                ids = dict.fromkeys(value for value in self.env.transaction.get_values(self, field)
                                    if value is not None)
                return comodel._browse(self.env, tuple(ids), tuple(ids))
            ids = {}
            for record in self:
                ids.update(dict.fromkeys(record[name]._ids))
            return comodel._browse(self.env, tuple(ids), tuple(ids))
        return [record[name] for record in self]

    def filtered(self, func):
        if isinstance(func, str):
            path = func
            func = lambda rec: any(rec.mapped(path))  # noqa: E731
        # the same prefetch set, as it is (a lazy one stays lazy: iterating it may cost a
        # pass over every record of a big read, for each record filtered)
        return self._browse(self.env, tuple(record._ids[0] for record in self if func(record)),
                            self._prefetch_ids)

    def filtered_domain(self, domain):
        from .domain_eval import filtered_domain
        return filtered_domain(self, domain)

    def grouped(self, key):
        groups: dict = {}
        getter = attrgetter(key) if isinstance(key, str) else key
        for record in self:
            groups.setdefault(getter(record), []).append(record._ids[0])
        return {group: self.browse(ids) for group, ids in groups.items()}

    def sorted(self, key=None, reverse: bool = False):
        if key is None:
            if not self._ids:
                return self
            ids = self.search([("id", "in", list(self.ids))], order=self._order)._ids
            ids = list(reversed(ids)) if reverse else list(ids)
            return self.browse(ids)
        if isinstance(key, str):
            names = key.split(",")
            if len(names) == 1 and " " not in key.strip():
                getter = itemgetter(key.strip())
                return self.browse([r._ids[0] for r in sorted(self, key=getter, reverse=reverse)])
            return self._sorted_by_order(key, reverse)
        return self.browse([r._ids[0] for r in sorted(self, key=key, reverse=reverse)])

    def _sorted_by_order(self, order: str, reverse: bool):
        records = list(self)
        for term in reversed([t.strip() for t in order.split(",") if t.strip()]):
            parts = term.split()
            desc = len(parts) > 1 and parts[1].lower() == "desc"
            records.sort(key=lambda r, n=parts[0]: (r[n] is False, r[n]), reverse=desc != reverse)
        return self.browse([r._ids[0] for r in records])

    # -- small model-level helpers -----------------------------------------------------------

    def _auto_init(self):
        """Create the model's table and columns, or bring them in line with its fields
        (install/upgrade; foreign keys, indexes and constraints follow once every table
        exists). Addons override it to run SQL before or after ``super()._auto_init()``,
        as on Odoo (a stored computed column made by hand before is not recomputed)."""
        from .schema import auto_init
        return auto_init(self, type(self)._auto_init is not BaseModel._auto_init)

    def init(self) -> None:
        """Hook run after the model's table is created or updated (install/upgrade)."""

    @property
    def _table_sql(self) -> SQL:
        """What the model's queries read from: its table, or ``(_table_query)``."""
        table_query = self._table_query
        if table_query:
            return SQL("(%s)", table_query if isinstance(table_query, SQL) else SQL(table_query))
        return SQL.identifier(self._table)

    @classmethod
    def _is_an_ordinary_table(cls) -> bool:
        return bool(cls._auto and not cls._abstract)

    def _register_hook(self) -> None:
        """Run once per model when the registry is loaded, after every addon (as Odoo): an
        addon overrides it to patch or set up at start. Nothing by default."""

    def _unregister_hook(self) -> None:
        """Undo what ``_register_hook`` did (Odoo calls it before reloading a registry)."""

    def _valid_field_parameter(self, field, name: str) -> bool:
        return name in ("related_sudo", "company_dependent")

    def clear_caches(self) -> None:
        """Odoo 16's way to drop the ``ormcache`` values (17 keeps it, deprecated, for
        ``self.env.registry.clear_cache()``): the process's shared cache, told to the other
        processes at commit, and this transaction's record cache."""
        _logger.debug("%s.clear_caches() is deprecated: call self.env.registry.clear_cache()", self._name)
        self.env.invalidate_all()
        registry = self.env.registry
        if registry.shared_cache_enabled:
            registry.shared_cache_changed(self.env.transaction)
        else:                           # installing base: no other process reads it yet
            registry.shared_cache.clear()

    def get_metadata(self):
        """Odoo's metadata of each record: who made and last changed it and when, and its
        external ids (``xmlid`` the first one made, ``xmlids`` all with their ``noupdate``).
        Two queries for any number of records."""
        names = [name for name in LOG_ACCESS_COLUMNS if name in self._fields]
        rows = self.read(names) if names else [{"id": record_id} for record_id in self.ids]
        xmlids: dict = {record_id: [] for record_id in self.ids}
        if self.ids and "ir.model.data" in self.env:
            for data in self.env["ir.model.data"].sudo().search_read(
                    [("model", "=", self._name), ("res_id", "in", self.ids)],
                    ["module", "name", "res_id", "noupdate"], order="id"):
                xmlids[data["res_id"]].append({"xmlid": f"{data['module']}.{data['name']}",
                                               "noupdate": data["noupdate"]})
        for row in rows:
            found = xmlids.get(row["id"], [])
            row["xmlid"] = found[0]["xmlid"] if found else False
            row["noupdate"] = found[0]["noupdate"] if found else False
            row["xmlids"] = found
        return rows

    def _get_external_ids(self) -> dict[int, list[str]]:
        result = {record_id: [] for record_id in self.ids}
        if not self.ids or "ir.model.data" not in self.env:
            return result
        data = self.env["ir.model.data"].sudo().search_read(
            [("model", "=", self._name), ("res_id", "in", self.ids)], ["module", "name", "res_id"])
        for row in data:
            result[row["res_id"]].append(f"{row['module']}.{row['name']}")
        return result

    def get_external_id(self) -> dict[int, str]:
        return {record_id: (xmlids[0] if xmlids else "")
                for record_id, xmlids in self._get_external_ids().items()}

    get_xml_id = get_external_id

    def user_has_groups(self, groups: str) -> bool:
        """[≤17] True when the current user is in one of the comma-separated groups."""
        user = self.env.user
        for group in groups.split(","):
            group = group.strip()
            negate = group.startswith("!")
            has = user.has_group(group.lstrip("!"))
            if has != negate:
                return True
        return False

    @api.model
    def check_access_rights(self, operation: str, raise_exception: bool = True) -> bool:
        return self.env["ir.model.access"].check(self._name, operation, raise_exception) \
            if "ir.model.access" in self.env else True

    def check_access_rule(self, operation: str) -> None:
        if "ir.rule" in self.env and not self.env.su:
            self.env["ir.rule"]._check_access_rule(self, operation)

    def check_field_access_rights(self, operation: str, field_names):
        """Refuse fields whose ``groups`` the user is not in (read/write); returns the names."""
        if self.env.su or not field_names:
            return field_names
        hidden = [name for name in field_names
                  if name in self._fields and not self._field_visible(self._fields[name])]
        if hidden:
            description = self._description or self._name
            raise AccessError(f'You do not have enough rights to access the fields "{",".join(hidden)}" '
                              f"on {description} ({self._name}). Please contact your system "
                              f"administrator.\n\n(Operation: {operation}, User: {self.env.uid})")
        return field_names


class AbstractModel(BaseModel):
    """A model without a table: a mixin other models inherit from."""

    _auto = False
    _register = False
    _abstract = True


class Model(AbstractModel):
    """A model stored in its own table."""

    _auto = True
    _register = False
    _abstract = False
    _transient = False


class TransientModel(Model):
    """A model for wizards: stored, and vacuumed after a while."""

    _register = False
    _transient = True
    _transient_max_count = 0
    _transient_max_hours = 1.0


def is_definition_class(cls) -> bool:
    return isinstance(cls, MetaModel) and not getattr(cls, "pool", None)


def check_object_name(name: str) -> bool:
    import re
    return bool(re.match(r"^[a-z0-9_.]+$", name))


def ensure_ids(records: Iterable) -> list[int]:
    return [r.id for r in records]


def _plain_many2one(field) -> bool:
    """A many2one whose value of a record is the comodel record of its cache value (an id)."""
    cls = type(field)
    return issubclass(cls, Many2one) and cls.__get__ is _Relational.__get__ and \
        cls.convert_to_record is Many2one.convert_to_record
