"""The base of every field descriptor (``Field``): attributes, setup, conversions, metadata.

The scalar types (``fields``) and the relational ones (``fields_relational``) both derive
from it, so neither module imports the other; ``framework.orm.fields`` re-exports it
(``odoo.fields.Field``).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ..tools.translate import catalog
from .company_dependent import setup_company_dependent

Default = object()       # "argument not given" marker (``None`` and ``False`` are real values)

#: attributes a field takes from its constructor; anything else is kept in ``args`` too.
_COMMON = ("string", "help", "required", "readonly", "index", "copy", "store", "compute",
           "inverse", "search", "related", "groups", "precompute", "default", "translate",
           "company_dependent", "context", "domain", "change_default", "compute_sudo",
           "recursive", "group_operator", "aggregator", "prefetch", "depends", "depends_context",
           "tracking", "check_company", "states", "size", "trim", "digits", "currency_field",
           "selection", "selection_add", "ondelete", "comodel_name", "inverse_name", "relation",
           "column1", "column2", "auto_join", "delegate", "limit", "attachment", "sanitize",
           "unaccent", "model_field", "default_export_compatible", "exportable", "manual",
           "max_width", "max_height", "verify_resolution", "strip_style", "strip_classes",
           "sanitize_tags", "sanitize_attributes", "sanitize_style", "sanitize_form",
           "sanitize_overridable", "copied", "definition", "definition_record",
           "definition_record_field", "falsy_value_label", "group_expand")


def _none_to_false(values: list) -> list:
    return [False if value is None else value for value in values]


class Field:
    """Base descriptor of every model attribute.

    Constructor arguments are kept raw in ``args``: when several addons define the same field
    (``_inherit``), the registry merges their ``args`` in load order and builds one fresh
    field per model with :meth:`setup`.
    """

    type: ClassVar[str] = ""
    column_type: ClassVar[str | None] = None          #: SQL type; None means no column
    falsy = False                                     #: the record-format empty value
    relational: ClassVar[bool] = False                #: whether the value is records of ``comodel_name``

    # resolved attributes, with their defaults
    string: str | None = None
    help: str | None = None
    required = False
    readonly = False
    index = False
    copy = True
    store = True
    compute = None
    inverse = None
    search = None
    related = None
    groups = None
    precompute = False
    translate = False
    company_dependent = False
    default_is_property = False   # a company-dependent field's default: its ir.property default
    compute_sudo = True
    recursive = False
    group_operator = None
    prefetch = True
    context: dict = {}
    domain: list | str = []
    change_default = False
    default = None
    depends: tuple = ()
    depends_context: tuple = ()
    #: the context keys the cached value depends on, worked out by the registry: a computed
    #: field's ``depends_context`` (its own and its method's), a related field's target's
    context_keys: tuple = ()
    inherited = False                                 #: delegated through ``_inherits``
    inherited_field: Field | None = None
    manual = False
    _related_fields: tuple = ()
    _modules: tuple = ()          #: the addons defining the field, in load order (its labels' .po)

    def __init__(self, string=Default, **kwargs) -> None:
        if string is not Default:
            kwargs["string"] = string
        self.args = kwargs
        self.name = ""
        self.model_name = ""
        self._module = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{self.model_name or '?'}.{self.name or '?'}"

    # -- setup ---------------------------------------------------------------------------------

    def new_for_model(self, model_name: str, name: str, args: dict) -> Field:
        """A fresh field of the same type for one registry model, with merged ``args``."""
        field = type(self)(**args)
        field.name, field.model_name = name, model_name
        field.setup_attrs(args)
        return field

    def setup_attrs(self, args: dict) -> None:
        """Resolve constructor arguments into attributes (no access to other models)."""
        for key, value in args.items():
            if key == "aggregator":
                key = "group_operator"
            setattr(self, key, value)
        if self.compute:
            # as Odoo: computed as superuser only when stored, unless told; copied only when
            # stored and writable and not told otherwise
            self.store = args.get("store", False)
            self.compute_sudo = args.get("compute_sudo", self.store)
            if not (self.store and not args.get("readonly", True)):
                self.copy = args.get("copy", False)
            self.readonly = args.get("readonly", not args.get("inverse"))
        if self.related:
            self.store = args.get("store", False)
            self.compute_sudo = args.get("compute_sudo", args.get("related_sudo", True))
            self.readonly = args.get("readonly", True)
            self.copy = args.get("copy", False)
        if not self.store:
            self.index = False
        if self.string is None:
            self.string = _default_string(self.name)
        if isinstance(self.compute, Callable) and not isinstance(self.compute, str):
            self.compute = self.compute.__name__
        if isinstance(self.depends, str):
            self.depends = (self.depends,)
        if self.company_dependent:
            setup_company_dependent(self, args)

    @property
    def column(self) -> bool:
        """True when the field is a column of the model's table."""
        return bool(self.store and self.column_type)

    def column_sql_type(self) -> str:
        return self.column_type or ""

    # -- descriptor ----------------------------------------------------------------------------

    def __get__(self, records, owner=None):
        if records is None:
            return self
        if not records._ids:
            return self.convert_to_record(self.empty_cache_value(), records)
        if len(records._ids) > 1:
            raise ValueError(f"Expected singleton: {records}")
        return self.convert_to_record(records.env.transaction.get_value(records, self), records)

    def __set__(self, records, value) -> None:
        env = records.env
        if self.compute and env.transaction.is_protected(self, records):
            cache_value = self.convert_to_cache(value, records)
            env.transaction.set_computed(records, self, cache_value)
            return
        records.write({self.name: value})

    # -- conversions ---------------------------------------------------------------------------

    def empty_cache_value(self):
        return None

    def convert_to_cache(self, value, record, validate: bool = True):
        """Validate and normalise a written value (raises ValueError naming the field)."""
        return None if value is False else value

    def cache_converter(self, record):
        """``convert_to_cache`` for many values written to ``record``'s model at once (a
        create of many rows): a function of the value alone. A field type whose conversion
        reads the environment (digits, allowed values) reads it here, once."""
        convert = self.convert_to_cache
        return lambda value: convert(value, record)

    def convert_to_record(self, value, record):
        return self.falsy if value is None else value

    def convert_to_read(self, value, record, use_display_name: bool = True):
        return False if value is None else value

    def read_values(self, records, use_display_name: bool = True) -> list:
        """``read()``'s values of this field for ``records``, in order (their access checked
        already): the cache values, fetched or computed as needed, then converted."""
        return self.convert_to_read_many(records.env.transaction.get_values(records, self),
                                         records, use_display_name)

    def convert_to_read_many(self, values: list, records, use_display_name: bool = True) -> list:
        """``convert_to_read`` of ``values``, the cache values of ``records`` in their order.

        ``read()`` converts one field at a time; a field type whose conversion needs no
        record says so with ``_plain_read`` and is converted without a record per value.
        """
        plain = self._plain_read()
        if plain is not None:
            return plain(values)
        return [self.convert_to_read(value, record, use_display_name)
                for value, record in zip(values, records)]

    def _plain_read(self):
        """A function converting a list of cache values as ``convert_to_read`` would, or None.

        Only when ``convert_to_read`` is this class's own (an addon's field type that
        overrides it goes through it value by value).
        """
        if type(self).convert_to_read is Field.convert_to_read:
            return _none_to_false
        return None

    def convert_to_write(self, value, record):
        """Record format to a value ``write()`` accepts (used by copy and onchange)."""
        return self.convert_to_read(self.convert_to_cache(value, record, validate=False), record)

    def convert_to_column(self, value, record=None):
        """Cache format to an SQL parameter."""
        return value

    def convert_from_column(self, value):
        """Database value to cache format."""
        return value

    def bad_value(self, value, expected: str) -> ValueError:
        return ValueError(f"Wrong value for {self.model_name}.{self.name}: {value!r} "
                          f"(expected {expected})")

    # -- metadata ------------------------------------------------------------------------------

    def get_description(self, env) -> dict:
        """The attributes ``fields_get`` reports for this field (Odoo's keys)."""
        desc = {
            "type": self.type,
            "string": self.translated_label(self.string, env),
            "required": bool(self.required),
            "readonly": bool(self.readonly),
            "store": bool(self.store),
            "sortable": self._description_sortable(),
            "searchable": self._description_searchable(),
            "manual": bool(self.manual),
            "depends": list(self.depends) if not callable(self.depends) else [],
            "company_dependent": bool(self.company_dependent),
            "default_export_compatible": bool(getattr(self, "default_export_compatible", False)),
            "exportable": True,
            "change_default": bool(self.change_default),
            "name": self.name,
        }
        if self.help:                     # Odoo leaves the key out rather than send an empty help
            desc["help"] = self.translated_label(self.help, env)
        if self.groups:
            desc["groups"] = self.groups
        if self.translate:
            desc["translate"] = True
        if self.related:
            desc["related"] = self.related if isinstance(self.related, str) else ".".join(self.related)
        if self.context:
            desc["context"] = dict(self.context)
        if self.group_operator:
            desc["group_operator"] = self.group_operator      # Odoo 17.0's key ('aggregator' from 17.2)
        return desc

    def translated_label(self, text: str | None, env) -> str | None:
        """``text`` (the field's label, help or a selection label) in ``env``'s language: the
        translation in the ``.po`` of the addons defining the field, the last one first (the
        ``model:ir.model.fields...`` entries of Odoo's files); the text itself without one."""
        lang = env.lang
        if not text or not lang or lang == "en_US":
            return text
        for addon in reversed(self._modules):
            found = catalog(addon, lang).get(text)
            if found:
                return found
        return text

    def _description_sortable(self) -> bool:
        # a field inherited through _inherits sorts as it does on its own model (a join)
        if self.inherited and self.inherited_field is not None:
            return self.inherited_field._description_sortable()
        return bool(self.column)

    def _description_searchable(self) -> bool:
        # a related field searches through its target; display_name is searched through
        # name_search's domain, not as a field (Odoo 17.0)
        if self.related and self._related_fields:
            return self._related_fields[-1]._description_searchable()
        return bool(self.store or (self.search and self.name != "display_name"))

    def default_value(self, model):
        """The default for a new record: a callable is called with the model."""
        default = self.default
        if callable(default):
            return default(model)
        return default


def _default_string(name: str) -> str:
    label = name.replace("_", " ")
    if label.endswith(" ids"):
        label = label[:-4]
    elif label.endswith(" id"):
        label = label[:-3]
    return label.strip().title() if label.strip() else name
